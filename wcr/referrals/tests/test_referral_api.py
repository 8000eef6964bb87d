"""The referral and consent API (shared/specs/interfaces.md, "Referrals, consent and
sharing"): the same gate and rules as the pages, fields named in every refusal."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from wcr.accounts.models import Membership, User
from wcr.api.tokens import api_token_create
from wcr.cases.tests.factories import CaseFactory, CompanyFactory
from wcr.core.testing.base import WcrTestCase
from wcr.privacy.models import AccessLog
from wcr.referrals import api as referral_api
from wcr.referrals.models import (
    ConsentChannel,
    ConsentStatus,
    DataCategory,
    LegalBasis,
    ReferralKind,
    ReferralOutcome,
    ReferralStatus,
)


class ApiTestCase(WcrTestCase):
    """A person's case and a company's case of organisation A, and API tokens."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.case = CaseFactory(organisation=cls.org_a, actor=cls.counsellor)
        cls.person = cls.case.person
        company = CompanyFactory(organisation=cls.org_a, actor=cls.counsellor)
        cls.company_case = CaseFactory(
            organisation=cls.org_a, actor=cls.counsellor, person=None, company=company
        )
        cls.tokens = {
            user.username: api_token_create(
                actor=None, membership=Membership.objects.get(user=user)
            )[1]
            for user in (cls.counsellor, cls.team_lead, cls.other_counsellor, cls.coordinator)
        }

    def call(self, user: User, method: str, path: str, body: Any = None, **query: str) -> Any:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {self.tokens[user.username]}"}
        if method == "get":
            return self.client.get(f"/api/v1{path}", query, **headers)
        return self.client.post(
            f"/api/v1{path}", body or {}, content_type="application/json", **headers
        )

    def consent(self, **extra: Any) -> Any:
        return self.call(
            self.counsellor,
            "post",
            f"/persons/{self.person.code}/consents",
            {
                "purpose": "share_with_organisation",
                "recipient": self.org_b.slug,
                "notice_version": "2026-12",
                "language": "uk",
                "channel": "in_person",
                "given_at": timezone.now().isoformat(),
                **extra,
            },
        )

    def refer(self, user: User, **extra: Any) -> Any:
        return self.call(
            user,
            "post",
            "/referrals",
            {
                "case": str(self.case.code),
                "kind": "internal",
                "to": self.org_b.slug,
                "reason": "Anerkennung",
                "topics": [],
                **extra,
            },
        )


