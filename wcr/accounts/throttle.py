"""The login throttle: per client address, per account (username and email count together), and a
way in for the owner while someone else is guessing.

allauth counts failed logins per address and per "key". We make the key the *account*: the login
given (user name or email, any case) is resolved to the user id, so 5 guesses per 5 minutes are 5,
not 5 by user name plus 5 by email. A throttled login answers with the time it opens again, and the
account's owner is told by mail (once per throttle window).

So that a stranger who guesses cannot lock the owner out (OWASP's "device cookie"): a browser that
has signed in to the account before holds a signed cookie naming the account; its attempts count in
a bucket of their own, not in the account's. The per-address limit applies to everyone.
"""

from __future__ import annotations

import datetime
import secrets

from allauth.account import app_settings as account_settings
from allauth.core.internal.ratelimit import get_cache_key, parse_rates
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db.models import Q
from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone

from wcr.accounts.models import User

DEVICE_COOKIE = "wcr_device"
DEVICE_COOKIE_MAX_AGE = 180 * 24 * 3600
_DEVICE_SALT = "wcr.accounts.throttle.device"
_NOTICE_KEY = "wcr:login-throttled-notice:{pk}"


def account_for_login(login: str) -> User | None:
    """The account a login (user name or email address, any case) names, if any."""
    login = login.strip()
    if not login:
        return None
    return (
        User.objects.filter(Q(username__iexact=login) | Q(email__iexact=login))
        .order_by("pk")
        .first()
    )


def throttle_key(request: HttpRequest, login: str) -> tuple[str, User | None, bool]:
    """(key for allauth's per-key limit, the account, whether the attempt comes from a device the
    account has signed in from before)."""
    user = account_for_login(login)
    if user is None:
        return f"login:{login.strip().lower()}", None, False
    device = _device_nonce(request, user)
    if device:
        return f"user:{user.pk}:device:{device}", user, True
    return f"user:{user.pk}", user, False


def retry_at(request: HttpRequest, key: str) -> datetime.datetime:
    """When the next attempt with ``key`` from this address is allowed again."""
    now = timezone.now().timestamp()
    rates = parse_rates(account_settings.RATE_LIMITS.get("login_failed"))
    opens = now
    for rate in rates:
        cache_key = get_cache_key(
            request, app="allauth.account", action="login_failed", rate=rate, key=key
        )
        history = [ts for ts in cache.get(cache_key, []) if ts > now - rate.duration]
        if len(history) >= rate.amount:
            opens = max(opens, history[rate.amount - 1] + rate.duration)
    # round up to the next full minute, as the message names a minute
    moment = datetime.datetime.fromtimestamp(opens, tz=datetime.UTC)
    return (moment + datetime.timedelta(seconds=59)).replace(second=0, microsecond=0)


def notice_due(user: User, until: datetime.datetime) -> bool:
    """True once per throttle window: whether to tell the owner now."""
    seconds = max(60, int((until - timezone.now()).total_seconds()))
    return bool(cache.add(_NOTICE_KEY.format(pk=user.pk), True, timeout=seconds))


def device_cookie_set(response: HttpResponseBase, request: HttpRequest, user: User) -> None:
    """After a successful sign-in: mark this browser as one the account uses."""
    value = signing.dumps({"u": user.pk, "n": secrets.token_urlsafe(9)}, salt=_DEVICE_SALT)
    response.set_cookie(
        DEVICE_COOKIE,
        value,
        max_age=DEVICE_COOKIE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _device_nonce(request: HttpRequest, user: User) -> str:
    raw = request.COOKIES.get(DEVICE_COOKIE, "")
    if not raw:
        return ""
    try:
        data = signing.loads(raw, salt=_DEVICE_SALT, max_age=DEVICE_COOKIE_MAX_AGE)
    except signing.BadSignature:
        return ""
    if not isinstance(data, dict) or data.get("u") != user.pk:
        return ""
    return str(data.get("n", ""))
