"""Legal deadlines, one row of the data table per case."""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

from django.test import SimpleTestCase

from wcr.core.deadlines import (
    HOLIDAY_YEARS,
    DeadlineOutOfRange,
    HolidaysUnknown,
    add_months,
    deadline,
    easter_sunday,
    is_nrw_holiday,
    is_working_day,
    nrw_holiday_name,
    nrw_holidays,
)

TABLE = Path(__file__).parent / "data" / "deadlines.csv"
HOLIDAY_RULES = Path(__file__).parent / "data" / "nrw_holidays.csv"


class DeadlineTableTests(SimpleTestCase):
    def test_every_row_of_the_table(self) -> None:
        with TABLE.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        self.assertGreaterEqual(len(rows), 15)
        for row in rows:
            with self.subTest(note=row["note"]):
                result = deadline(
                    datetime.date.fromisoformat(row["start"]),
                    months=int(row["months"]),
                    weeks=int(row["weeks"]),
                    days=int(row["days"]),
                )
                self.assertEqual(result.isoformat(), row["expected"], row["note"])


class CalendarTests(SimpleTestCase):
    def test_easter_sundays(self) -> None:
        self.assertEqual(easter_sunday(2024), datetime.date(2024, 3, 31))
        self.assertEqual(easter_sunday(2025), datetime.date(2025, 4, 20))
        self.assertEqual(easter_sunday(2026), datetime.date(2026, 4, 5))
        self.assertEqual(easter_sunday(2027), datetime.date(2027, 3, 28))

    def test_nrw_has_eleven_public_holidays(self) -> None:
        holidays = nrw_holidays(2026)
        self.assertEqual(len(holidays), 11)
        self.assertIn(datetime.date(2026, 6, 4), holidays)  # Fronleichnam
        self.assertNotIn(datetime.date(2026, 10, 31), holidays)  # Reformation Day: not in NRW

    def test_weekends_and_holidays_are_not_working_days(self) -> None:
        self.assertFalse(is_working_day(datetime.date(2026, 11, 28)))  # Saturday
        self.assertFalse(is_working_day(datetime.date(2026, 12, 25)))
        self.assertTrue(is_working_day(datetime.date(2026, 11, 24)))

    def test_add_months_keeps_the_day_or_takes_the_last(self) -> None:
        self.assertEqual(add_months(datetime.date(2026, 8, 31), 6), datetime.date(2027, 2, 28))
        self.assertEqual(add_months(datetime.date(2026, 12, 15), 1), datetime.date(2027, 1, 15))

    def test_a_calendar_day_period_need_not_move(self) -> None:
        self.assertEqual(
            deadline(datetime.date(2026, 11, 28), days=14, working_day=False),
            datetime.date(2026, 12, 12),
        )


def holidays_by_the_rules(year: int) -> dict[datetime.date, str]:
    """The NRW holidays of ``year`` from the rules in ``nrw_holidays.csv`` (fixed dates and days
    counted from Easter Sunday, computed here), with the German names."""
    with HOLIDAY_RULES.open(encoding="utf-8") as handle:
        rules = list(csv.DictReader(handle))
    easter = easter_sunday(year)
    days = {}
    for rule in rules:
        if rule["fixed"]:
            day = datetime.date.fromisoformat(f"{year}-{rule['fixed']}")
        else:
            day = easter + datetime.timedelta(days=int(rule["easter_offset"]))
        days[day] = rule["name"]
    return days


