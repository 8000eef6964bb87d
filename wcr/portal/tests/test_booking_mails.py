"""The booking's mails through a real SMTP conversation (a local sink) and the task worker: the
calendar file parsed with icalendar (UID, SEQUENCE, METHOD, the Europe/Berlin VTIMEZONE), the
requester's language, the counsellor told of every change, the reminder sent once."""

from __future__ import annotations

import datetime
from email.message import EmailMessage
from typing import Any

import icalendar
from django.test import override_settings
from django.utils import timezone

from wcr.core.testing.base import WcrTestCase
from wcr.core.testing.smtp import smtp_settings, smtp_sink
from wcr.core.testing.tasks import deliver_mail
from wcr.portal.booking.services import booking_cancel, booking_move, booking_send_reminder
from wcr.portal.booking.slots import BERLIN, Slot, free_slots
from wcr.portal.tests.booking_data import book, schedule_for


def upcoming() -> list[Slot]:
    today = timezone.localdate(timezone.now(), BERLIN)
    return free_slots(first=today, last=today + datetime.timedelta(days=20))


def calendar_of(message: EmailMessage) -> tuple[str, icalendar.Calendar]:
    (part,) = list(message.iter_attachments())
    assert part.get_filename() == "termin.ics"
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return str(part.get_param("method")), icalendar.Calendar.from_ical(payload)


def event_of(calendar: icalendar.Calendar) -> Any:
    (event,) = calendar.walk("VEVENT")
    return event


class BookingMailTests(WcrTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        schedule_for(cls.counsellor, cls.location, weekdays=(0, 1, 2, 3, 4, 5, 6))

    def deliver(self, received: list[EmailMessage]) -> list[EmailMessage]:
        before = len(received)
        deliver_mail()
        return received[before:]

    def split(self, messages: list[EmailMessage], email: str) -> tuple[EmailMessage, EmailMessage]:
        (requester,) = [m for m in messages if m["To"] == email]
        (counsellor,) = [m for m in messages if m["To"] == self.counsellor.email]
        return requester, counsellor

    def test_booked_moved_cancelled_each_with_its_calendar_file_in_the_booking_language(
        self,
    ) -> None:
        first, *_middle, later = upcoming()
        with smtp_sink() as (port, received), override_settings(**smtp_settings(port)):
            with self.captureOnCommitCallbacks(execute=True):
                booking = book(first, now=timezone.now(), language="ar", time_zone="Asia/Damascus")
            requester, counsellor = self.split(self.deliver(received), booking.email)
            self.assertIn(booking.reference, requester["Subject"])
            self.assertIn("موعدك", requester["Subject"])  # Arabic, the booking's language
            body = requester.get_body(("plain",)).get_content()
            self.assertIn("/termin/verwalten/", body)
            method, calendar = calendar_of(requester)
            self.assertEqual((method, str(calendar["METHOD"])), ("REQUEST", "REQUEST"))
            (zone,) = calendar.walk("VTIMEZONE")
            self.assertEqual(str(zone["TZID"]), "Europe/Berlin")
            event = event_of(calendar)
            uid = str(event["UID"])
            self.assertEqual(uid, f"{booking.code}@wcr-booking")
            self.assertEqual(int(event["SEQUENCE"]), 0)
            start = event["DTSTART"].dt
            self.assertEqual(str(start.tzinfo), "Europe/Berlin")
            self.assertEqual(start, first.start)
            self.assertEqual(event["DTEND"].dt, first.end)
            # The counsellor is told, without the requester's name.
            self.assertNotIn("Amina", counsellor.get_body(("plain",)).get_content())

            with self.captureOnCommitCallbacks(execute=True):
                booking = booking_move(booking=booking, slot_code=later.code)
            requester, counsellor = self.split(self.deliver(received), booking.email)
            method, calendar = calendar_of(requester)
            event = event_of(calendar)
            self.assertEqual(method, "REQUEST")
            self.assertEqual(str(event["UID"]), uid)  # the same event, updated
            self.assertEqual(int(event["SEQUENCE"]), 1)
            self.assertEqual(event["DTSTART"].dt, later.start)

            with self.captureOnCommitCallbacks(execute=True):
                booking_cancel(booking=booking)
            requester, counsellor = self.split(self.deliver(received), booking.email)
            method, calendar = calendar_of(requester)
            event = event_of(calendar)
            self.assertEqual((method, str(calendar["METHOD"])), ("CANCEL", "CANCEL"))
            self.assertEqual(str(event["UID"]), uid)
            self.assertEqual(int(event["SEQUENCE"]), 2)
            self.assertEqual(str(event["STATUS"]), "CANCELLED")

    def test_the_reminder_is_sent_once_with_the_calendar_file(self) -> None:
        slot = upcoming()[1]
        with smtp_sink() as (port, received), override_settings(**smtp_settings(port)):
            with self.captureOnCommitCallbacks(execute=True):
                booking = book(slot, now=timezone.now(), language="uk")
            self.deliver(received)
            with self.captureOnCommitCallbacks(execute=True):
                self.assertTrue(booking_send_reminder.call(code=str(booking.code), sequence=0))
                self.assertFalse(booking_send_reminder.call(code=str(booking.code), sequence=0))
            (reminder,) = self.deliver(received)
            self.assertEqual(reminder["To"], booking.email)
            self.assertIn("Нагадування", reminder["Subject"])
            method, calendar = calendar_of(reminder)
            self.assertEqual(method, "REQUEST")
            self.assertEqual(int(event_of(calendar)["SEQUENCE"]), 0)
