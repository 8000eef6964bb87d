"""Bearer-token authentication: the token's membership becomes the request's, so the tenancy gate
(``wcr.accounts.access``) works for API requests exactly as for the staff pages."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from wcr.accounts.models import ApiToken
from wcr.api.tokens import api_token_resolve


class BearerToken(HttpBearer):
    """``Authorization: Bearer wcr_…``; anything else leaves the request unauthenticated (401)."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        api_token = api_token_resolve(token)
        if api_token is None:
            return None
        membership = api_token.membership
        # What membership_middleware sets for a signed-in user, limited to the token's membership:
        # a token acts for one organisation and cannot switch.
        request.user = api_token.user
        request.membership = membership  # type: ignore[attr-defined]
        request.organisation = membership.organisation  # type: ignore[attr-defined]
        request.memberships = [membership]  # type: ignore[attr-defined]
        # Token requests are stateless: without this, the session middlewares would see a
        # signed-in user and create (and store) a session for every API call.
        if hasattr(request, "session"):
            del request.session
        return api_token
