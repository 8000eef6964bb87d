"""Free slots, computed from the counsellors' availability (never stored).

A window from 09:00 to 12:00 with 45-minute slots, no buffer before and 15 minutes after gives
09:00, 10:00 and 11:00: each slot with its buffers fits inside the window, and slots follow each
other at ``Schedule.step_minutes``. A slot is free when its time *with the buffers* overlaps no
booking that holds the counsellor's time (any organisation: the counsellor is one person), the
day is neither an absence nor (unless the schedule opens on holidays) an NRW public holiday, the
counsellor's daily cap is not reached, and it lies between the minimum notice (and, with "not on
the same day", tomorrow) and the booking horizon.

A slot's ``code`` is ``<window code hex>-<YYYYMMDDHHMM>`` (the start in Europe/Berlin): public,
stable, and checked again when booked (``slot_check``).
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import re
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from wcr.accounts.models import Location
from wcr.core.deadlines import nrw_holidays
from wcr.portal.models.booking import Absence, AvailabilityWindow, Booking, Schedule

BERLIN = ZoneInfo("Europe/Berlin")
MAX_RANGE_DAYS = 62  # the longest from–to range the slot list answers
NEXT_SLOTS_STEP_DAYS = 7
_CODE = re.compile(r"^(?P<window>[0-9a-f]{32})-(?P<start>\d{12})$")


@dataclass(frozen=True)
class Slot:
    window: AvailabilityWindow
    start: datetime.datetime
    end: datetime.datetime

    @property
    def schedule(self) -> Schedule:
        return self.window.schedule

    @property
    def code(self) -> str:
        return f"{self.window.code.hex}-{self.start.astimezone(BERLIN):%Y%m%d%H%M}"

    @property
    def blocked_from(self) -> datetime.datetime:
        return self.start - datetime.timedelta(minutes=self.schedule.buffer_before_minutes)

    @property
    def blocked_until(self) -> datetime.datetime:
        return self.end + datetime.timedelta(minutes=self.schedule.buffer_after_minutes)


def parse_slot_code(code: object) -> tuple[uuid.UUID, datetime.datetime] | None:
    """(window code, start) of a well-formed slot code; ``None`` otherwise."""
    if not isinstance(code, str):
        return None
    match = _CODE.fullmatch(code)
    if match is None:
        return None
    digits = match["start"]
    try:
        start = datetime.datetime(
            int(digits[:4]),
            int(digits[4:6]),
            int(digits[6:8]),
            int(digits[8:10]),
            int(digits[10:12]),
            tzinfo=BERLIN,
        )
    except ValueError:
        return None
    return uuid.UUID(match["window"]), start


class _Busy:
    """A counsellor's booked time (with buffers) as sorted spans: whether a span overlaps any of
    them in O(log n) (the slot lists test every slot of up to 62 days)."""

    def __init__(self, spans: list[tuple[float, float]]) -> None:
        spans.sort()
        self.starts = [since for since, _until in spans]
        # The latest end among the first i spans: spans may overlap (marks, other schedules).
        self.reach = list(itertools.accumulate((until for _since, until in spans), max))

    def overlaps(self, since: float, until: float) -> bool:
        before = bisect.bisect_left(self.starts, until)  # the spans that begin before it ends
        return before > 0 and self.reach[before - 1] > since


def _window_starts(window: AvailabilityWindow, day: datetime.date) -> list[Slot]:
    """Every slot of ``window`` on ``day`` (before any check of bookings or rules)."""
    schedule = window.schedule
    opens = datetime.datetime.combine(day, window.start_time, tzinfo=BERLIN)
    closes = datetime.datetime.combine(day, window.end_time, tzinfo=BERLIN)
    before = datetime.timedelta(minutes=schedule.buffer_before_minutes)
    length = datetime.timedelta(minutes=schedule.slot_minutes)
    after = datetime.timedelta(minutes=schedule.buffer_after_minutes)
    step = before + length + after
    slots = []
    blocked_from = opens
    while blocked_from + step <= closes:
        start = blocked_from + before
        slots.append(Slot(window, start, start + length))
        blocked_from += step
    return slots


def _bookable_days(
    schedule: Schedule, first: datetime.date, last: datetime.date, now: datetime.datetime
) -> tuple[datetime.datetime, datetime.date, datetime.date]:
    """(earliest start, first day, last day) the schedule's notice and horizon allow."""
    today = timezone.localdate(now, BERLIN)
    earliest = now + datetime.timedelta(hours=schedule.min_notice_hours)
    first_day = max(first, today + datetime.timedelta(days=1 if schedule.not_same_day else 0))
    last_day = min(last, today + datetime.timedelta(days=schedule.horizon_days))
    return earliest, first_day, last_day


