"""The case page's task and status forms: errors are visible, past due dates are refused, and
the closing reason says it is required when closing (issue #9)."""

from __future__ import annotations

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from wcr.cases import services
from wcr.cases.models import Case, CaseStatus, Task, Topic
from wcr.core.testing.base import WcrTestCase

TODAY = timezone.localdate()


class CaseFormsTestCase(WcrTestCase):
    case: Case

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        person = services.person_create(
            actor=cls.counsellor,
            organisation=cls.org_a,
            data=services.PersonInput(given_name="Amina", family_name="Yusuf"),
        )
        cls.case = services.case_open(
            actor=cls.counsellor,
            organisation=cls.org_a,
            person=person,
            location=cls.location,
            counsellor=cls.counsellor,
            topics=Topic.objects.filter(slug="recognition"),
        )


class TaskFormTests(CaseFormsTestCase):
    def add_task(self, **data: str):  # type: ignore[no-untyped-def]
        self.sign_in(self.counsellor)
        form = {"title": "HWK anrufen", "due_on": TODAY.isoformat(), "assignee": "counsellor.a"}
        return self.client.post(reverse("cases:add_task", args=[self.case.code]), form | data)

    def new_task_section(self, html: str) -> str:
        match = re.search(r'<details[^>]*id="new-task"[^>]*>', html)
        self.assertIsNotNone(match, "the new-task section")
        assert match is not None
        return match.group(0)

    def test_the_new_task_section_is_closed_on_a_plain_page(self) -> None:
        self.sign_in(self.counsellor)
        html = self.client.get(reverse("cases:detail", args=[self.case.code])).content.decode()
        self.assertNotIn(" open", self.new_task_section(html))

    def test_a_form_with_errors_comes_back_open_with_the_field_focused(self) -> None:
        response = self.add_task(title="")
        self.assertEqual(response.status_code, 400)
        html = response.content.decode()
        self.assertIn(" open", self.new_task_section(html))
        self.assertIn("Aufgabe:", html)
        field = re.search(r'<input[^>]*name="title"[^>]*>', html)
        assert field is not None
        self.assertIn("autofocus", field.group(0))
        self.assertIn('aria-invalid="true"', field.group(0))

    def test_a_due_date_in_the_past_is_refused_naming_the_field_and_keeping_the_input(
        self,
    ) -> None:
        yesterday = (TODAY - datetime.timedelta(days=1)).isoformat()
        response = self.add_task(title="Zeugnis anfordern", due_on=yesterday)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Task.objects.filter(title="Zeugnis anfordern").exists())
        self.assertContains(
            response, "Fällig am: Das Datum liegt in der Vergangenheit", status_code=400
        )
        self.assertContains(response, 'value="Zeugnis anfordern"', status_code=400)
        self.assertContains(response, f'value="{yesterday}"', status_code=400)

    def test_the_refusal_speaks_english_to_english_readers(self) -> None:
        self.sign_in(self.counsellor)
        yesterday = (TODAY - datetime.timedelta(days=1)).isoformat()
        response = self.client.post(
            reverse("cases:add_task", args=[self.case.code]),
            {"title": "Call", "due_on": yesterday, "assignee": "counsellor.a"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
        self.assertContains(response, "Due on: The date lies in the past", status_code=400)

    def test_a_task_due_today_is_created(self) -> None:
        self.assertEqual(self.add_task().status_code, 302)
        self.assertTrue(Task.objects.filter(title="HWK anrufen").exists())

    def test_an_overdue_task_can_still_be_done(self) -> None:
        task = services.task_create(
            actor=self.counsellor,
            case=self.case,
            title="Alt",
            assignee=self.counsellor,
            due_on=TODAY - datetime.timedelta(days=3),
        )
        self.sign_in(self.counsellor)
        response = self.client.post(reverse("cases:task_done", args=[task.code]))
        self.assertEqual(response.status_code, 302)
        task.refresh_from_db()
        self.assertIsNotNone(task.done_at)


class StatusFormTests(CaseFormsTestCase):
    def status_block(self, html: str) -> str:
        start = html.index('for="id_closing_reason"')
        return html[start : start + 600]

    def test_the_closing_reason_says_it_is_required_when_closing(self) -> None:
        self.sign_in(self.counsellor)
        html = self.client.get(reverse("cases:detail", args=[self.case.code])).content.decode()
        block = self.status_block(html)
        self.assertIn("Pflicht beim Abschließen", block)
        self.assertNotIn("– optional", block[: block.index("</label>")])

    def test_closing_without_a_reason_names_the_field(self) -> None:
        self.sign_in(self.counsellor)
        response = self.client.post(
            reverse("cases:change_status", args=[self.case.code]),
            {"status": CaseStatus.CLOSED, "closing_reason": "", "version": self.case.version},
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(
            response,
            "Abschlussgrund: Bitte geben Sie den Grund für den Abschluss an.",
            status_code=400,
        )
        field = re.search(r'<select[^>]*name="closing_reason"[^>]*>', response.content.decode())
        assert field is not None
        self.assertIn('aria-invalid="true"', field.group(0))
        self.assertIn("autofocus", field.group(0))
        self.case.refresh_from_db()
        self.assertNotEqual(self.case.status, CaseStatus.CLOSED)
