"""External referrals to a cooperation partner of the directory: consent for that partner (or
the person takes the letter along), the letter as PDF with only the fields chosen (read back
with pypdf), the partner's answers recorded by the sender, a reminder to the sender and expiry
when no answer comes."""

from __future__ import annotations

import datetime
import io

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from wcr.cases.models import Topic
from wcr.cases.tests.factories import CaseFactory
from wcr.core.testing.base import WcrTestCase, sign_in
from wcr.core.testing.smtp import smtp_settings, smtp_sink
from wcr.core.testing.tasks import deliver_mail
from wcr.partners.models import Partner, PartnerLocation
from wcr.privacy.models import AccessLog
from wcr.referrals import services
from wcr.referrals.models import Consent, ConsentPurpose, Referral, ReferralStatus
from wcr.referrals.tests.data import notice


class ExternalReferralTests(WcrTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.case = CaseFactory(
            organisation=cls.org_a,
            actor=cls.counsellor,
            topics=Topic.objects.filter(slug="recognition"),
        )
        cls.person = cls.case.person
        cls.partner = Partner.objects.create(
            key="zag-test",
            name="Bezirksregierung Münster – ZAG",
            kind="recognition_body",
            source="reference § 2.2 [OFF bezreg-muenster.de]",
            confidence="OFF",
            email="zag@example.org",
        )
        PartnerLocation.objects.create(
            partner=cls.partner, street_address="Domplatz 1-3", postal_code="48143", city="Münster"
        )
        cls.url = reverse("referrals:new", args=[cls.case.code])

    def form(self, **extra: object) -> dict[str, object]:
        return {
            "kind": "external",
            "partner": str(self.partner.code),
            "reason": "Anerkennung als Pflegefachkraft",
            "topics": ["recognition"],
            "external_basis": "consent",
            "letter_fields": ["name", "birth_date"],
            **extra,
        }

    def partner_consent(self) -> Consent:
        return services.consent_record(
            actor=self.counsellor,
            person=self.person,
            data=services.ConsentInput(
                purpose=ConsentPurpose.objects.get(slug="share_with_organisation"),
                notice=notice(),
                channel="signed_form",
                given_at=timezone.now(),
                recipient_partner=self.partner,
            ),
        )

    def test_without_consent_for_the_partner_it_is_refused_unless_the_person_takes_the_letter(
        self,
    ) -> None:
        sign_in(self.client, self.counsellor)
        refused = self.client.post(self.url, self.form())
        self.assertEqual(refused.status_code, 400)
        self.assertIn(self.partner.name, refused.context["form"].errors["consent"][0])
        taken_along = self.client.post(self.url, self.form(external_basis="person_hands_over"))
        referral = Referral.objects.get()
        self.assertRedirects(taken_along, reverse("referrals:detail", args=[referral.code]))
        self.assertEqual((referral.to_partner, referral.consent), (self.partner, None))

    def test_the_letter_names_only_the_fields_chosen(self) -> None:
        consent = self.partner_consent()
        sign_in(self.client, self.counsellor)
        self.client.post(self.url, self.form(consent=str(consent.code)))
        referral = Referral.objects.get()
        self.assertEqual(referral.letter_fields, ["name", "birth_date"])
        before = AccessLog.objects.count()
        response = self.client.get(reverse("referrals:letter", args=[referral.code]))
        self.assertEqual(response["Content-Type"], "application/pdf")
        reader = PdfReader(io.BytesIO(response.content))
        text = " ".join(page.extract_text() for page in reader.pages)
        self.assertIn(self.person.family_name, text)
        self.assertIn(self.person.birth_date.strftime("%d.%m.%Y"), text)
        self.assertIn("Domplatz 1-3", text)
        self.assertIn("eingewilligt", text)
        self.assertNotIn(self.person.email or "@demo", text)
        self.assertNotIn("Staatsangehörigkeit", text)
        title = str(reader.metadata.get("/Title", ""))
        self.assertTrue(title.startswith(f"Vermittlung an {self.partner.name}"), title)
        # The letter is an export of personal data: in the access log.
        self.assertTrue(
            AccessLog.objects.filter(
                pk__gt=before, purpose="letter", object_code=str(self.case.code)
            ).exists()
        )
        # Only the sender; other organisations 404.
        sign_in(self.client, self.other_counsellor)
        self.assertEqual(
            self.client.get(reverse("referrals:letter", args=[referral.code])).status_code, 404
        )

    def test_the_partners_answers_are_recorded_by_the_sender(self) -> None:
        referral = services.referral_send(
            actor=self.counsellor,
            membership=self.counsellor.memberships.get(),
            case=self.case,
            data=services.ReferralInput(
                kind="external",
                to_organisation=None,
                to_partner=self.partner,
                reason="x",
                external_basis="person_hands_over",
            ),
        )
        sign_in(self.client, self.counsellor)
        url = reverse("referrals:answer", args=[referral.code])
        missing = self.client.post(url, {"status": "declined", "reason": ""})
        self.assertEqual(missing.status_code, 400)
        self.assertIn("reason", missing.context["answer_form"].errors)
        self.client.post(url, {"status": "accepted", "feedback": "Termin am 12.01."})
        done = self.client.post(url, {"status": "completed", "outcome": "got_help"})
        self.assertRedirects(done, reverse("referrals:detail", args=[referral.code]))
        referral.refresh_from_db()
        self.assertEqual(
            (referral.status, referral.outcome, referral.feedback),
            (ReferralStatus.COMPLETED, "got_help", "Termin am 12.01."),
        )
        late = self.client.post(url, {"status": "declined", "reason": "zu spät"}, follow=True)
        self.assertEqual(len(late.context["messages"]), 1)
        self.client.post(
            reverse("referrals:feedback", args=[referral.code]), {"feedback": "Bescheid erhalten"}
        )
        referral.refresh_from_db()
        self.assertIn("Bescheid erhalten", referral.feedback)

    def test_no_answer_reminds_the_sender_then_expires(self) -> None:
        self.counsellor.email = "berater.a@example.org"
        self.counsellor.save()
        referral = services.referral_send(
            actor=self.counsellor,
            membership=self.counsellor.memberships.get(),
            case=self.case,
            data=services.ReferralInput(
                kind="external",
                to_organisation=None,
                to_partner=self.partner,
                reason="x",
                external_basis="person_hands_over",
            ),
        )
        self.assertEqual(services.referral_check_answer(code=str(referral.code)), "not due")
        Referral.objects.filter(pk=referral.pk).update(
            answer_due_on=timezone.localdate() - datetime.timedelta(days=1)
        )
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(services.referral_check_answer(code=str(referral.code)), "reminded")
        with smtp_sink() as (port, received), override_settings(**smtp_settings(port)):
            deliver_mail()
        self.assertEqual([m["To"] for m in received], ["berater.a@example.org"])
        self.assertIn(self.partner.name, received[0].get_content())
        Referral.objects.filter(pk=referral.pk).update(
            answer_due_on=timezone.localdate() - datetime.timedelta(days=1)
        )
        self.assertEqual(services.referral_check_answer(code=str(referral.code)), "expired")
        referral.refresh_from_db()
        self.assertEqual(referral.status, ReferralStatus.EXPIRED)

    def test_withdrawing_the_consent_tells_the_partner(self) -> None:
        consent = self.partner_consent()
        referral = services.referral_send(
            actor=self.counsellor,
            membership=self.counsellor.memberships.get(),
            case=self.case,
            data=services.ReferralInput(
                kind="external",
                to_organisation=None,
                to_partner=self.partner,
                reason="x",
                consent=consent,
                letter_fields=["name"],
            ),
        )
        with self.captureOnCommitCallbacks(execute=True):
            services.consent_withdraw(actor=self.counsellor, consent=consent, channel="phone")
        referral.refresh_from_db()
        self.assertEqual(referral.status, ReferralStatus.REVOKED)
        with smtp_sink() as (port, received), override_settings(**smtp_settings(port)):
            deliver_mail()
        self.assertEqual([m["To"] for m in received], ["zag@example.org"])
        self.assertIn("widerrufen", received[0].get_content())
        self.assertNotIn(self.person.family_name, received[0].get_content())
