"""``python manage.py reencrypt_participants``: re-seal the Art. 9 items of the ESF+ participant
data under the newest key of ``ESF_FIELD_KEYS`` (the step between adding a key in front and
dropping the old one; docs/reporting.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from wcr.reporting.services import participations_reencrypt


class Command(BaseCommand):
    help = "Re-seal the ESF+ Art. 9 items under the newest ESF_FIELD_KEYS key."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Re-sealed: {participations_reencrypt()}")
