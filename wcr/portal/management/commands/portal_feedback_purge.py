"""Deletes accessibility feedback older than 365 days (run daily, e.g. by a systemd timer or cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from wcr.portal.feedback import accessibility_feedback_purge


class Command(BaseCommand):
    help = "Deletes accessibility feedback older than the retention period (365 days)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = accessibility_feedback_purge()
        self.stdout.write(f"Deleted {count} accessibility feedback report(s).")
