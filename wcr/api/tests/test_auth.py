from __future__ import annotations

from django.contrib.sessions.models import Session
from django.utils import timezone

from wcr.accounts.models import ApiToken, Membership
from wcr.api.tests.base import ApiTestCase, make_person
from wcr.api.tokens import api_token_create, api_token_revoke

URL = "/api/v1/persons"


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
