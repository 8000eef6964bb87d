"""The API-token gate on its own: a request without a signed-in user reaches no token."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import RequestFactory

from wcr.accounts.models import Membership
from wcr.api.access import access_api_token
from wcr.api.tokens import api_token_create
from wcr.core.testing.base import WcrTestCase


class TokenGateTests(WcrTestCase):
    def test_an_anonymous_request_gets_404_even_for_an_existing_token(self) -> None:
        token, _raw = api_token_create(
            actor=None, membership=Membership.objects.get(user=self.counsellor)
        )
        request = RequestFactory().get("/")
        request.user = AnonymousUser()
        with self.assertRaises(Http404):
            access_api_token(request, token.code)

    def test_the_owner_reaches_their_token(self) -> None:
        token, _raw = api_token_create(
            actor=None, membership=Membership.objects.get(user=self.counsellor)
        )
        request = RequestFactory().get("/")
        request.user = self.counsellor
        self.assertEqual(access_api_token(request, token.code), token)
