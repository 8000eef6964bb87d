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
        # +1: the locations of the grant form; +2: the caseloads (open cases, open tasks);
        # +1: the cases shared with the organisation (visibility, once per request)
        with self.assertNumQueries(13) as few:
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


class SwitchNextTests(WcrTestCase):
    def test_a_next_that_is_not_a_local_path_falls_back_to_the_staff_home(self) -> None:
        membership = Membership.objects.get(user=self.counsellor)
        self.sign_in(self.counsellor)
        for target in ("foo", "staff:team", "//evil.example", "https://evil.example", "/\\evil"):
            with self.subTest(target=target):
                response = self.client.post(
                    reverse("staff:switch_organisation"),
                    {"membership": str(membership.code), "next": target},
                )
                self.assertRedirects(response, reverse("staff:home"), fetch_redirect_response=False)


class TeamMembershipTests(WcrTestCase):
    def grant(self, **data: object) -> object:
        self.sign_in(self.team_lead)
        return self.client.post(reverse("staff:team"), data)

    def test_the_team_lead_grants_a_membership_to_an_existing_account_with_an_audit_entry(
        self,
    ) -> None:
        response = self.grant(
            user=self.other_counsellor.email.upper(), role=Role.COUNSELLOR, locations=["neuss"]
        )
        self.assertRedirects(response, reverse("staff:team"))
        membership = Membership.objects.get(user=self.other_counsellor, organisation=self.org_a)
        self.assertEqual(membership.role, Role.COUNSELLOR)
        self.assertEqual(list(membership.locations.values_list("slug", flat=True)), ["neuss"])
        event = AuditEvent.objects.get(action="membership.granted")
        self.assertEqual(event.actor, self.team_lead)
        self.assertEqual(event.organisation, self.org_a)  # the organisation's DPO sees it
        self.assertEqual(event.changes["role"], {"old": None, "new": Role.COUNSELLOR})

    def test_a_grant_names_each_bad_field_with_400(self) -> None:
        response = self.grant(user="nobody-here", role=Role.ADMINISTRATOR, locations=["atlantis"])
        self.assertEqual(response.status_code, 400)
        for text in ("Benutzer:", "Rolle:", "Standorte:"):
            self.assertContains(response, text, status_code=400)
        self.assertFalse(AuditEvent.objects.exists())

    def test_a_team_lead_cannot_grant_themselves_or_an_existing_member(self) -> None:
        response = self.grant(user=self.team_lead.username, role=Role.COUNSELLOR)
        self.assertContains(response, "Benutzer:", status_code=400)
        response = self.grant(user=self.counsellor.username, role=Role.TEAM_LEAD)
        self.assertContains(response, "bereits Mitglied", status_code=400)
        self.assertEqual(Membership.objects.get(user=self.counsellor).role, Role.COUNSELLOR)

    def test_the_team_lead_changes_the_role_and_ends_a_membership(self) -> None:
        member = Membership.objects.get(user=self.counsellor)
        self.sign_in(self.team_lead)
        url = reverse("staff:team_member", args=[member.code])
        response = self.client.post(url, {"role": Role.TEAM_LEAD, "locations": ["aachen"]})
        self.assertRedirects(response, url)
        member.refresh_from_db()
        self.assertEqual(member.role, Role.TEAM_LEAD)
        self.assertEqual(
            AuditEvent.objects.get(action="membership.role_changed").changes,
            {"role": {"old": Role.COUNSELLOR, "new": Role.TEAM_LEAD}},
        )
        response = self.client.post(url, {"action": "end"})
        self.assertRedirects(response, reverse("staff:team"))
        member.refresh_from_db()
        self.assertFalse(member.is_active)
        self.assertTrue(AuditEvent.objects.filter(action="membership.ended").exists())
        # given back through the grant form
        response = self.client.post(
            reverse("staff:team"), {"user": self.counsellor.username, "role": Role.COUNSELLOR}
        )
        self.assertRedirects(response, reverse("staff:team"))
        member.refresh_from_db()
        self.assertTrue(member.is_active)

    def test_the_team_lead_cannot_raise_a_role_or_touch_the_dpo(self) -> None:
        member = Membership.objects.get(user=self.counsellor)
        self.sign_in(self.team_lead)
        url = reverse("staff:team_member", args=[member.code])
        response = self.client.post(url, {"role": Role.ADMINISTRATOR})
        self.assertContains(response, "Rolle:", status_code=400)
        dpo = Membership.objects.get(user=self.dpo)
        response = self.client.post(
            reverse("staff:team_member", args=[dpo.code]), {"action": "end"}
        )
        self.assertContains(response, "Rolle:", status_code=400)
        dpo.refresh_from_db()
        self.assertTrue(dpo.is_active)
        own = Membership.objects.get(user=self.team_lead)
        response = self.client.post(
            reverse("staff:team_member", args=[own.code]), {"action": "end"}
        )
        self.assertContains(response, "Benutzer:", status_code=400)
        self.assertFalse(AuditEvent.objects.exists())

    def test_another_organisations_team_lead_gets_404(self) -> None:
        member = Membership.objects.get(user=self.counsellor)
        self.sign_in(self.other_team_lead)
        url = reverse("staff:team_member", args=[member.code])
        self.assertEqual(self.client.post(url, {"action": "end"}).status_code, 404)
        member.refresh_from_db()
        self.assertTrue(member.is_active)
