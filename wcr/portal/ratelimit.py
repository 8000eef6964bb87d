"""The portal's rate limit: ``PORTAL_RATE_LIMIT`` requests per client address and hour, through
the platform's one rate limit (``wcr.core.ratelimit``)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from wcr.core import ratelimit


def retry_after(request: HttpRequest, *, scope: str) -> int | None:
    """``None`` while this client is within the limit of the current hour; else the seconds
    until the next hour's window opens (for ``Retry-After``)."""
    return ratelimit.retry_after(
        request, scope=scope, limit=settings.PORTAL_RATE_LIMIT, window=3600
    )