def _days(first: datetime.date, last: datetime.date) -> Iterable[datetime.date]:
    day = first
    while day <= last:
        yield day
        day += datetime.timedelta(days=1)


def schedules_offering(
    *,
    location_id: int | None = None,
    channel: str | None = None,
    organisation_id: int | None = None,
    topic_id: int | None = None,
) -> QuerySet[Schedule]:
    """The published schedules with a window at the location and channel (and for the topic:
    schedules without topics take every topic)."""
    schedules = Schedule.objects.published()
    if organisation_id is not None:
        schedules = schedules.filter(organisation_id=organisation_id)
    if topic_id is not None:
        schedules = schedules.filter(Q(topics__isnull=True) | Q(topics=topic_id))
    windows = AvailabilityWindow.objects.all()
    if location_id is not None:
        windows = windows.filter(location_id=location_id)
    if channel is not None:
        windows = windows.filter(channel=channel)
    return schedules.filter(pk__in=windows.values("schedule_id")).distinct()


def bookable_locations() -> list[Location]:
    """The active locations where some published schedule has a window (public data)."""
    windows = AvailabilityWindow.objects.filter(
        location=OuterRef("pk"), schedule__in=Schedule.objects.published()
    )
    return list(Location.objects.filter(is_active=True).filter(Exists(windows)).order_by("name"))


