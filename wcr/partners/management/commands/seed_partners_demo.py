"""``manage.py seed_partners_demo``: the directory for the demo (run by ``seed_demo``)."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Loads the cooperation-partner directory for the demo (the same data as production)."

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("load_partners", stdout=self.stdout)
