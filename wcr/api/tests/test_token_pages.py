"""The staff area's API token pages: list, create (shown once), revoke (own tokens only)."""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wcr.accounts.models import ApiToken, Membership
from wcr.api.tests.base import ApiTestCase
from wcr.api.tokens import api_token_create
from wcr.privacy.models import AuditEvent

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

LIST = reverse("api_tokens:list")
TOKEN = re.compile(r"wcr_[0-9a-f]{12}_[A-Za-z0-9_-]{20,}")


def revoke_url(token: ApiToken) -> str:
    return reverse("api_tokens:revoke", args=[token.code])


class TokenPagesTest(ApiTestCase):
    def create(self, **data: str) -> Response:
        return self.client.post(LIST, {"name": "CRM", "scope": "read", "days": "30", **data})

    def test_anonymous_users_go_to_the_login_page(self) -> None:
        for url in (LIST, revoke_url(ApiToken.objects.first())):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 302)
                self.assertIn(reverse("account_login"), response["Location"])

    def test_a_user_without_membership_gets_404(self) -> None:
        self.sign_in(self.no_membership)
        self.assertEqual(self.client.get(LIST).status_code, 404)

    def test_it_lists_only_the_users_own_tokens(self) -> None:
        own = ApiToken.objects.get(user=self.counsellor)
        ApiToken.objects.filter(pk=own.pk).update(last_used_at=timezone.now())
        self.sign_in(self.counsellor)
        response = self.client.get(LIST)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "API-Zugänge")
        self.assertContains(response, f"wcr_{own.prefix}_…")
        self.assertContains(response, "Lesen und schreiben")
        self.assertContains(response, "Organisation A")
        self.assertContains(response, "aktiv")
        self.assertNotContains(response, ">nie<")  # it was used
        for user in (self.team_lead, self.other_counsellor, self.coordinator):
            prefix = ApiToken.objects.get(user=user).prefix
            self.assertNotContains(response, prefix)
        self.assertNotContains(response, own.secret_hash)

    def test_it_shows_status_and_last_use(self) -> None:
        membership = Membership.objects.get(user=self.counsellor)
        expired, _ = api_token_create(actor=None, membership=membership, name="Old sync")
        ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
        self.sign_in(self.counsellor)
        response = self.client.get(LIST)
        self.assertContains(response, "abgelaufen")
        self.assertContains(response, ">nie<")  # neither token was used
        self.assertContains(
            response, revoke_url(ApiToken.objects.get(user=self.counsellor, name=""))
        )
        self.assertNotContains(response, revoke_url(expired))

    def test_the_list_costs_the_same_queries_for_one_token_or_many(self) -> None:
        self.sign_in(self.counsellor)
        with CaptureQueriesContext(connection) as one:
            self.assertEqual(self.client.get(LIST).status_code, 200)
        membership = Membership.objects.get(user=self.counsellor)
        for number in range(5):
            api_token_create(actor=None, membership=membership, name=f"Token {number}")
        with CaptureQueriesContext(connection) as six:
            self.assertContains(self.client.get(LIST), "Token 4")
        self.assertEqual(len(six), len(one))

    def test_the_staff_navigation_links_to_the_page(self) -> None:
        for user in (self.counsellor, self.dpo, self.coordinator):
            with self.subTest(user=user.username):
                self.sign_in(user)
                self.assertContains(self.client.get(reverse("staff:home")), f'href="{LIST}"')

    def test_it_creates_a_token_and_shows_it_exactly_once(self) -> None:
        self.sign_in(self.counsellor)
        response = self.create(name="CRM export", scope="read", days="30")
        self.assertEqual(response.status_code, 200)
        shown = TOKEN.findall(response.content.decode())
        self.assertEqual(len(shown), 1)
        plain = shown[0]
        self.assertContains(response, "nur dieses eine Mal")
        token = ApiToken.objects.get(prefix=plain.split("_")[1])
        self.assertEqual(token.user, self.counsellor)
        self.assertEqual(token.membership.organisation, self.org_a)
        self.assertEqual(token.name, "CRM export")
        self.assertEqual(token.scope, ApiToken.Scope.READ)
        self.assertLessEqual(token.expires_at, timezone.now() + datetime.timedelta(days=30))
        self.assertGreater(token.expires_at, timezone.now() + datetime.timedelta(days=29))
        # It works, read-only.
        self.assertEqual(self.get("/api/v1/persons", plain).status_code, 200)
        self.assertEqual(self.post("/api/v1/companies", {"name": "X"}, plain).status_code, 403)
        # The next view of the page lists the token, but never its secret again.
        again = self.client.get(LIST)
        self.assertContains(again, f"wcr_{token.prefix}_…")
        self.assertNotContains(again, plain.split("_", 2)[2])
        self.assertEqual(TOKEN.findall(again.content.decode()), [])

    def test_the_database_holds_no_raw_secret(self) -> None:
        self.sign_in(self.counsellor)
        plain = TOKEN.findall(self.create().content.decode())[0]
        secret = plain.split("_", 2)[2]
        token = ApiToken.objects.get(prefix=plain.split("_")[1])
        stored = ApiToken.objects.filter(pk=token.pk).values().get()
        self.assertFalse([field for field, value in stored.items() if secret in str(value)])
        events = AuditEvent.objects.filter(object_code=str(token.code))
        self.assertFalse([e for e in events if secret in str(e.changes)])

    def test_creating_and_revoking_are_audited(self) -> None:
        self.sign_in(self.counsellor)
        plain = TOKEN.findall(self.create(name="Reporting").content.decode())[0]
        token = ApiToken.objects.get(prefix=plain.split("_")[1])
        created = AuditEvent.objects.get(action="api_token.created", object_code=str(token.code))
        self.assertEqual(created.actor, self.counsellor)
        self.assertEqual(created.organisation, self.org_a)
        self.assertEqual(created.changes["scope"]["new"], "read")
        self.assertEqual(created.changes["name"]["new"], "Reporting")
        self.client.post(revoke_url(token))
        revoked = AuditEvent.objects.get(action="api_token.revoked", object_code=str(token.code))
        self.assertEqual(revoked.actor, self.counsellor)

    def test_a_token_acts_for_the_organisation_chosen_in_the_switcher(self) -> None:
        second = Membership.objects.create(
            user=self.counsellor, organisation=self.org_b, role="counsellor"
        )
        self.sign_in(self.counsellor)
        self.client.post(reverse("staff:switch_organisation"), {"membership": str(second.code)})
        response = self.create()
        self.assertContains(response, "Organisation B")
        plain = TOKEN.findall(response.content.decode())[0]
        self.assertEqual(ApiToken.objects.get(prefix=plain.split("_")[1]).membership, second)

    def test_invalid_input_answers_400_naming_the_field_and_keeps_the_input(self) -> None:
        self.sign_in(self.counsellor)
        for data, field, message in (
            ({"days": "366"}, "days", "kleiner oder gleich 365"),
            ({"days": "0"}, "days", "größer oder gleich 1"),
            ({"days": "ninety"}, "days", "ganze Zahl"),
            ({"days": ""}, "days", "Dieses Feld ist zwingend erforderlich"),
            ({"scope": "admin"}, "scope", "gültige Auswahl"),
            ({"scope": ""}, "scope", "Dieses Feld ist zwingend erforderlich"),
            ({"name": ""}, "name", "Dieses Feld ist zwingend erforderlich"),
            ({"name": "x" * 101}, "name", "höchstens 100 Zeichen"),
        ):
            with self.subTest(data=data):
                response = self.create(**{"name": "Kept name", **data})
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, f'id="id_{field}-error"', status_code=400)
                self.assertContains(response, message, status_code=400)
                if field != "name":
                    self.assertContains(response, 'value="Kept name"', status_code=400)
                self.assertEqual(TOKEN.findall(response.content.decode()), [])
        self.assertEqual(ApiToken.objects.filter(user=self.counsellor).count(), 1)
        kept = self.create(name="Kept", scope="write", days="400")
        self.assertContains(kept, 'value="400"', status_code=400)
        self.assertRegex(kept.content.decode(), r'value="write"[^>]*checked')

    def test_the_form_is_accessible(self) -> None:
        self.sign_in(self.counsellor)
        response = self.client.get(LIST)
        content = response.content.decode()
        self.assertIn('<label class="kern-label" for="id_name">', content)
        self.assertIn('<label class="kern-label" for="id_days">', content)
        self.assertRegex(
            content,
            r'<fieldset class="kern-fieldset"[^>]*>\s*<legend class="kern-label">Zugang</legend>',
        )
        self.assertIn('value="read" id="id_scope_0" checked', content)
        self.assertIn('value="90"', content)

    def test_the_english_page(self) -> None:
        self.sign_in(self.counsellor)
        response = self.client.get(LIST, HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, '<h1 class="kern-heading-large">API tokens</h1>', html=False)
        self.assertContains(response, "Read and write")


