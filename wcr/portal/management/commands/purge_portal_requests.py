"""Delete requests never accepted after PORTAL_REQUEST_RETENTION_DAYS (run daily, e.g. by a
systemd timer or cron, like ``send_task_digest``)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from wcr.portal.intake import requests_purge_expired


class Command(BaseCommand):
    help = "Delete portal requests past their retention period that were never accepted."

    def handle(self, *args: Any, **options: Any) -> None:
        count = requests_purge_expired()
        self.stdout.write(f"{count} request(s) deleted")
