"""API tokens: issue, revoke, list, and resolve a presented token to the membership it acts for.

A token reads ``wcr_<prefix>_<secret>``. The prefix is public (it names the token in lists and the
audit trail); of the secret only its SHA-256 hash is stored and compared in constant time. A token
expires (``API_TOKEN_DEFAULT_DAYS``, at most ``API_TOKEN_MAX_DAYS`` after it was made) and is
read-only or read-write (``ApiToken.Scope``).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from wcr.accounts.models import (
    API_TOKEN_DEFAULT_DAYS,
    API_TOKEN_MAX_DAYS,
    API_TOKEN_NAME_MAX_LENGTH,
    ApiToken,
    ApiTokenQuerySet,
    Membership,
    User,
)
from wcr.privacy.services import audit_record

MARKER = "wcr"  # every token starts with it, so leaked tokens are easy to spot
# last_used_at is refreshed at most this often, so most requests write nothing.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiTokenInputError(ValueError):
    """A token cannot be made as asked; ``field`` names what is wrong (``days``, ``name``)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def api_token_create(
    *,
    actor: User | None,
    membership: Membership,
    scope: ApiToken.Scope = ApiToken.Scope.WRITE,
    days: int = API_TOKEN_DEFAULT_DAYS,
    name: str = "",
) -> tuple[ApiToken, str]:
    """A new token acting for ``membership``, valid for ``days`` days (1 to
    ``API_TOKEN_MAX_DAYS``) and named ``name`` (at most ``API_TOKEN_NAME_MAX_LENGTH``
    characters), else ``ApiTokenInputError``; answers the token and its plain text, which is
    shown once and never stored."""
    if isinstance(days, bool) or not 1 <= days <= API_TOKEN_MAX_DAYS:
        raise ApiTokenInputError(
            "days", f"A token is valid for 1 to {API_TOKEN_MAX_DAYS} days, not {days}."
        )
    if len(name) > API_TOKEN_NAME_MAX_LENGTH:
        raise ApiTokenInputError(
            "name", f"The name has at most {API_TOKEN_NAME_MAX_LENGTH} characters."
        )
    scope = ApiToken.Scope(scope)
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        prefix = secrets.token_hex(6)
        # gate: token service: the new prefix must be unique
        while ApiToken.objects.filter(prefix=prefix).exists():  # pragma: no cover (2**48)
            prefix = secrets.token_hex(6)
        # gate: token service: creates the token for the given membership
        token = ApiToken.objects.create(
            user=membership.user,
            membership=membership,
            name=name,
            prefix=prefix,
            secret_hash=_hash(secret),
            scope=scope,
            expires_at=timezone.now() + timedelta(days=days),
        )
        audit_record(
            actor=actor,
            organisation=membership.organisation,
            action="api_token.created",
            obj=token,
            changes={
                "user": {"old": None, "new": membership.user.get_username()},
                "prefix": {"old": None, "new": prefix},
                "role": {"old": None, "new": membership.role},
                "name": {"old": None, "new": name},
                "scope": {"old": None, "new": scope.value},
                "expires_at": {"old": None, "new": token.expires_at.isoformat()},
            },
        )
    return token, f"{MARKER}_{prefix}_{secret}"


def api_token_revoke(*, actor: User | None, token: ApiToken) -> ApiToken:
    """Revoke ``token`` (no-op for one already revoked: it writes nothing)."""
    with transaction.atomic():
        # Locked and re-read, so two revocations at once write one audit row.
        # gate: token service: the token was fetched through access_api_token or by its owner
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is not None:
            token.revoked_at = locked.revoked_at
            return token
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        audit_record(
            actor=actor,
            organisation=token.membership.organisation,
            action="api_token.revoked",
            obj=token,
            changes={"revoked_at": {"old": None, "new": token.revoked_at.isoformat()}},
        )
    return token


def api_tokens_of(user: User) -> ApiTokenQuerySet:
    """The user's own tokens, newest first, with what the list shows (one query)."""
    # gate: token service: filtered by the signed-in user inside the query
    return ApiToken.objects.of_user(user).select_related("membership__organisation")


def api_token_resolve(raw: str) -> ApiToken | None:
    """The usable token ``raw`` stands for (with its membership, organisation and user loaded),
    or ``None`` for anything malformed, unknown, revoked, expired or whose membership is no longer
    active.
    Two queries: the lookup, and a refresh of ``last_used_at`` that writes at most once a minute."""
    parts = raw.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != MARKER or not parts[1] or not parts[2]:
        return None
    _, prefix, secret = parts
    now = timezone.now()
    token = (
        # gate: authentication: finds the presented token by its public prefix
        ApiToken.objects.usable(now=now)
        .select_related("user", "membership__organisation")
        .filter(prefix=prefix)
        .first()
    )
    if token is None:
        return None
    if not hmac.compare_digest(token.secret_hash, _hash(secret)):
        return None
    # gate: authentication: the token just resolved
    ApiToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION)
    ).update(last_used_at=now)
    return token
