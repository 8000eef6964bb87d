"""Every cross-organisation path of a share: before acceptance the receiving organisation sees
nothing; after acceptance only the granted case, person and parts; after revocation, closing or
withdrawal nothing again — in pages, search, lists and the API; every read through a share is a
cross-organisation entry of the access log."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import override_settings
from django.urls import reverse

from wcr.accounts.models import Membership
from wcr.api.tokens import api_token_create
from wcr.cases import services as case_services
from wcr.cases.models import CaseShare, Topic
from wcr.cases.tests.factories import CaseFactory, CompanyFactory
from wcr.core.testing.base import WcrTestCase, sign_in
from wcr.core.testing.smtp import smtp_settings, smtp_sink
from wcr.core.testing.tasks import deliver_mail
from wcr.privacy.models import AccessLog, AuditEvent
from wcr.referrals import services
from wcr.referrals.models import ConsentStatus, ReferralStatus
from wcr.referrals.tests.data import give_consent, refer, upload


class SharingTests(WcrTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.company = CompanyFactory(
            organisation=cls.org_a, actor=cls.counsellor, name="Pflegedienst Sonnenschein"
        )
        cls.case = CaseFactory(
            organisation=cls.org_a,
            actor=cls.counsellor,
            company=cls.company,
            topics=Topic.objects.filter(slug="recognition"),
        )
        cls.person = cls.case.person
        cls.person_code = str(cls.person.code)
        # A second case of the same person, never shared: it must stay invisible to B.
        cls.other_case = case_services.case_open(
            actor=cls.counsellor, organisation=cls.org_a, person=cls.person, title="Aufenthalt"
        )
        cls.token_b = api_token_create(
            actor=None, membership=Membership.objects.get(user=cls.other_counsellor)
        )[1]

    def setUp(self) -> None:
        self.shared_doc = upload(self.case, self.counsellor, "anerkennung.pdf")
        self.private_doc = upload(self.case, self.counsellor, "privat.pdf")
        self.consent = give_consent(self.person, self.org_b, actor=self.counsellor)
        self.referral = refer(
            self.case,
            self.org_b,
            actor=self.counsellor,
            consent=self.consent,
            documents=(self.shared_doc,),
        )

    # --- helpers ---

    def b_sees(self) -> dict[str, Any]:
        """What B's counsellor gets on every way to the case."""
        sign_in(self.client, self.other_counsellor)
        api = {"HTTP_AUTHORIZATION": f"Bearer {self.token_b}"}
        cases = self.client.get("/api/v1/cases", **api).json()
        persons = self.client.get("/api/v1/persons", **api).json()
        return {
            "case_page": self.client.get(
                reverse("cases:detail", args=[self.case.code])
            ).status_code,
            "other_case_page": self.client.get(
                reverse("cases:detail", args=[self.other_case.code])
            ).status_code,
            "person_page": self.client.get(
                reverse("cases:person", args=[self.person.code])
            ).status_code,
            "company_page": self.client.get(
                reverse("cases:company", args=[self.company.code])
            ).status_code,
            "shared_document": self.client.get(
                reverse("cases:document", args=[self.shared_doc.code])
            ).status_code,
            "private_document": self.client.get(
                reverse("cases:document", args=[self.private_doc.code])
            ).status_code,
            "case_list": str(self.case.reference)
            in self.client.get(reverse("cases:list")).content.decode(),
            "search": reverse("cases:person", args=[self.person.code])
            in self.client.get(
                reverse("cases:search"), {"q": self.person.family_name}
            ).content.decode(),
            "api_case": self.client.get(f"/api/v1/cases/{self.case.code}", **api).status_code,
            "api_person": self.client.get(f"/api/v1/persons/{self.person.code}", **api).status_code,
            "api_cases": [
                (i["code"], i["shared"]) for i in cases["items"] if i["code"] == str(self.case.code)
            ],
            "api_persons": [i["shared"] for i in persons["items"] if i["code"] == self.person_code],
        }

    NOTHING = {
        "case_page": 404,
        "other_case_page": 404,
        "person_page": 404,
        "company_page": 404,
        "shared_document": 404,
        "private_document": 404,
        "case_list": False,
        "search": False,
        "api_case": 404,
        "api_person": 404,
        "api_cases": [],
        "api_persons": [],
    }

    def accept(self) -> None:
        services.referral_accept(actor=self.other_counsellor, referral=self.referral)

    # --- tests ---

    def test_before_acceptance_the_receiver_sees_nothing_of_the_case(self) -> None:
        self.assertEqual(self.b_sees(), self.NOTHING)
        # The referral itself: who sends and why, not who it is about.
        page = self.client.get(
            reverse("referrals:detail", args=[self.referral.code])
        ).content.decode()
        self.assertIn("Anerkennungsberatung", page)
        self.assertNotIn(self.person.family_name, page)
        self.assertNotIn(self.case.reference, page)

    def test_after_acceptance_exactly_the_granted_case_person_and_parts(self) -> None:
        self.accept()
        seen = self.b_sees()
        self.assertEqual(
            seen,
            {
                **self.NOTHING,
                "case_page": 200,
                "person_page": 200,
                "company_page": 200,
                "shared_document": 200,
                "case_list": True,
                "search": True,
                "api_case": 200,
                "api_person": 200,
                "api_cases": [(str(self.case.code), True)],
                "api_persons": [True],
            },
        )
        page = self.client.get(reverse("cases:detail", args=[self.case.code])).content.decode()
        self.assertIn("anerkennung.pdf", page)
        self.assertNotIn("privat.pdf", page)
        self.assertIn("read only", page.lower().replace("nur lesen", "read only"))
        # The person page lists the shared case, not the person's other case.
        person_page = self.client.get(
            reverse("cases:person", args=[self.person.code])
        ).content.decode()
        self.assertIn(self.case.reference, person_page)
        self.assertNotIn(self.other_case.reference, person_page)

    def test_the_owner_sees_who_else_sees_the_case(self) -> None:
        sign_in(self.client, self.counsellor)
        url = reverse("cases:detail", args=[self.case.code])
        self.assertNotContains(self.client.get(url), 'id="shares"')
        self.accept()
        page = self.client.get(url)
        self.assertContains(page, 'id="shares"')
        self.assertContains(page, self.org_b.name)
        self.assertContains(page, "anerkennung.pdf")

    def test_a_share_is_read_only(self) -> None:
        self.accept()
        sign_in(self.client, self.other_counsellor)
        writes = {
            "edit": self.client.get(reverse("cases:edit", args=[self.case.code])).status_code,
            "contact": self.client.post(
                reverse("cases:log_contact", args=[self.case.code]), {}
            ).status_code,
            "person_edit": self.client.get(
                reverse("cases:person_edit", args=[self.person.code])
            ).status_code,
            "new_case": self.client.get(
                reverse("cases:new"), {"person": self.person.code}
            ).status_code,
            "refer_on": self.client.get(
                reverse("referrals:new", args=[self.case.code])
            ).status_code,
            "consents": self.client.get(
                reverse("referrals:consents", args=[self.person.code])
            ).status_code,
        }
        self.assertEqual(set(writes.values()), {404}, writes)

    def test_reads_through_a_share_are_cross_organisation_entries_of_the_access_log(self) -> None:
        self.accept()
        before = AccessLog.objects.count()
        self.b_sees()
        entries = AccessLog.objects.filter(seq__gt=before, organisation=self.org_b)
        self.assertTrue(entries.exists())
        single = entries.filter(object_code=str(self.case.code))
        self.assertTrue(single.exists())
        self.assertTrue(
            all(e.cross_organisation and e.owner_organisation_id == self.org_a.pk for e in single)
        )
        person_reads = entries.filter(object_code=self.person_code)
        self.assertTrue(person_reads.exists())
        self.assertTrue(all(e.cross_organisation for e in person_reads))
        # Lists, search and API pages name the shared records among their subjects.
        bulk = AccessLog.objects.filter(
            seq__gt=before, organisation=self.org_b, subjects__object_code=self.person_code
        )
        self.assertTrue(bulk.filter(cross_organisation=True).exists())

    def test_after_revocation_nothing_again(self) -> None:
        self.accept()
        services.referral_revoke(actor=self.counsellor, referral=self.referral)
        self.assertEqual(self.b_sees(), self.NOTHING)
        share = CaseShare.objects.get(case=self.case)
        self.assertEqual(share.end_reason, "revoked")

    def test_after_the_case_closes_nothing_again(self) -> None:
        self.accept()
        self.case.refresh_from_db()
        case_services.case_change_status(
            actor=self.counsellor,
            case=self.case,
            expected_version=self.case.version,
            status="closed",
            closing_reason="completed",
        )
        self.assertEqual(self.b_sees(), self.NOTHING)
        self.assertEqual(CaseShare.objects.get(case=self.case).end_reason, "case_closed")

    def test_after_the_consent_is_withdrawn_nothing_again_and_the_recipient_is_told(self) -> None:
        self.accept()
        self.other_team_lead.email = "lead.b@example.org"
        self.other_team_lead.save()
        with self.captureOnCommitCallbacks(execute=True):
            services.consent_withdraw(actor=self.counsellor, consent=self.consent, channel="phone")
        self.assertEqual(self.b_sees(), self.NOTHING)
        self.consent.refresh_from_db()
        self.assertEqual(self.consent.status, ConsentStatus.WITHDRAWN)
        self.referral.refresh_from_db()
        self.assertEqual(self.referral.status, ReferralStatus.REVOKED)
        self.assertEqual(CaseShare.objects.get(case=self.case).end_reason, "consent_withdrawn")
        informed = AuditEvent.objects.get(action="consent.recipients_informed")
        self.assertEqual(informed.changes["recipients"]["new"], [self.org_b.slug])
        with smtp_sink() as (port, received), override_settings(**smtp_settings(port)):
            deliver_mail()
        told = [m for m in received if m["To"] == "lead.b@example.org"]
        self.assertEqual(len(told), 1)  # the address was set after the referral was sent
        body = told[-1].get_content()
        self.assertIn("widerrufen", told[-1]["Subject"].lower() + body.lower())
        self.assertNotIn(self.person.family_name, body)

    def test_a_declined_referral_shows_nothing(self) -> None:
        services.referral_decline(
            actor=self.other_counsellor, referral=self.referral, reason="Keine Kapazität"
        )
        self.assertEqual(self.b_sees(), self.NOTHING)
        with self.assertRaises(services.ReferralProblem):
            self.accept()

    def test_acceptance_fails_when_the_consent_was_withdrawn_meanwhile(self) -> None:
        services.consent_withdraw(actor=self.counsellor, consent=self.consent, channel="in_person")
        self.referral.refresh_from_db()
        self.assertEqual(self.referral.status, ReferralStatus.REVOKED)
        with self.assertRaises(services.ReferralProblem):
            self.accept()
        self.assertEqual(self.b_sees(), self.NOTHING)

    def test_a_transfer_moves_the_case_and_keeps_its_history(self) -> None:
        self.referral.refresh_from_db()
        services.referral_revoke(actor=self.counsellor, referral=self.referral)
        consent = give_consent(self.person, self.org_b, actor=self.counsellor)
        transfer = refer(
            self.case, self.org_b, actor=self.counsellor, consent=consent, kind="transfer"
        )
        services.referral_accept(actor=self.other_counsellor, referral=transfer)
        self.case.refresh_from_db()
        self.assertEqual(self.case.organisation, self.org_b)
        # The person had another case with A: B got its own copy of the record.
        self.assertNotEqual(self.case.person_id, self.person.pk)
        self.assertEqual(self.case.person.organisation, self.org_b)
        self.assertEqual(self.case.person.family_name, self.person.family_name)
        self.assertEqual(
            set(self.case.documents.values_list("organisation_id", flat=True)), {self.org_b.pk}
        )
        sign_in(self.client, self.other_counsellor)
        page = self.client.get(reverse("cases:detail", args=[self.case.code]))
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "anerkennung.pdf")  # the owner's page, everything
        sign_in(self.client, self.counsellor)
        self.assertEqual(
            self.client.get(reverse("cases:detail", args=[self.case.code])).status_code, 404
        )
        self.assertEqual(
            self.client.get(reverse("cases:person", args=[self.person.code])).status_code, 200
        )
        actions = list(
            AuditEvent.objects.filter(object_code=str(self.case.code)).values_list(
                "action", flat=True
            )
        )
        self.assertIn("case.opened", actions)
        self.assertIn("case.transferred", actions)


