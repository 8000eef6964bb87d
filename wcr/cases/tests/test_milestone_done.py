"""Marking a milestone done: a completion date lies between 2000-01-01 and today; anything else
(a far-future date whose deadlines would leave the calendar, a malformed date) is a 400 naming
"Done on", and nothing is saved."""

from __future__ import annotations

import datetime

from django.urls import reverse

from wcr.cases import services
from wcr.cases.models import Milestone
from wcr.cases.tests.test_workbench import TODAY, WorkbenchTestCase
from wcr.core.deadlines import DeadlineOutOfRange


class MilestoneDoneTests(WorkbenchTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        procedure = services.procedure_start(
            actor=cls.counsellor, case=cls.case, template="recognition", started_on=TODAY
        )
        cls.submitted = procedure.milestones.get(key="application_submitted")

    def post(self, done_on: str):  # type: ignore[no-untyped-def]
        self.sign_in(self.counsellor)
        return self.client.post(
            reverse("cases:milestone_done", args=[self.submitted.code]), {"done_on": done_on}
        )

    def test_a_date_in_the_past_marks_it_done_and_computes_the_following_deadline(self) -> None:
        response = self.post("2026-03-02")
        self.assertEqual(response.status_code, 302)
        self.submitted.refresh_from_db()
        self.assertEqual(self.submitted.done_on, datetime.date(2026, 3, 2))
        receipt = Milestone.objects.get(case=self.case, key="receipt_confirmed")
        self.assertEqual(receipt.due_on, datetime.date(2026, 4, 2))

    def test_implausible_or_malformed_dates_are_a_400_naming_the_field(self) -> None:
        tomorrow = TODAY + datetime.timedelta(days=1)
        for value in ("9999-12-31", tomorrow.isoformat(), "1999-12-31", "31.02.2026", ""):
            with self.subTest(value=value):
                response = self.post(value)
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, "Erledigt am", status_code=400)
                self.assertContains(response, 'aria-invalid="true"', status_code=400)
                self.submitted.refresh_from_db()
                self.assertIsNone(self.submitted.done_on)

    def test_today_is_accepted(self) -> None:
        self.assertEqual(self.post(TODAY.isoformat()).status_code, 302)

    def test_the_service_refuses_a_date_whose_deadlines_leave_the_calendar(self) -> None:
        with self.assertRaises(DeadlineOutOfRange):
            services.milestone_complete(
                actor=self.counsellor,
                milestone=self.submitted,
                done_on=datetime.date(9999, 12, 31),
            )
        self.submitted.refresh_from_db()
        self.assertIsNone(self.submitted.done_on)
