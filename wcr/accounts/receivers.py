"""Authentication bookkeeping (not business logic): activating a second factor counts as
having passed it for the current session, since the user has just entered a valid code."""

from __future__ import annotations

from typing import Any

from allauth.mfa.signals import authenticator_added
from django.dispatch import receiver
from django.http import HttpRequest

from wcr.core.middleware import MFA_OK_KEY


@receiver(authenticator_added)
def mark_session_second_factor(
    sender: Any, request: HttpRequest | None = None, user: Any = None, **kwargs: Any
) -> None:
    if request is not None and user is not None:
        request.session[MFA_OK_KEY] = user.pk
