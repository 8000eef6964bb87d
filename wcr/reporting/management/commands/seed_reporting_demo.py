"""``manage.py seed_reporting_demo``: demo ESF+ participant data (run by seed_demo)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wcr.reporting.demo import seed_participations


class Command(BaseCommand):
    help = "Record demo ESF+ participant data for the demo cases (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo data only with DEBUG=true (make demo sets it).")
        self.stdout.write(f"Demo ESF+ participations: {seed_participations()}")
