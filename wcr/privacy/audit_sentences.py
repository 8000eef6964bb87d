"""What the privacy app's own audit events say, and the display names of users (the actors
and the users named in changes), looked up by username in one query."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from wcr.accounts.models import User
from wcr.privacy.sentences import Field, Kind, date_value, register, register_resolver


def _users(usernames: set[str]) -> dict[str, str]:
    return {user.username: str(user) for user in User.objects.filter(username__in=usernames)}


def _purge_field(name: str) -> Field:
    if name == "before":
        return Field(gettext_lazy("Entries before"), date_value)
    if name == "audit.removed_until_seq":
        return Field(gettext_lazy("Audit trail removed up to entry"))
    if name == "access.removed_until_seq":
        return Field(gettext_lazy("Access log removed up to entry"))
    return Field(name)


register_resolver("user", _users)
register(
    Kind(
        "audit.retention_purge",
        gettext_lazy("Old log entries removed"),
        gettext_lazy("Log entries past their retention removed by %(actor)s"),
        other=_purge_field,
    )
)
