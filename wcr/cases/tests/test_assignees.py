"""Only counsellors and team leads are offered as assignees: never the data protection officer,
the coordinator or the administrator (issue #9)."""

from __future__ import annotations

import re

from django.urls import reverse

from wcr.accounts.models import Role
from wcr.cases import services
from wcr.cases.models import Case, Task, Topic
from wcr.core.testing.base import WcrTestCase
from wcr.core.testing.factories import MembershipFactory

NOT_CASEWORK = ("dpo.a", "coordinator", "admin")


def options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None, name
    return re.findall(r'<option value="([^"]*)"', select.group(1))


class AssigneeTests(WcrTestCase):
    case: Case

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # A counsellor of organisation B who is organisation A's data protection officer too.
        MembershipFactory(user=cls.dpo, organisation=cls.org_b, role=Role.COUNSELLOR)
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

    def test_the_task_form_offers_only_counsellors_and_team_leads(self) -> None:
        self.sign_in(self.team_lead)
        html = self.client.get(reverse("cases:detail", args=[self.case.code])).content.decode()
        self.assertEqual(sorted(options(html, "assignee")), ["", "counsellor.a", "lead.a"])

    def test_the_assignment_form_offers_only_counsellors_and_team_leads(self) -> None:
        self.sign_in(self.team_lead)
        html = self.client.get(reverse("cases:detail", args=[self.case.code])).content.decode()
        form = html[html.index('id="assign-heading"') :]
        self.assertEqual(sorted(options(form, "counsellor")), ["", "counsellor.a", "lead.a"])

    def test_the_case_lists_filter_only_by_counsellors_and_team_leads(self) -> None:
        self.sign_in(self.team_lead)
        for name in ("cases:list", "cases:inbox"):
            with self.subTest(page=name):
                response = self.client.get(reverse(name))
                if 'id="f-counsellor"' not in response.content.decode():
                    continue  # the inbox shows no filters (its counsellor choice assigns)
                codes = options(response.content.decode(), "counsellor")
                self.assertEqual(
                    sorted(codes),
                    sorted(["", "none", str(self.counsellor.code), str(self.team_lead.code)]),
                )

    def test_a_task_for_the_data_protection_officer_is_refused(self) -> None:
        self.sign_in(self.counsellor)
        for username in NOT_CASEWORK:
            with self.subTest(assignee=username):
                response = self.client.post(
                    reverse("cases:add_task", args=[self.case.code]),
                    {"title": "Prüfen", "due_on": "2999-01-01", "assignee": username},
                )
                self.assertEqual(response.status_code, 400)
        self.assertFalse(Task.objects.filter(title="Prüfen").exists())

    def test_a_case_cannot_be_assigned_to_the_data_protection_officer(self) -> None:
        self.sign_in(self.team_lead)
        for username in NOT_CASEWORK:
            with self.subTest(assignee=username):
                self.client.post(
                    reverse("cases:assign", args=[self.case.code]), {"counsellor": username}
                )
                self.case.refresh_from_db()
                self.assertEqual(self.case.counsellor, self.counsellor)


class TeamPageTests(WcrTestCase):
    def test_the_team_lists_casework_staff_and_other_roles_apart(self) -> None:
        self.sign_in(self.team_lead)
        html = self.client.get(reverse("staff:team")).content.decode()
        staff = html[html.index('id="team-staff"') : html.index('id="team-others"')]
        others = html[html.index('id="team-others"') :]
        for name in ("Counsellor.A", "Lead.A"):
            self.assertIn(name, staff)
        for name in ("Dpo.A", "Coordinator", "Admin"):
            self.assertNotIn(name, staff)
            self.assertIn(name, others)
        self.assertIn("Datenschutzbeauftragte", others)
