"""Test data for appointment booking: a published schedule with weekly windows."""

from __future__ import annotations

import datetime
from typing import Any

from wcr.accounts.models import Location, Membership, User
from wcr.portal.booking.services import booking_create
from wcr.portal.booking.slots import BERLIN, Slot, free_slots
from wcr.portal.models import AvailabilityWindow, Booking, Schedule
from wcr.portal.models.notices import privacy_notice_in_force

# A Monday in winter (CET) with the next days ordinary working days.
MONDAY = datetime.date(2027, 1, 11)
# "Now" for the tests: the Friday before, 12:00 in Berlin.
NOW = datetime.datetime(2027, 1, 8, 12, 0, tzinfo=BERLIN)


def schedule_for(
    user: User,
    location: Location,
    *,
    weekdays: tuple[int, ...] = (0, 1, 2, 3, 4),
    start: str = "09:00",
    end: str = "12:00",
    channel: str = "in_person",
    **settings: Any,
) -> Schedule:
    """``user``'s schedule (their first membership) with one window per weekday."""
    membership = Membership.objects.filter(user=user).first()
    assert membership is not None
    defaults: dict[str, Any] = {
        "slot_minutes": 45,
        "buffer_before_minutes": 0,
        "buffer_after_minutes": 15,
        "min_notice_hours": 24,
        "not_same_day": True,
        "horizon_days": 56,
    }
    defaults.update(settings)
    schedule, _created = Schedule.objects.update_or_create(
        membership=membership,
        defaults={"organisation_id": membership.organisation_id, **defaults},
    )
    for weekday in weekdays:
        AvailabilityWindow.objects.create(
            schedule=schedule,
            weekday=weekday,
            start_time=datetime.time.fromisoformat(start),
            end_time=datetime.time.fromisoformat(end),
            location=location,
            channel=channel,
        )
    return schedule


def slots_on(day: datetime.date, *, now: datetime.datetime = NOW, **filters: Any) -> list[Slot]:
    return free_slots(first=day, last=day, now=now, **filters)


def book(slot: Slot | str, *, now: datetime.datetime = NOW, **changes: Any) -> Booking:
    notice = privacy_notice_in_force()
    assert notice is not None
    data: dict[str, Any] = {
        "name": "Amina Yusuf",
        "email": "amina@example.org",
        "language": "de",
        "privacy_notice": notice,
    }
    data.update(changes)
    return booking_create(slot_code=slot if isinstance(slot, str) else slot.code, now=now, **data)
