"""The portal's rate limit: ``PORTAL_RATE_LIMIT`` requests per client address and hour, counted
in the shared cache (the database cache), so it holds across processes and app servers."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

WINDOW_SECONDS = 3600


def retry_after(request: HttpRequest, *, scope: str) -> int | None:
    """``None`` while this client is within the limit of the current hour; else the seconds
    until the next hour's window opens (for ``Retry-After``). The client is ``REMOTE_ADDR``
    (the proxy in front must set it, see operations); ``0`` switches the limit off."""
    limit = settings.PORTAL_RATE_LIMIT
    if limit <= 0:
        return None
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    key = f"ratelimit:{scope}:{request.META.get('REMOTE_ADDR', '-')}:{window}"
    if cache.add(key, 1, timeout=WINDOW_SECONDS + 60):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=WINDOW_SECONDS + 60)
            count = 1
    if count <= limit:
        return None
    return max(1, int((window + 1) * WINDOW_SECONDS - now + 0.999))
