"""Legal deadlines, one row of the data table per case."""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

from django.test import SimpleTestCase

from wcr.core.deadlines import (
    DeadlineOutOfRange,
    add_months,
    deadline,
    easter_sunday,
    is_working_day,
    nrw_holidays,
)

TABLE = Path(__file__).parent / "data" / "deadlines.csv"


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
