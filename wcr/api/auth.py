"""Bearer-token authentication: the token's membership becomes the request's, so the tenancy gate
(``wcr.accounts.access``) works for API requests exactly as for the staff pages.

Answers (RFC 6750):

- no token, another scheme: 401 ``{"detail": "Unauthorized"}``, ``WWW-Authenticate: Bearer``;
- a token that is malformed, unknown, expired or revoked (or whose membership ended): the same 401
  with ``WWW-Authenticate: Bearer error="invalid_token"``;
- a read-only token on ``POST``/``PUT``/``PATCH``/``DELETE``: 403
  ``{"detail": "read_only_token"}`` with ``WWW-Authenticate: Bearer error="insufficient_scope"``.

The headers come from :func:`register_auth_errors`, which the API router calls once.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse
from ninja.errors import AuthenticationError, AuthorizationError
from ninja.security import HttpBearer

from wcr.accounts.models import ApiToken
from wcr.api.tokens import api_token_resolve

if TYPE_CHECKING:
    from ninja import NinjaAPI

# Methods that only read; every other method needs a read-write token (deny by default).
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
READ_ONLY_TOKEN = "read_only_token"  # noqa: S105 (an error code, not a secret)


class InvalidToken(AuthenticationError):
    """A token was presented, but it is malformed, unknown, expired or revoked."""


class ReadOnlyToken(AuthorizationError):
    """A read-only token on a method that writes."""

    def __init__(self) -> None:
        super().__init__(message=READ_ONLY_TOKEN)


class BearerToken(HttpBearer):
    """``Authorization: Bearer wcr_…``; anything else leaves the request unauthenticated (401)."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        api_token = api_token_resolve(token)
        if api_token is None:
            raise InvalidToken
        if api_token.read_only and request.method not in READ_METHODS:
            raise ReadOnlyToken
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


def _auth_error(
    request: HttpRequest, exc: AuthenticationError | AuthorizationError, *, api: NinjaAPI
) -> HttpResponse:
    response = api.create_response(request, {"detail": str(exc)}, status=exc.status_code)
    if isinstance(exc, InvalidToken):
        response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
    elif isinstance(exc, ReadOnlyToken):
        response["WWW-Authenticate"] = 'Bearer error="insufficient_scope"'
    else:
        response["WWW-Authenticate"] = "Bearer"
    return response


def register_auth_errors(api: NinjaAPI) -> None:
    """Answer authentication and authorisation errors with their ``WWW-Authenticate`` header.
    Without it the answers are the same, only without the header."""
    api.add_exception_handler(AuthenticationError, partial(_auth_error, api=api))
    api.add_exception_handler(AuthorizationError, partial(_auth_error, api=api))
