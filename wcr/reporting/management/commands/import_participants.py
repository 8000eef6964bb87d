"""``python manage.py import_participants FILE --org CODE [--dry-run]``: ESF+ participants from a
partner's own system (CSV UTF-8 or XLSX, columns in shared/specs/esf-indicators.md).

Every row is checked first; the report names row and column of every problem, and a file with
any bad row loads nothing (exit status 1). A second run of the same file updates, never
duplicates (by ``external_id`` within the organisation).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wcr.reporting.importer import ImportFileError, participants_import
from wcr.reporting.services import organisation_of


class Command(BaseCommand):
    help = "Import ESF+ participants from CSV or XLSX into one organisation (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", help="A .csv (UTF-8) or .xlsx file.")
        parser.add_argument(
            "--org", required=True, metavar="CODE", help="Short code of the organisation."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file only; write nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = organisation_of(options["org"])
        if organisation is None:
            raise CommandError(f"--org: no organisation has the short code “{options['org']}”.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"FILE: {path} does not exist.")
        try:
            report = participants_import(
                organisation=organisation, path=path, dry_run=options["dry_run"]
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        if report.problems:
            for problem in report.problems:
                self.stderr.write(str(problem))
            bad_rows = len({problem.row for problem in report.problems})
            raise CommandError(
                f"{len(report.problems)} problem(s) in {bad_rows} of {report.rows} row(s); "
                "nothing was imported."
            )
        if options["dry_run"]:
            self.stdout.write(
                f"{report.rows} row(s) checked, no problems (dry run: nothing written)."
            )
            return
        self.stdout.write(
            f"{report.rows} row(s) imported into {organisation.slug}: "
            f"{report.created} new, {report.updated} updated."
        )