class ShareGateTests(WcrTestCase):
    """``wcr.cases.access`` through a share, branch by branch: read only, tasks never, only the
    granted documents."""

    def test_the_gate_through_a_share(self) -> None:
        from django.http import Http404

        from wcr.cases.access import access_case, access_case_part, access_company, access_person
        from wcr.cases.models import Document, Task
        from wcr.cases.tests.test_access import request_as

        company = CompanyFactory(organisation=self.org_a, actor=self.counsellor)
        case = CaseFactory(organisation=self.org_a, actor=self.counsellor, company=company)
        task = case_services.task_create(
            actor=self.counsellor,
            case=case,
            title="Anrufen",
            assignee=self.counsellor,
            due_on=case.opened_on,
        )
        granted, other = (
            upload(case, self.counsellor, "a.pdf"),
            upload(case, self.counsellor, "b.pdf"),
        )
        consent = give_consent(case.person, self.org_b, actor=self.counsellor)
        services.referral_accept(
            actor=self.other_counsellor,
            referral=refer(
                case, self.org_b, actor=self.counsellor, consent=consent, documents=(granted,)
            ),
        )
        request = request_as(self.other_counsellor)
        self.assertEqual(access_case(request, case.code), case)
        self.assertEqual(access_person(request, case.person.code), case.person)
        self.assertEqual(access_company(request, company.code), company)
        self.assertEqual(access_case_part(request, Document.objects.all(), granted.code), granted)
        refused: dict[str, Callable[[], object]] = {
            "case write": lambda: access_case(request, case.code, write=True),
            "case owned": lambda: access_case(request, case.code, owned=True),
            "person write": lambda: access_person(request, case.person.code, write=True),
            "company write": lambda: access_company(request, company.code, write=True),
            "task": lambda: access_case_part(request, Task.objects.all(), task.code),
            "document not granted": lambda: access_case_part(
                request, Document.objects.all(), other.code
            ),
            "granted document, write": lambda: access_case_part(
                request, Document.objects.all(), granted.code, write=True
            ),
        }
        for name, call in refused.items():
            with self.subTest(name), self.assertRaises(Http404):
                call()
