"""``import_participants``: participants from a partner's own system, CSV or XLSX, all or nothing.

Every row is checked before anything is written; a file with any bad row loads nothing and the
report names each bad row (as the spreadsheet numbers it: the header is row 1) and column. The
import is idempotent by ``external_id`` within the organisation: a second run updates the
participant and their person record, never duplicates them. Imported participants have no case
in the workbench (their counselling is documented in the partner's system).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from wcr.accounts.models import Organisation
from wcr.cases.models import Person
from wcr.cases.services import PersonInput, person_create, person_update
from wcr.privacy.services import audit_record
from wcr.region.models import Municipality
from wcr.reporting.models import ExitSituation, LabourStatus, Participation, Source, Status6m
from wcr.reporting.services import EntryInput, apply_entry

COLUMNS = (
    "external_id",
    "given_name",
    "family_name",
    "date_of_birth",
    "gender",
    "postal_code",
    "municipality",
    "nationalities",
    "foreign_background",
    "disability",
    "minority",
    "homeless",
    "rural",
    "labour_status",
    "isced",
    "entry_date",
    "exit_date",
    "exit_situation",
    "status_6m",
)
REQUIRED = ("external_id", "given_name", "family_name", "entry_date")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_AGS = re.compile(r"^\d{8}$")
_POSTAL = re.compile(r"^\d{5}$")
_YES_NO = {"yes": True, "no": False, "": None}


class ImportFileError(ValueError):
    """The file cannot be read at all (format, encoding, header)."""


@dataclass
class Problem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.message}"


@dataclass
class ImportRow:
    row: int
    external_id: str
    given_name: str
    family_name: str
    entry: EntryInput
    exit_date: datetime.date | None
    exit_situation: list[str]
    status_6m: str


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    problems: list[Problem] = field(default_factory=list)


def _cell(value: Any) -> str:
    """A cell as text: XLSX numbers and dates become what the CSV would hold."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_rows(path: Path) -> Iterator[dict[str, str]]:
    """The file's data rows as column → text, after checking the header."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        rows = _xlsx_rows(path)
    elif suffix == ".csv":
        rows = _csv_rows(path)
    else:
        raise ImportFileError(f"{path.name}: use a .csv (UTF-8, comma-separated) or .xlsx file.")
    header = next(rows, None)
    if header is None:
        raise ImportFileError(f"{path.name}: the file is empty (a header row is needed).")
    names = [name.strip().lower() for name in header]
    missing = [name for name in COLUMNS if name not in names]
    unknown = [name for name in names if name and name not in COLUMNS]
    if missing or unknown:
        parts = []
        if missing:
            parts.append("missing columns: " + ", ".join(missing))
        if unknown:
            parts.append("unknown columns: " + ", ".join(unknown))
        raise ImportFileError(f"{path.name}, row 1 (header): " + "; ".join(parts))
    for values in rows:
        if not any(value.strip() for value in values):
            continue
        yield dict(zip(names, [*values, *[""] * (len(names) - len(values))], strict=False))


def _csv_rows(path: Path) -> Iterator[list[str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            f"{path.name}: not UTF-8 (byte {exc.start}); save the file as CSV UTF-8."
        ) from exc
    yield from csv.reader(io.StringIO(text))


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, OSError, KeyError, ValueError) as exc:
        raise ImportFileError(f"{path.name}: not a readable XLSX workbook ({exc}).") from exc
    try:
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield [_cell(value) for value in values]
    finally:
        workbook.close()


def _date(raw: str, column: str, row: int, problems: list[Problem]) -> datetime.date | None:
    """The cell as a date; only ``YYYY-MM-DD`` (``fromisoformat`` alone would also take
    ``20260301`` and week dates)."""
    if not raw:
        return None
    try:
        if len(raw) != 10:
            raise ValueError(raw)
        return datetime.date.fromisoformat(raw)
    except ValueError:
        problems.append(Problem(row, column, f"“{raw}” is not a date (YYYY-MM-DD)."))
        return None


def _choice(raw: str, allowed: list[str], column: str, row: int, problems: list[Problem]) -> str:
    if raw and raw not in allowed:
        problems.append(
            Problem(row, column, f"“{raw}” is not one of: {', '.join(allowed)} (or empty).")
        )
        return ""
    return raw


def check_row(
    number: int, values: dict[str, str], known_ags: set[str], problems: list[Problem]
) -> ImportRow | None:
    """One row checked; its problems are added to ``problems``."""
    before = len(problems)
    today = timezone.localdate()
    problems.extend(
        Problem(number, column, "is required.") for column in REQUIRED if not values[column]
    )
    external_id = values["external_id"]
    if len(external_id) > 64:
        problems.append(Problem(number, "external_id", "is longer than 64 characters."))
    problems.extend(
        Problem(number, column, "is longer than 150 characters.")
        for column in ("given_name", "family_name")
        if len(values[column]) > 150
    )
    birth = _date(values["date_of_birth"], "date_of_birth", number, problems)
    if birth is not None and birth > today:
        problems.append(Problem(number, "date_of_birth", "lies in the future."))
    gender = _choice(values["gender"].lower(), ["f", "m", "d"], "gender", number, problems)
    postal = values["postal_code"]
    if postal.isdigit() and len(postal) < 5:
        postal = postal.zfill(5)  # a spreadsheet dropped the leading zero
    if postal and not _POSTAL.match(postal):
        problems.append(Problem(number, "postal_code", f"“{postal}” is not a 5-digit postal code."))
    ags = values["municipality"]
    if ags.isdigit() and len(ags) == 7:
        ags = ags.zfill(8)
    if ags and not _AGS.match(ags):
        problems.append(Problem(number, "municipality", f"“{ags}” is not an 8-digit AGS."))
    elif ags and known_ags and ags not in known_ags:
        problems.append(Problem(number, "municipality", f"no municipality has the AGS “{ags}”."))
    nationalities: list[str] = []
    for code in (part.strip().upper() for part in values["nationalities"].split(";")):
        if not code:
            continue
        if not _COUNTRY.match(code):
            problems.append(
                Problem(number, "nationalities", f"“{code}” is not a two-letter country code.")
            )
        elif code not in nationalities:
            nationalities.append(code)
    flags: dict[str, bool | None] = {}
    for column in ("foreign_background", "disability", "minority", "homeless", "rural"):
        raw = values[column].lower()
        if raw not in _YES_NO:
            problems.append(Problem(number, column, f"“{values[column]}” is not yes, no or empty."))
        flags[column] = _YES_NO.get(raw)
    labour = _choice(
        values["labour_status"], list(LabourStatus.values), "labour_status", number, problems
    )
    isced: int | None = None
    if values["isced"]:
        if values["isced"].isdigit() and 0 <= int(values["isced"]) <= 8:
            isced = int(values["isced"])
        else:
            problems.append(Problem(number, "isced", f"“{values['isced']}” is not a level 0 to 8."))
    entry = _date(values["entry_date"], "entry_date", number, problems)
    exit_date = _date(values["exit_date"], "exit_date", number, problems)
    if entry is not None and entry > today:
        problems.append(Problem(number, "entry_date", "lies in the future."))
    if entry is not None and exit_date is not None and exit_date < entry:
        problems.append(Problem(number, "exit_date", "lies before the entry date."))
    situations: list[str] = []
    for code in (part.strip() for part in values["exit_situation"].split(";")):
        if not code:
            continue
        if code not in ExitSituation.values:
            problems.append(
                Problem(
                    number,
                    "exit_situation",
                    f"“{code}” is not one of: {', '.join(ExitSituation.values)}.",
                )
            )
        elif code not in situations:
            situations.append(code)
    if situations and exit_date is None:
        problems.append(Problem(number, "exit_situation", "needs an exit_date."))
    status_6m = _choice(values["status_6m"], list(Status6m.values), "status_6m", number, problems)
    if status_6m and exit_date is None:
        problems.append(Problem(number, "status_6m", "needs an exit_date."))
    if len(problems) > before or entry is None:
        return None
    return ImportRow(
        row=number,
        external_id=external_id,
        given_name=values["given_name"],
        family_name=values["family_name"],
        entry=EntryInput(
            entry_date=entry,
            gender=gender,
            date_of_birth=birth,
            labour_status=labour,
            isced=isced,
            nationalities=nationalities,
            postal_code=postal,
            municipality_ags=ags,
            foreign_background=flags["foreign_background"],
            homeless=flags["homeless"],
            rural=flags["rural"],
            disability=flags["disability"],
            minority=flags["minority"],
        ),
        exit_date=exit_date,
        exit_situation=situations,
        status_6m=status_6m,
    )


def participants_import(
    *, organisation: Organisation, path: Path, dry_run: bool = False
) -> ImportReport:
    """Check the whole file, then (unless ``dry_run`` or any problem) load it in one
    transaction."""
    report = ImportReport()
    known_ags = set(Municipality.objects.values_list("ags", flat=True))
    rows: list[ImportRow] = []
    seen: dict[str, int] = {}
    for number, values in enumerate(read_rows(path), start=2):
        report.rows += 1
        checked = check_row(number, values, known_ags, report.problems)
        external_id = values["external_id"]
        if external_id and external_id in seen:
            report.problems.append(
                Problem(
                    number, "external_id", f"“{external_id}” is already in row {seen[external_id]}."
                )
            )
            continue
        seen[external_id] = number
        if checked is not None:
            rows.append(checked)
    if report.problems or dry_run:
        return report
    municipalities = dict(Municipality.objects.values_list("ags", "pk"))
    with transaction.atomic():
        existing = {
            p.external_id: p
            for p in Participation.objects.filter(
                organisation=organisation, external_id__in=[row.external_id for row in rows]
            ).select_related("person")
        }
        for row in rows:
            participation = existing.get(row.external_id)
            if participation is None:
                _create(organisation, row, municipalities.get(row.entry.municipality_ags))
                report.created += 1
            else:
                _update(participation, row, municipalities.get(row.entry.municipality_ags))
                report.updated += 1
    return report


def _person_input(row: ImportRow, municipality_id: int | None) -> PersonInput:
    return PersonInput(
        given_name=row.given_name,
        family_name=row.family_name,
        birth_date=row.entry.date_of_birth,
        gender=row.entry.gender or "u",
        nationalities=row.entry.nationalities,
        postal_code=row.entry.postal_code,
        municipality_id=municipality_id,
    )


def _create(organisation: Organisation, row: ImportRow, municipality_id: int | None) -> None:
    person = person_create(
        actor=None, organisation=organisation, data=_person_input(row, municipality_id)
    )
    participation = Participation(
        organisation=organisation,
        person=person,
        source=Source.IMPORT,
        external_id=row.external_id,
        entry_date=row.entry.entry_date,
        entry_recorded_at=timezone.now(),
    )
    _apply_exit(participation, row)
    apply_entry(participation, row.entry)
    participation.save()
    audit_record(
        actor=None,
        organisation=organisation,
        action="participation.imported",
        obj=participation,
        changes={"external_id": {"old": None, "new": row.external_id}},
    )


def _update(participation: Participation, row: ImportRow, municipality_id: int | None) -> None:
    person: Person = participation.person
    wanted = _person_input(row, municipality_id).__dict__
    changes = {
        name: wanted[name]
        for name in (
            "given_name",
            "family_name",
            "birth_date",
            "gender",
            "nationalities",
            "postal_code",
            "municipality_id",
        )
        if getattr(person, name) != wanted[name]
    }
    if changes:
        person_update(actor=None, person=person, expected_version=person.version, changes=changes)
    participation.exit_date = None  # the entry check compares against the new exit date
    changes_entry = apply_entry(participation, row.entry)
    _apply_exit(participation, row)
    participation.save()
    if changes_entry:
        audit_record(
            actor=None,
            organisation=participation.organisation,
            action="participation.import_updated",
            obj=participation,
            changes=changes_entry,
        )


def _apply_exit(participation: Participation, row: ImportRow) -> None:
    participation.exit_date = row.exit_date
    participation.set_exit_situation(row.exit_situation)
    if row.exit_date is not None and participation.exit_recorded_at is None:
        participation.exit_recorded_at = timezone.now()
    if participation.status_6m != row.status_6m:
        participation.status_6m = row.status_6m
        participation.status_6m_recorded_at = timezone.now() if row.status_6m else None
