"""The gate for API tokens: a user reaches only their own tokens; anyone else's answer 404."""

from __future__ import annotations

import uuid

from django.http import Http404

from wcr.accounts.access import parse_code
from wcr.accounts.models import ApiToken
from wcr.api.tokens import api_tokens_of
from wcr.core.request import WcrRequest


def access_api_token(request: WcrRequest, code: str | uuid.UUID) -> ApiToken:
    """One of the signed-in user's own tokens (in any of their organisations), else 404."""
    user = request.user
    if not user.is_authenticated:
        raise Http404
    token = api_tokens_of(user).filter(code=parse_code(code)).first()
    if token is None:
        raise Http404
    return token
