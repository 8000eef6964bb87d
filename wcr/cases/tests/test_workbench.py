"""The case workbench for its users: lists, case page, contacts, procedures, tasks, documents,
people and companies — always with the other organisation seeing nothing."""

from __future__ import annotations

import datetime
import io
import shutil
import tempfile
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from wcr.accounts.models import Organisation, User
from wcr.cases import services
from wcr.cases.models import (
    Case,
    CaseStatus,
    ChecklistItem,
    Contact,
    Document,
    Milestone,
    Person,
    Task,
    Topic,
)
from wcr.core.testing.base import WcrTestCase
from wcr.privacy.models import AccessLog, AuditEvent

TODAY = timezone.localdate()


def make_person(
    organisation: Organisation,
    actor: User,
    given: str = "Mohammed",
    family: str = "Al-Hassan",
    birth: datetime.date | None = datetime.date(1991, 3, 14),
    **extra: Any,
) -> Person:
    return services.person_create(
        actor=actor,
        organisation=organisation,
        data=services.PersonInput(given_name=given, family_name=family, birth_date=birth, **extra),
    )


class WorkbenchTestCase(WcrTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.topic = Topic.objects.get(slug="recognition")
        cls.person = make_person(cls.org_a, cls.counsellor, nationalities=["SY"])
        services.person_add_name_variant(
            actor=cls.counsellor,
            person=cls.person,
            variant=services.NameVariant("محمد", "الحسن", kind="native", script="arabic"),
        )
        cls.company = services.company_create(
            actor=cls.counsellor,
            organisation=cls.org_a,
            data=services.CompanyInput(
                name="Elektro Schmitz GmbH", sector="crafts", staff_count=18
            ),
        )
        cls.case = services.case_open(
            actor=cls.counsellor,
            organisation=cls.org_a,
            person=cls.person,
            location=cls.location,
            counsellor=cls.counsellor,
            topics=[cls.topic],
            channel="walk_in",
            title="Anerkennung",
            opened_on=TODAY - datetime.timedelta(days=10),
        )
        cls.other_person = make_person(
            cls.org_b,
            cls.other_counsellor,
            given="Olena",
            family="Shevchenko",
            birth=datetime.date(1988, 11, 2),
        )
        cls.other_case = services.case_open(
            actor=cls.other_counsellor,
            organisation=cls.org_b,
            person=cls.other_person,
            counsellor=cls.other_counsellor,
            topics=[cls.topic],
            title="Fremder Fall",
        )


class CasePageAccessTests(WorkbenchTestCase):
    def urls_of(self, case: Case, person: Person) -> list[str]:
        return [
            reverse("cases:detail", args=[case.code]),
            reverse("cases:edit", args=[case.code]),
            reverse("cases:person", args=[person.code]),
            reverse("cases:person_edit", args=[person.code]),
        ]

    def test_the_owner_organisation_sees_its_case_pages(self) -> None:
        self.sign_in(self.counsellor)
        for url in self.urls_of(self.case, self.person):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)

    def test_the_other_organisation_gets_404_for_everything(self) -> None:
        self.sign_in(self.other_counsellor)
        for url in self.urls_of(self.case, self.person):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
        for name in (
            "log_contact",
            "change_status",
            "start_procedure",
            "add_task",
            "add_document",
            "edit",
        ):
            with self.subTest(post=name):
                response = self.client.post(reverse(f"cases:{name}", args=[self.case.code]), {})
                self.assertEqual(response.status_code, 404)
        self.assertFalse(Contact.objects.filter(case=self.case).exists())

    def test_anonymous_users_go_to_the_login(self) -> None:
        for url in self.urls_of(self.case, self.person):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith(reverse("account_login")))

    def test_roles_without_casework_get_404(self) -> None:
        for persona in (self.coordinator, self.dpo, self.administrator):
            self.sign_in(persona)
            with self.subTest(persona=persona.username):
                self.assertEqual(
                    self.client.get(reverse("cases:detail", args=[self.case.code])).status_code, 404
                )
                self.assertEqual(self.client.get(reverse("cases:list")).status_code, 404)

    def test_reading_a_case_and_a_person_is_logged(self) -> None:
        self.sign_in(self.counsellor)
        self.client.get(reverse("cases:detail", args=[self.case.code]))
        self.client.get(reverse("cases:person", args=[self.person.code]))
        logged = set(AccessLog.objects.values_list("object_code", flat=True))
        self.assertIn(str(self.case.code), logged)
        self.assertIn(str(self.person.code), logged)
        entry = AccessLog.objects.get(object_code=str(self.person.code))
        self.assertEqual(entry.actor, self.counsellor)
        self.assertFalse(entry.cross_organisation)

    def test_a_failed_probe_of_another_organisation_is_not_logged_as_a_read(self) -> None:
        self.sign_in(self.other_counsellor)
        self.client.get(reverse("cases:person", args=[self.person.code]))
        self.assertFalse(AccessLog.objects.filter(object_code=str(self.person.code)).exists())


