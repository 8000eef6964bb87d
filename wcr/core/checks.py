"""System checks that stop an insecure deployment."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import DatabaseError


@register(Tags.database)
def check_no_demo_accounts(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Outside DEBUG, demo accounts (known password) must not exist."""
    if settings.DEBUG:
        return []
    from wcr.accounts.models import User

    try:
        count = User.objects.filter(is_demo=True, is_active=True).count()
    except DatabaseError:
        return []
    if count:
        return [
            Error(
                f"{count} active demo account(s) exist outside DEBUG.",
                hint="Deactivate them: python manage.py seed_demo --remove",
                id="wcr.E001",
            )
        ]
    return []
