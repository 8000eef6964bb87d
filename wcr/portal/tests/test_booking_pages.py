"""The public booking pages with the Django test client: choosing a slot, booking it, the
checks named at their fields in the page's language, a slot taken meanwhile (409 with the next
ones, what was typed kept), and the signed link that shows, moves and cancels the booking."""

from __future__ import annotations

import datetime
import html
from typing import Any

from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from wcr.core.testing.base import WcrTestCase
from wcr.portal.booking.services import booking_manage_token
from wcr.portal.booking.slots import BERLIN, Slot, free_slots
from wcr.portal.models import Booking
from wcr.portal.models.booking import BookingStatus
from wcr.portal.models.notices import privacy_notice_in_force
from wcr.portal.tests.booking_data import book, schedule_for

START = "/termin/"
BOOK = "/termin/buchen/"


def upcoming() -> list[Slot]:
    today = timezone.localdate(timezone.now(), BERLIN)
    return free_slots(first=today, last=today + datetime.timedelta(days=20))


@override_settings(PORTAL_RATE_LIMIT=0)
class BookingPageTests(WcrTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.schedule = schedule_for(
            cls.counsellor, cls.location, weekdays=(0, 1, 2, 3, 4, 5, 6), horizon_days=40
        )

    def form(self, slot: Slot | str, **changes: Any) -> dict[str, Any]:
        notice = privacy_notice_in_force()
        assert notice is not None
        data = {
            "slot": slot if isinstance(slot, str) else slot.code,
            "name": "Amina Yusuf",
            "email": "amina@example.org",
            "language": "ar",
            "time_zone": "Asia/Damascus",
            "privacy_notice_version": notice.version,
        }
        data.update(changes)
        return data

    def post(self, data: dict[str, Any], page: str = "de") -> Any:
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(BOOK, data, HTTP_ACCEPT_LANGUAGE=page)

    def test_the_start_page_offers_locations_and_channels_then_the_week(self) -> None:
        response = self.client.get(START, HTTP_ACCEPT_LANGUAGE="de")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, f'value="{self.location.slug}"')
        self.assertNotContains(response, 'data-testid="slot"')
        response = self.client.get(
            START,
            {"location": self.location.slug, "channel": "in_person"},
            HTTP_ACCEPT_LANGUAGE="de",
        )
        self.assertEqual(response.status_code, 200)
        first = upcoming()[0]
        self.assertContains(response, f"?slot={first.code}")
        self.assertContains(response, 'data-testid="next-week"')
        # Another channel has no windows: no slot, and the page says so.
        response = self.client.get(
            START, {"location": self.location.slug, "channel": "video"}, HTTP_ACCEPT_LANGUAGE="de"
        )
        self.assertContains(response, 'data-testid="no-slots"')
        # In Arabic the channels are Arabic (an untranslated label would fall back to German).
        response = self.client.get(START, HTTP_ACCEPT_LANGUAGE="ar")
        for label in ("حضوريًا", "هاتفيًا", "مكالمة فيديو"):
            self.assertContains(response, label)

    def test_bad_choices_are_named_in_the_page_language(self) -> None:
        for params, field in (
            ({"location": "atlantis", "channel": "phone"}, "Standort"),
            ({"location": self.location.slug, "channel": "telepathy"}, "Art"),
            ({"location": self.location.slug, "channel": "phone", "week": "soon"}, "Woche"),
            ({"location": self.location.slug, "channel": "phone", "week": "2099-01-05"}, "Woche"),
            ({"tz": "Mars/Olympus"}, "Ihre Zeitzone"),
        ):
            with self.subTest(params):
                response = self.client.get(START, params, HTTP_ACCEPT_LANGUAGE="de")
                self.assertEqual(response.status_code, 400)
                content = html.unescape(response.content.decode())
                self.assertIn('data-testid="error-summary"', content)
                self.assertIn(f"{field}:", content)
        response = self.client.get(START, {"location": "atlantis"}, HTTP_ACCEPT_LANGUAGE="ar")
        self.assertContains(response, 'dir="rtl"', status_code=400)

    def test_another_time_zone_shows_both_times(self) -> None:
        first = upcoming()[0]
        response = self.client.get(
            BOOK, {"slot": first.code, "tz": "Asia/Kolkata"}, HTTP_ACCEPT_LANGUAGE="en"
        )
        self.assertEqual(response.status_code, 200)
        local = first.start.astimezone(datetime.timezone(datetime.timedelta(hours=5, minutes=30)))
        self.assertContains(response, f"{local:%H:%M}")
        self.assertContains(response, f"{first.start.astimezone(BERLIN):%H:%M}")
        self.assertContains(response, '<option value="Asia/Kolkata" selected>')

    def test_booking_makes_the_booking_mails_and_shows_its_page(self) -> None:
        first = upcoming()[0]
        response = self.post(self.form(first))
        self.assertEqual(response.status_code, 302)
        booking = Booking.objects.get()
        self.assertEqual(
            response["Location"], f"/termin/verwalten/{booking_manage_token(booking)}/"
        )
        self.assertEqual(
            (booking.start, booking.language, booking.time_zone),
            (first.start, "ar", "Asia/Damascus"),
        )
        # The requester's mail (with termin.ics), the counsellor's and the reminder, queued.
        self.assertEqual(DBTaskResult.objects.count(), 3)
        page = self.client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="de")
        self.assertContains(page, booking.reference)
        self.assertContains(page, "Ihr Termin ist gebucht")
        self.assertContains(page, "Asia/Damascus")
        # The slot is gone from the list.
        listing = self.client.get(
            START,
            {"location": self.location.slug, "channel": "in_person"},
            HTTP_ACCEPT_LANGUAGE="de",
        )
        self.assertNotContains(listing, f"?slot={first.code}")

    def test_every_bad_field_is_named_and_what_was_typed_is_kept(self) -> None:
        first = upcoming()[0]
        cases = {
            "name": {"name": ""},
            "email": {"email": "no-at-sign"},
            "language": {"language": "fr"},
            "time_zone": {"time_zone": "Mars/Olympus"},
            "privacy_notice_version": {"privacy_notice_version": "0.9"},
            "request": {"request": "WCR-1999-99999"},
        }
        for language in ("de", "ar"):
            for name, change in cases.items():
                with self.subTest(language=language, field=name):
                    response = self.post(self.form(first, **change), page=language)
                    self.assertEqual(response.status_code, 400)
                    self.assertEqual([f.name for f in response.context["errors"]], [name])
                    content = html.unescape(response.content.decode())
                    error = response.context["errors"][0]
                    self.assertIn(f"{error.label}: {error.error}", content)
                    if name != "name":
                        self.assertIn('value="Amina Yusuf"', content)
        self.assertFalse(Booking.objects.exists())

    def test_a_slot_taken_meanwhile_answers_409_with_the_next_ones_and_keeps_the_entries(
        self,
    ) -> None:
        first, second, *_rest = upcoming()
        book(first, now=timezone.now(), email="someone@example.org")
        response = self.post(self.form(first, name="Olena Kovalenko"))
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, 'data-testid="alternatives"', status_code=409)
        self.assertContains(response, f'value="{second.code}" checked', status_code=409)
        self.assertContains(response, 'value="Olena Kovalenko"', status_code=409)
        # Sent again with the offered time, it is booked.
        response = self.post(self.form(second, name="Olena Kovalenko"))
        self.assertEqual(response.status_code, 302)
        # A slot code that names nothing: 409 on the form page too, never a 500.
        response = self.client.get(BOOK, {"slot": "nonsense"})
        self.assertContains(response, 'data-testid="slot-taken"', status_code=409)

    def test_the_signed_link_moves_and_cancels(self) -> None:
        first, second, *_rest = upcoming()
        booking = book(first, now=timezone.now())
        token = booking_manage_token(booking)
        manage = f"/termin/verwalten/{token}/"
        page = self.client.get(f"{manage}verschieben/", HTTP_ACCEPT_LANGUAGE="de")
        self.assertContains(page, f'value="{second.code}"')
        self.assertNotContains(page, f'value="{first.code}"')  # its own time is not offered
        response = self.client.post(f"{manage}verschieben/", {}, HTTP_ACCEPT_LANGUAGE="de")
        self.assertContains(
            response, "Neuer Termin: Wählen Sie einen neuen Termin.", status_code=400
        )
        queued = DBTaskResult.objects.count()
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(f"{manage}verschieben/", {"slot": second.code})
        self.assertRedirects(response, manage, fetch_redirect_response=False)
        booking.refresh_from_db()
        self.assertEqual((booking.start, booking.sequence), (second.start, 1))
        self.assertEqual(DBTaskResult.objects.count(), queued + 3)  # two mails, the reminder
        # Cancelling asks once more, then cancels.
        page = self.client.get(f"{manage}absagen/", HTTP_ACCEPT_LANGUAGE="de")
        self.assertContains(page, 'data-testid="confirm-cancel"')
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(f"{manage}absagen/")
        self.assertEqual(response.status_code, 302)
        booking.refresh_from_db()
        self.assertEqual(booking.status, BookingStatus.CANCELLED)
        page = self.client.get(manage, HTTP_ACCEPT_LANGUAGE="de")
        self.assertContains(page, 'data-testid="booking-status"')
        self.assertNotContains(page, 'data-testid="move"')
        # A cancelled booking cannot be moved or cancelled again.
        self.assertEqual(self.client.post(f"{manage}absagen/").status_code, 409)
        self.assertEqual(
            self.client.post(f"{manage}verschieben/", {"slot": second.code}).status_code, 409
        )

    def test_a_forged_token_is_404(self) -> None:
        for suffix in ("", "verschieben/", "absagen/"):
            with self.subTest(suffix):
                self.assertEqual(
                    self.client.get(f"/termin/verwalten/forged/{suffix}").status_code, 404
                )