class CaseListTests(WorkbenchTestCase):
    def test_lists_show_only_the_own_organisation(self) -> None:
        self.sign_in(self.counsellor)
        for name in ("cases:list", "cases:inbox", "cases:mine"):
            with self.subTest(page=name):
                response = self.client.get(reverse(name))
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, "Fremder Fall")
        self.assertContains(self.client.get(reverse("cases:list")), "Al-Hassan")
        self.assertContains(self.client.get(reverse("cases:mine")), "Al-Hassan")

    def test_filters_narrow_the_list(self) -> None:
        self.sign_in(self.counsellor)
        url = reverse("cases:list")
        self.assertContains(self.client.get(url, {"status": "new"}), "Al-Hassan")
        self.assertNotContains(self.client.get(url, {"status": "closed"}), "Al-Hassan")
        self.assertContains(self.client.get(url, {"topic": "recognition"}), "Al-Hassan")
        self.assertNotContains(self.client.get(url, {"topic": "founding"}), "Al-Hassan")
        self.assertContains(
            self.client.get(url, {"counsellor": str(self.counsellor.code)}), "Al-Hassan"
        )
        self.assertNotContains(self.client.get(url, {"counsellor": "none"}), "Al-Hassan")
        self.assertNotContains(self.client.get(url, {"overdue": "1"}), "Al-Hassan")
        services.task_create(
            actor=self.counsellor,
            case=self.case,
            title="Nachfragen",
            assignee=self.counsellor,
            due_on=TODAY - datetime.timedelta(days=1),
        )
        self.assertContains(self.client.get(url, {"overdue": "1"}), "Al-Hassan")

    def test_htmx_gets_only_the_results(self) -> None:
        self.sign_in(self.counsellor)
        response = self.client.get(reverse("cases:list"), {"status": "new"}, HTTP_HX_REQUEST="true")
        self.assertContains(response, "Al-Hassan")
        self.assertNotContains(response, "<html")

    def test_the_case_list_costs_the_same_queries_for_more_cases(self) -> None:
        self.sign_in(self.counsellor)
        url = reverse("cases:list")
        self.client.get(url)
        # session, user, memberships, cases, case topics, the count (at most 1 001 rows), the
        # access-log entry naming the cases and persons shown (chain head, entry,
        # subjects, head), topics, locations, counsellors, session save (3), the cases shared
        # with the organisation (visibility, once per request)
        with self.assertNumQueries(18) as few:
            self.client.get(url)
        for number in range(25):
            person = make_person(
                self.org_a, self.counsellor, given=f"Person{number}", family="Beispiel"
            )
            services.case_open(
                actor=self.counsellor,
                organisation=self.org_a,
                person=person,
                counsellor=self.counsellor,
                location=self.location,
                topics=[self.topic],
            )
        with self.assertNumQueries(len(few.captured_queries)):
            self.client.get(url)


