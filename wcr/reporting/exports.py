"""The ESF+ report as JSON, CSV and XLSX, all three from the same rows.

CSV and XLSX have one row per indicator: ``indicator, name, total, women, men, non_binary``
(EECO18 and EECO19 count entities and leave the gender cells empty); the XLSX has a second sheet
``incomplete`` with the participants left out and what they lack. The XLSX is written with
XlsxWriter (the tests read it back with openpyxl).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import xlsxwriter

from wcr.reporting.indicators import BREAKDOWN, ENTITY_CODES, NAMES
from wcr.reporting.suppression import MARK

HEADER = ["indicator", "name", *BREAKDOWN]


def report_rows(report: dict[str, Any]) -> list[list[Any]]:
    """One row per indicator; a suppressed count (``None``) reads "< 5"."""
    rows: list[list[Any]] = []
    for code, figures in report["indicators"].items():
        if code in ENTITY_CODES:
            rows.append([code, NAMES[code], figures["total"], "", "", ""])
        else:
            rows.append([code, NAMES[code], *(figures[group] for group in BREAKDOWN)])
    return [[MARK if cell is None else cell for cell in row] for row in rows]


def to_json(report: dict[str, Any]) -> bytes:
    return (json.dumps(report, indent=2, ensure_ascii=False) + "\n").encode()


def to_csv(report: dict[str, Any]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for row in report_rows(report):
        writer.writerow(row)
    return out.getvalue().encode()


def to_xlsx(report: dict[str, Any]) -> bytes:
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True})
    workbook.set_properties(
        {
            "title": "ESF+ common indicators {from} – {to}".format(**report["period"]),
            "subject": "Regulation (EU) 2021/1057 Annex I",
            "author": "Welcome Center KMU – Rheinisches Revier",
        }
    )
    bold = workbook.add_format({"bold": True})
    sheet = workbook.add_worksheet("indicators")
    sheet.write_row(0, 0, HEADER, bold)
    for number, row in enumerate(report_rows(report), start=1):
        sheet.write_row(number, 0, row)
    sheet.set_column(0, 0, 10)
    sheet.set_column(1, 1, 60)
    sheet.set_column(2, 5, 11)
    sheet.freeze_panes(1, 0)
    period = workbook.add_worksheet("period")
    period.write_row(0, 0, ["from", "to", "organisation", "incomplete"], bold)
    period.write_row(
        1,
        0,
        [
            report["period"]["from"],
            report["period"]["to"],
            report["organisation"] or "",
            report["incomplete"]["count"],
        ],
    )
    incomplete = workbook.add_worksheet("incomplete")
    incomplete.write_row(0, 0, ["id", "missing"], bold)
    for number, item in enumerate(report["incomplete"]["participants"], start=1):
        incomplete.write_row(number, 0, [item["id"], ";".join(item["missing"])])
    incomplete.set_column(0, 0, 38)
    incomplete.set_column(1, 1, 40)
    workbook.close()
    return out.getvalue()


WRITERS = {"json": to_json, "csv": to_csv, "xlsx": to_xlsx}
CONTENT_TYPES = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
