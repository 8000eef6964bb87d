"""``manage.py load_partners``: load the cooperation-partner directory's data file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wcr.partners.seed import DATA_FILE, SeedError, partners_load


class Command(BaseCommand):
    help = (
        "Loads the cooperation-partner directory from wcr/partners/data/partners.json (or "
        "--file): creates new entries and updates changed ones by their key; entries edited or "
        "checked in the staff area are kept unless --overwrite. Idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=DATA_FILE, help="The data file (JSON).")
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Also update entries a person has edited or checked.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = partners_load(path=options["file"], overwrite=options["overwrite"])
        except (SeedError, OSError, ValueError, KeyError) as error:
            raise CommandError(f"The directory was not loaded: {error}") from error
        self.stdout.write(
            f"Partner directory: {len(result.created)} created, {len(result.updated)} updated, "
            f"{len(result.unchanged)} unchanged, {len(result.kept)} kept (edited or checked "
            "in the staff area)."
        )
