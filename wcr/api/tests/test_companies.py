from __future__ import annotations

from wcr.api.tests.base import ApiTestCase, make_company
from wcr.cases.models import Company
from wcr.privacy.models import AuditEvent

URL = "/api/v1/companies"


class CompanyApiTest(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.company = make_company(
            cls.counsellor,
            cls.org_a,
            name="Elektro Meyer GmbH",
            legal_form="gmbh",
            sector="crafts",
            staff_count=12,
        )
        cls.foreign = make_company(cls.other_counsellor, cls.org_b, name="Pflegedienst Sonne")

    def test_it_lists_the_own_organisations_companies(self) -> None:
        body = self.get(URL, self.tokens["counsellor"]).json()
        self.assertEqual(body["count"], 1)
        item = body["items"][0]
        self.assertEqual(item["code"], str(self.company.code))
        self.assertEqual(item["organisation"], "org-a")
        self.assertIs(item["shared"], False)
        self.assertEqual(item["name"], "Elektro Meyer GmbH")
        self.assertEqual(item["staff_count"], 12)
        self.assertIs(item["is_sme"], True)

    def test_it_shows_one_company(self) -> None:
        response = self.get(f"{URL}/{self.company.code}", self.tokens["team_lead"])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["legal_form"], "gmbh")

    def test_other_organisation_gets_404_and_an_empty_list(self) -> None:
        self.assertEqual(
            self.get(f"{URL}/{self.company.code}", self.tokens["other_counsellor"]).status_code, 404
        )
        codes = [
            item["code"] for item in self.get(URL, self.tokens["other_counsellor"]).json()["items"]
        ]
        self.assertEqual(codes, [str(self.foreign.code)])

    def test_coordinator_and_dpo_get_404(self) -> None:
        for persona in ("coordinator", "dpo"):
            with self.subTest(persona=persona):
                self.assertEqual(
                    self.get(f"{URL}/{self.company.code}", self.tokens[persona]).status_code, 404
                )
                self.assertEqual(self.get(URL, self.tokens[persona]).status_code, 404)

    def test_it_creates_a_company_with_an_audit_event(self) -> None:
        response = self.post(
            URL,
            {"name": "Café Lindner", "sector": "hospitality", "website": "https://cafe-lindner.de"},
            self.tokens["counsellor"],
        )
        self.assertEqual(response.status_code, 201, response.content)
        company = Company.objects.get(code=response.json()["code"])
        self.assertEqual(company.organisation, self.org_a)
        self.assertEqual(company.website, "https://cafe-lindner.de")
        self.assertEqual(response.json()["is_sme"], None)
        self.assertTrue(
            AuditEvent.objects.filter(
                action="company.created", object_code=str(company.code)
            ).exists()
        )

    def test_it_names_the_invalid_fields(self) -> None:
        response = self.post(
            URL,
            {"name": "", "sector": "space", "staff_count": -1, "colour": "red"},
            self.tokens["counsellor"],
        )
        self.assertEqual(response.status_code, 422)
        fields = {error["loc"][-1] for error in response.json()["detail"]}
        self.assertEqual(fields, {"name", "sector", "staff_count", "colour"})

    def test_it_counts_the_added_scheme_into_the_websites_length(self) -> None:
        website = "https://example.org/" + "a" * 181  # 201 characters
        response = self.post(
            URL, {"name": "Lang GmbH", "website": website}, self.tokens["counsellor"]
        )
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["detail"][0]["loc"][-1], "website")
