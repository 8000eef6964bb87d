"""Caching of public pages that are the same for every visitor (start page, locations, privacy
notice, accessibility statement, imprint …): ``@public_page`` on the view.

For a visitor without a session (no cookie but the language and CSRF cookies) the answer gets
``Cache-Control: public, max-age=PUBLIC_PAGE_MAX_AGE`` and ``Vary: Accept-Language, Cookie``;
``ConditionalGetMiddleware`` adds the ETag and answers ``If-None-Match`` with 304. With
``PUBLIC_PAGE_CACHE`` the rendered page is also kept in Django's default cache (the database
cache, shared by every worker process) for the same time, per path and language.

Nothing is cached - neither by the browser nor on the server - when the visitor has a session
(signed-in staff, a navigator in progress, a pending message), when the page rendered a CSRF token
(a form) or a CSP nonce, set a cookie or its own ``Cache-Control``, or answered anything but 200.
So a view can keep the decorator when a form is added to its page later: the page is then simply
not cached. ``forget_public_pages()`` drops every stored page (after a content change).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

GENERATION_KEY = "wcr.public_page.generation"
_PREFIX = "wcr.public_page:"

View = Callable[..., HttpResponse]


def _anonymous(request: HttpRequest) -> bool:
    """No cookie but the language and CSRF cookies: no session, hence nobody signed in."""
    allowed = {settings.LANGUAGE_COOKIE_NAME, settings.CSRF_COOKIE_NAME}
    return request.method in ("GET", "HEAD") and set(request.COOKIES) <= allowed


def _cacheable(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "Cache-Control" not in response
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not getattr(request, "_csp_nonce", None)
    )


def _key(request: HttpRequest) -> str:
    path = hashlib.sha256(request.path.encode()).hexdigest()
    return f"{_PREFIX}{get_language()}:{path}"


def _mark_public(response: HttpResponse) -> None:
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
    patch_vary_headers(response, ("Accept-Language", "Cookie"))


def forget_public_pages() -> None:
    """Every page kept on the server is stale from now on (a content page was published)."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def public_page(view: View) -> View:
    """Mark ``view``'s answers to anonymous visitors as public and cache them (module doc)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _anonymous(request) or settings.PUBLIC_PAGE_MAX_AGE <= 0:
            return view(request, *args, **kwargs)
        store = settings.PUBLIC_PAGE_CACHE and not request.GET
        key = _key(request)
        generation = None
        if store:
            found = cache.get_many([GENERATION_KEY, key])
            generation = found.get(GENERATION_KEY)
            kept = found.get(key)
            if kept is not None and kept[0] == generation:
                response = HttpResponse(kept[2], content_type=kept[1])
                _mark_public(response)
                return response
        response = view(request, *args, **kwargs)
        if not _cacheable(request, response):
            return response
        _mark_public(response)
        if store:
            cache.set(
                key,
                (generation, response["Content-Type"], response.content),
                timeout=settings.PUBLIC_PAGE_MAX_AGE,
            )
        return response

    return wrapper
