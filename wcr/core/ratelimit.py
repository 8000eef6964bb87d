"""A fixed-window rate limit per client address, counted in the shared cache (the database
cache), so it holds across processes and app servers. The client is ``REMOTE_ADDR`` (the proxy
in front must set it, see docs/operations.md)."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.http import HttpRequest


def retry_after(request: HttpRequest, *, scope: str, limit: int, window: int) -> int | None:
    """Count this request; ``None`` while the client made at most ``limit`` requests in the
    current window of ``window`` seconds, else the seconds until the next window opens (for
    ``Retry-After``). A ``limit`` of 0 or less switches the limit off."""
    if limit <= 0:
        return None
    now = time.time()
    current = int(now // window)
    key = f"ratelimit:{scope}:{request.META.get('REMOTE_ADDR', '-')}:{current}"
    if cache.add(key, 1, timeout=window + 60):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=window + 60)
            count = 1
    if count <= limit:
        return None
    return max(1, int((current + 1) * window - now + 0.999))
