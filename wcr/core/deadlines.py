"""Legal deadlines: the one function that computes them.

A period in months or weeks ends on the day of the last month or week that corresponds by number
or weekday to the day the period started from; if that month has no such day, on its last day
(§ 188 (2), (3) BGB, applied to administrative procedures by § 31 (1) VwVfG NRW). A deadline that
falls on a Saturday, Sunday or public holiday moves to the next working day (§ 31 (3) VwVfG NRW,
§ 193 BGB). Public holidays are those of North Rhine-Westphalia.
"""

from __future__ import annotations

import calendar
import datetime
from functools import lru_cache


class DeadlineOutOfRange(ValueError):
    """The period would end outside the calendar ``datetime.date`` can represent (years 1 to
    9999); the caller turns it into an error naming the date the period runs from."""

    def __init__(self, start: datetime.date) -> None:
        super().__init__(f"a period from {start.isoformat()} ends outside the calendar")
        self.start = start


def easter_sunday(year: int) -> datetime.date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_shift) // 451
    month, day = divmod(h + weekday_shift - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


@lru_cache(maxsize=64)
def nrw_holidays(year: int) -> frozenset[datetime.date]:
    """Public holidays in North Rhine-Westphalia (Feiertagsgesetz NW § 2)."""
    easter = easter_sunday(year)
    days = [
        datetime.date(year, 1, 1),  # Neujahr
        easter - datetime.timedelta(days=2),  # Karfreitag
        easter + datetime.timedelta(days=1),  # Ostermontag
        datetime.date(year, 5, 1),  # Tag der Arbeit
        easter + datetime.timedelta(days=39),  # Christi Himmelfahrt
        easter + datetime.timedelta(days=50),  # Pfingstmontag
        easter + datetime.timedelta(days=60),  # Fronleichnam
        datetime.date(year, 10, 3),  # Tag der Deutschen Einheit
        datetime.date(year, 11, 1),  # Allerheiligen
        datetime.date(year, 12, 25),
        datetime.date(year, 12, 26),
    ]
    return frozenset(days)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in nrw_holidays(day.year)


def add_months(start: datetime.date, months: int) -> datetime.date:
    """The same day number ``months`` later, or the last day of that month if it has none."""
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        raise DeadlineOutOfRange(start)
    day = min(start.day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day)


def deadline(
    start: datetime.date,
    *,
    months: int = 0,
    weeks: int = 0,
    days: int = 0,
    working_day: bool = True,
) -> datetime.date:
    """The end of a period of ``months``, ``weeks`` and ``days`` from ``start`` (the event that
    starts it, e.g. receipt of the complete documents), moved to the next working day when
    ``working_day`` and it falls on a weekend or NRW public holiday. A period that would end
    outside the calendar raises ``DeadlineOutOfRange`` (a ``ValueError``), never ``OverflowError``."""
    try:
        end = add_months(start, months) + datetime.timedelta(weeks=weeks, days=days)
        while working_day and not is_working_day(end):
            end += datetime.timedelta(days=1)
    except OverflowError:
        raise DeadlineOutOfRange(start) from None
    return end
