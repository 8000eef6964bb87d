"""API tokens: issue, revoke, and resolve a presented token to the membership it acts for.

A token reads ``wcr_<prefix>_<secret>``. The prefix is public (it names the token in lists and the
audit trail); of the secret only its SHA-256 hash is stored and compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from wcr.accounts.models import ApiToken, Membership, User
from wcr.privacy.services import audit_record

MARKER = "wcr"  # every token starts with it, so leaked tokens are easy to spot
# last_used_at is refreshed at most this often, so most requests write nothing.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def api_token_create(*, actor: User | None, membership: Membership) -> tuple[ApiToken, str]:
    """A new token acting for ``membership``; answers the token and its plain text, which is
    shown once and never stored."""
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
            prefix=prefix,
            secret_hash=_hash(secret),
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
            },
        )
    return token, f"{MARKER}_{prefix}_{secret}"


def api_token_revoke(*, actor: User | None, token: ApiToken) -> ApiToken:
    with transaction.atomic():
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


def api_token_resolve(raw: str) -> ApiToken | None:
    """The usable token ``raw`` stands for (with its membership, organisation and user loaded),
    or ``None`` for anything malformed, unknown, revoked or whose membership is no longer active.
    Two queries: the lookup, and a refresh of ``last_used_at`` that writes at most once a minute."""
    parts = raw.strip().split("_", 2)
    if len(parts) != 3 or parts[0] != MARKER or not parts[1] or not parts[2]:
        return None
    _, prefix, secret = parts
    token = (
        # gate: authentication: finds the presented token by its public prefix
        ApiToken.objects.usable()
        .select_related("user", "membership__organisation")
        .filter(prefix=prefix)
        .first()
    )
    if token is None:
        return None
    if not hmac.compare_digest(token.secret_hash, _hash(secret)):
        return None
    now = timezone.now()
    # gate: authentication: the token just resolved
    ApiToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION)
    ).update(last_used_at=now)
    return token