class ReferralApiTests(ApiTestCase):
    def test_the_enums_are_the_models_choices(self) -> None:
        pairs = [
            (referral_api.ReferralKindIn, ReferralKind),
            (referral_api.ConsentChannelIn, ConsentChannel),
            (referral_api.LegalBasisIn, LegalBasis),
            (referral_api.DataCategoryIn, DataCategory),
            (referral_api.ReferralOutcomeIn, ReferralOutcome),
            (referral_api.ReferralStatusIn, ReferralStatus),
        ]
        for api_enum, choices in pairs:
            with self.subTest(choices=choices.__name__):
                self.assertEqual([e.value for e in api_enum], list(choices.values))

    def test_consent_given_listed_and_withdrawn(self) -> None:
        created = self.consent()
        self.assertEqual(created.status_code, 201, created.content)
        body = created.json()
        self.assertEqual(
            (body["status"], body["organisation"], body["shared"], body["language"]),
            ("given", "org-a", False, "uk"),
        )
        self.assertEqual(len(body["notice_sha256"]), 64)
        listed = self.call(self.counsellor, "get", f"/persons/{self.person.code}/consents").json()
        self.assertEqual([c["code"] for c in listed["items"]], [body["code"]])
        withdrawn = self.call(
            self.counsellor, "post", f"/consents/{body['code']}/withdraw", {"channel": "phone"}
        )
        self.assertEqual(withdrawn.status_code, 200)
        self.assertEqual(withdrawn.json()["status"], ConsentStatus.WITHDRAWN)
        again = self.call(
            self.counsellor, "post", f"/consents/{body['code']}/withdraw", {"channel": "phone"}
        )
        self.assertEqual(again.status_code, 409)
        # Other organisations: 404, as for something that does not exist.
        self.assertEqual(
            self.call(
                self.other_counsellor, "get", f"/persons/{self.person.code}/consents"
            ).status_code,
            404,
        )
        self.assertEqual(
            self.call(
                self.other_counsellor,
                "post",
                f"/consents/{body['code']}/withdraw",
                {"channel": "phone"},
            ).status_code,
            404,
        )

    def test_consent_refusals_name_the_field(self) -> None:
        cases = {
            "notice_version": {"notice_version": "1999-01"},
            "recipient": {"recipient": "nowhere"},
            "purpose": {"purpose": "marketing"},
            "given_at": {"given_at": "2099-01-01T00:00:00+00:00"},
        }
        for field, change in cases.items():
            with self.subTest(field=field):
                response = self.consent(**change)
                self.assertEqual(response.status_code, 422)
                self.assertEqual(response.json()["detail"][0]["loc"], ["body", "payload", field])
        missing = self.consent(recipient=None)
        self.assertEqual(missing.json()["detail"][0]["loc"][-1], "recipient")

    def test_a_referral_without_consent_is_422_on_consent(self) -> None:
        response = self.refer(self.counsellor)
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["detail"][0]["loc"], ["body", "payload", "consent"])
        counsellor_override = self.refer(self.counsellor, override_justification="x" * 40)
        self.assertEqual(
            counsellor_override.json()["detail"][0]["loc"][-1], "override_justification"
        )
        lead = self.refer(
            self.team_lead, override_justification="Fristablauf morgen, Person im Krankenhaus"
        )
        self.assertEqual(lead.status_code, 201, lead.content)
        self.assertTrue(lead.json()["override"])

    def test_the_whole_way_through_the_api(self) -> None:
        consent = self.consent().json()["code"]
        sent = self.refer(self.counsellor, consent=consent)
        self.assertEqual(sent.status_code, 201, sent.content)
        code = sent.json()["code"]
        self.assertEqual(sent.json()["status"], "sent")
        self.assertEqual(self.refer(self.counsellor, consent=consent).status_code, 409)
        incoming = self.call(
            self.other_counsellor, "get", "/referrals", direction="incoming"
        ).json()
        self.assertEqual(
            [(i["code"], i["shared"], i["case"], i["consent"]) for i in incoming["items"]],
            [(code, True, None, None)],
        )
        self.assertEqual(
            self.call(self.other_counsellor, "get", f"/cases/{self.case.code}").status_code, 404
        )
        self.assertEqual(
            self.call(self.counsellor, "post", f"/referrals/{code}/accept").status_code, 404
        )
        accepted = self.call(self.other_counsellor, "post", f"/referrals/{code}/accept")
        self.assertEqual(accepted.status_code, 200)
        self.assertEqual(accepted.json()["case"], str(self.case.code))
        self.assertEqual(
            self.call(self.other_counsellor, "post", f"/referrals/{code}/accept").status_code, 409
        )
        read = self.call(self.other_counsellor, "get", f"/cases/{self.case.code}")
        self.assertEqual(
            (read.status_code, read.json()["shared"], read.json()["organisation"]),
            (200, True, "org-a"),
        )
        self.assertTrue(
            AccessLog.objects.filter(
                object_code=str(self.case.code), organisation=self.org_b, cross_organisation=True
            ).exists()
        )
        revoked = self.call(self.counsellor, "post", f"/referrals/{code}/revoke")
        self.assertEqual(revoked.json()["status"], "revoked")
        self.assertEqual(
            self.call(self.other_counsellor, "get", f"/cases/{self.case.code}").status_code, 404
        )
        outgoing = self.call(
            self.counsellor, "get", "/referrals", direction="outgoing", status="revoked"
        ).json()
        self.assertEqual(outgoing["count"], 1)

    def test_decline_and_complete(self) -> None:
        consent = self.consent().json()["code"]
        code = self.refer(self.counsellor, consent=consent).json()["code"]
        declined = self.call(
            self.other_counsellor,
            "post",
            f"/referrals/{code}/decline",
            {"reason": "Keine Kapazität"},
        )
        self.assertEqual(
            (declined.status_code, declined.json()["decline_reason"]), (200, "Keine Kapazität")
        )
        code = self.refer(self.counsellor, consent=consent).json()["code"]
        self.call(self.other_counsellor, "post", f"/referrals/{code}/accept")
        done = self.call(
            self.other_counsellor, "post", f"/referrals/{code}/complete", {"outcome": "got_help"}
        )
        self.assertEqual(
            (done.json()["status"], done.json()["outcome"], done.json()["case"]),
            ("completed", "got_help", None),
        )

    def test_a_company_case_needs_no_consent_and_others_get_404(self) -> None:
        response = self.call(
            self.counsellor,
            "post",
            "/referrals",
            {
                "case": str(self.company_case.code),
                "kind": "transfer",
                "to": self.org_b.slug,
                "reason": "Sitz in Neuss",
            },
        )
        self.assertEqual(response.status_code, 201, response.content)
        foreign = self.call(
            self.other_counsellor,
            "post",
            "/referrals",
            {
                "case": str(self.company_case.code),
                "kind": "internal",
                "to": self.org_a.slug,
                "reason": "x",
            },
        )
        self.assertEqual(foreign.status_code, 404)
        self.assertEqual(self.call(self.coordinator, "get", "/referrals").status_code, 404)


class ExternalReferralApiTests(ApiTestCase):
    def test_an_external_referral_to_a_directory_partner(self) -> None:
        from wcr.partners.models import Partner

        partner = Partner.objects.create(
            key="zfe-api", name="ZFE NRW", kind="zfe", source="test", confidence="OFF"
        )
        refused = self.refer(self.counsellor, kind="external", to=str(partner.code))
        self.assertEqual(refused.json()["detail"][0]["loc"][-1], "consent")
        consent = self.consent(recipient=None, recipient_partner=str(partner.code))
        self.assertEqual(consent.status_code, 201, consent.content)
        self.assertEqual(consent.json()["recipient_partner"], str(partner.code))
        sent = self.refer(
            self.counsellor,
            kind="external",
            to=str(partner.code),
            consent=consent.json()["code"],
            letter_fields=["name", "birth_date"],
        )
        self.assertEqual(sent.status_code, 201, sent.content)
        self.assertEqual((sent.json()["to"], sent.json()["status"]), (str(partner.code), "sent"))
        unknown = self.refer(self.counsellor, kind="external", to="kia")
        self.assertEqual(unknown.json()["detail"][0]["loc"][-1], "to")
