"""Changing a counsellor's availability (settings, weekly windows and extra days, absences):
by the counsellor or a team lead of the organisation, each change audited. Bookings already
made stay as they are; only what is offered from now on changes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from wcr.portal.models.booking import Absence, AvailabilityWindow, Schedule
from wcr.privacy.services import audit_record

if TYPE_CHECKING:
    from wcr.accounts.models import Membership, User

AUDIT_AVAILABILITY = "booking.availability_changed"


def schedule_of(membership: Membership) -> Schedule:
    """The membership's schedule, created (unpublished until it has windows) on first use."""
    schedule, _created = Schedule.objects.get_or_create(
        membership=membership, defaults={"organisation_id": membership.organisation_id}
    )
    return schedule


def _audit(actor: User, schedule: Schedule, what: str, change: dict[str, Any]) -> None:
    audit_record(
        actor=actor,
        organisation=schedule.organisation,
        action=AUDIT_AVAILABILITY,
        obj=schedule,
        changes={"what": {"old": None, "new": what}} | change,
    )


def schedule_save(*, actor: User, schedule: Schedule, changed: dict[str, tuple[Any, Any]]) -> None:
    """Store the settings a form has already put on ``schedule``; ``changed``: field → (old, new)."""
    with transaction.atomic():
        schedule.save()
        _audit(
            actor,
            schedule,
            "settings",
            {name: {"old": str(old), "new": str(new)} for name, (old, new) in changed.items()},
        )


def window_add(*, actor: User, window: AvailabilityWindow) -> AvailabilityWindow:
    with transaction.atomic():
        window.save()
        _audit(
            actor, window.schedule, "window_added", {"window": {"old": None, "new": str(window)}}
        )
    return window


def window_remove(*, actor: User, window: AvailabilityWindow) -> None:
    with transaction.atomic():
        _audit(
            actor, window.schedule, "window_removed", {"window": {"old": str(window), "new": None}}
        )
        window.delete()


def absence_add(*, actor: User, absence: Absence) -> Absence:
    with transaction.atomic():
        absence.save()
        span = f"{absence.starts_on.isoformat()}–{absence.ends_on.isoformat()}"
        _audit(actor, absence.schedule, "absence_added", {"absence": {"old": None, "new": span}})
    return absence


def absence_remove(*, actor: User, absence: Absence) -> None:
    with transaction.atomic():
        span = f"{absence.starts_on.isoformat()}–{absence.ends_on.isoformat()}"
        _audit(actor, absence.schedule, "absence_removed", {"absence": {"old": span, "new": None}})
        absence.delete()
