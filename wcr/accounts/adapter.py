from __future__ import annotations

import time
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.http import HttpRequest, HttpResponse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from wcr.accounts import throttle
from wcr.accounts.models import User
from wcr.core.mail import mail_enqueue, mail_send


class StaffAccountAdapter(DefaultAccountAdapter):
    """Staff accounts are created by administrators; nobody signs up. Account mail (password
    reset, security notices) goes through the task worker like all other mail."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """Setting up the *first* second factor right after a password login needs no second
        password prompt; every later change of authenticators does."""
        request = self.request
        if (
            app == "allauth.mfa"
            and request is not None
            and request.user.is_authenticated
            and not is_mfa_enabled(request.user)
            and self._recent_password_login(request)
        ):
            return False
        required: bool = super().is_reauthentication_required(app=app, **kwargs)
        return required

    @staticmethod
    def _recent_password_login(request: HttpRequest) -> bool:
        limit = account_settings.REAUTHENTICATION_TIMEOUT
        return any(
            record.get("method") == "password" and time.time() - record.get("at", 0) < limit
            for record in get_authentication_records(request, request.user)
        )

    # --- Login throttle (wcr.accounts.throttle) ---------------------------------------------------

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """One key per account, whether the login names it by user name or by email address;
        a browser the account has signed in from before counts on its own."""
        login = credentials.get("email") or credentials.get("username") or ""
        key, _user, _device = throttle.throttle_key(request, login)
        return key

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            login = credentials.get("email") or credentials.get("username") or ""
            key, user, from_known_device = throttle.throttle_key(request, login)
            until = throttle.retry_at(request, key)
            if user is not None and not from_known_device and throttle.notice_due(user, until):
                _login_throttled_notice(user, until)
            time = formats.time_format(timezone.localtime(until), "H:i")
            raise ValidationError(
                _("Too many failed attempts. Please try again at %(time)s.") % {"time": time},
                code="too_many_login_attempts",
            ) from None

    def post_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = super().post_login(request, user, **kwargs)
        throttle.device_cookie_set(response, request, user)
        return response

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        request = context.get("request") or self.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        html = None
        if isinstance(message, EmailMultiAlternatives):
            html = next(
                (str(content) for content, mime in message.alternatives if mime == "text/html"),
                None,
            )
        body = message.body if message.content_subtype == "plain" else ""
        if message.content_subtype == "html":
            html = str(message.body)
        # Sealed in the task row and removed from it once sent: the reset link is nowhere in
        # the database or the admin (wcr.core.mail).
        mail_enqueue(subject=message.subject, body=body, to=list(message.to), html=html)


def _login_throttled_notice(user: User, until: Any) -> None:
    """Tell the account's owner that failed logins were throttled (once per throttle window)."""
    if not user.email:
        return
    mail_send(
        to=[user.email],
        template="emails/login_throttled",
        context={"user": user, "until": timezone.localtime(until)},
        language=user.preferred_language or "de",
    )
