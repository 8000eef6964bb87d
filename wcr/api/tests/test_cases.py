from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wcr.api.tests.base import ApiTestCase, make_case, make_company, make_person
from wcr.cases.models import Case
from wcr.privacy.models import AccessLog, AuditEvent

URL = "/api/v1/cases"


class CaseReadTest(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.person = make_person(cls.counsellor, cls.org_a)
        cls.company = make_company(cls.counsellor, cls.org_a)
        cls.case = make_case(
            cls.counsellor,
            cls.org_a,
            person=cls.person,
            company=cls.company,
            counsellor=cls.counsellor,
            location=cls.location,
            title="Anerkennung Pflege",
            channel="phone",
            esf_participant=True,
        )
        cls.older = make_case(
            cls.counsellor, cls.org_a, person=cls.person, opened_on=datetime.date(2025, 1, 5)
        )
        cls.foreign = make_case(
            cls.other_counsellor, cls.org_b, person=make_person(cls.other_counsellor, cls.org_b)
        )

    def test_it_lists_the_own_organisations_cases_newest_first(self) -> None:
        body = self.get(URL, self.tokens["counsellor"]).json()
        self.assertEqual(body["count"], 2)
        self.assertEqual(
            [c["code"] for c in body["items"]], [str(self.case.code), str(self.older.code)]
        )
        item = body["items"][0]
        self.assertEqual(item["organisation"], "org-a")
        self.assertIs(item["shared"], False)
        self.assertEqual(item["status"], "new")
        self.assertEqual(item["reference"], self.case.reference)
        self.assertRegex(item["reference"], r"^ORG-2026-\d{4}$")
        self.assertEqual(item["title"], "Anerkennung Pflege")
        self.assertEqual(item["opened_on"], "2026-03-02")
        self.assertIsNone(item["closed_on"])
        self.assertEqual(item["person"], str(self.person.code))
        self.assertEqual(item["company"], str(self.company.code))
        self.assertEqual(item["counsellor"], "counsellor.a")
        self.assertEqual(item["location"], "aachen")
        self.assertEqual(sorted(item["topics"]), ["recognition", "residence"])
        self.assertEqual(item["channel"], "phone")
        self.assertIs(item["esf_participant"], True)
        self.assertIsNone(body["items"][1]["company"])

    def test_it_paginates(self) -> None:
        body = self.get(URL, self.tokens["counsellor"], limit=1, offset=1).json()
        self.assertEqual(body["count"], 2)
        self.assertEqual([c["code"] for c in body["items"]], [str(self.older.code)])

    def test_it_shows_one_case_and_logs_the_read(self) -> None:
        response = self.get(f"{URL}/{self.case.code}", self.tokens["team_lead"])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["code"], str(self.case.code))
        self.assertTrue(
            AccessLog.objects.filter(object_code=str(self.case.code), actor=self.team_lead).exists()
        )

    def test_other_organisation_gets_404_and_does_not_see_the_cases(self) -> None:
        response = self.get(f"{URL}/{self.case.code}", self.tokens["other_counsellor"])
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json(), {"detail": "Not Found"})
        codes = [c["code"] for c in self.get(URL, self.tokens["other_counsellor"]).json()["items"]]
        self.assertEqual(codes, [str(self.foreign.code)])

    def test_coordinator_dpo_and_administrator_get_404(self) -> None:
        for persona in ("coordinator", "dpo", "administrator"):
            with self.subTest(persona=persona):
                self.assertEqual(
                    self.get(f"{URL}/{self.case.code}", self.tokens[persona]).status_code, 404
                )
                self.assertEqual(self.get(URL, self.tokens[persona]).status_code, 404)


class CaseListQueryCountTest(ApiTestCase):
    def _queries(self, cases: int) -> int:
        for i in range(cases - Case.objects.count()):
            person = make_person(self.counsellor, self.org_a, family_name=f"Person{i}")
            make_case(
                self.counsellor,
                self.org_a,
                person=person,
                company=make_company(self.counsellor, self.org_a, name=f"Firma {i}"),
                counsellor=self.counsellor,
                location=self.location,
            )
        self.get(URL, self.tokens["counsellor"])  # the access log's chain head exists from now on
        with CaptureQueriesContext(connection) as queries:
            body = self.get(URL, self.tokens["counsellor"]).json()
        self.assertEqual(body["count"], cases)
        self.assertEqual(len(body["items"]), cases)
        return len(queries)

    def test_the_case_list_costs_the_same_queries_for_3_or_20_cases(self) -> None:
        # token lookup, last_used_at refresh, page, topics, count; the access-log entry naming
        # the cases, persons and companies returned (chain head, entry, subjects, head; no
        # savepoint inside the request's transaction); the cases shared with the organisation
        self.assertEqual(self._queries(3), 10)
        self.assertEqual(self._queries(20), 10)


