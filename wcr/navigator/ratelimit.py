"""The navigator's limits (the public API and the PDF): requests per client address and minute,
through the platform's one rate limit (``wcr.core.ratelimit``)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from wcr.core.ratelimit import retry_after


def rate_limited(request: HttpRequest, *, scope: str, limit: int | None = None) -> bool:
    """True when this client made more than ``limit`` (default ``NAVIGATOR_RATE_LIMIT``)
    requests in the current minute."""
    if limit is None:
        limit = settings.NAVIGATOR_RATE_LIMIT
    return retry_after(request, scope=scope, limit=limit, window=60) is not None
