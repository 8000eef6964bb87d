"""``manage.py seed_referrals_demo``: demo consents and referrals in every state (run by
seed_demo)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from wcr.referrals.demo import seed_referrals


class Command(BaseCommand):
    help = "Create demo consents and referrals in every state (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo data only with DEBUG=true (make demo sets it).")
        self.stdout.write(f"Demo referrals created: {seed_referrals()}")
