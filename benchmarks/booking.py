"""Appointment booking: free slots computed from the schedules (part of ``make bench``, group
``booking``).

Generated data: ``BENCH_BOOKING_COUNSELLORS`` (30) counsellors at one location, each with weekly
windows Monday to Friday 09:00–12:00 and 13:00–17:00 in person (45-minute slots, 15 minutes'
buffer after: seven slots a day), and about half of the next eight weeks' slots booked. Lines:

- ``booking_week``: ``free_slots`` of the location and channel for seven days (the ``/termin/``
  page and ``GET /portal/slots`` for a week);
- ``booking_next_slots``: ``next_free_slots`` for a slot code (the 409 answer of a lost race,
  62 days);

each against the bare SQL that reads the same rows (the schedules' windows and the blocking
bookings of the range) without computing the slots, in the same run.
"""

from __future__ import annotations

import datetime
import os
import random
from typing import Any

from common import SAMPLES, measure, note, report

COUNSELLORS = int(os.environ.get("BENCH_BOOKING_COUNSELLORS", "30"))
SLOT_SAMPLES = max(20, SAMPLES // 5)


def setup() -> dict[str, Any]:
    """The counsellors, their schedules and the bookings; reused when they exist."""
    from django.utils import timezone

    from wcr.accounts.models import Location, Membership, Organisation, Role, User
    from wcr.portal.booking.slots import BERLIN, free_slots
    from wcr.portal.models import AvailabilityWindow, Booking, Schedule
    from wcr.portal.models.notices import privacy_notice_in_force

    location, _created = Location.objects.get_or_create(
        slug="bench-booking", defaults={"name": "Bench booking"}
    )
    if not Schedule.objects.filter(windows__location=location).exists():
        organisation, _created = Organisation.objects.get_or_create(
            slug="bench-booking", defaults={"name": "Bench booking"}
        )
        for number in range(COUNSELLORS):
            user = User.objects.create(username=f"bench-booking-{number}")
            membership = Membership.objects.create(
                user=user, organisation=organisation, role=Role.COUNSELLOR
            )
            schedule = Schedule.objects.create(
                membership=membership,
                organisation=organisation,
                min_notice_hours=0,
                not_same_day=False,
                horizon_days=70,
            )
            AvailabilityWindow.objects.bulk_create(
                AvailabilityWindow(
                    schedule=schedule,
                    weekday=day,
                    start_time=datetime.time(start),
                    end_time=datetime.time(end),
                    location=location,
                    channel="in_person",
                )
                for day in range(5)
                for start, end in ((9, 12), (13, 17))
            )
        today = timezone.localdate(timezone.now(), BERLIN)
        slots = free_slots(
            first=today, last=today + datetime.timedelta(days=56), location_id=location.pk
        )
        chosen = random.Random(7).sample(slots, len(slots) // 2)  # noqa: S311 - test data
        notice = privacy_notice_in_force()
        assert notice is not None
        Booking.objects.bulk_create(
            Booking(
                reference=f"B-{index:08d}",
                organisation_id=slot.schedule.organisation_id,
                schedule=slot.schedule,
                counsellor_id=slot.schedule.membership.user_id,
                location=location,
                channel="in_person",
                start=slot.start,
                end=slot.end,
                blocked_from=slot.blocked_from,
                blocked_until=slot.blocked_until,
                name="Bench",
                email="bench@example.org",
                language="de",
                privacy_notice=notice,
            )
            for index, slot in enumerate(chosen)
        )
    return {"location": location}


def _bare(location_id: int, first: datetime.date, last: datetime.date) -> Any:
    from django.db import connection

    from wcr.portal.booking.slots import BERLIN

    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=BERLIN)
    end = datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min, BERLIN)

    def run() -> int:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT w.id, w.weekday, w.start_time, w.end_time, s.id, m.user_id "
                "FROM portal_availabilitywindow w JOIN portal_schedule s ON s.id = w.schedule_id "
                "JOIN accounts_membership m ON m.id = s.membership_id "
                "WHERE w.location_id = %s AND w.channel = 'in_person' AND s.is_published",
                [location_id],
            )
            windows = cursor.fetchall()
            cursor.execute(
                "SELECT counsellor_id, blocked_from, blocked_until FROM portal_booking "
                "WHERE status IN ('confirmed', 'attended', 'no_show') "
                "AND blocked_until > %s AND blocked_from < %s",
                [start, end],
            )
            return len(windows) + len(cursor.fetchall())

    return run


def run() -> None:
    from django.utils import timezone

    from wcr.portal.booking.slots import BERLIN, MAX_RANGE_DAYS, free_slots, next_free_slots

    data = setup()
    location = data["location"]
    today = timezone.localdate(timezone.now(), BERLIN)
    first, last = today, today + datetime.timedelta(days=6)
    week = free_slots(first=first, last=last, location_id=location.pk, channel="in_person")
    note(f"booking: {COUNSELLORS} counsellors, {len(week)} free slots this week")
    result = measure(
        lambda: free_slots(first=first, last=last, location_id=location.pk, channel="in_person"),
        SLOT_SAMPLES,
    )
    report(
        "booking_week", len(week), result, measure(_bare(location.pk, first, last), SLOT_SAMPLES)
    )
    code = week[0].code if week else ""
    far = today + datetime.timedelta(days=MAX_RANGE_DAYS)
    result = measure(lambda: next_free_slots(code), SLOT_SAMPLES)
    report("booking_next_slots", 3, result, measure(_bare(location.pk, today, far), SLOT_SAMPLES))
