"""A fixed-window rate limit per client address, kept in the shared cache (the database
cache), so it holds across processes and app servers."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def rate_limited(request: HttpRequest, *, scope: str, limit: int | None = None) -> bool:
    """True when this client made more than ``limit`` (default ``NAVIGATOR_RATE_LIMIT``)
    requests in the current minute. The client is ``REMOTE_ADDR`` (the proxy in front must set
    it, see operations)."""
    if limit is None:
        limit = settings.NAVIGATOR_RATE_LIMIT
    if limit <= 0:
        return False
    window = int(time.time() // 60)
    key = f"ratelimit:{scope}:{request.META.get('REMOTE_ADDR', '-')}:{window}"
    if cache.add(key, 1, timeout=90):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=90)
        return False
    return count > limit
