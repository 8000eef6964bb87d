"""What the case workbench's services share: the edit conflict and the versioned update."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Mapping
from typing import Any

from django.db import models
from django.db.models import F
from django.utils import timezone


class EditConflict(Exception):
    """Someone else saved the record after it was loaded; ``changes`` maps each field they
    changed to ``{"theirs": …}`` so the user can decide."""

    def __init__(self, current: Any, changes: dict[str, Any]) -> None:
        super().__init__("the record was changed by someone else")
        self.current: Any = current
        self.changes = changes


def audit_value(value: Any) -> Any:
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(getattr(value, "code", None) or value.pk)
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def audit_diff(obj: models.Model, changes: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        name: {"old": audit_value(getattr(obj, name)), "new": audit_value(value)}
        for name, value in changes.items()
        if getattr(obj, name) != value
    }


def versioned_update(
    obj: models.Model, *, expected_version: int, changes: Mapping[str, Any]
) -> dict[str, dict[str, Any]]:
    """Apply ``changes`` if the row still has ``expected_version``; answer the audit diff."""
    model = type(obj)
    current = model.objects.select_for_update().get(pk=obj.pk)  # type: ignore[attr-defined]
    if current.version != expected_version:
        theirs = {
            name: {"theirs": audit_value(getattr(current, name)), "yours": audit_value(value)}
            for name, value in changes.items()
            if getattr(current, name) != getattr(obj, name) or getattr(current, name) != value
        }
        raise EditConflict(current, theirs)
    diff = audit_diff(current, changes)
    if diff:
        model.objects.filter(pk=obj.pk).update(  # type: ignore[attr-defined]
            **changes, version=F("version") + 1, updated_at=timezone.now()
        )
    obj.refresh_from_db()
    return diff
