"""The staff calendar: day and week views per counsellor and location, each booking with its
request or case, marking attended or no-show, cancelling with a message; the gate (other
organisations, coordinator, DPO, administrator: 404) and the access log."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from wcr.core.mail import mail_unseal
from wcr.core.testing.base import WcrTestCase
from wcr.portal.booking.services import booking_move
from wcr.portal.booking.slots import BERLIN
from wcr.portal.models import Booking
from wcr.portal.models.booking import BookingStatus
from wcr.portal.tests.booking_data import book, schedule_for
from wcr.portal.tests.test_booking_pages import upcoming
from wcr.privacy.models import AccessLog

CALENDAR = "/mitarbeitende/termine/"


class StaffCalendarTests(WcrTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        schedule_for(cls.counsellor, cls.location, weekdays=(0, 1, 2, 3, 4, 5, 6))
        first, second, *_rest = upcoming()
        cls.booking = book(first, now=timezone.now(), name="Amina Yusuf")
        cls.second = book(second, now=timezone.now(), name="Olena Kovalenko")

    def week_of(self, booking: Booking) -> str:
        return booking.start.astimezone(BERLIN).date().isoformat()

    def test_the_counsellor_sees_the_week_and_the_day_with_names_and_the_access_log(self) -> None:
        self.sign_in(self.counsellor)
        response = self.client.get(CALENDAR, {"date": self.week_of(self.booking)})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Amina Yusuf")
        self.assertContains(response, reverse("calendar:detail", args=[self.booking.code]))
        listed = AccessLog.objects.filter(purpose="calendar").latest("id")
        self.assertIn(
            str(self.booking.code), set(listed.subjects.values_list("object_code", flat=True))
        )
        # A day without it: not shown.
        other_day = self.booking.start.astimezone(BERLIN).date() + datetime.timedelta(days=1)
        if other_day != self.second.start.astimezone(BERLIN).date():
            response = self.client.get(CALENDAR, {"view": "day", "date": other_day.isoformat()})
            self.assertNotContains(response, "Amina Yusuf")

    def test_filters_and_bad_input_named(self) -> None:
        self.sign_in(self.team_lead)
        date = self.week_of(self.booking)
        response = self.client.get(CALENDAR, {"date": date, "counsellor": "lead.a"})
        self.assertNotContains(response, "Amina Yusuf")  # the team lead has no bookings
        response = self.client.get(CALENDAR, {"date": date})  # a team lead: everyone
        self.assertContains(response, "Amina Yusuf")
        for params, text in (
            ({"view": "month"}, "Ansicht"),
            ({"date": "tomorrow"}, "Datum"),
            ({"counsellor": "counsellor.b"}, "Beraterin oder Berater"),
            ({"location": "atlantis"}, "Standort"),
        ):
            with self.subTest(params):
                response = self.client.get(CALENDAR, params, HTTP_ACCEPT_LANGUAGE="de")
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, f"{text}:", status_code=400)

    def test_other_organisations_and_roles_without_casework_see_nothing(self) -> None:
        for persona in ("other_counsellor", "other_team_lead"):
            with self.subTest(persona):
                self.sign_in(getattr(self, persona))
                response = self.client.get(CALENDAR, {"date": self.week_of(self.booking)})
                self.assertNotContains(response, "Amina Yusuf")
        for persona in ("coordinator", "dpo", "administrator"):
            with self.subTest(persona):
                self.sign_in(getattr(self, persona))
                self.assertEqual(self.client.get(CALENDAR).status_code, 404)

    def test_a_booking_is_marked_once_it_has_begun(self) -> None:
        self.sign_in(self.counsellor)
        mark = reverse("calendar:mark", args=[self.booking.code])
        response = self.client.post(mark, {"status": "attended"})
        self.assertEqual(response.status_code, 409)  # not begun yet
        started = timezone.now() - datetime.timedelta(minutes=10)
        ended = started + datetime.timedelta(minutes=45)
        Booking.objects.filter(pk=self.booking.pk).update(
            start=started, end=ended, blocked_from=started, blocked_until=ended
        )
        self.assertEqual(self.client.post(mark, {"status": "maybe"}).status_code, 400)
        response = self.client.post(mark, {"status": "no_show"})
        self.assertRedirects(
            response,
            reverse("calendar:detail", args=[self.booking.code]),
            fetch_redirect_response=False,
        )
        self.booking.refresh_from_db()
        self.assertEqual(self.booking.status, BookingStatus.NO_SHOW)
        page = self.client.get(reverse("calendar:detail", args=[self.booking.code]))
        self.assertContains(page, 'value="no_show" checked')

    def test_cancelling_needs_a_message_and_mails_it_to_the_requester(self) -> None:
        self.sign_in(self.counsellor)
        cancel = reverse("calendar:cancel", args=[self.second.code])
        response = self.client.post(cancel, {"reason": "  "}, HTTP_ACCEPT_LANGUAGE="de")
        self.assertContains(response, "Nachricht an die anfragende Person:", status_code=400)
        response = self.client.post(cancel, {"reason": "x" * 2001}, HTTP_ACCEPT_LANGUAGE="de")
        self.assertContains(response, "x" * 2001, status_code=400)  # kept
        before = DBTaskResult.objects.count()
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(cancel, {"reason": "Ich bin an dem Tag krank."})
        self.assertEqual(response.status_code, 302)
        self.second.refresh_from_db()
        self.assertEqual(self.second.status, BookingStatus.CANCELLED)
        self.assertEqual(self.second.cancelled_by, self.counsellor)
        sealed = [
            mail_unseal(row.args_kwargs["kwargs"]["sealed"])
            for row in DBTaskResult.objects.order_by("enqueued_at")[before:]
            if "sealed" in row.args_kwargs["kwargs"]
        ]
        to_requester = [m for m in sealed if m["to"] == [self.second.email]]
        self.assertEqual(len(to_requester), 1)
        self.assertIn("Ich bin an dem Tag krank.", to_requester[0]["body"])
        self.assertEqual(self.client.post(cancel, {"reason": "again"}).status_code, 409)


class CaseTimelineTests(WcrTestCase):
    def test_a_booking_linked_to_a_request_shows_in_its_case_timeline(self) -> None:
        from wcr.portal import services
        from wcr.portal.tests.test_inbox import person_request

        schedule_for(self.counsellor, self.location, weekdays=(0, 1, 2, 3, 4, 5, 6))
        item = person_request()
        case = services.intake_accept(actor=self.counsellor, item=item)
        first, second, *_rest = upcoming()
        booking = book(first, now=timezone.now(), request=item.request, email=item.request.email)
        self.assertEqual(booking.case, case)
        booking_move(booking=booking, slot_code=second.code)
        self.sign_in(self.counsellor)
        page = self.client.get(reverse("cases:detail", args=[case.code]), HTTP_ACCEPT_LANGUAGE="de")
        content = page.content.decode()
        self.assertIn(booking.reference, content)
        start = second.start.astimezone(BERLIN)
        self.assertIn(f"{start:%d.%m.%Y %H:%M}", content)
        self.assertIn("gebucht", content)
