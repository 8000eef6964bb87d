"""``manage.py routing_rules --load FILE.csv`` replaces the routing rules (refused, naming row
and column, when a row is invalid or no catch-all rule ends the set); ``--export`` prints them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wcr.portal.routing import (
    RuleError,
    parse_rules_checked,
    routing_rules_export,
    routing_rules_replace,
)


class Command(BaseCommand):
    help = "Load (replace) or export the routing rules of new requests (CSV)."

    def add_arguments(self, parser: CommandParser) -> None:
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--load", metavar="FILE.csv", help="replace the rule set")
        group.add_argument("--export", action="store_true", help="print the rule set as CSV")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["export"]:
            self.stdout.write(routing_rules_export(), ending="")
            return
        path = Path(options["load"])
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{path}: {error}") from None
        try:
            rows = parse_rules_checked(text)
        except RuleError as error:
            raise CommandError(f"{path}: {error}") from None
        routing_rules_replace(None, rows)
        self.stdout.write(f"{len(rows)} routing rules loaded from {path}.")
