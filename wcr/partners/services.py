"""Writes to the directory: each in a transaction with its audit row."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from wcr.accounts.models import Organisation, User
from wcr.partners.models import Partner
from wcr.privacy.services import audit_record

AUDIT_CHANGED = "partner.changed"
AUDIT_CHECKED = "partner.checked"


def _value(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Model):
        return str(value.pk)
    return value


def _differences(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        name: {"old": _value(before.get(name)), "new": _value(value)}
        for name, value in after.items()
        if before.get(name) != value
    }


def partner_fields(partner: Partner) -> dict[str, Any]:
    """The partner's own fields and its links, as the audit trail records them."""
    return {
        "name": partner.name,
        "kind": partner.kind,
        "description": partner.description,
        "website": partner.website,
        "email": partner.email,
        "phone": partner.phone,
        "languages": partner.languages,
        "serves_all_nrw": partner.serves_all_nrw,
        "source": partner.source,
        "confidence": partner.confidence,
        "active": partner.active,
        "topics": sorted(t.slug for t in partner.topics.all()),
        "municipalities": sorted(m.ags for m in partner.municipalities.all()),
    }


def partner_save_changes(
    *,
    actor: User,
    organisation: Organisation | None,
    partner: Partner,
    before: dict[str, Any],
    parts: dict[str, dict[str, Any]] | None = None,
) -> Partner:
    """Record an edit made through the staff form (the form has saved the instance and its
    services and locations inside the caller's transaction): mark the entry as edited, so the
    loader keeps it, and write the audit row with the changed fields (``parts``: the services'
    and locations' changes, already summarised)."""
    with transaction.atomic():
        after = partner_fields(Partner.objects.get(pk=partner.pk))  # not the stale prefetches
        changes = _differences(before, after)
        changes.update(parts or {})
        partner.edited_at = timezone.now()
        partner.save(update_fields=["edited_at", "updated_at"])
        if changes:
            audit_record(
                actor=actor,
                organisation=organisation,
                action=AUDIT_CHANGED,
                obj=partner,
                changes=changes,
            )
    return partner


def partner_mark_checked(
    *, actor: User, organisation: Organisation | None, partner: Partner, on: datetime.date
) -> Partner:
    """A person checked the entry's facts on ``on`` (today)."""
    with transaction.atomic():
        old = partner.last_checked_on
        partner.last_checked_on = on
        partner.checked_by = actor
        partner.save(update_fields=["last_checked_on", "checked_by", "updated_at"])
        audit_record(
            actor=actor,
            organisation=organisation,
            action=AUDIT_CHECKED,
            obj=partner,
            changes={"last_checked_on": {"old": _value(old), "new": on.isoformat()}},
        )
    return partner
