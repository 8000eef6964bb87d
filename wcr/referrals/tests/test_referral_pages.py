"""The staff pages of referrals and consents: recording a consent (bad input names the field and
keeps what was entered), a referral refused without consent with a clear message, a team lead's
override with a justification (shown to the data protection officer), answering a referral, the
lists and the team lead's figures."""

from __future__ import annotations

from django.urls import reverse

from wcr.cases.models import Topic
from wcr.cases.tests.factories import CaseFactory
from wcr.core.testing.base import WcrTestCase, sign_in
from wcr.privacy.models import AuditEvent
from wcr.referrals import services
from wcr.referrals.models import Consent, ConsentStatus, Referral, ReferralStatus
from wcr.referrals.tests.data import give_consent, refer


class ConsentPageTests(WcrTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.case = CaseFactory(organisation=cls.org_a, actor=cls.counsellor)
        cls.person = cls.case.person
        cls.url = reverse("referrals:consents", args=[cls.person.code])

    def test_recording_a_consent_on_the_notice_shown(self) -> None:
        sign_in(self.client, self.counsellor)
        page = self.client.get(self.url)
        self.assertContains(page, "Ich willige ein")  # the text to read out
        response = self.client.post(
            self.url,
            {
                "purpose": "share_with_organisation",
                "recipient": self.org_b.slug,
                "language": "ar",
                "channel": "signed_form",
                "given_on": "2026-11-30",
                "legal_basis": "consent",
                "data_categories": ["identity", "case_summary"],
            },
        )
        self.assertRedirects(response, self.url)
        consent = Consent.objects.get(person=self.person)
        self.assertEqual(
            (consent.status, consent.recipient, consent.notice_language, consent.notice_version),
            (ConsentStatus.GIVEN, self.org_b, "ar", "2026-12"),
        )
        self.assertEqual(consent.notice_sha256, consent.notice.sha256)
        self.assertEqual(len(consent.notice_sha256), 64)
        self.assertEqual(consent.recorded_by, self.counsellor)
        self.assertIsNotNone(consent.expires_at)
        self.assertTrue(
            AuditEvent.objects.filter(
                action="consent.given", object_code=str(self.person.code)
            ).exists()
        )

    def test_bad_input_names_the_field_and_keeps_what_was_entered(self) -> None:
        sign_in(self.client, self.counsellor)
        response = self.client.post(
            self.url,
            {
                "purpose": "share_with_organisation",
                "recipient": "",
                "language": "de",
                "channel": "phone",
                "given_on": "2099-01-01",
                "note": "telefonisch mit Dolmetscherin",
            },
        )
        self.assertEqual(response.status_code, 400)
        form = response.context["form"]
        self.assertIn("recipient", form.errors)
        self.assertIn("given_on", form.errors)
        self.assertContains(response, "telefonisch mit Dolmetscherin", status_code=400)
        self.assertFalse(Consent.objects.exists())

    def test_withdrawal_from_the_page_is_as_easy_as_giving(self) -> None:
        consent = give_consent(self.person, self.org_b, actor=self.counsellor)
        sign_in(self.client, self.counsellor)
        response = self.client.post(
            reverse("referrals:consent_withdraw", args=[consent.code]), {"channel": "phone"}
        )
        self.assertRedirects(response, self.url)
        consent.refresh_from_db()
        self.assertEqual(consent.status, ConsentStatus.WITHDRAWN)
        self.assertEqual(consent.withdrawn_by, self.counsellor)
        self.assertEqual(consent.withdrawal_channel, "phone")
        # A second withdrawal changes nothing and says so.
        again = self.client.post(
            reverse("referrals:consent_withdraw", args=[consent.code]),
            {"channel": "phone"},
            follow=True,
        )
        self.assertEqual(len(again.context["messages"]), 1)

    def test_a_refusal_supersedes_and_ends_the_consent_before(self) -> None:
        consent = give_consent(self.person, self.org_b, actor=self.counsellor)
        sign_in(self.client, self.counsellor)
        self.client.post(
            self.url,
            {
                "purpose": "share_with_organisation",
                "recipient": self.org_b.slug,
                "language": "de",
                "channel": "in_person",
                "given_on": "2026-12-01",
                "legal_basis": "consent",
                "data_categories": ["identity"],
                "refused": "on",
            },
        )
        refusal = Consent.objects.get(status=ConsentStatus.REFUSED)
        self.assertEqual(refusal.supersedes, consent)
        consent.refresh_from_db()
        self.assertEqual(consent.status, ConsentStatus.WITHDRAWN)

    def test_other_organisations_and_roles_get_404(self) -> None:
        for user in (self.other_counsellor, self.coordinator, self.dpo, self.administrator):
            sign_in(self.client, user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(self.url).status_code, 404)


class ReferralPageTests(WcrTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.case = CaseFactory(
            organisation=cls.org_a,
            actor=cls.counsellor,
            topics=Topic.objects.filter(slug="recognition"),
        )
        cls.person = cls.case.person
        cls.url = reverse("referrals:new", args=[cls.case.code])

    def form(self, **extra: str) -> dict[str, object]:
        return {
            "kind": "internal",
            "to": self.org_b.slug,
            "reason": "Bitte Anerkennungsberatung",
            "topics": ["recognition"],
            **extra,
        }

    def test_without_consent_the_referral_is_refused_with_a_clear_message(self) -> None:
        sign_in(self.client, self.counsellor)
        response = self.client.post(self.url, self.form())
        self.assertEqual(response.status_code, 400)
        errors = response.context["form"].errors
        self.assertIn("consent", errors)
        self.assertIn(self.org_b.name, errors["consent"][0])
        self.assertContains(response, "Bitte Anerkennungsberatung", status_code=400)
        self.assertFalse(Referral.objects.exists())
        # A counsellor has no override field; a team lead's needs a justification.
        self.assertNotIn("override_justification", response.context["form"].fields)

    def test_a_team_lead_overrides_with_a_justification_and_the_dpo_sees_it(self) -> None:
        sign_in(self.client, self.team_lead)
        short = self.client.post(self.url, self.form(override_justification="dringend"))
        self.assertEqual(short.status_code, 400)
        self.assertIn("override_justification", short.context["form"].errors)
        justification = "Gefahr für Leib und Leben, Person nicht erreichbar (Art. 6 Abs. 1 d DSGVO)"
        response = self.client.post(self.url, self.form(override_justification=justification))
        referral = Referral.objects.get()
        self.assertRedirects(response, reverse("referrals:detail", args=[referral.code]))
        self.assertEqual((referral.consent, referral.override_by), (None, self.team_lead))
        self.assertTrue(AuditEvent.objects.filter(action="referral.override").exists())
        sign_in(self.client, self.dpo)
        dpo_page = self.client.get(reverse("referrals:dpo"))
        self.assertContains(dpo_page, justification)
        self.assertContains(dpo_page, self.case.reference)
        self.assertNotContains(dpo_page, self.person.family_name)

    def test_with_consent_sent_then_accepted_from_the_page(self) -> None:
        consent = give_consent(self.person, self.org_b, actor=self.counsellor)
        sign_in(self.client, self.counsellor)
        response = self.client.post(self.url, self.form(consent=str(consent.code)))
        referral = Referral.objects.get()
        self.assertRedirects(response, reverse("referrals:detail", args=[referral.code]))
        sign_in(self.client, self.other_counsellor)
        waiting = self.client.get(reverse("referrals:list"))
        self.assertContains(waiting, reverse("referrals:detail", args=[referral.code]))
        self.assertNotContains(waiting, self.person.family_name)
        accepted = self.client.post(reverse("referrals:accept", args=[referral.code]))
        self.assertRedirects(accepted, reverse("cases:detail", args=[self.case.code]))
        referral.refresh_from_db()
        self.assertEqual(referral.status, ReferralStatus.ACCEPTED)
        incoming = self.client.get(reverse("referrals:list"), {"direction": "incoming"})
        self.assertContains(incoming, self.case.reference)
        # The referral's page names the client now: a cross-organisation read in the log.
        from wcr.privacy.models import AccessLog

        before = AccessLog.objects.count()
        self.assertContains(
            self.client.get(reverse("referrals:detail", args=[referral.code])), self.case.reference
        )
        self.assertTrue(
            AccessLog.objects.filter(
                pk__gt=before, subjects__object_code=str(self.person.code), cross_organisation=True
            ).exists()
        )
        # Only the receiver answers, only the sender revokes.
        self.assertEqual(
            self.client.post(reverse("referrals:revoke", args=[referral.code])).status_code, 404
        )
        sign_in(self.client, self.counsellor)
        self.assertEqual(
            self.client.post(reverse("referrals:accept", args=[referral.code])).status_code, 404
        )
        self.client.post(reverse("referrals:revoke", args=[referral.code]))
        referral.refresh_from_db()
        self.assertEqual(referral.status, ReferralStatus.REVOKED)

    def test_decline_needs_a_reason_and_complete_an_outcome(self) -> None:
        consent = give_consent(self.person, self.org_b, actor=self.counsellor)
        referral = refer(self.case, self.org_b, actor=self.counsellor, consent=consent)
        sign_in(self.client, self.other_counsellor)
        empty = self.client.post(reverse("referrals:decline", args=[referral.code]), {"reason": ""})
        self.assertEqual(empty.status_code, 400)
        self.assertIn("reason", empty.context["decline_form"].errors)
        services.referral_accept(actor=self.other_counsellor, referral=referral)
        done = self.client.post(
            reverse("referrals:complete", args=[referral.code]),
            {"outcome": "got_help", "note": "Bescheid da"},
        )
        self.assertRedirects(done, reverse("referrals:detail", args=[referral.code]))
        referral.refresh_from_db()
        self.assertEqual(
            (referral.status, referral.outcome), (ReferralStatus.COMPLETED, "got_help")
        )
        self.assertEqual(
            self.client.get(reverse("cases:detail", args=[self.case.code])).status_code, 404
        )

    def test_the_referral_history_is_in_the_case_timeline(self) -> None:
        consent = give_consent(self.person, self.org_b, actor=self.counsellor)
        referral = refer(self.case, self.org_b, actor=self.counsellor, consent=consent)
        services.referral_accept(actor=self.other_counsellor, referral=referral)
        services.referral_revoke(actor=self.counsellor, referral=referral)
        sign_in(self.client, self.counsellor)
        page = self.client.get(reverse("cases:detail", args=[self.case.code]))
        timeline = [e.obj.action for e in page.context["timeline"] if e.kind in ("status", "other")]
        for action in (
            "referral.sent",
            "referral.accepted",
            "case.shared",
            "referral.revoked",
            "case.share_ended",
        ):
            with self.subTest(action=action):
                self.assertIn(action, timeline)

    def test_the_team_lead_sees_the_figures_the_counsellor_does_not(self) -> None:
        consent = give_consent(self.person, self.org_b, actor=self.counsellor)
        referral = refer(self.case, self.org_b, actor=self.counsellor, consent=consent)
        services.referral_accept(actor=self.other_counsellor, referral=referral)
        services.referral_complete(
            actor=self.other_counsellor, referral=referral, outcome="got_help"
        )
        sign_in(self.client, self.counsellor)
        self.assertEqual(self.client.get(reverse("referrals:statistics")).status_code, 404)
        sign_in(self.client, self.team_lead)
        page = self.client.get(reverse("referrals:statistics"))
        figures = page.context["figures"]
        self.assertEqual(
            [(r.label, r.count) for r in figures.outgoing_by_recipient], [(self.org_b.name, 1)]
        )
        self.assertEqual([r.count for r in figures.by_outcome], [1])
        self.assertEqual([r.count for r in figures.by_topic], [1])
