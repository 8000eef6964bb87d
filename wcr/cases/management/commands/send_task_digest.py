"""Daily digest mails (run once a day, e.g. by a systemd timer or cron at 07:00)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from wcr.cases.digest import digest_send_all


class Command(BaseCommand):
    help = "Enqueues each counsellor's daily digest (overdue tasks, deadlines, expiring residence titles)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="address of the platform, for the links in the mail",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count = digest_send_all(today=timezone.localdate(), base_url=options["base_url"])
        self.stdout.write(f"Enqueued {count} digest mail(s); the task worker sends them.")
