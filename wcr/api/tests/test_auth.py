from __future__ import annotations

import datetime

from django.contrib.sessions.models import Session
from django.test import override_settings
from django.utils import timezone

from wcr.accounts.models import ApiToken, Membership
from wcr.api.tests.base import ApiTestCase, make_person
from wcr.api.tokens import api_token_create, api_token_revoke
from wcr.cases.models import Company

URL = "/api/v1/persons"
COMPANIES = "/api/v1/companies"
PROBE = "/probe-api/probe"


def expire(token: ApiToken, *, at: datetime.datetime) -> None:
    """Let ``token`` expire at ``at`` (as if it had been made with that lifetime)."""
    ApiToken.objects.filter(pk=token.pk).update(expires_at=at)


class TokenAuthTest(ApiTestCase):
    def test_it_answers_401_json_without_a_token(self) -> None:
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json(), {"detail": "Unauthorized"})

    def test_it_answers_401_for_a_wrong_token(self) -> None:
        token = self.tokens["counsellor"]
        for wrong in (token[:-2] + "xx", "wcr_nothing_here", "garbage", token + "x"):
            with self.subTest(wrong=wrong):
                self.assertEqual(self.get(URL, wrong).status_code, 401)

    def test_it_answers_401_for_another_scheme(self) -> None:
        response = self.client.get(
            URL, headers={"Authorization": f"Token {self.tokens['counsellor']}"}
        )
        self.assertEqual(response.status_code, 401)

    def test_it_ignores_a_session_without_a_token(self) -> None:
        self.sign_in(self.counsellor)
        self.assertEqual(self.client.get(URL).status_code, 401)

    def test_it_answers_401_for_a_revoked_token(self) -> None:
        token, plain = api_token_create(
            actor=None, membership=Membership.objects.get(user=self.counsellor)
        )
        self.assertEqual(self.get(URL, plain).status_code, 200)
        api_token_revoke(actor=self.team_lead, token=token)
        self.assertEqual(self.get(URL, plain).status_code, 401)

    def test_it_answers_401_once_the_membership_is_inactive(self) -> None:
        Membership.objects.filter(user=self.counsellor).update(is_active=False)
        self.assertEqual(self.get(URL, self.tokens["counsellor"]).status_code, 401)

    def test_it_answers_401_once_the_user_is_inactive(self) -> None:
        self.counsellor.is_active = False
        self.counsellor.save(update_fields=["is_active"])
        self.assertEqual(self.get(URL, self.tokens["counsellor"]).status_code, 401)

    def test_it_stores_only_a_hash_of_the_secret(self) -> None:
        token, plain = api_token_create(
            actor=None, membership=Membership.objects.get(user=self.counsellor)
        )
        prefix, secret = plain.split("_", 2)[1:]
        self.assertEqual(token.prefix, prefix)
        self.assertNotIn(secret, token.secret_hash)
        self.assertEqual(len(token.secret_hash), 64)

    def test_it_records_when_a_token_was_last_used(self) -> None:
        self.assertIsNone(
            ApiToken.objects.get(prefix=self.tokens["counsellor"].split("_")[1]).last_used_at
        )
        before = timezone.now()
        self.get(URL, self.tokens["counsellor"])
        used = ApiToken.objects.get(prefix=self.tokens["counsellor"].split("_")[1]).last_used_at
        self.assertIsNotNone(used)
        assert used is not None
        self.assertGreaterEqual(used, before)

    def test_a_token_acts_only_for_its_own_organisation(self) -> None:
        # A counsellor of A who also works for B: the token for A never shows B's data.
        second = Membership.objects.create(
            user=self.counsellor, organisation=self.org_b, role="counsellor"
        )
        _, plain_a = api_token_create(
            actor=None,
            membership=Membership.objects.get(user=self.counsellor, organisation=self.org_a),
        )
        _, plain_b = api_token_create(actor=None, membership=second)
        make_person(self.other_counsellor, self.org_b, given_name="Only", family_name="InB")
        self.assertEqual(self.get(URL, plain_a).json()["count"], 0)
        self.assertEqual(self.get(URL, plain_b).json()["count"], 1)

    def test_token_requests_create_no_session(self) -> None:
        response = self.get(URL, self.tokens["counsellor"])
        self.assertEqual(response.status_code, 200)
        self.assertEqual(dict(response.cookies), {})
        self.assertFalse(Session.objects.exists())
        self.assertIn("no-store", response["Cache-Control"])


