"""Every staff page: anonymous users are sent to the login, the wrong role gets 404, the right
role gets the page, and another organisation gets 404 for what is not theirs."""

from __future__ import annotations

from django.urls import reverse

from wcr.accounts.models import Membership
from wcr.core.testing.base import WcrTestCase

# (url name, roles that may see it: persona attribute names)
STAFF_PAGES = [
    ("staff:home", {"counsellor", "team_lead", "coordinator", "dpo", "administrator"}),
    ("staff:team", {"team_lead"}),
    ("privacy:access_log", {"dpo"}),
    ("privacy:audit_trail", {"dpo"}),
    ("region:overview", {"counsellor", "team_lead", "coordinator", "dpo", "administrator"}),
    ("content:pages", {"team_lead", "coordinator"}),
    ("content:notices", {"team_lead", "coordinator"}),
    ("reporting:statistics", {"counsellor", "team_lead", "coordinator"}),
    ("reporting:overview", {"counsellor", "team_lead", "coordinator"}),
    ("reporting:report", {"counsellor", "team_lead", "coordinator"}),
    ("reporting:worklists", {"counsellor", "team_lead"}),
    ("reporting:committee", {"team_lead", "coordinator"}),
]
PERSONAS = ["counsellor", "team_lead", "coordinator", "dpo", "administrator", "no_membership"]


class StaffPageAccessTests(WcrTestCase):
    def test_it_sends_anonymous_users_to_the_login_page(self) -> None:
        for name, _roles in STAFF_PAGES:
            with self.subTest(page=name):
                response = self.client.get(reverse(name))
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].startswith(reverse("account_login")))

    def test_it_answers_each_role_with_the_page_or_404(self) -> None:
        for persona in PERSONAS:
            self.sign_in(getattr(self, persona))
            for name, roles in STAFF_PAGES:
                with self.subTest(persona=persona, page=name):
                    response = self.client.get(reverse(name))
                    self.assertEqual(response.status_code, 200 if persona in roles else 404)
                    if persona in roles:
                        self.assertIn("no-store", response["Cache-Control"])
            self.client.logout()

    def test_it_answers_404_for_a_colleague_of_another_organisation(self) -> None:
        other = Membership.objects.get(user=self.other_counsellor)
        self.sign_in(self.team_lead)
        response = self.client.get(reverse("staff:team_member", args=[other.code]))
        self.assertEqual(response.status_code, 404)
        response = self.client.post(
            reverse("staff:team_member", args=[other.code]), {"locations": ["aachen"]}
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(list(other.locations.all()), [self.location])

    def test_it_answers_404_for_a_malformed_or_unknown_code(self) -> None:
        self.sign_in(self.team_lead)
        for code in ["not-a-uuid", "00000000-0000-0000-0000-000000000000"]:
            with self.subTest(code=code):
                response = self.client.get(reverse("staff:team_member", args=[code]))
                self.assertEqual(response.status_code, 404)

    def test_it_keeps_the_admin_from_people_without_staff_rights(self) -> None:
        self.sign_in(self.counsellor)
        response = self.client.get(reverse("admin:index"))
        self.assertEqual(response.status_code, 302)
        self.sign_in(self.administrator)
        response = self.client.get(reverse("admin:index"))
        self.assertEqual(response.status_code, 200)


def staff_urls() -> list[str]:
    """Every URL under /mitarbeitende/, with a random UUID for each parameter."""
    import uuid

    from django.urls import URLPattern, URLResolver, get_resolver

    found: list[str] = []

    def walk(patterns: list, prefix: str) -> None:  # type: ignore[type-arg]
        for pattern in patterns:
            route = str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + route)
            elif isinstance(pattern, URLPattern):
                url = "/" + prefix + route
                for name in pattern.pattern.converters:
                    url = url.replace(f"<str:{name}>", str(uuid.uuid4()))
                    url = url.replace(f"<uuid:{name}>", str(uuid.uuid4()))
                if url.startswith("/mitarbeitende/"):
                    found.append(url)

    walk(get_resolver().url_patterns, "")
    return found


class EveryStaffUrlTests(WcrTestCase):
    def test_there_are_staff_urls_to_check(self) -> None:
        self.assertGreaterEqual(len(staff_urls()), 8)

    def test_every_staff_url_sends_anonymous_users_to_the_login(self) -> None:
        for url in staff_urls():
            for method in ("get", "post"):
                with self.subTest(url=url, method=method):
                    response = getattr(self.client, method)(url)
                    self.assertEqual(response.status_code, 302)
                    self.assertTrue(response["Location"].startswith(reverse("account_login")))

    def test_every_staff_url_refuses_a_user_without_membership(self) -> None:
        self.sign_in(self.no_membership)
        for url in staff_urls():
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
