"""Editing a company and setting a checklist item's status, through the pages: the change saved
with its audit row, bad input a 400 naming the field (nothing saved), another organisation 404.
The records come from the service-built factories."""

from __future__ import annotations

from django.urls import reverse

from wcr.cases import services
from wcr.cases.models import ChecklistItem, ChecklistStatus, Company
from wcr.cases.tests.factories import CaseFactory, CompanyFactory
from wcr.cases.tests.test_workbench import TODAY
from wcr.core.testing.base import WcrTestCase
from wcr.privacy.models import AuditEvent


class CompanyEditTests(WcrTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.company = CompanyFactory(
            organisation=cls.org_a, actor=cls.counsellor, name="Elektro Schmitz GmbH"
        )
        cls.other_company = CompanyFactory(organisation=cls.org_b, actor=cls.other_counsellor)

    def url(self, company: Company) -> str:
        return reverse("cases:company_edit", args=[company.code])

    def data(self, **changes: object) -> dict[str, object]:
        return {
            "name": "Elektro Schmitz & Söhne GmbH",
            "legal_form": "gmbh",
            "sector": "crafts",
            "staff_count": "21",
            "email": "info@schmitz.example",
            "phone": "0241 5566",
            "website": "https://schmitz.example",
            "version": self.company.version,
            **changes,
        }

    def test_the_form_shows_the_company(self) -> None:
        self.sign_in(self.counsellor)
        response = self.client.get(self.url(self.company))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'value="Elektro Schmitz GmbH"')

    def test_a_valid_edit_is_saved_with_its_audit_row(self) -> None:
        self.sign_in(self.counsellor)
        response = self.client.post(self.url(self.company), self.data())
        self.assertRedirects(response, reverse("cases:company", args=[self.company.code]))
        self.company.refresh_from_db()
        self.assertEqual(self.company.name, "Elektro Schmitz & Söhne GmbH")
        self.assertEqual(self.company.staff_count, 21)
        self.assertEqual(self.company.version, 2)
        event = AuditEvent.objects.filter(action="company.updated").get()
        self.assertEqual(event.changes["staff_count"], {"old": 12, "new": 21})

    def test_bad_input_is_a_400_naming_the_field_and_nothing_is_saved(self) -> None:
        self.sign_in(self.counsellor)
        for field, value, label in (
            ("name", "", "Name des Unternehmens"),
            ("staff_count", "-3", "Zahl der Beschäftigten"),
            ("website", "kein link", "Website"),
            ("sector", "piracy", "Branche"),
        ):
            with self.subTest(field=field):
                response = self.client.post(self.url(self.company), self.data(**{field: value}))
                self.assertEqual(response.status_code, 400)
                self.assertContains(
                    response, f'id="id_{field}-error" role="alert">{label}:', status_code=400
                )
        self.company.refresh_from_db()
        self.assertEqual((self.company.name, self.company.version), ("Elektro Schmitz GmbH", 1))

    def test_an_edit_based_on_an_old_version_is_a_conflict(self) -> None:
        services.company_update(
            actor=self.team_lead,
            company=self.company,
            expected_version=1,
            changes={"staff_count": 30},
        )
        self.sign_in(self.counsellor)
        response = self.client.post(self.url(self.company), self.data(version=1))
        self.assertEqual(response.status_code, 409)
        self.company.refresh_from_db()
        self.assertEqual(self.company.staff_count, 30)

    def test_another_organisation_gets_404(self) -> None:
        self.sign_in(self.other_counsellor)
        self.assertEqual(self.client.get(self.url(self.company)).status_code, 404)
        response = self.client.post(self.url(self.company), self.data())
        self.assertEqual(response.status_code, 404)
        self.company.refresh_from_db()
        self.assertEqual(self.company.name, "Elektro Schmitz GmbH")
        # and its own company is there for it
        self.assertEqual(self.client.get(self.url(self.other_company)).status_code, 200)


class ChecklistStatusTests(WcrTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.case = CaseFactory(organisation=cls.org_a, actor=cls.counsellor)
        services.procedure_start(
            actor=cls.counsellor, case=cls.case, template="recognition", started_on=TODAY
        )
        cls.item = ChecklistItem.objects.filter(case=cls.case).first()

    def url(self) -> str:
        return reverse("cases:checklist_status", args=[self.item.code])

    def test_a_listed_status_is_saved_with_its_audit_row(self) -> None:
        self.sign_in(self.counsellor)
        response = self.client.post(self.url(), {"status": ChecklistStatus.CHECKED})
        self.assertRedirects(
            response,
            reverse("cases:detail", args=[self.case.code])
            + f"?checklist_saved={self.item.code}#checklist",
        )
        self.item.refresh_from_db()
        self.assertEqual(self.item.status, ChecklistStatus.CHECKED)
        event = AuditEvent.objects.get(action="checklist.status")
        self.assertEqual(event.object_code, str(self.case.code))
        self.assertEqual(
            event.changes[self.item.document_type], {"old": "missing", "new": "checked"}
        )

    def test_a_status_not_listed_is_a_400_naming_the_field(self) -> None:
        self.sign_in(self.counsellor)
        for value in ("lost", "", "CHECKED"):
            with self.subTest(value=value):
                response = self.client.post(self.url(), {"status": value})
                self.assertEqual(response.status_code, 400)
                self.assertContains(
                    response,
                    "Status: Bitte wählen Sie einen der aufgeführten Werte.",
                    status_code=400,
                )
                self.assertContains(response, 'aria-invalid="true"', status_code=400)
        self.item.refresh_from_db()
        self.assertEqual(self.item.status, ChecklistStatus.MISSING)

    def test_another_organisation_gets_404(self) -> None:
        self.sign_in(self.other_counsellor)
        response = self.client.post(self.url(), {"status": ChecklistStatus.CHECKED})
        self.assertEqual(response.status_code, 404)
        self.item.refresh_from_db()
        self.assertEqual(self.item.status, ChecklistStatus.MISSING)
