"""Request-wide policies: session lifetime, the mandatory second factor, no caching of staff pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from urllib.parse import urlsplit

from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

Handler = Callable[[HttpRequest], HttpResponse]

LOGIN_AT_KEY = "wcr_login_at"
LAST_SEEN_KEY = "wcr_last_seen"
MFA_OK_KEY = "wcr_mfa_ok_user"

# Paths any signed-in user may reach before the second factor is done.
_OPEN_PREFIXES = ("/static/", "/healthz", "/i18n/", "/accounts/logout/", "/accounts/2fa/")
# Paths whose responses must never be stored by a browser or proxy.
_PRIVATE_PREFIXES = ("/mitarbeitende/", "/accounts/", "/admin/", "/api/")


def _now_ts() -> float:
    return timezone.now().timestamp()


def session_lifetime_middleware(get_response: Handler) -> Handler:
    """Ends a session after ``SESSION_IDLE_TIMEOUT`` seconds without a request, and in any case
    ``SESSION_ABSOLUTE_LIFETIME`` seconds after login."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = _now_ts()
            login_at = request.session.get(LOGIN_AT_KEY, now)
            last_seen = request.session.get(LAST_SEEN_KEY, now)
            if (
                now - login_at > settings.SESSION_ABSOLUTE_LIFETIME
                or now - last_seen > settings.SESSION_IDLE_TIMEOUT
            ):
                logout(request)
                messages.info(request, _("Your session has ended. Please sign in again."))
                return redirect(f"{reverse('account_login')}?next={request.path}")
        response = get_response(request)
        if request.user.is_authenticated and hasattr(request, "session"):
            now = _now_ts()
            request.session.setdefault(LOGIN_AT_KEY, now)
            request.session[LAST_SEEN_KEY] = now
        return response

    return middleware


def session_has_second_factor(request: HttpRequest) -> bool:
    """True when this session's login included a second factor (TOTP or recovery code)."""
    if request.session.get(MFA_OK_KEY) == request.user.pk:
        return True
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def second_factor_middleware(get_response: Handler) -> Handler:
    """Outside demo mode, a signed-in session without a second factor reaches nothing but the
    second-factor pages: a user with an authenticator who got in otherwise is signed out; a user
    without one is sent to set it up, which is only possible while an administrator has opened
    their enrolment window."""

    def middleware(request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            settings.DEMO_MODE
            or not user.is_authenticated
            or request.path.startswith(_OPEN_PREFIXES)
            or session_has_second_factor(request)
        ):
            return get_response(request)
        if is_mfa_enabled(user):
            logout(request)
            messages.error(request, _("Please sign in with your second factor."))
            return redirect("account_login")
        deadline: datetime | None = getattr(user, "mfa_enrolment_deadline", None)
        if deadline is None or deadline < timezone.now():
            logout(request)
            messages.error(
                request,
                _(
                    "Your account has no second factor yet and its set-up period has expired. "
                    "Please ask the platform administrator to open it again."
                ),
            )
            return redirect("account_login")
        return redirect("mfa_activate_totp")

    return middleware


def staff_cache_control_middleware(get_response: Handler) -> Handler:
    """``Cache-Control: no-store`` on every staff, account, admin and API response and on every
    response to a signed-in user."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if request.path.startswith(_PRIVATE_PREFIXES) or request.user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response

    return middleware


_STAFF_PREFIXES = ("/mitarbeitende/", "/accounts/", "/admin/")


def is_staff_path(path: str) -> bool:
    """The staff area, its login and the administration: German and English only."""
    return path.startswith(_STAFF_PREFIXES)


def staff_language_middleware(get_response: Handler) -> Handler:
    """The staff area speaks ``settings.STAFF_LANGUAGES`` (German, English): a visitor who read
    the public navigator in Arabic, Ukrainian or Turkish gets the staff pages in German, not in
    a half-translated mix. Runs after LocaleMiddleware."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if is_staff_path(request.path):
            current = translation.get_language()
            if current not in settings.STAFF_LANGUAGES:
                translation.activate(settings.STAFF_LANGUAGES[0])
                request.LANGUAGE_CODE = translation.get_language()
        return get_response(request)

    return middleware


def _back_url(request: HttpRequest) -> str:
    """The page the visitor came from, if it is a page of this site other than this one."""
    referer = request.headers.get("Referer", "")
    if not referer or not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    path = urlsplit(referer).path
    return path if path.startswith("/") and path != request.path else ""


def method_not_allowed_middleware(get_response: Handler) -> Handler:
    """A form action (``require_POST``) opened as a page answers 405 with no body; Django has no
    405 handler (``django.views.defaults``). Give such answers a page in the platform's layout
    that says what happened and links back. The API keeps its own answers."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if (
            response.status_code != 405
            or response.content
            or getattr(response, "streaming", False)
            or request.path.startswith("/api/")
        ):
            return response
        # Signed-in staff stay in the staff area's layout; everyone else gets the portal's.
        staff = is_staff_path(request.path) and request.user.is_authenticated
        page = render(
            request,
            "errors/405.html",
            {
                "layout": "staff/base.html" if staff else "portal/base.html",
                "back_url": _back_url(request),
                "home_url": reverse("staff:home") if staff else reverse("portal:home"),
            },
            status=405,
        )
        page["Allow"] = response.get("Allow", "POST")
        return page

    return middleware
