"""``manage.py seed_portal_demo``: demo requests in each state and the demo counsellors'
availability for the next eight weeks (run by seed_demo)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wcr.portal.demo import seed_availability, seed_requests


class Command(BaseCommand):
    help = "Create demo portal requests and the counsellors' availability (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo data only with DEBUG=true (make demo sets it).")
        self.stdout.write(f"Demo portal requests created: {seed_requests()}")
        self.stdout.write(f"Demo booking schedules created: {seed_availability()}")
