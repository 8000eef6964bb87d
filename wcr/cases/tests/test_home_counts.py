"""The staff start page shows the case workbench's figures (from its template tag) to
counsellors and team leads, counted for their organisation only."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from wcr.cases import services
from wcr.cases.tests.test_workbench import WorkbenchTestCase

TODAY = timezone.localdate()


class HomeCountsTests(WorkbenchTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        services.task_create(
            actor=cls.counsellor,
            case=cls.case,
            title="Zeugnisse anfordern",
            assignee=cls.counsellor,
            due_on=TODAY - datetime.timedelta(days=2),
        )

    def test_a_counsellor_sees_the_figures_of_their_organisation(self) -> None:
        self.sign_in(self.counsellor)
        response = self.client.get(reverse("staff:home"))
        self.assertEqual(response.status_code, 200)
        # One new case of organisation A (B's case is not counted), open and the counsellor's.
        self.assertContains(response, "1 neue Anfrage")
        self.assertContains(response, "1 offener Fall")
        self.assertContains(response, "1 überfällige Aufgabe")

    def test_the_data_protection_officer_sees_no_case_figures(self) -> None:
        self.sign_in(self.dpo)
        response = self.client.get(reverse("staff:home"))
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, reverse("cases:inbox"))
