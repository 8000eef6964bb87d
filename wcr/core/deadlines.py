"""Legal deadlines: the one function that computes them.

A period in months or weeks ends on the day of the last month or week that corresponds by number
or weekday to the day the period started from; if that month has no such day, on its last day
(§ 188 (2), (3) BGB, applied to administrative procedures by § 31 (1) VwVfG NRW). A deadline that
falls on a Saturday, Sunday or public holiday moves to the next working day (§ 31 (3) VwVfG NRW,
§ 193 BGB). Public holidays are those of North Rhine-Westphalia (Feiertagsgesetz NW § 2), taken
from the maintained ``holidays`` package, which also knows one-off holidays such as Reformation
Day 2017; ``tests/data/nrw_holidays.csv`` checks it against the rules of the law for 2024-2035.
"""

from __future__ import annotations

import calendar
import datetime
from functools import lru_cache

import holidays
from holidays.countries.germany import Germany


class DeadlineOutOfRange(ValueError):
    """The period would end outside the calendar ``datetime.date`` can represent (years 1 to
    9999) or outside the years whose public holidays are known (``HOLIDAY_YEARS``); the caller
    turns it into an error naming the date the period runs from."""

    def __init__(self, start: datetime.date) -> None:
        super().__init__(f"a period from {start.isoformat()} ends outside the calendar")
        self.start = start


class HolidaysUnknown(ValueError):
    """The public holidays of a year outside ``HOLIDAY_YEARS`` are not known."""


def easter_sunday(year: int) -> datetime.date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm): the tests' own reference for the
    movable holidays the ``holidays`` package gives."""
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


# The years the holidays package has Germany's holidays for (1991-2100 in holidays 0.109). For
# any other year it would answer "no holidays" without complaint; here that is an error instead.
HOLIDAY_YEARS = range(Germany.start_year, Germany.end_year + 1)
# The holidays package's name for a language of the site; it names Germany's holidays in German,
# English and Ukrainian (and Thai). Any other language (ar, tr) gets the official German names.
_HOLIDAY_LANGUAGES = {"de": "de", "en": "en_US", "uk": "uk"}


@lru_cache(maxsize=256)
def _nrw_holiday_names(year: int, language: str) -> dict[datetime.date, str]:
    if year not in HOLIDAY_YEARS:
        raise HolidaysUnknown(f"the public holidays of {year} are not known")
    return dict(holidays.country_holidays("DE", subdiv="NW", years=year, language=language).items())


def nrw_holidays(year: int) -> frozenset[datetime.date]:
    """Public holidays in North Rhine-Westphalia in ``year``; ``HolidaysUnknown`` for a year outside
    ``HOLIDAY_YEARS``."""
    return frozenset(_nrw_holiday_names(year, "de"))


def is_nrw_holiday(day: datetime.date) -> bool:
    """Whether ``day`` is a public holiday in North Rhine-Westphalia (``HolidaysUnknown`` outside
    ``HOLIDAY_YEARS``)."""
    return day in _nrw_holiday_names(day.year, "de")


def nrw_holiday_name(day: datetime.date, language: str = "de") -> str | None:
    """The name of the NRW public holiday on ``day`` in ``language`` (``de``, ``en``, ``uk``;
    German for any other), or ``None`` on an ordinary day."""
    base = language.lower().replace("_", "-").split("-")[0]
    return _nrw_holiday_names(day.year, _HOLIDAY_LANGUAGES.get(base, "de")).get(day)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and not is_nrw_holiday(day)


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
    outside the calendar, or whose end must be checked in a year without known public holidays,
    raises ``DeadlineOutOfRange`` (a ``ValueError``), never ``OverflowError``."""
    try:
        end = add_months(start, months) + datetime.timedelta(weeks=weeks, days=days)
        while working_day and not is_working_day(end):
            end += datetime.timedelta(days=1)
    except (OverflowError, HolidaysUnknown):  # past year 9999, or a year without known holidays
        raise DeadlineOutOfRange(start) from None
    return end
