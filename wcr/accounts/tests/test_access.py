"""The shared gate primitives of ``wcr.accounts.access``, branch by branch."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from wcr.accounts.access import (
    access_membership,
    owned_or_404,
    parse_code,
    staff_required,
    visible_organisation_ids,
)
from wcr.accounts.models import Membership, Role, User
from wcr.core.request import WcrRequest
from wcr.core.testing.base import WcrTestCase


def request_as(user: User | None) -> WcrRequest:
    """A request acting under the user's (first) membership, as membership_middleware sets it."""
    request: WcrRequest = RequestFactory().get("/mitarbeitende/")
    request.user = user if user is not None else AnonymousUser()
    membership = Membership.objects.filter(user=user).first() if user else None
    request.membership = membership
    request.organisation = membership.organisation if membership else None
    return request


@staff_required(Role.TEAM_LEAD)
def lead_view(request: WcrRequest) -> HttpResponse:
    return HttpResponse("ok")


@staff_required()
def staff_view(request: WcrRequest) -> HttpResponse:
    return HttpResponse("ok")


class StaffRequiredTests(WcrTestCase):
    def test_anonymous_users_go_to_the_login_page(self) -> None:
        response = lead_view(request_as(None))
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/?next=/mitarbeitende/", response["Location"])

    def test_a_user_without_membership_gets_404(self) -> None:
        with self.assertRaises(Http404):
            staff_view(request_as(self.no_membership))

    def test_a_role_not_named_gets_404(self) -> None:
        with self.assertRaises(Http404):
            lead_view(request_as(self.counsellor))

    def test_the_named_role_and_any_role_pass(self) -> None:
        self.assertEqual(lead_view(request_as(self.team_lead)).status_code, 200)
        self.assertEqual(staff_view(request_as(self.coordinator)).status_code, 200)


class ParseCodeTests(WcrTestCase):
    def test_uuids_and_their_text_pass(self) -> None:
        code = uuid.uuid4()
        self.assertIs(parse_code(code), code)
        self.assertEqual(parse_code(str(code)), code)

    def test_anything_else_is_not_found(self) -> None:
        for code in ("", "42", "not-a-uuid", "../etc/passwd"):
            with self.subTest(code=code), self.assertRaises(Http404):
                parse_code(code)


class OwnedOr404Tests(WcrTestCase):
    def test_an_object_of_the_acting_organisation(self) -> None:
        membership = Membership.objects.get(user=self.counsellor)
        found = owned_or_404(request_as(self.team_lead), Membership.objects.all(), membership.code)
        self.assertEqual(found, membership)

    def test_another_organisations_object_is_not_found(self) -> None:
        membership = Membership.objects.get(user=self.other_counsellor)
        with self.assertRaises(Http404):
            owned_or_404(request_as(self.team_lead), Membership.objects.all(), membership.code)

    def test_without_an_acting_organisation_nothing_is_found(self) -> None:
        membership = Membership.objects.get(user=self.counsellor)
        with self.assertRaises(Http404):
            owned_or_404(request_as(self.no_membership), Membership.objects.all(), membership.code)


class AccessMembershipTests(WcrTestCase):
    def test_team_leads_reach_their_own_organisations_staff(self) -> None:
        membership = Membership.objects.get(user=self.counsellor)
        found = access_membership(request_as(self.team_lead), membership.code, write=True)
        self.assertEqual(found, membership)

    def test_everyone_else_gets_404(self) -> None:
        membership = Membership.objects.get(user=self.counsellor)
        for user in (self.no_membership, self.counsellor, self.dpo, self.other_team_lead):
            with self.subTest(user=user.username), self.assertRaises(Http404):
                access_membership(request_as(user), membership.code)


class VisibleOrganisationsTests(WcrTestCase):
    def test_the_data_protection_officer_sees_their_own_organisation(self) -> None:
        self.assertEqual(
            list(visible_organisation_ids(request_as(self.dpo).membership)), [self.org_a.pk]
        )

    def test_no_one_else_sees_privacy_records(self) -> None:
        self.assertEqual(list(visible_organisation_ids(None)), [])
        for user in (self.counsellor, self.team_lead, self.coordinator, self.administrator):
            with self.subTest(user=user.username):
                membership = request_as(user).membership
                self.assertEqual(list(visible_organisation_ids(membership)), [])


class CaseGateTests(WcrTestCase):
    """The case gate without an acting membership (views stop such requests earlier, in
    staff_required; the gate does not rely on it)."""

    def test_without_a_membership_every_case_gate_answers_404(self) -> None:
        from wcr.cases import access
        from wcr.cases.models import Task

        request = request_as(self.no_membership)
        code = uuid.uuid4()
        for gate in (access.access_case, access.access_person, access.access_company):
            with self.subTest(gate=gate.__name__), self.assertRaises(Http404):
                gate(request, code)
        with self.assertRaises(Http404):
            access.access_case_part(request, Task.objects.all(), code)