class TokenRevokeTest(ApiTestCase):
    def token(self) -> ApiToken:
        return ApiToken.objects.get(user=self.counsellor)

    def test_it_asks_before_revoking(self) -> None:
        token = self.token()
        self.sign_in(self.counsellor)
        response = self.client.get(revoke_url(token))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, f"wcr_{token.prefix}_…")
        self.assertContains(response, f'method="post" action="{revoke_url(token)}"')
        token.refresh_from_db()
        self.assertIsNone(token.revoked_at)

    def test_it_revokes_the_users_own_token(self) -> None:
        token = self.token()
        self.assertEqual(self.get("/api/v1/persons", self.tokens["counsellor"]).status_code, 200)
        self.sign_in(self.counsellor)
        response = self.client.post(revoke_url(token), follow=True)
        self.assertRedirects(response, LIST)
        self.assertContains(response, f"Das Token wcr_{token.prefix}_… wurde widerrufen.")
        token.refresh_from_db()
        self.assertIsNotNone(token.revoked_at)
        self.assertEqual(self.get("/api/v1/persons", self.tokens["counsellor"]).status_code, 401)
        self.assertNotContains(self.client.get(LIST), revoke_url(token))

    def test_revoking_twice_changes_nothing(self) -> None:
        token = self.token()
        self.sign_in(self.counsellor)
        self.client.post(revoke_url(token))
        token.refresh_from_db()
        first = token.revoked_at
        response = self.client.post(revoke_url(token), follow=True)
        self.assertContains(response, "nicht mehr aktiv")
        token.refresh_from_db()
        self.assertEqual(token.revoked_at, first)
        self.assertEqual(AuditEvent.objects.filter(action="api_token.revoked").count(), 1)

    def test_nobody_else_sees_or_revokes_a_users_token(self) -> None:
        token = self.token()
        # A colleague of the same organisation, its team lead, another organisation, and the
        # network roles: all 404, GET and POST.
        for user in (
            self.team_lead,
            self.other_counsellor,
            self.other_team_lead,
            self.coordinator,
            self.dpo,
            self.administrator,
        ):
            with self.subTest(user=user.username):
                self.sign_in(user)
                self.assertEqual(self.client.get(revoke_url(token)).status_code, 404)
                self.assertEqual(self.client.post(revoke_url(token)).status_code, 404)
        token.refresh_from_db()
        self.assertIsNone(token.revoked_at)
        self.assertFalse(AuditEvent.objects.filter(action="api_token.revoked").exists())

    def test_a_malformed_or_unknown_code_is_404(self) -> None:
        self.sign_in(self.counsellor)
        for code in ("not-a-uuid", "00000000-0000-0000-0000-000000000000"):
            with self.subTest(code=code):
                url = reverse("api_tokens:revoke", args=[code])
                self.assertEqual(self.client.post(url).status_code, 404)