class ContactTests(WorkbenchTestCase):
    def contact_data(self, **overrides: object) -> dict[str, object]:
        return {
            "happened_on": TODAY.isoformat(),
            "duration_minutes": "25",
            "channel": "phone",
            "language": "ar",
            "interpreter": "on",
            "topics": ["recognition"],
            "note": "Unterlagen besprochen",
        } | overrides

    def test_a_contact_is_logged_and_appears_in_the_timeline(self) -> None:
        self.sign_in(self.counsellor)
        response = self.client.post(
            reverse("cases:log_contact", args=[self.case.code]), self.contact_data()
        )
        self.assertRedirects(response, reverse("cases:detail", args=[self.case.code]))
        contact = Contact.objects.get(case=self.case)
        self.assertEqual(contact.duration_minutes, 25)
        self.assertTrue(contact.interpreter)
        self.assertEqual(contact.counsellor, self.counsellor)
        page = self.client.get(reverse("cases:detail", args=[self.case.code]))
        self.assertContains(page, "Unterlagen besprochen")
        self.case.refresh_from_db()
        self.assertEqual(self.case.status, CaseStatus.COUNSELLING)
        self.assertTrue(
            AuditEvent.objects.filter(
                action="contact.logged", object_code=str(self.case.code)
            ).exists()
        )

    def test_htmx_logging_returns_the_panel_with_the_new_entry(self) -> None:
        self.sign_in(self.counsellor)
        response = self.client.post(
            reverse("cases:log_contact", args=[self.case.code]),
            self.contact_data(note="Per htmx"),
            HTTP_HX_REQUEST="true",
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'id="contact-panel"')
        self.assertContains(response, "Per htmx")
        self.assertNotContains(response, "<html")

    def test_bad_input_names_the_field_and_keeps_what_was_entered(self) -> None:
        self.sign_in(self.counsellor)
        response = self.client.post(
            reverse("cases:log_contact", args=[self.case.code]),
            self.contact_data(duration_minutes="0", note="Bitte behalten"),
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Dauer (Minuten):", status_code=400)
        self.assertContains(response, "Bitte behalten", status_code=400)
        self.assertFalse(Contact.objects.exists())

    def test_a_contact_in_the_future_is_refused(self) -> None:
        self.sign_in(self.counsellor)
        tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
        response = self.client.post(
            reverse("cases:log_contact", args=[self.case.code]),
            self.contact_data(happened_on=tomorrow),
        )
        self.assertEqual(response.status_code, 400)


class StatusAndConcurrencyTests(WorkbenchTestCase):
    def test_the_status_workflow_closes_with_a_reason_and_reopens(self) -> None:
        self.sign_in(self.counsellor)
        url = reverse("cases:change_status", args=[self.case.code])
        response = self.client.post(url, {"status": "closed", "version": self.case.version})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Grund", status_code=400)
        self.client.post(
            url,
            {
                "status": "closed",
                "closing_reason": "goal_reached",
                "outcome": "employed",
                "version": self.case.version,
            },
        )
        self.case.refresh_from_db()
        self.assertEqual(
            (self.case.status, self.case.closed_on, self.case.outcome),
            ("closed", TODAY, "employed"),
        )
        self.client.post(url, {"status": "counselling", "version": self.case.version})
        self.case.refresh_from_db()
        self.assertEqual((self.case.status, self.case.closed_on), ("counselling", None))
        self.assertTrue(AuditEvent.objects.filter(action="case.reopened").exists())

    def test_a_second_save_on_an_old_version_shows_the_change_and_keeps_the_input(self) -> None:
        self.sign_in(self.counsellor)
        url = reverse("cases:edit", args=[self.case.code])
        old_version = self.case.version
        base = {
            "title": "Erste Fassung",
            "topics": ["recognition"],
            "channel": "walk_in",
            "location": "aachen",
            "counsellor": "counsellor.a",
            "version": old_version,
        }
        self.assertEqual(self.client.post(url, base).status_code, 302)
        response = self.client.post(url, base | {"title": "Zweite Fassung"})
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "Erste Fassung", status_code=409)
        self.assertContains(response, 'value="Zweite Fassung"', status_code=409)
        self.case.refresh_from_db()
        self.assertEqual(self.case.title, "Erste Fassung")
        # Saving again on the version shown keeps the second user's text, deliberately.
        response = self.client.post(
            url, base | {"title": "Zweite Fassung", "version": self.case.version}
        )
        self.assertEqual(response.status_code, 302)
        self.case.refresh_from_db()
        self.assertEqual(self.case.title, "Zweite Fassung")

    def test_only_team_leads_assign(self) -> None:
        self.sign_in(self.counsellor)
        url = reverse("cases:assign", args=[self.case.code])
        self.assertEqual(self.client.post(url, {"counsellor": "lead.a"}).status_code, 404)
        self.sign_in(self.team_lead)
        self.client.post(url, {"counsellor": "lead.a"})
        self.case.refresh_from_db()
        self.assertEqual(self.case.counsellor, self.team_lead)

    def test_a_team_lead_cannot_assign_someone_of_another_organisation(self) -> None:
        self.sign_in(self.team_lead)
        self.client.post(
            reverse("cases:assign", args=[self.case.code]), {"counsellor": "counsellor.b"}
        )
        self.case.refresh_from_db()
        self.assertEqual(self.case.counsellor, self.counsellor)