class NrwHolidayTests(SimpleTestCase):
    """The holidays package against the rules of the law, computed by hand, year by year."""

    def test_the_library_gives_exactly_the_holidays_of_the_rules_2024_to_2035(self) -> None:
        for year in range(2024, 2036):
            with self.subTest(year=year):
                expected = holidays_by_the_rules(year)
                self.assertEqual(len(expected), 11)
                self.assertEqual(nrw_holidays(year), frozenset(expected))
                for day, name in expected.items():
                    self.assertTrue(is_nrw_holiday(day), day)
                    self.assertEqual(nrw_holiday_name(day), name)

    def test_days_next_to_a_holiday_are_ordinary(self) -> None:
        for day in holidays_by_the_rules(2026):
            for neighbour in (day - datetime.timedelta(days=1), day + datetime.timedelta(days=1)):
                if neighbour in nrw_holidays(neighbour.year):  # 25 and 26 December
                    continue
                with self.subTest(day=neighbour):
                    self.assertFalse(is_nrw_holiday(neighbour))
                    self.assertIsNone(nrw_holiday_name(neighbour))

    def test_holidays_of_other_lands_are_not_nrw_holidays(self) -> None:
        self.assertFalse(is_nrw_holiday(datetime.date(2026, 10, 31)))  # Reformation Day
        self.assertFalse(is_nrw_holiday(datetime.date(2026, 1, 6)))  # Epiphany
        self.assertFalse(is_nrw_holiday(datetime.date(2026, 8, 15)))  # Assumption
        self.assertFalse(is_nrw_holiday(datetime.date(2026, 11, 18)))  # Repentance Day (Saxony)

    def test_a_one_off_holiday_of_the_law_is_known(self) -> None:
        # Reformation Day 2017 (500 years) was a public holiday in every Land, once.
        self.assertTrue(is_nrw_holiday(datetime.date(2017, 10, 31)))
        self.assertFalse(is_nrw_holiday(datetime.date(2018, 10, 31)))

    def test_names_in_the_languages_the_library_has_and_german_otherwise(self) -> None:
        corpus_christi = datetime.date(2026, 6, 4)
        self.assertEqual(nrw_holiday_name(corpus_christi), "Fronleichnam")
        self.assertEqual(nrw_holiday_name(corpus_christi, "en"), "Corpus Christi")
        self.assertEqual(nrw_holiday_name(corpus_christi, "en-gb"), "Corpus Christi")
        self.assertEqual(nrw_holiday_name(datetime.date(2026, 1, 1), "uk"), "Новий рік")
        self.assertEqual(nrw_holiday_name(corpus_christi, "ar"), "Fronleichnam")
        self.assertEqual(nrw_holiday_name(corpus_christi, "tr"), "Fronleichnam")

    def test_a_year_without_known_holidays_is_an_error_not_an_empty_set(self) -> None:
        self.assertIn(1991, HOLIDAY_YEARS)
        self.assertIn(2100, HOLIDAY_YEARS)
        after = HOLIDAY_YEARS.stop
        with self.assertRaises(HolidaysUnknown):
            nrw_holidays(after)
        with self.assertRaises(HolidaysUnknown):
            is_nrw_holiday(datetime.date(after, 6, 1))
        wednesday, saturday = datetime.date(after, 1, 12), datetime.date(after, 1, 15)
        self.assertEqual((wednesday.weekday(), saturday.weekday()), (2, 5))
        with self.assertRaises(DeadlineOutOfRange):  # it ends on a weekday: holidays needed
            deadline(wednesday, weeks=-1)
        self.assertFalse(is_working_day(saturday))  # a weekend needs no holiday list


class OutOfRangeTests(SimpleTestCase):
    def test_a_deadline_beyond_the_calendar_is_a_clear_value_error_not_an_overflow(self) -> None:
        for start, period in (
            (datetime.date(9999, 12, 31), {"days": 1}),
            (datetime.date(9999, 12, 31), {"months": 1}),
            (datetime.date(9999, 12, 1), {"weeks": 5}),
            (datetime.date(9999, 12, 30), {}),  # a Thursday; the working-day rule stays inside
            (datetime.date(1, 1, 1), {"days": -1}),
        ):
            with self.subTest(start=start, period=period):
                try:
                    deadline(start, **period)
                except DeadlineOutOfRange as problem:
                    self.assertIsInstance(problem, ValueError)
                    self.assertIn("outside the calendar", str(problem))

    def test_a_period_that_leaves_the_calendar_raises(self) -> None:
        with self.assertRaises(DeadlineOutOfRange):
            deadline(datetime.date(9999, 12, 31), days=1)
        with self.assertRaises(DeadlineOutOfRange):
            deadline(datetime.date(9999, 12, 31), months=1)
        with self.assertRaises(DeadlineOutOfRange):
            add_months(datetime.date(9999, 12, 31), 1)
