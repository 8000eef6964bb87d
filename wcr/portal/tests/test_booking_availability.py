"""Availability in the staff area: the counsellor edits their own, a team lead anyone's of the
organisation; windows, extra days and absences added and removed, the settings saved; bad
input named at its field; every change audited; everyone else 404."""

from __future__ import annotations

import datetime
import uuid

from django.utils import timezone

from wcr.core.testing.base import WcrTestCase
from wcr.portal.booking.availability import AUDIT_AVAILABILITY
from wcr.portal.booking.slots import BERLIN, free_slots
from wcr.portal.models import Absence, AvailabilityWindow, Schedule
from wcr.privacy.models import AuditEvent

URL = "/mitarbeitende/termine/sprechzeiten/"


def window(**changes: str) -> dict[str, str]:
    data = {
        "action": "add_window",
        "w-weekday": "",
        "w-on_date": "",
        "w-start_time": "09:00",
        "w-end_time": "12:00",
        "w-location": "",
        "w-channel": "in_person",
    }
    data.update(changes)
    return data


class AvailabilityTests(WcrTestCase):
    def test_the_counsellor_adds_a_time_and_it_can_be_booked(self) -> None:
        self.sign_in(self.counsellor)
        page = self.client.get(URL)
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "Es kann nichts gebucht werden")
        response = self.client.post(
            URL, window(**{"w-weekday": "2", "w-location": str(self.location.pk)})
        )
        self.assertEqual(response.status_code, 302)
        (added,) = AvailabilityWindow.objects.all()
        self.assertEqual((added.weekday, added.schedule.membership.user), (2, self.counsellor))
        today = timezone.localdate(timezone.now(), BERLIN)
        slots = free_slots(first=today, last=today + datetime.timedelta(days=14))
        self.assertTrue(slots)
        self.assertEqual({s.start.astimezone(BERLIN).weekday() for s in slots}, {2})
        self.assertEqual(AuditEvent.objects.filter(action=AUDIT_AVAILABILITY).count(), 1)
        response = self.client.post(URL, {"action": "remove_window", "code": str(added.code)})
        self.assertEqual(response.status_code, 302)
        self.assertFalse(AvailabilityWindow.objects.exists())

    def test_bad_input_is_named_and_nothing_is_stored(self) -> None:
        self.sign_in(self.counsellor)
        for data, field in (
            (window(**{"w-location": str(self.location.pk)}), "w-weekday"),
            (
                window(
                    **{"w-weekday": "1", "w-location": str(self.location.pk), "w-end_time": "08:00"}
                ),
                "w-end_time",
            ),
            (window(**{"w-weekday": "1"}), "w-location"),
        ):
            with self.subTest(field):
                response = self.client.post(URL, data, HTTP_ACCEPT_LANGUAGE="de")
                self.assertEqual(response.status_code, 400)
                self.assertIn(field[2:], response.context["window_form"].errors)
        response = self.client.post(
            URL, {"action": "add_absence", "a-starts_on": "2027-02-10", "a-ends_on": "2027-02-01"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("ends_on", response.context["absence_form"].errors)
        response = self.client.post(
            URL,
            {
                "action": "settings",
                "s-slot_minutes": "5",
                "s-buffer_before_minutes": "0",
                "s-buffer_after_minutes": "0",
                "s-min_notice_hours": "24",
                "s-horizon_days": "56",
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("slot_minutes", response.context["settings_form"].errors)
        self.assertFalse(AvailabilityWindow.objects.exists())
        self.assertFalse(Absence.objects.exists())
        self.assertEqual(self.client.post(URL, {"action": "explode"}).status_code, 404)

    def test_absences_and_settings_are_saved_and_audited(self) -> None:
        self.sign_in(self.counsellor)
        response = self.client.post(
            URL,
            {
                "action": "add_absence",
                "a-starts_on": "2027-02-01",
                "a-ends_on": "2027-02-05",
                "a-note": "Urlaub",
            },
        )
        self.assertEqual(response.status_code, 302)
        absence = Absence.objects.get()
        response = self.client.post(
            URL,
            {
                "action": "settings",
                "s-is_published": "on",
                "s-slot_minutes": "60",
                "s-buffer_before_minutes": "0",
                "s-buffer_after_minutes": "15",
                "s-min_notice_hours": "48",
                "s-horizon_days": "28",
                "s-daily_cap": "4",
                "s-video_link": "https://video.example.org/raum",
            },
        )
        self.assertEqual(response.status_code, 302)
        schedule = Schedule.objects.get()
        self.assertEqual((schedule.slot_minutes, schedule.daily_cap), (60, 4))
        event = AuditEvent.objects.filter(action=AUDIT_AVAILABILITY).latest("id")
        self.assertEqual(event.changes["slot_minutes"], {"old": "45", "new": "60"})
        self.client.post(URL, {"action": "remove_absence", "code": str(absence.code)})
        self.assertFalse(Absence.objects.exists())
        # Another schedule's absence (or a made-up code): 404.
        self.assertEqual(
            self.client.post(
                URL, {"action": "remove_absence", "code": str(absence.code)}
            ).status_code,
            404,
        )
        self.assertEqual(
            self.client.post(URL, {"action": "remove_window", "code": "nonsense"}).status_code,
            404,
        )
        self.assertEqual(
            self.client.post(
                URL, {"action": "remove_window", "code": str(uuid.uuid4())}
            ).status_code,
            404,
        )

    def test_a_team_lead_edits_a_colleague_and_nobody_else_may(self) -> None:
        self.sign_in(self.team_lead)
        page = self.client.get(URL, {"counsellor": "counsellor.a"})
        self.assertEqual(page.status_code, 200)
        self.assertEqual(page.context["target"].user, self.counsellor)
        self.assertEqual(self.client.get(URL, {"counsellor": "counsellor.b"}).status_code, 404)
        self.sign_in(self.counsellor)
        self.assertEqual(self.client.get(URL, {"counsellor": "lead.a"}).status_code, 404)
        self.assertEqual(self.client.get(URL, {"counsellor": "counsellor.a"}).status_code, 200)
        self.assertEqual(self.client.put(URL).status_code, 405)
        for persona in ("coordinator", "dpo", "administrator"):
            with self.subTest(persona):
                self.sign_in(getattr(self, persona))
                self.assertEqual(self.client.get(URL).status_code, 404)