class CaseCreateTest(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.person = make_person(cls.counsellor, cls.org_a)
        cls.company = make_company(cls.counsellor, cls.org_a)
        cls.foreign_person = make_person(cls.other_counsellor, cls.org_b)

    def payload(self, **fields: object) -> dict[str, object]:
        return {
            "person": str(self.person.code),
            "topics": ["recognition"],
            "location": "aachen",
            **fields,
        }

    def test_it_opens_a_case_with_an_audit_event(self) -> None:
        response = self.post(
            URL,
            self.payload(
                company=str(self.company.code),
                counsellor="lead.a",
                channel="email",
                title="Neu",
                esf_participant=True,
            ),
            self.tokens["counsellor"],
        )
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        case = Case.objects.get(code=body["code"])
        self.assertEqual(case.organisation, self.org_a)
        self.assertEqual(case.counsellor, self.team_lead)
        self.assertEqual(case.company, self.company)
        self.assertEqual(body["person"], str(self.person.code))
        self.assertEqual(body["topics"], ["recognition"])
        self.assertEqual(body["counsellor"], "lead.a")
        self.assertEqual(body["organisation"], "org-a")
        self.assertEqual(body["status"], "new")
        event = AuditEvent.objects.get(action="case.opened", object_code=str(case.code))
        self.assertEqual(event.actor, self.counsellor)

    def test_it_opens_a_company_case_without_a_person(self) -> None:
        response = self.post(
            URL,
            self.payload(person=None, company=str(self.company.code)),
            self.tokens["counsellor"],
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertIsNone(response.json()["person"])

    def test_it_opens_a_worker_case_within_a_recruitment_case(self) -> None:
        recruitment = make_case(self.counsellor, self.org_a, person=None, company=self.company)
        response = self.post(
            URL, self.payload(recruitment_case=str(recruitment.code)), self.tokens["counsellor"]
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(
            Case.objects.get(code=response.json()["code"]).recruitment_case, recruitment
        )
        foreign = make_case(self.other_counsellor, self.org_b, person=self.foreign_person)
        response = self.post(
            URL, self.payload(recruitment_case=str(foreign.code)), self.tokens["counsellor"]
        )
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["detail"][0]["loc"][-1], "recruitment_case")

    def test_it_names_unknown_or_foreign_codes(self) -> None:
        for payload, field in (
            (self.payload(person=str(self.foreign_person.code)), "person"),
            (self.payload(person="00000000-0000-0000-0000-000000000000"), "person"),
            (self.payload(company="00000000-0000-0000-0000-000000000000"), "company"),
            (self.payload(person="not-a-code"), "person"),
            (self.payload(person=None), "person"),
            (self.payload(location="mars"), "location"),
            (self.payload(topics=["recognition", "astrology"]), "topics"),
            (self.payload(topics=[]), "topics"),
            (self.payload(counsellor="counsellor.b"), "counsellor"),
            (self.payload(counsellor="dpo.a"), "counsellor"),
            (self.payload(channel="pigeon"), "channel"),
        ):
            with self.subTest(payload=payload):
                response = self.post(URL, payload, self.tokens["counsellor"])
                self.assertEqual(response.status_code, 422, response.content)
                self.assertIn(field, [error["loc"][-1] for error in response.json()["detail"]])
        self.assertFalse(Case.objects.exists())

    def test_other_organisations_counsellor_cannot_use_the_person(self) -> None:
        response = self.post(URL, self.payload(), self.tokens["other_counsellor"])
        self.assertEqual(response.status_code, 422)
        self.assertFalse(Case.objects.exists())

    def test_coordinator_and_dpo_get_404(self) -> None:
        for persona in ("coordinator", "dpo"):
            with self.subTest(persona=persona):
                self.assertEqual(
                    self.post(URL, self.payload(), self.tokens[persona]).status_code, 404
                )
