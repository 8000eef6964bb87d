from __future__ import annotations

import time
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.sites.shortcuts import get_current_site
from django.core.mail import EmailMultiAlternatives
from django.http import HttpRequest

from wcr.core.mail import mail_enqueue


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
        return super().is_reauthentication_required(app=app, **kwargs)

    @staticmethod
    def _recent_password_login(request: HttpRequest) -> bool:
        limit = account_settings.REAUTHENTICATION_TIMEOUT
        return any(
            record.get("method") == "password" and time.time() - record.get("at", 0) < limit
            for record in get_authentication_records(request, request.user)
        )

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
