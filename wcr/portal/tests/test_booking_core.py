"""Free slots and the booking services: the rules of availability, no double booking, moving,
cancelling, marking, the reminder task."""

from __future__ import annotations

import datetime
from unittest import skipUnless

from django.db import IntegrityError, connection, transaction
from django.test import override_settings

from wcr.core.testing.base import WcrTestCase
from wcr.portal.booking.services import (
    NotActive,
    NotYet,
    SlotTaken,
    booking_cancel,
    booking_from_token,
    booking_manage_token,
    booking_mark,
    booking_move,
    booking_send_reminder,
)
from wcr.portal.booking.slots import BERLIN, Slot, parse_slot_code, slot_check
from wcr.portal.models import Absence, AvailabilityWindow, Booking
from wcr.portal.tests.booking_data import MONDAY, NOW, book, schedule_for, slots_on
from wcr.privacy.models import AuditEvent


def times(slots: list[Slot]) -> list[str]:
    return [f"{s.start.astimezone(BERLIN):%H:%M}" for s in slots]


class FreeSlotTests(WcrTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.schedule = schedule_for(cls.counsellor, cls.location)

    def test_a_window_gives_slots_that_fit_with_their_buffers(self) -> None:
        # 09:00-12:00, 45 minutes + 15 after: 09:00, 10:00, 11:00 (11:00-11:45 +15 = 12:00).
        self.assertEqual(times(slots_on(MONDAY)), ["09:00", "10:00", "11:00"])

    def test_the_buffer_before_shifts_the_first_slot(self) -> None:
        self.schedule.buffer_before_minutes = 15
        self.schedule.save()
        # 15 + 45 + 15 = 75 minutes a step: 09:15, 10:30; a third would end at 12:45.
        self.assertEqual(times(slots_on(MONDAY)), ["09:15", "10:30"])

    def test_a_booking_takes_its_slot_and_its_buffers(self) -> None:
        (first, *_rest) = slots_on(MONDAY)
        book(first)
        self.assertEqual(times(slots_on(MONDAY)), ["10:00", "11:00"])

    def test_the_same_counsellor_is_not_free_at_another_location_meanwhile(self) -> None:
        AvailabilityWindow.objects.create(
            schedule=self.schedule,
            weekday=0,
            start_time=datetime.time(9, 30),
            end_time=datetime.time(11, 0),
            location=self.other_location,
            channel="phone",
        )
        book(slots_on(MONDAY, location_id=self.location.pk)[0])  # 09:00-09:45 (+15)
        # The phone window's 09:30 slot overlaps 09:00-10:00; nothing else fits before 11:00.
        self.assertEqual(times(slots_on(MONDAY, location_id=self.other_location.pk)), [])

    def test_minimum_notice_and_not_the_same_day(self) -> None:
        monday_morning = datetime.datetime(2027, 1, 11, 7, 0, tzinfo=BERLIN)
        self.assertEqual(slots_on(MONDAY, now=monday_morning), [])  # not on the same day
        self.schedule.not_same_day = False
        self.schedule.min_notice_hours = 3
        self.schedule.save()
        self.assertEqual(times(slots_on(MONDAY, now=monday_morning)), ["10:00", "11:00"])

    def test_the_horizon_ends_the_bookable_days(self) -> None:
        self.schedule.horizon_days = 3  # Friday + 3 = Monday
        self.schedule.save()
        self.assertEqual(len(slots_on(MONDAY)), 3)
        self.assertEqual(slots_on(MONDAY + datetime.timedelta(days=1)), [])

    def test_the_daily_cap(self) -> None:
        self.schedule.daily_cap = 1
        self.schedule.save()
        book(slots_on(MONDAY)[1])
        self.assertEqual(slots_on(MONDAY), [])
        self.assertEqual(len(slots_on(MONDAY + datetime.timedelta(days=1))), 3)

    def test_an_absence_closes_the_days(self) -> None:
        Absence.objects.create(schedule=self.schedule, starts_on=MONDAY, ends_on=MONDAY)
        self.assertEqual(slots_on(MONDAY), [])
        self.assertEqual(len(slots_on(MONDAY + datetime.timedelta(days=1))), 3)

    def test_nrw_public_holidays_are_closed_unless_opened(self) -> None:
        corpus_christi = datetime.date(2027, 5, 27)  # Fronleichnam, a Thursday
        may_now = datetime.datetime(2027, 5, 20, 12, 0, tzinfo=BERLIN)
        self.assertEqual(slots_on(corpus_christi, now=may_now), [])
        self.assertEqual(len(slots_on(corpus_christi + datetime.timedelta(days=1), now=may_now)), 3)
        self.schedule.open_on_holidays = True
        self.schedule.save()
        self.assertEqual(len(slots_on(corpus_christi, now=may_now)), 3)

    def test_an_extra_day_opens_a_date_without_a_weekly_window(self) -> None:
        saturday = MONDAY + datetime.timedelta(days=5)
        self.assertEqual(slots_on(saturday), [])
        AvailabilityWindow.objects.create(
            schedule=self.schedule,
            on_date=saturday,
            start_time=datetime.time(10, 0),
            end_time=datetime.time(11, 0),
            location=self.location,
            channel="video",
        )
        self.assertEqual(times(slots_on(saturday)), ["10:00"])

    def test_an_unpublished_schedule_offers_nothing(self) -> None:
        self.schedule.is_published = False
        self.schedule.save()
        self.assertEqual(slots_on(MONDAY), [])

    def test_summer_time_slots_carry_the_summer_offset(self) -> None:
        july = datetime.date(2027, 7, 5)
        slot = slots_on(july, now=datetime.datetime(2027, 7, 1, tzinfo=BERLIN))[0]
        self.assertEqual(slot.start.isoformat(), "2027-07-05T09:00:00+02:00")
        self.assertEqual(slots_on(MONDAY)[0].start.isoformat(), "2027-01-11T09:00:00+01:00")

    def test_slot_codes_round_trip_and_bad_codes_are_refused(self) -> None:
        slot = slots_on(MONDAY)[0]
        self.assertEqual(parse_slot_code(slot.code), (slot.window.code, slot.start))
        self.assertEqual(slot_check(slot.code, now=NOW), slot)
        for bad in ("", "x", slot.code + "0", slot.code.replace("-2027", "-2027133"), None, 42):
            with self.subTest(bad=bad):
                self.assertIsNone(slot_check(bad, now=NOW))
        # A well-formed code of a time the window does not offer (09:30).
        self.assertIsNone(slot_check(slot.code[:-4] + "0930", now=NOW))


class BookingServiceTests(WcrTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.schedule = schedule_for(cls.counsellor, cls.location)

    def test_a_booking_holds_the_slot_and_a_second_one_is_refused_with_next_slots(self) -> None:
        slot = slots_on(MONDAY)[0]
        booking = book(slot)
        self.assertRegex(booking.reference, r"^T-[A-Z0-9]{8}$")
        self.assertEqual((booking.start, booking.end), (slot.start, slot.end))
        self.assertEqual(booking.blocked_until - booking.end, datetime.timedelta(minutes=15))
        with self.assertRaises(SlotTaken) as taken:
            book(slot, email="second@example.org")
        self.assertEqual(times(taken.exception.next_slots), ["10:00", "11:00", "09:00"])
        self.assertEqual(Booking.objects.count(), 1)
        self.assertTrue(AuditEvent.objects.filter(action="booking.booked").exists())

    def test_moving_frees_the_old_time_and_raises_the_sequence(self) -> None:
        first, second, _third = slots_on(MONDAY)
        booking = book(first)
        moved = booking_move(booking=booking, slot_code=second.code, now=NOW)
        self.assertEqual(moved.start, second.start)
        self.assertEqual(moved.sequence, 1)
        self.assertEqual(times(slots_on(MONDAY)), ["09:00", "11:00"])

    def test_cancelling_frees_the_time_and_cannot_be_repeated(self) -> None:
        booking = book(slots_on(MONDAY)[0])
        cancelled = booking_cancel(booking=booking, actor=self.counsellor, reason="Krank")
        self.assertEqual((cancelled.status, cancelled.sequence), ("cancelled", 1))
        self.assertEqual(len(slots_on(MONDAY)), 3)
        with self.assertRaises(NotActive):
            booking_cancel(booking=cancelled)
        with self.assertRaises(NotActive):
            booking_move(booking=cancelled, slot_code=slots_on(MONDAY)[1].code, now=NOW)

    def test_marking_needs_the_appointment_to_have_begun(self) -> None:
        booking = book(slots_on(MONDAY)[0])
        with self.assertRaises(NotYet):
            booking_mark(booking=booking, actor=self.counsellor, status="attended", now=NOW)
        marked = booking_mark(
            booking=booking, actor=self.counsellor, status="no_show", now=booking.start
        )
        self.assertEqual(marked.status, "no_show")
        self.assertTrue(AuditEvent.objects.filter(action="booking.marked").exists())

    def test_the_manage_link_is_signed_and_ends_with_the_appointment(self) -> None:
        booking = book(slots_on(MONDAY)[0])
        token = booking_manage_token(booking)
        self.assertEqual(booking_from_token(token, now=NOW), booking)
        self.assertIsNone(booking_from_token(token + "x", now=NOW))
        self.assertIsNone(booking_from_token(token, now=booking.end))

    @override_settings(
        TASKS={"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    )
    def test_the_reminder_goes_out_once_and_not_for_a_moved_booking(self) -> None:
        booking = book(slots_on(MONDAY)[0])
        self.assertTrue(booking_send_reminder.call(code=str(booking.code), sequence=0))
        self.assertFalse(booking_send_reminder.call(code=str(booking.code), sequence=0))
        other = book(slots_on(MONDAY)[0])
        booking_move(booking=other, slot_code=slots_on(MONDAY)[-1].code, now=NOW)
        self.assertFalse(booking_send_reminder.call(code=str(other.code), sequence=0))
        self.assertTrue(booking_send_reminder.call(code=str(other.code), sequence=1))

    @skipUnless(connection.vendor == "postgresql", "the exclusion constraint is PostgreSQL's")
    def test_the_database_itself_refuses_an_overlapping_booking(self) -> None:
        booking = book(slots_on(MONDAY)[0])  # 09:00-09:45, blocked until 10:00
        half_past = datetime.timedelta(minutes=50)
        with self.assertRaises(IntegrityError), transaction.atomic():
            Booking.objects.create(
                reference="T-OVERLAP1",
                organisation=booking.organisation,
                schedule=booking.schedule,
                counsellor=booking.counsellor,
                location=booking.location,
                channel="phone",
                start=booking.start + half_past,
                end=booking.end + half_past,
                blocked_from=booking.start + half_past,
                blocked_until=booking.end + half_past,
                name="Direkt",
                email="direkt@example.org",
                privacy_notice=booking.privacy_notice,
            )
        # A cancelled booking holds nothing: the same time can be written again.
        booking_cancel(booking=booking)
        book(slots_on(MONDAY)[0])