def free_slots(
    *,
    first: datetime.date,
    last: datetime.date,
    location_id: int | None = None,
    channel: str | None = None,
    organisation_id: int | None = None,
    topic_id: int | None = None,
    now: datetime.datetime | None = None,
    ignore_booking: Booking | None = None,
) -> list[Slot]:
    """The free slots from ``first`` to ``last`` (days in Europe/Berlin), earliest first; for a
    moved booking, ``ignore_booking`` frees its own time. Four queries, however many
    counsellors and days."""
    now = now or timezone.now()
    schedules = {
        s.pk: s
        for s in schedules_offering(
            location_id=location_id,
            channel=channel,
            organisation_id=organisation_id,
            topic_id=topic_id,
        ).select_related("membership", "membership__user", "organisation")
    }
    if not schedules:
        return []
    windows_query = AvailabilityWindow.objects.filter(schedule_id__in=schedules).filter(
        Q(weekday__isnull=False) | Q(on_date__gte=first, on_date__lte=last)
    )
    if location_id is not None:
        windows_query = windows_query.filter(location_id=location_id)
    if channel is not None:
        windows_query = windows_query.filter(channel=channel)
    windows = list(windows_query.select_related("location"))
    for window in windows:
        window.schedule = schedules[window.schedule_id]
    absent: dict[int, list[tuple[datetime.date, datetime.date]]] = defaultdict(list)
    for absence in Absence.objects.filter(
        schedule_id__in=schedules, starts_on__lte=last, ends_on__gte=first
    ):
        absent[absence.schedule_id].append((absence.starts_on, absence.ends_on))
    user_ids = {s.membership.user_id for s in schedules.values()}
    range_start = datetime.datetime.combine(first, datetime.time.min, tzinfo=BERLIN)
    range_end = datetime.datetime.combine(
        last + datetime.timedelta(days=1), datetime.time.min, tzinfo=BERLIN
    )
    bookings = Booking.objects.blocking().filter(
        counsellor_id__in=user_ids,
        blocked_until__gt=range_start - datetime.timedelta(days=1),
        blocked_from__lt=range_end + datetime.timedelta(days=1),
    )
    if ignore_booking is not None:
        bookings = bookings.exclude(pk=ignore_booking.pk)
    spans: dict[int, list[tuple[float, float]]] = defaultdict(list)
    per_day: dict[tuple[int, datetime.date], int] = defaultdict(int)
    for user_id, blocked_from, blocked_until, start in bookings.values_list(
        "counsellor_id", "blocked_from", "blocked_until", "start"
    ):
        spans[user_id].append((blocked_from.timestamp(), blocked_until.timestamp()))
        per_day[(user_id, timezone.localdate(start, BERLIN))] += 1
    busy = {user_id: _Busy(found) for user_id, found in spans.items()}
    holidays: set[datetime.date] = set()
    for year in range(first.year, last.year + 1):
        holidays |= nrw_holidays(year)
    slots: list[Slot] = []
    for window in windows:
        schedule = window.schedule
        user_id = schedule.membership.user_id
        earliest, first_day, last_day = _bookable_days(schedule, first, last, now)
        days = (
            [window.on_date]
            if window.on_date is not None
            else [d for d in _days(first_day, last_day) if d.weekday() == window.weekday]
        )
        for day in days:
            if day < first_day or day > last_day:
                continue
            if any(start <= day <= end for start, end in absent[schedule.pk]):
                continue
            # An extra day is opened on purpose, also on a holiday.
            if window.on_date is None and day in holidays and not schedule.open_on_holidays:
                continue
            if schedule.daily_cap is not None and per_day[(user_id, day)] >= schedule.daily_cap:
                continue
            for slot in _window_starts(window, day):
                if slot.start < earliest:
                    continue
                taken = busy.get(user_id)
                if taken is not None and taken.overlaps(
                    slot.blocked_from.timestamp(), slot.blocked_until.timestamp()
                ):
                    continue
                slots.append(slot)
    slots.sort(key=lambda s: (s.start, s.window.location.name, s.schedule.pk))
    return slots


def slot_check(
    code: object, *, now: datetime.datetime | None = None, ignore_booking: Booking | None = None
) -> Slot | None:
    """The slot ``code`` names if it is free now; ``None`` if the code is malformed, names no
    published window, or the slot is taken or no longer bookable."""
    parsed = parse_slot_code(code)
    if parsed is None:
        return None
    window_code, start = parsed
    window = (
        AvailabilityWindow.objects.filter(code=window_code)
        .select_related("schedule", "location")
        .first()
    )
    if window is None:
        return None
    day = start.date()
    for slot in free_slots(
        first=day,
        last=day,
        location_id=window.location_id,
        channel=window.channel,
        organisation_id=window.schedule.organisation_id,
        now=now,
        ignore_booking=ignore_booking,
    ):
        if slot.window.pk == window.pk and slot.start == start:
            return slot
    return None


def next_free_slots(
    code: object, *, count: int = 3, now: datetime.datetime | None = None
) -> list[Slot]:
    """The next free slots at the location and channel of the window the slot ``code`` names
    (for a lost race: "slot taken, these are free"); none for a code naming no window."""
    parsed = parse_slot_code(code)
    window = (
        AvailabilityWindow.objects.filter(code=parsed[0]).first() if parsed is not None else None
    )
    if window is None:
        return []
    today = timezone.localdate(now or timezone.now(), BERLIN)
    # A week at a time: the next free slots are usually in the first one or two.
    found: list[Slot] = []
    first = today
    last_day = today + datetime.timedelta(days=MAX_RANGE_DAYS)
    while first <= last_day and len(found) < count:
        last = min(first + datetime.timedelta(days=NEXT_SLOTS_STEP_DAYS - 1), last_day)
        found += free_slots(
            first=first,
            last=last,
            location_id=window.location_id,
            channel=window.channel,
            now=now,
        )
        first = last + datetime.timedelta(days=1)
    return found[:count]
