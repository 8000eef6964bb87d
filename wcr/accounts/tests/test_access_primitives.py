"""The shared gate primitives, branch by branch: owned_or_404 filters by the acting organisation
inside the query, visible_organisation_ids answers only the data protection officer's own
organisation, access_membership is for team leads only."""

from __future__ import annotations

import uuid

from django.http import Http404
from django.test import RequestFactory

from wcr.accounts.access import access_membership, owned_or_404, visible_organisation_ids
from wcr.accounts.models import Membership, User
from wcr.core.request import WcrRequest
from wcr.core.testing.base import WcrTestCase


def request_as(user: User) -> WcrRequest:
    request = RequestFactory().get("/mitarbeitende/")
    membership = Membership.objects.select_related("organisation").filter(user=user).first()
    request.user = user
    request.membership = membership
    request.organisation = membership.organisation if membership else None
    return request  # type: ignore[return-value]


class AccessPrimitiveTests(WcrTestCase):
    def test_owned_or_404_answers_only_the_acting_organisations_object(self) -> None:
        own = Membership.objects.get(user=self.counsellor)
        other = Membership.objects.get(user=self.other_counsellor)
        request = request_as(self.team_lead)
        self.assertEqual(owned_or_404(request, Membership.objects.all(), str(own.code)), own)
        for code in (other.code, uuid.uuid4(), "not-a-uuid"):
            with self.subTest(code=code), self.assertRaises(Http404):
                owned_or_404(request, Membership.objects.all(), code)

    def test_owned_or_404_refuses_a_request_without_organisation(self) -> None:
        own = Membership.objects.get(user=self.counsellor)
        with self.assertRaises(Http404):
            owned_or_404(request_as(self.no_membership), Membership.objects.all(), own.code)

    def test_access_membership_is_for_team_leads(self) -> None:
        own = Membership.objects.get(user=self.counsellor)
        self.assertEqual(access_membership(request_as(self.team_lead), own.code), own)
        for user in (self.counsellor, self.no_membership):
            with self.subTest(user=user.username), self.assertRaises(Http404):
                access_membership(request_as(user), own.code)

    def test_only_the_data_protection_officer_sees_privacy_records_of_their_organisation(
        self,
    ) -> None:
        dpo = Membership.objects.get(user=self.dpo)
        self.assertEqual(list(visible_organisation_ids(dpo)), [self.org_a.pk])
        counsellor = Membership.objects.get(user=self.counsellor)
        self.assertEqual(list(visible_organisation_ids(counsellor)), [])
        self.assertEqual(list(visible_organisation_ids(None)), [])
