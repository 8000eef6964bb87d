"""Team leads assign several inbox cases to one counsellor in one POST, seeing each counsellor's
caseload next to the choice and on the team page."""

from __future__ import annotations

import datetime
from unittest import mock

from django.urls import reverse

from wcr.accounts.models import Membership, User
from wcr.cases import selectors, services
from wcr.cases.models import Case, CaseStatus
from wcr.cases.tests.test_workbench import TODAY, WorkbenchTestCase, make_person
from wcr.privacy.models import AuditEvent

URL = "/mitarbeitende/faelle/eingang/zuweisen/"


class BulkAssignTests(WorkbenchTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.new_cases = [
            services.case_open(
                actor=cls.counsellor,
                organisation=cls.org_a,
                person=make_person(cls.org_a, cls.counsellor, given=given, family="Neu"),
                location=cls.location,
            )
            for given in ("Amina", "Olena", "Mehmet")
        ]
        cls.foreign_case = services.case_open(
            actor=cls.other_counsellor,
            organisation=cls.org_b,
            person=make_person(cls.org_b, cls.other_counsellor, given="Fremd", family="Fall"),
        )

    def post(self, cases: list[Case], counsellor: str = "counsellor.a", **extra: object):  # type: ignore[no-untyped-def]
        return self.client.post(
            reverse("cases:inbox_assign"),
            {"cases": [str(case.code) for case in cases], "counsellor": counsellor, **extra},
        )

    def test_the_route_is_the_inbox_assignment(self) -> None:
        self.assertEqual(reverse("cases:inbox_assign"), URL)

    def test_the_team_lead_sees_checkboxes_and_the_assignee_choice_with_caseloads(self) -> None:
        self.sign_in(self.team_lead)
        page = self.client.get(reverse("cases:inbox"))
        for case in self.new_cases:
            self.assertContains(page, f'name="cases" value="{case.code}"')
        self.assertContains(page, f'action="{URL}"')
        self.assertContains(page, 'name="counsellor"')
        # The setup's case is the counsellor's one open case; the team lead has none.
        self.assertContains(page, "Test Counsellor.A – 1 offener Fall, 0 offene Aufgaben")
        self.assertContains(page, "Test Lead.A – 0 offene Fälle, 0 offene Aufgaben")
        self.assertNotContains(page, '<option value="dpo.a"')
        self.assertNotContains(page, '<option value="coordinator"')
        self.assertContains(page, 'id="caseloads"')

    def test_a_counsellor_sees_the_inbox_without_the_assignment(self) -> None:
        self.sign_in(self.counsellor)
        page = self.client.get(reverse("cases:inbox"))
        self.assertContains(page, self.new_cases[0].reference)
        self.assertNotContains(page, 'name="cases"')
        self.assertEqual(self.post(self.new_cases[:1]).status_code, 404)
        self.assertIsNone(Case.objects.get(pk=self.new_cases[0].pk).counsellor)

    def test_several_cases_are_assigned_in_one_post_with_an_audit_event_each(self) -> None:
        self.sign_in(self.team_lead)
        response = self.post(self.new_cases[:2])
        self.assertRedirects(response, reverse("cases:inbox"), fetch_redirect_response=False)
        for case in self.new_cases[:2]:
            case.refresh_from_db()
            self.assertEqual(case.counsellor, self.counsellor)
            event = AuditEvent.objects.get(action="case.assigned", object_code=str(case.code))
            self.assertEqual(event.actor, self.team_lead)
            self.assertEqual(event.changes["counsellor"], {"old": None, "new": "counsellor.a"})
        self.assertIsNone(Case.objects.get(pk=self.new_cases[2].pk).counsellor)
        follow = self.client.get(reverse("cases:inbox"))
        self.assertContains(follow, "2 Fälle wurden Test Counsellor.A zugewiesen.")

    def test_a_case_no_longer_in_the_inbox_refuses_the_whole_assignment(self) -> None:
        moved = self.new_cases[1]
        services.contact_log(
            actor=self.counsellor,
            case=moved,
            happened_on=TODAY,
            duration_minutes=20,
            channel="phone",
        )  # now "in counselling"
        self.sign_in(self.team_lead)
        response = self.post(self.new_cases, counsellor="lead.a")
        self.assertContains(response, moved.reference, status_code=400)
        self.assertContains(response, "Nicht mehr im Eingang", status_code=400)
        self.assertContains(response, "Es wurde nichts zugewiesen", status_code=400)
        # What was chosen is kept.
        self.assertContains(
            response, f'name="cases" value="{self.new_cases[0].code}" checked', status_code=400
        )
        self.assertContains(response, '<option value="lead.a" selected', status_code=400)
        self.assertFalse(
            Case.objects.filter(pk__in=[c.pk for c in self.new_cases], counsellor=self.team_lead)
        )

    def test_a_case_the_team_lead_may_not_see_is_refused_without_naming_it(self) -> None:
        self.sign_in(self.team_lead)
        response = self.post([self.new_cases[0], self.foreign_case])
        self.assertContains(response, "nicht sichtbar", status_code=400)
        self.assertNotContains(response, self.foreign_case.reference, status_code=400)
        self.assertIsNone(Case.objects.get(pk=self.new_cases[0].pk).counsellor)
        garbage = self.client.post(
            reverse("cases:inbox_assign"), {"cases": ["not-a-code"], "counsellor": "counsellor.a"}
        )
        self.assertEqual(garbage.status_code, 400)

    def test_the_other_organisations_team_lead_cannot_assign_these_cases(self) -> None:
        self.sign_in(self.other_team_lead)
        response = self.post(self.new_cases[:1], counsellor="counsellor.b")
        self.assertEqual(response.status_code, 400)
        self.assertIsNone(Case.objects.get(pk=self.new_cases[0].pk).counsellor)

    def test_the_other_roles_get_404(self) -> None:
        for persona in (self.coordinator, self.dpo, self.administrator, self.other_counsellor):
            with self.subTest(persona=persona.username):
                self.sign_in(persona)
                self.assertEqual(self.post(self.new_cases[:1]).status_code, 404)
                self.assertEqual(self.client.get(URL).status_code, 404)
        self.assertIsNone(Case.objects.get(pk=self.new_cases[0].pk).counsellor)

    def test_only_counsellors_and_team_leads_can_be_assigned(self) -> None:
        self.sign_in(self.team_lead)
        for username in ("dpo.a", "coordinator", "counsellor.b", ""):
            with self.subTest(assignee=username):
                response = self.post(self.new_cases[:1], counsellor=username)
                self.assertContains(response, "Zuweisen an", status_code=400)
                self.assertIsNone(Case.objects.get(pk=self.new_cases[0].pk).counsellor)

    def test_nothing_selected_is_a_clear_refusal(self) -> None:
        self.sign_in(self.team_lead)
        response = self.post([])
        self.assertContains(response, "Bitte wählen Sie mindestens einen Fall", status_code=400)

    def test_the_assignment_is_one_transaction(self) -> None:
        real = services.cases.case_assign
        calls: list[Case] = []

        def failing_second(*, actor: User, case: Case, counsellor: User | None) -> Case:
            calls.append(case)
            if len(calls) == 2:
                raise RuntimeError("the database went away")
            return real(actor=actor, case=case, counsellor=counsellor)

        with (
            mock.patch("wcr.cases.services.cases.case_assign", side_effect=failing_second),
            self.assertRaises(RuntimeError),
        ):
            services.case_assign_many(
                actor=self.team_lead, cases=self.new_cases, counsellor=self.counsellor
            )
        self.assertFalse(
            Case.objects.filter(pk__in=[c.pk for c in self.new_cases], counsellor__isnull=False)
        )
        self.assertFalse(
            AuditEvent.objects.filter(
                action="case.assigned", object_code__in=[str(c.code) for c in self.new_cases]
            )
        )

    def test_the_service_refuses_cases_that_left_the_inbox(self) -> None:
        Case.objects.filter(pk=self.new_cases[0].pk).update(status=CaseStatus.COUNSELLING)
        with self.assertRaises(services.NotInInbox) as raised:
            services.case_assign_many(
                actor=self.team_lead, cases=self.new_cases, counsellor=self.counsellor
            )
        self.assertEqual(raised.exception.references, [self.new_cases[0].reference])
        self.assertFalse(
            Case.objects.filter(pk__in=[c.pk for c in self.new_cases], counsellor=self.counsellor)
        )

    def test_the_inbox_costs_the_same_queries_for_more_cases(self) -> None:
        self.sign_in(self.team_lead)
        url = reverse("cases:inbox")
        self.client.get(url)
        # session, user, memberships; caseloads (cases, tasks); the assignees; cases, their
        # topics, the count; the access-log entry (chain head, entry, subjects, head)
        # the counsellors of the filter form; session save (3); the cases shared with the
        # organisation (once per request)
        with self.assertNumQueries(19) as few:
            self.client.get(url)
        for number in range(10):
            services.case_open(
                actor=self.counsellor,
                organisation=self.org_a,
                person=make_person(self.org_a, self.counsellor, given=f"P{number}", family="X"),
            )
        with self.assertNumQueries(len(few.captured_queries)):
            self.client.get(url)


class CaseloadTests(WorkbenchTestCase):
    def test_the_caseload_counts_open_cases_open_and_overdue_tasks_of_the_organisation(
        self,
    ) -> None:
        services.task_create(
            actor=self.counsellor,
            case=self.case,
            title="Anrufen",
            assignee=self.counsellor,
            due_on=TODAY - datetime.timedelta(days=2),
        )
        services.task_create(
            actor=self.counsellor,
            case=self.case,
            title="Schreiben",
            assignee=self.counsellor,
            due_on=TODAY + datetime.timedelta(days=2),
        )
        closed = services.case_open(
            actor=self.counsellor,
            organisation=self.org_a,
            person=self.person,
            counsellor=self.counsellor,
        )
        services.case_change_status(
            actor=self.counsellor,
            case=closed,
            expected_version=closed.version,
            status=CaseStatus.CLOSED,
            closing_reason="goal_reached",
        )
        loads = selectors.caseloads(Membership.objects.get(user=self.team_lead), today=TODAY)
        self.assertEqual(
            loads[self.counsellor.pk],
            selectors.Caseload(open_cases=1, open_tasks=2, overdue_tasks=1),
        )
        self.assertEqual(loads.get(self.team_lead.pk, selectors.Caseload()), selectors.Caseload())
        other = selectors.caseloads(Membership.objects.get(user=self.other_team_lead), today=TODAY)
        self.assertNotIn(self.counsellor.pk, other)

    def test_the_team_page_shows_each_counsellors_caseload(self) -> None:
        self.sign_in(self.team_lead)
        page = self.client.get(reverse("staff:team"))
        self.assertContains(page, "Auslastung")
        self.assertContains(page, "1 offener Fall")

    def test_the_single_assignment_shows_the_caseload_too(self) -> None:
        self.sign_in(self.team_lead)
        page = self.client.get(reverse("cases:detail", args=[self.case.code]))
        self.assertContains(page, "Test Counsellor.A – 1 offener Fall, 0 offene Aufgaben")