class ProcedureTests(WorkbenchTestCase):
    def test_a_procedure_creates_milestones_with_legal_deadlines_and_a_checklist(self) -> None:
        self.sign_in(self.counsellor)
        start = datetime.date(2026, 3, 2)
        self.client.post(
            reverse("cases:start_procedure", args=[self.case.code]),
            {"template": "recognition", "started_on": start.isoformat()},
        )
        milestones = {m.key: m for m in Milestone.objects.filter(case=self.case)}
        self.assertEqual(
            list(milestones),
            ["application_submitted", "receipt_confirmed", "documents_complete", "decision"],
        )
        self.assertEqual(ChecklistItem.objects.filter(case=self.case).count(), 6)
        submitted = milestones["application_submitted"]
        self.client.post(
            reverse("cases:milestone_done", args=[submitted.code]), {"done_on": "2026-03-02"}
        )
        receipt = Milestone.objects.get(case=self.case, key="receipt_confirmed")
        self.assertEqual(receipt.due_on, datetime.date(2026, 4, 2))  # one month
        self.client.post(
            reverse("cases:milestone_done", args=[receipt.code]), {"done_on": "2026-04-01"}
        )
        complete = Milestone.objects.get(case=self.case, key="documents_complete")
        self.client.post(
            reverse("cases:milestone_done", args=[complete.code]), {"done_on": "2026-05-04"}
        )
        decision = Milestone.objects.get(case=self.case, key="decision")
        self.assertEqual(decision.due_on, datetime.date(2026, 8, 4))  # three months

    def test_the_accelerated_procedure_has_its_deadlines(self) -> None:
        procedure = services.procedure_start(
            actor=self.counsellor,
            case=self.case,
            template="accelerated_procedure",
            started_on=datetime.date(2026, 3, 2),
        )
        steps = {m.key: m for m in procedure.milestones.all()}
        services.milestone_complete(
            actor=self.counsellor,
            milestone=steps["recognition_documents_complete"],
            done_on=datetime.date(2026, 3, 10),
        )
        steps["recognition_decision"].refresh_from_db()
        self.assertEqual(
            steps["recognition_decision"].due_on, datetime.date(2026, 5, 11)
        )  # 2 months → Sun 10 May → Mon
        services.milestone_complete(
            actor=self.counsellor,
            milestone=steps["recognition_decision"],
            done_on=datetime.date(2026, 4, 29),
        )
        steps["ba_approval"].refresh_from_db()
        self.assertEqual(steps["ba_approval"].due_on, datetime.date(2026, 5, 6))  # one week
        services.milestone_complete(
            actor=self.counsellor,
            milestone=steps["pre_approval"],
            done_on=datetime.date(2026, 5, 7),
        )
        steps["visa_appointment"].refresh_from_db()
        self.assertEqual(
            steps["visa_appointment"].due_on, datetime.date(2026, 5, 28)
        )  # three weeks

    def test_milestones_of_the_recruitment_case_show_in_the_worker_case(self) -> None:
        recruitment = services.case_open(
            actor=self.counsellor,
            organisation=self.org_a,
            company=self.company,
            topics=[self.topic],
        )
        services.procedure_start(
            actor=self.counsellor,
            case=recruitment,
            template="accelerated_procedure",
            started_on=TODAY,
        )
        worker = services.case_open(
            actor=self.counsellor,
            organisation=self.org_a,
            person=self.person,
            company=self.company,
            recruitment_case=recruitment,
        )
        self.sign_in(self.counsellor)
        response = self.client.get(reverse("cases:detail", args=[worker.code]))
        self.assertContains(response, "Vollmacht der Fachkraft an den Arbeitgeber")
        response = self.client.get(reverse("cases:detail", args=[recruitment.code]))
        self.assertContains(response, "Al-Hassan")

    def test_an_unknown_template_names_the_field(self) -> None:
        self.sign_in(self.counsellor)
        response = self.client.post(
            reverse("cases:start_procedure", args=[self.case.code]),
            {"template": "nope", "started_on": TODAY.isoformat()},
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Verfahren:", status_code=400)

    def test_another_organisation_cannot_complete_a_milestone(self) -> None:
        procedure = services.procedure_start(
            actor=self.counsellor, case=self.case, template="visa", started_on=TODAY
        )
        milestone = procedure.milestones.first()
        assert milestone is not None
        self.sign_in(self.other_counsellor)
        response = self.client.post(
            reverse("cases:milestone_done", args=[milestone.code]), {"done_on": TODAY.isoformat()}
        )
        self.assertEqual(response.status_code, 404)
        milestone.refresh_from_db()
        self.assertIsNone(milestone.done_on)


class TaskTests(WorkbenchTestCase):
    def test_tasks_are_created_listed_as_overdue_and_done(self) -> None:
        self.sign_in(self.counsellor)
        self.client.post(
            reverse("cases:add_task", args=[self.case.code]),
            {"title": "HWK anrufen", "due_on": TODAY.isoformat(), "assignee": "counsellor.a"},
        )
        task = Task.objects.get(title="HWK anrufen")
        # The form takes no past dates; a task becomes overdue as the days pass.
        Task.objects.filter(pk=task.pk).update(due_on=TODAY - datetime.timedelta(days=1))
        response = self.client.get(reverse("cases:tasks"))
        self.assertContains(response, "HWK anrufen")
        self.assertEqual([t.title for t in response.context["overdue"]], ["HWK anrufen"])
        self.client.post(reverse("cases:task_done", args=[task.code]))
        task.refresh_from_db()
        self.assertIsNotNone(task.done_at)

    def test_another_organisation_cannot_finish_a_task(self) -> None:
        task = services.task_create(
            actor=self.counsellor,
            case=self.case,
            title="Geheim",
            assignee=self.counsellor,
            due_on=TODAY,
        )
        self.sign_in(self.other_counsellor)
        self.assertEqual(
            self.client.post(reverse("cases:task_done", args=[task.code])).status_code, 404
        )
        self.assertNotContains(self.client.get(reverse("cases:tasks")), "Geheim")


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class DocumentTests(WorkbenchTestCase):
    def setUp(self) -> None:
        self.data_dir = tempfile.mkdtemp()
        self.override = override_settings(DATA_DIR=self.data_dir, DOCUMENT_MAX_BYTES=1024)
        self.override.enable()

    def tearDown(self) -> None:
        self.override.disable()
        shutil.rmtree(self.data_dir, ignore_errors=True)

    def upload(self, name: str, content: bytes, **extra: object):  # type: ignore[no-untyped-def]
        return self.client.post(
            reverse("cases:add_document", args=[self.case.code]),
            {"file": SimpleUploadedFile(name, content, content_type="application/pdf"), **extra},
        )

    def test_a_pdf_is_stored_outside_the_web_root_and_served_through_the_gate(self) -> None:
        self.sign_in(self.counsellor)
        self.upload("zeugnis.pdf", PDF)
        document = Document.objects.get()
        self.assertEqual(document.content_type, "application/pdf")
        self.assertTrue(document.storage_name)
        response = self.client.get(reverse("cases:document", args=[document.code]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), PDF)
        self.assertIn("attachment", response["Content-Disposition"])
        self.assertTrue(
            AccessLog.objects.filter(
                object_code=str(self.case.code), via__contains="document"
            ).exists()
        )

    def test_the_type_is_checked_by_content_not_by_name(self) -> None:
        self.sign_in(self.counsellor)
        response = self.upload("harmlos.pdf", b"<script>alert(1)</script>")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Datei", status_code=400)
        self.assertFalse(Document.objects.exists())

    def test_too_large_files_are_refused(self) -> None:
        self.sign_in(self.counsellor)
        response = self.upload("gross.pdf", PDF + b"x" * 2048)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Document.objects.exists())

    def test_an_upload_for_a_checklist_item_marks_it_received(self) -> None:
        procedure = services.procedure_start(
            actor=self.counsellor, case=self.case, template="recognition", started_on=TODAY
        )
        item = procedure.checklist.get(document_type="certificate")
        self.sign_in(self.counsellor)
        self.upload("zeugnis.pdf", PDF, checklist_item=str(item.code))
        item.refresh_from_db()
        self.assertEqual(item.status, "received")

    def test_another_organisation_cannot_download(self) -> None:
        self.sign_in(self.counsellor)
        self.upload("zeugnis.pdf", PDF)
        document = Document.objects.get()
        self.sign_in(self.other_counsellor)
        self.assertEqual(
            self.client.get(reverse("cases:document", args=[document.code])).status_code, 404
        )

    def test_a_docx_is_recognised(self) -> None:
        import zipfile

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("word/document.xml", "<w:document/>")
        self.sign_in(self.counsellor)
        with override_settings(DOCUMENT_MAX_BYTES=100_000):
            self.upload("lebenslauf.docx", buffer.getvalue())
        self.assertEqual(
            Document.objects.get().content_type,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )


