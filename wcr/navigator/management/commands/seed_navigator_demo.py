"""``manage.py seed_navigator_demo``: saved navigator results on demo cases (run by seed_demo)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Save a navigator result on the first open person case of each demo partner."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo data only with DEBUG=true (make demo sets it).")
        from wcr.navigator.demo import seed_assessments

        self.stdout.write(f"Navigator results saved on demo cases: {seed_assessments()}")
