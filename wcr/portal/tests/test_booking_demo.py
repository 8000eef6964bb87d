"""seed_demo publishes the demo counsellors' availability for the next eight weeks."""

from __future__ import annotations

import datetime
from io import StringIO

from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import timezone

from wcr.accounts.models import Membership, Role
from wcr.portal.booking.slots import BERLIN, free_slots
from wcr.portal.models import Schedule


@override_settings(DEBUG=True, DEMO_MODE=True, DEMO_PASSWORD="Demo-Passwort-2026")
class DemoAvailabilityTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        call_command("seed_demo", stdout=StringIO())

    def test_the_demo_counsellors_are_bookable_for_the_next_eight_weeks(self) -> None:
        counsellors = Membership.objects.filter(role=Role.COUNSELLOR, is_active=True)
        self.assertEqual(Schedule.objects.published().count(), counsellors.count())
        today = timezone.localdate(timezone.now(), BERLIN)
        slots = free_slots(first=today, last=today + datetime.timedelta(days=62))
        weeks = {s.start.astimezone(BERLIN).isocalendar()[:2] for s in slots}
        self.assertGreaterEqual(len(weeks), 8)
        last = max(s.start for s in slots).astimezone(BERLIN).date()
        self.assertLessEqual(last, today + datetime.timedelta(days=56))
        self.assertEqual(
            {s.window.location.slug for s in slots}, {"aachen", "moenchengladbach", "neuss"}
        )
        self.assertEqual({s.window.channel for s in slots}, {"in_person", "phone", "video"})
        # Run again: nothing added.
        call_command("seed_demo", stdout=StringIO())
        self.assertEqual(Schedule.objects.count(), counsellors.count())