class PersonAndCompanyTests(WorkbenchTestCase):
    def person_data(self, **overrides: object) -> dict[str, object]:
        return {
            "given_name": "Olena",
            "family_name": "Kowalenko",
            "birth_date": "1990-05-01",
            "birth_date_precision": "day",
            "gender": "f",
            "nationalities": "UA",
            "country_of_residence": "DE",
            "residence_status": "unknown",
            "preferred_language": "uk",
        } | overrides

    def test_creating_a_person_then_a_case(self) -> None:
        self.sign_in(self.counsellor)
        response = self.client.post(
            reverse("cases:person_new"),
            self.person_data(
                native_given_name="Олена", native_family_name="Коваленко", native_script="cyrillic"
            ),
        )
        person = Person.objects.get(family_name="Kowalenko")
        self.assertRedirects(response, f"{reverse('cases:new')}?person={person.code}")
        self.assertEqual(person.organisation, self.org_a)
        self.assertEqual(person.nationalities, ["UA"])
        self.assertEqual(person.names.get().script, "cyrillic")
        response = self.client.post(
            reverse("cases:new"),
            {
                "person": str(person.code),
                "topics": ["recognition"],
                "channel": "phone",
                "location": "aachen",
                "counsellor": "counsellor.a",
                "esf_participant": "on",
            },
        )
        case = Case.objects.get(person=person)
        self.assertRedirects(response, reverse("cases:detail", args=[case.code]))
        self.assertTrue(case.esf_participant)

    def test_a_likely_duplicate_is_shown_before_saving(self) -> None:
        self.sign_in(self.counsellor)
        response = self.client.post(
            reverse("cases:person_new"),
            self.person_data(given_name="Muhammad", family_name="Hassan", birth_date="1991-03-14"),
        )
        self.assertEqual(response.status_code, 409)
        self.assertContains(
            response, reverse("cases:person", args=[self.person.code]), status_code=409
        )
        self.assertEqual(Person.objects.filter(organisation=self.org_a).count(), 1)
        response = self.client.post(
            reverse("cases:person_new"),
            self.person_data(
                given_name="Muhammad",
                family_name="Hassan",
                birth_date="1991-03-14",
                confirm_new="1",
            ),
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Person.objects.filter(organisation=self.org_a).count(), 2)

    def test_duplicates_are_never_taken_from_another_organisation(self) -> None:
        self.sign_in(self.counsellor)
        response = self.client.post(
            reverse("cases:person_new"),
            self.person_data(given_name="Olena", family_name="Shevchenko", birth_date="1988-11-02"),
        )
        self.assertEqual(response.status_code, 302)

    def test_bad_person_input_names_fields_and_keeps_input(self) -> None:
        self.sign_in(self.counsellor)
        response = self.client.post(
            reverse("cases:person_new"),
            self.person_data(nationalities="Ukraine", birth_date="2999-01-01", email="kaputt"),
        )
        self.assertEqual(response.status_code, 400)
        for text in ("Staatsangehörigkeiten:", "Geburtsdatum:", "E-Mail:", 'value="Kowalenko"'):
            self.assertContains(response, text, status_code=400)

    def test_editing_a_person_is_audited_with_old_and_new_values(self) -> None:
        self.sign_in(self.counsellor)
        form = self.person_data(
            given_name="Mohammed",
            family_name="Al-Hassan",
            birth_date="1991-03-14",
            email="neu@example.org",
            version=self.person.version,
        )
        self.assertEqual(
            self.client.post(
                reverse("cases:person_edit", args=[self.person.code]), form
            ).status_code,
            302,
        )
        event = AuditEvent.objects.filter(action="person.updated").latest("seq")
        self.assertEqual(event.changes["email"], {"old": "", "new": "neu@example.org"})

    def test_a_company_shows_its_sme_status_and_chamber(self) -> None:
        self.sign_in(self.counsellor)
        response = self.client.post(
            reverse("cases:company_new"),
            {
                "name": "Pflege Rurtal",
                "legal_form": "gmbh",
                "sector": "health",
                "staff_count": "300",
                "municipality": "05358008",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.sign_in(self.counsellor)
        company = self.org_a.companies.get(name="Pflege Rurtal")
        response = self.client.get(reverse("cases:company", args=[company.code]))
        self.assertContains(response, "kein KMU")
        self.assertContains(response, "IHK Aachen")

    def test_the_other_organisation_cannot_see_the_company(self) -> None:
        self.sign_in(self.other_counsellor)
        self.assertEqual(
            self.client.get(reverse("cases:company", args=[self.company.code])).status_code, 404
        )


class SearchTests(WorkbenchTestCase):
    def test_a_name_variant_in_another_order_and_script_finds_the_person(self) -> None:
        self.sign_in(self.counsellor)
        for query in ("Hassan, Muhammad", "mohamed al hasan", "محمد الحسن", "AL-HASSAN"):
            with self.subTest(query=query):
                response = self.client.get(reverse("cases:search"), {"q": query})
                self.assertContains(response, reverse("cases:person", args=[self.person.code]))

    def test_search_by_email_phone_and_case_code(self) -> None:
        services.person_update(
            actor=self.counsellor,
            person=self.person,
            expected_version=self.person.version,
            changes={"email": "m.hassan@example.org", "phone": "+49 241 123456"},
        )
        self.sign_in(self.counsellor)
        for query in ("M.Hassan@example.org", "0241 123456", str(self.case.code)):
            with self.subTest(query=query):
                response = self.client.get(reverse("cases:search"), {"q": query})
                self.assertContains(response, "Al-Hassan")

    def test_search_never_finds_another_organisations_people(self) -> None:
        self.sign_in(self.counsellor)
        for query in ("Olena Shevchenko", str(self.other_case.code)):
            response = self.client.get(reverse("cases:search"), {"q": query})
            self.assertNotContains(response, str(self.other_person.code))
            self.assertNotContains(response, str(self.other_case.code) + "/")

    def test_the_home_page_shows_the_counsellors_numbers(self) -> None:
        self.sign_in(self.counsellor)
        response = self.client.get(reverse("staff:home"))
        self.assertContains(response, "1 offener Fall")


class RoleTests(WorkbenchTestCase):
    def test_team_lead_is_a_casework_role_too(self) -> None:
        self.sign_in(self.team_lead)
        self.assertEqual(
            self.client.get(reverse("cases:detail", args=[self.case.code])).status_code, 200
        )


class PersonDetailsTests(WorkbenchTestCase):
    def test_languages_and_qualifications_are_added_with_audit_rows(self) -> None:
        self.sign_in(self.counsellor)
        url = reverse("cases:person_add_language", args=[self.person.code])
        self.assertEqual(self.client.post(url, {"language": "de", "level": "B1"}).status_code, 302)
        self.client.post(url, {"language": "de", "level": "B2"})
        self.assertEqual(
            list(self.person.languages.values_list("language", "level")), [("de", "B2")]
        )
        url = reverse("cases:person_add_qualification", args=[self.person.code])
        data = {
            "title": "Elektroniker",
            "level": "vocational",
            "country": "sy",
            "occupation": "crafts",
            "recognition": "pending",
            "regulated": "false",
        }
        self.assertEqual(self.client.post(url, data).status_code, 302)
        qualification = self.person.qualifications.get()
        self.assertEqual((qualification.country, qualification.regulated), ("SY", False))
        page = self.client.get(reverse("cases:person", args=[self.person.code]))
        self.assertContains(page, "Elektroniker")
        self.assertTrue(AuditEvent.objects.filter(action="person.qualification_added").exists())

    def test_bad_qualification_input_names_the_field(self) -> None:
        self.sign_in(self.counsellor)
        url = reverse("cases:person_add_qualification", args=[self.person.code])
        response = self.client.post(
            url,
            {
                "title": "Elektroniker",
                "level": "vocational",
                "country": "Syrien",
                "occupation": "crafts",
                "recognition": "none",
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Land des Abschlusses:", status_code=400)
        self.assertContains(response, 'value="Syrien"', status_code=400)

    def test_company_contact_persons(self) -> None:
        self.sign_in(self.counsellor)
        url = reverse("cases:company_add_contact", args=[self.company.code])
        self.assertEqual(
            self.client.post(
                url, {"name": "Petra Schmitz", "role": "Inhaberin", "email": "ps@example.org"}
            ).status_code,
            302,
        )
        self.assertContains(
            self.client.get(reverse("cases:company", args=[self.company.code])), "Petra Schmitz"
        )
        response = self.client.post(url, {"name": "", "email": "kaputt"})
        self.assertEqual(response.status_code, 400)

    def test_another_organisation_cannot_add_details(self) -> None:
        self.sign_in(self.other_counsellor)
        for url, data in (
            (
                reverse("cases:person_add_language", args=[self.person.code]),
                {"language": "de", "level": "B1"},
            ),
            (reverse("cases:company_add_contact", args=[self.company.code]), {"name": "X"}),
        ):
            self.assertEqual(self.client.post(url, data).status_code, 404)
        self.assertFalse(self.person.languages.exists())


class DuplicateCandidateTests(WorkbenchTestCase):
    def test_without_a_birth_date_both_names_must_match(self) -> None:
        from wcr.accounts.models import Membership
        from wcr.cases.selectors import duplicate_candidates

        membership = Membership.objects.get(user=self.counsellor)
        make_person(
            self.org_a,
            self.counsellor,
            given="Fatima",
            family="Hassan",
            birth=datetime.date(1980, 1, 5),
        )
        found = duplicate_candidates(
            membership, given_name="Muhammad", family_name="Hassan", birth_date=None
        )
        self.assertEqual([d.person for d in found], [self.person])
        self.assertLessEqual(found[0].score, 0.85)
