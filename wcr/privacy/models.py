"""The audit trail and the access log: append-only and chained with a keyed MAC.

Each entry stores the MAC of the entry before it and its own MAC over its content, as
"KEY_ID$HEX" (HMAC-SHA-256 under the key ``AUDIT_CHAIN_KEY`` names; see ``chain``). The chain
head (one row per chain) stores the newest entry's number and MAC, so removing the newest entry
is detected too; the heads are mailed daily, so a cut tail is found against the last mail.
On the database, triggers refuse UPDATE and DELETE of entries (migration 0005), except in the
one audited retention purge (``services.audit_purge_before``). ``verify_audit_chain``
recomputes everything.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# "KEY_ID$" (at most 17 characters) and 64 hex digits; entries before keys: 64 hex digits.
MAC_LENGTH = 100


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("audit and access-log entries are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit and access-log entries are append-only")


class ChainedEntry(models.Model):
    """Common columns of a hash-chained, append-only log entry."""

    seq = models.BigIntegerField(_("sequence number"), unique=True, editable=False)
    at = models.DateTimeField(_("time"), editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    # Kept as text too, so the entry stays readable when an account is later anonymised.
    actor_label = models.CharField(_("who (name)"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acting organisation"),
    )
    object_type = models.CharField(_("object type"), max_length=60)
    object_code = models.CharField(_("object"), max_length=64, blank=True, db_index=True)
    prev_hash = models.CharField(max_length=MAC_LENGTH, editable=False)
    hash = models.CharField(max_length=MAC_LENGTH, editable=False)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-seq"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Invariant, not business logic: an entry is written once (by privacy.services).
        if not self._state.adding:
            raise PermissionError("audit and access-log entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("audit and access-log entries are append-only")


class AuditEvent(ChainedEntry):
    """A change: who changed what, when, in which organisation, with old and new values."""

    action = models.CharField(_("action"), max_length=60)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta(ChainedEntry.Meta):
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")
        indexes = [models.Index(fields=["organisation", "-seq"], name="audit_org_seq")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type} {self.object_code}"


class AccessLog(ChainedEntry):
    """A read of a person's record (or an export): who, when, through which page or endpoint."""

    via = models.CharField(_("through"), max_length=200)
    owner_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owning organisation"),
    )
    cross_organisation = models.BooleanField(_("cross-organisation"), default=False)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)

    class Meta(ChainedEntry.Meta):
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [
            models.Index(fields=["organisation", "-seq"], name="access_org_seq"),
            models.Index(fields=["owner_organisation", "-seq"], name="access_owner_seq"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.object_type} {self.object_code} via {self.via}"


class AccessLogSubject(models.Model):
    """One record read by a bulk access-log entry (a list, a search result page, an API page).

    "Who accessed this person" looks up ``object_code`` here as well as on the entries; the
    sorted subjects are part of their entry's hash, so a subject row cannot be changed, added or
    removed unnoticed.
    """

    entry = models.ForeignKey(
        AccessLog,
        on_delete=models.PROTECT,
        related_name="subjects",
        verbose_name=_("access log entry"),
    )
    object_type = models.CharField(_("object type"), max_length=60)
    object_code = models.CharField(_("object"), max_length=64, db_index=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owning organisation"),
    )

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("record read")
        verbose_name_plural = _("records read")

    def __str__(self) -> str:
        return f"{self.object_type} {self.object_code}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("audit and access-log entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("audit and access-log entries are append-only")


class ChainHead(models.Model):
    """The newest entry of each chain; locked while appending so the chain never forks.

    Where the chain starts: at the genesis, or, after a retention purge, at the anchor (the
    number and MAC of the newest removed entry, sealed with the key). Entries written before the
    chain was keyed ("sha256-legacy") are accepted up to ``legacy_until``, sealed the same way
    by the migration that introduced the keys.
    """

    name = models.CharField(max_length=20, primary_key=True)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=MAC_LENGTH, default="0" * 64)
    anchor_seq = models.BigIntegerField(default=0)
    anchor_hash = models.CharField(max_length=MAC_LENGTH, default="0" * 64)
    anchor_seal = models.CharField(max_length=MAC_LENGTH, blank=True)
    legacy_until = models.BigIntegerField(default=0)
    legacy_seal = models.CharField(max_length=MAC_LENGTH, blank=True)

    def __str__(self) -> str:
        return f"{self.name} @ {self.last_seq}"
