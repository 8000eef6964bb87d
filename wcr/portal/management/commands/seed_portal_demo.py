"""``manage.py seed_portal_demo``: demo requests in each state (run by seed_demo)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wcr.portal.demo import seed_requests


class Command(BaseCommand):
    help = "Create demo requests from the portal in each state (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo data only with DEBUG=true (make demo sets it).")
        self.stdout.write(f"Demo portal requests created: {seed_requests()}")
