"""The organisation switcher and the team pages of team leads."""

from __future__ import annotations

from django.urls import reverse

from wcr.accounts.models import Membership, Role
from wcr.core.testing.base import WcrTestCase
from wcr.core.testing.factories import MembershipFactory
from wcr.privacy.models import AuditEvent


class OrganisationSwitchTests(WcrTestCase):
    def setUp(self) -> None:
        self.second = MembershipFactory(
            user=self.counsellor, organisation=self.org_b, role=Role.TEAM_LEAD
        )

    def test_it_acts_for_the_first_organisation_by_default_and_offers_the_switch(self) -> None:
        self.sign_in(self.counsellor)
        response = self.client.get(reverse("staff:home"))
        self.assertContains(response, "Organisation A")
        self.assertContains(response, 'name="membership"')
        self.assertEqual(self.client.get(reverse("staff:team")).status_code, 404)

    def test_it_switches_to_another_own_membership(self) -> None:
        self.sign_in(self.counsellor)
        response = self.client.post(
            reverse("staff:switch_organisation"),
            {"membership": str(self.second.code), "next": reverse("staff:team")},
        )
        self.assertRedirects(response, reverse("staff:team"))
        response = self.client.get(reverse("staff:team"))
        self.assertContains(response, "Organisation B")

    def test_it_refuses_a_membership_of_someone_else(self) -> None:
        foreign = Membership.objects.get(user=self.other_team_lead)
        self.sign_in(self.counsellor)
        response = self.client.post(
            reverse("staff:switch_organisation"), {"membership": str(foreign.code)}, follow=True
        )
        self.assertContains(response, "Organisation A")
        self.assertEqual(self.client.get(reverse("staff:team")).status_code, 404)

    def test_it_does_not_redirect_to_another_site(self) -> None:
        self.sign_in(self.counsellor)
        response = self.client.post(
            reverse("staff:switch_organisation"),
            {"membership": str(self.second.code), "next": "https://evil.example.org/"},
        )
        self.assertRedirects(response, reverse("staff:home"))


class TeamTests(WcrTestCase):
    def test_the_team_lead_sees_only_their_own_organisations_staff(self) -> None:
        self.sign_in(self.team_lead)
        response = self.client.get(reverse("staff:team"))
        self.assertContains(response, "Counsellor.A")
        self.assertNotContains(response, "Counsellor.B")

    def test_the_team_list_costs_the_same_queries_for_more_staff(self) -> None:
        self.sign_in(self.team_lead)
        self.client.get(reverse("staff:team"))
        with self.assertNumQueries(8) as few:
            self.client.get(reverse("staff:team"))
        for _ in range(20):
            member = MembershipFactory(organisation=self.org_a)
            member.locations.set([self.location])
        with self.assertNumQueries(len(few.captured_queries)):
            self.client.get(reverse("staff:team"))

    def test_the_team_lead_changes_locations_with_an_audit_entry(self) -> None:
        member = Membership.objects.get(user=self.counsellor)
        self.sign_in(self.team_lead)
        url = reverse("staff:team_member", args=[member.code])
        response = self.client.post(url, {"locations": ["aachen", "neuss"]})
        self.assertRedirects(response, url)
        self.assertEqual(
            sorted(member.locations.values_list("slug", flat=True)), ["aachen", "neuss"]
        )
        event = AuditEvent.objects.get(action="membership.locations_changed")
        self.assertEqual(event.actor, self.team_lead)
        self.assertEqual(event.organisation, self.org_a)
        self.assertEqual(event.object_code, str(member.code))
        self.assertEqual(
            event.changes, {"locations": {"old": ["aachen"], "new": ["aachen", "neuss"]}}
        )

    def test_it_names_the_field_and_keeps_the_choice_on_a_bad_location(self) -> None:
        member = Membership.objects.get(user=self.counsellor)
        self.sign_in(self.team_lead)
        url = reverse("staff:team_member", args=[member.code])
        response = self.client.post(url, {"locations": ["neuss", "atlantis"]})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Standorte: Bitte wählen Sie nur", status_code=400)
        self.assertContains(response, 'value="neuss" id="location-neuss" checked', status_code=400)
        self.assertEqual(list(member.locations.values_list("slug", flat=True)), ["aachen"])
        self.assertFalse(AuditEvent.objects.exists())
