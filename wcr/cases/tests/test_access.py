"""The case workbench's gate, function by function: every branch answers as documented (404 for
"missing", "not yours", "wrong role" and "no membership"; the access log written on success)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.http import Http404
from django.test import RequestFactory

from wcr.accounts.access import membership_with_role
from wcr.accounts.models import Membership, Role, User
from wcr.cases import services
from wcr.cases.access import (
    CASE_ROLES,
    access_case,
    access_case_part,
    access_company,
    access_person,
    casework_membership,
)
from wcr.cases.models import Task
from wcr.cases.tests.test_workbench import TODAY, WorkbenchTestCase
from wcr.core.request import WcrRequest
from wcr.privacy.models import AccessLog


def request_as(user: User | None) -> WcrRequest:
    """A GET request acting under the user's first membership (None: without one)."""
    request = RequestFactory().get("/mitarbeitende/")
    membership = (
        Membership.objects.select_related("organisation").filter(user=user).first()
        if user
        else None
    )
    request.user = user
    request.membership = membership
    request.organisation = membership.organisation if membership else None
    return request  # type: ignore[return-value]


class MembershipWithRoleTests(WorkbenchTestCase):
    def test_it_answers_the_membership_whose_role_is_listed(self) -> None:
        membership = membership_with_role(request_as(self.team_lead), (Role.TEAM_LEAD,))
        self.assertEqual(membership.user, self.team_lead)

    def test_it_refuses_a_role_not_listed(self) -> None:
        with self.assertRaises(Http404):
            membership_with_role(request_as(self.counsellor), (Role.TEAM_LEAD,))

    def test_it_refuses_a_request_without_membership(self) -> None:
        with self.assertRaises(Http404):
            membership_with_role(request_as(self.no_membership), CASE_ROLES)


class CaseGateTests(WorkbenchTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.task = services.task_create(
            actor=cls.counsellor,
            case=cls.case,
            title="Anrufen",
            assignee=cls.counsellor,
            due_on=TODAY,
        )

    def test_only_counsellors_and_team_leads_do_case_work(self) -> None:
        self.assertEqual(casework_membership(request_as(self.counsellor)).role, Role.COUNSELLOR)
        for user in (self.dpo, self.coordinator, self.administrator, self.no_membership):
            with self.subTest(user=user.username), self.assertRaises(Http404):
                casework_membership(request_as(user))

    def test_each_function_answers_its_own_organisations_record_and_logs_the_read(self) -> None:
        request = request_as(self.counsellor)
        before = AccessLog.objects.count()
        self.assertEqual(access_case(request, self.case.code, write=True), self.case)
        self.assertEqual(access_person(request, str(self.person.code)), self.person)
        self.assertEqual(access_company(request, self.company.code), self.company)
        self.assertEqual(access_case_part(request, Task.objects.all(), self.task.code), self.task)
        # Case, person and the case of the task; a company holds no client's data.
        entries = list(AccessLog.objects.order_by("pk")[before:])
        self.assertEqual(len(entries), 3)
        self.assertEqual([e.purpose for e in entries], ["write", "", ""])

    def test_each_function_answers_404_for_another_organisations_record(self) -> None:
        request = request_as(self.other_counsellor)
        calls: dict[str, Callable[[], object]] = {
            "case": lambda: access_case(request, self.case.code),
            "person": lambda: access_person(request, self.person.code),
            "company": lambda: access_company(request, self.company.code),
            "task": lambda: access_case_part(request, Task.objects.all(), self.task.code),
        }
        for name, call in calls.items():
            with self.subTest(name), self.assertRaises(Http404):
                call()

    def test_each_function_answers_404_for_a_missing_or_malformed_code(self) -> None:
        request = request_as(self.counsellor)
        for code in (uuid.uuid4(), "not-a-uuid"):
            for function in (access_case, access_person, access_company):
                with (
                    self.subTest(function=function.__name__, code=code),
                    self.assertRaises(Http404),
                ):
                    function(request, code)
            with self.subTest(function="access_case_part", code=code), self.assertRaises(Http404):
                access_case_part(request, Task.objects.all(), code)

    def test_each_function_refuses_a_role_without_case_work(self) -> None:
        request = request_as(self.dpo)
        with self.assertRaises(Http404):
            access_case(request, self.case.code)
        with self.assertRaises(Http404):
            access_person(request, self.person.code)
        with self.assertRaises(Http404):
            access_company(request, self.company.code)
        with self.assertRaises(Http404):
            access_case_part(request, Task.objects.all(), self.task.code)
