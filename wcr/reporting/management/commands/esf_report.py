"""``python manage.py esf_report --from YYYY-MM-DD --to YYYY-MM-DD --format json|csv|xlsx
[--org CODE] [--output FILE]``: the ESF+ common indicators for the period
(shared/specs/esf-indicators.md). JSON goes to standard output when no file is given.

The figures are exact: this is the submission to the managing authority. ``--suppress`` blanks
counts below 5 (and a second cell where one could be recovered from a total) for publication.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wcr.reporting.exports import WRITERS
from wcr.reporting.indicators import esf_report
from wcr.reporting.services import organisation_of


def _day(name: str, raw: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        raise CommandError(f"--{name}: “{raw}” is not a date (YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = "Write the ESF+ common indicators for a period as JSON, CSV or XLSX."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="start", required=True, metavar="YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, metavar="YYYY-MM-DD")
        parser.add_argument("--format", required=True, choices=sorted(WRITERS))
        parser.add_argument("--org", metavar="CODE", help="One organisation (default: all).")
        parser.add_argument(
            "--output", metavar="FILE", help="Write to FILE (JSON: default stdout)."
        )
        parser.add_argument(
            "--suppress",
            action="store_true",
            help="Blank counts below 5 for publication (not for the managing authority).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        start, end = _day("from", options["start"]), _day("to", options["end"])
        if end < start:
            raise CommandError("--to lies before --from.")
        organisation = None
        if options["org"]:
            organisation = organisation_of(options["org"])
            if organisation is None:
                raise CommandError(f"--org: no organisation has the short code “{options['org']}”.")
        report = esf_report(start=start, end=end, organisation=organisation)
        if options["suppress"]:
            from wcr.reporting.suppression import suppress_report

            report = suppress_report(report)
        data = WRITERS[options["format"]](report)
        if options["output"]:
            Path(options["output"]).write_bytes(data)
            self.stderr.write(f"Written: {options['output']} ({len(data)} bytes)")
        elif options["format"] == "xlsx":
            raise CommandError("--format xlsx needs --output FILE.")
        else:
            self.stdout.write(data.decode(), ending="")