class TokenExpiryAndScopeTest(ApiTestCase):
    def membership(self) -> Membership:
        return Membership.objects.get(user=self.counsellor)

    def test_a_token_works_until_it_expires_and_answers_401_afterwards(self) -> None:
        token, plain = api_token_create(actor=None, membership=self.membership(), days=1)
        expire(token, at=timezone.now() + datetime.timedelta(seconds=30))
        self.assertEqual(self.get(URL, plain).status_code, 200)
        expire(token, at=timezone.now())
        response = self.get(URL, plain)
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json(), {"detail": "Unauthorized"})

    def test_a_new_token_expires_after_90_days_by_default(self) -> None:
        before = timezone.now()
        token, _ = api_token_create(actor=None, membership=self.membership())
        self.assertGreaterEqual(token.expires_at, before + datetime.timedelta(days=90))
        self.assertLessEqual(token.expires_at, timezone.now() + datetime.timedelta(days=90))
        self.assertEqual(token.scope, ApiToken.Scope.WRITE)

    def test_a_read_only_token_reads(self) -> None:
        _, plain = api_token_create(
            actor=None, membership=self.membership(), scope=ApiToken.Scope.READ
        )
        make_person(self.counsellor, self.org_a)
        response = self.get(URL, plain)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["count"], 1)

    def test_a_read_only_token_cannot_write(self) -> None:
        _, plain = api_token_create(
            actor=None, membership=self.membership(), scope=ApiToken.Scope.READ
        )
        response = self.post(COMPANIES, {"name": "Bäckerei Schmitz GmbH"}, plain)
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json(), {"detail": "read_only_token"})
        self.assertFalse(Company.objects.exists())

    def test_a_read_only_token_is_refused_before_the_input_is_read(self) -> None:
        # Invalid input would be a 422; the token's scope is checked first, so a read-only
        # token learns nothing about what the endpoint accepts.
        _, plain = api_token_create(
            actor=None, membership=self.membership(), scope=ApiToken.Scope.READ
        )
        self.assertEqual(self.post(COMPANIES, {"name": ""}, plain).status_code, 403)

    def test_a_read_write_token_writes(self) -> None:
        _, plain = api_token_create(
            actor=None, membership=self.membership(), scope=ApiToken.Scope.WRITE
        )
        response = self.post(COMPANIES, {"name": "Bäckerei Schmitz GmbH"}, plain)
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(Company.objects.get().organisation, self.org_a)

    def test_a_revoked_read_only_token_answers_401_not_403(self) -> None:
        token, plain = api_token_create(
            actor=None, membership=self.membership(), scope=ApiToken.Scope.READ
        )
        api_token_revoke(actor=None, token=token)
        self.assertEqual(self.post(COMPANIES, {"name": "X"}, plain).status_code, 401)

    def test_a_token_lives_at_most_a_year(self) -> None:
        for days in (0, -1, 366, 10_000, True):
            with self.subTest(days=days), self.assertRaisesMessage(ValueError, "1 to 365 days"):
                api_token_create(actor=None, membership=self.membership(), days=days)
        token, _ = api_token_create(actor=None, membership=self.membership(), days=365)
        self.assertLessEqual(token.expires_at, token.created_at + datetime.timedelta(days=365))

    def test_the_database_refuses_an_expiry_beyond_a_year(self) -> None:
        from django.db import IntegrityError, transaction

        token, _ = api_token_create(actor=None, membership=self.membership(), days=365)
        with self.assertRaises(IntegrityError), transaction.atomic():
            ApiToken.objects.filter(pk=token.pk).update(
                expires_at=token.created_at + datetime.timedelta(days=365, seconds=1)
            )
        with self.assertRaises(IntegrityError), transaction.atomic():
            ApiToken.objects.filter(pk=token.pk).update(scope="admin")

    def test_last_use_is_written_at_most_once_a_minute(self) -> None:
        token, plain = api_token_create(actor=None, membership=self.membership())
        recently = timezone.now() - datetime.timedelta(seconds=50)
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=recently)
        self.get(URL, plain)
        token.refresh_from_db()
        self.assertEqual(token.last_used_at, recently)
        a_while_ago = timezone.now() - datetime.timedelta(seconds=61)
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=a_while_ago)
        before = timezone.now()
        self.get(URL, plain)
        token.refresh_from_db()
        assert token.last_used_at is not None
        self.assertGreaterEqual(token.last_used_at, before)


@override_settings(ROOT_URLCONF="wcr.api.tests.auth_urls")
class AuthenticateHeaderTest(ApiTestCase):
    """The answers ``register_auth_errors`` gives, on an API authenticated like ``/api/v1/``."""

    def test_without_a_token_it_asks_for_one(self) -> None:
        response = self.client.get(PROBE)
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json(), {"detail": "Unauthorized"})
        self.assertEqual(response["WWW-Authenticate"], "Bearer")

    def test_an_unknown_expired_or_revoked_token_is_an_invalid_token(self) -> None:
        membership = Membership.objects.get(user=self.counsellor)
        revoked, revoked_plain = api_token_create(actor=None, membership=membership)
        api_token_revoke(actor=None, token=revoked)
        expiring, expiring_plain = api_token_create(actor=None, membership=membership, days=1)
        expire(expiring, at=timezone.now())
        expired = self.get(PROBE, expiring_plain)
        for label, response in (
            ("unknown", self.get(PROBE, "wcr_0123456789ab_nothing")),
            ("malformed", self.get(PROBE, "garbage")),
            ("revoked", self.get(PROBE, revoked_plain)),
            ("expired", expired),
        ):
            with self.subTest(label):
                self.assertEqual(response.status_code, 401)
                self.assertEqual(response.json(), {"detail": "Unauthorized"})
                self.assertEqual(response["WWW-Authenticate"], 'Bearer error="invalid_token"')

    def test_a_read_only_token_reads_but_does_not_write(self) -> None:
        _, plain = api_token_create(
            actor=None,
            membership=Membership.objects.get(user=self.counsellor),
            scope=ApiToken.Scope.READ,
        )
        self.assertEqual(self.get(PROBE, plain).json(), {"method": "GET"})
        for response in (
            self.post(PROBE, {}, plain),
            self.client.delete(PROBE, headers=self.auth(plain)),
        ):
            self.assertEqual(response.status_code, 403)
            self.assertEqual(response.json(), {"detail": "read_only_token"})
            self.assertEqual(response["WWW-Authenticate"], 'Bearer error="insufficient_scope"')

    def test_a_read_write_token_writes(self) -> None:
        response = self.post(PROBE, {}, self.tokens["counsellor"])
        self.assertEqual(response.json(), {"method": "POST"})
        self.assertNotIn("WWW-Authenticate", response)