@override_settings(PORTAL_RATE_LIMIT=0)
class FirstFreeWeekTests(WcrTestCase):
    """Without a chosen week the page opens the first week with a free time: with windows on
    Mondays only, this week never has one (today's are same-day, earlier ones are past)."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        schedule_for(cls.counsellor, cls.location, weekdays=(0,), horizon_days=40)

    def test_an_empty_week_opens_the_next_one_with_a_free_time(self) -> None:
        first = upcoming()[0]
        day = first.start.astimezone(BERLIN).date()
        monday = day - datetime.timedelta(days=day.weekday())
        response = self.client.get(START, {"location": self.location.slug, "channel": "in_person"})
        self.assertEqual(response.context["monday"], monday)
        self.assertGreater(monday, timezone.localdate(timezone.now(), BERLIN))
        self.assertContains(response, f"?slot={first.code}")
        # A week asked for is shown as it is, even when empty.
        this_monday = timezone.localdate(timezone.now(), BERLIN)
        this_monday -= datetime.timedelta(days=this_monday.weekday())
        response = self.client.get(
            START,
            {
                "location": self.location.slug,
                "channel": "in_person",
                "week": this_monday.isoformat(),
            },
        )
        self.assertEqual(response.context["monday"], this_monday)
        self.assertContains(response, 'data-testid="no-slots"')
