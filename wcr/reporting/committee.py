"""The committee report: what a partner tells its council's committee about a period (the
network's founding paper was such a report to Aachen's committee for labour, economy and
regional development).

The same figures as the dashboard and the same ESF+ indicators as the report, always with small
counts suppressed (the report leaves the platform): a PDF in German laid out for print, tagged
PDF/UA-1 (``wcr.core.pdf``), with the charts drawn as SVG beside their tables, and an XLSX
workbook with every table (XlsxWriter; the tests read it back with openpyxl).
"""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass
from typing import Any

import xlsxwriter
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from wcr.accounts.models import Organisation
from wcr.core.pdf import render_pdf
from wcr.reporting import charts, statistics
from wcr.reporting.indicators import esf_report, indicator_rows
from wcr.reporting.statistics import Figure, Filters
from wcr.reporting.suppression import MARK, suppress_report

LANGUAGE = "de"  # the committees read German


@dataclass(frozen=True)
class CommitteeReport:
    start: datetime.date
    end: datetime.date
    organisation: Organisation | None
    created: datetime.datetime
    figures: list[Figure]
    sections: list[tuple[str, list[Figure]]]
    indicators: list[dict[str, Any]]
    incomplete: int
    key_figures: list[tuple[str, str]]


def _key_figures(figures: dict[str, Figure], esf: dict[str, Any]) -> list[tuple[str, str]]:
    def total(slug: str) -> str:
        figure = figures.get(slug)
        if figure is None or figure.total is None:
            return "–"
        return figure.display(figure.total[0])

    def indicator(code: str) -> str:
        value = esf["indicators"][code]["total"]
        return MARK if value is None else str(value)

    hours = figures.get("hours-by-month")
    hours_total = (
        hours.display(hours.total[1], 1) if hours is not None and hours.total is not None else "–"
    )
    return [
        (_("Requests received"), total("requests-by-status")),
        (_("Cases opened"), total("cases-by-month")),
        (_("Hours of counselling"), hours_total),
        (_("ESF+ participants who entered"), indicator("EECO01")),
        (_("Small and medium-sized enterprises supported"), indicator("EECO19")),
    ]


def committee_report(
    *, start: datetime.date, end: datetime.date, organisation: Organisation | None
) -> CommitteeReport:
    """The figures of the report (German labels, suppressed)."""
    with translation.override(LANGUAGE):
        filters = Filters(
            start=start, end=end, organisation_id=organisation.pk if organisation else None
        )
        specs = statistics.figure_specs(network=True, filters=filters)
        figures = statistics.figures(specs, filters, suppress=True)
        by_slug = {figure.slug: figure for figure in figures}
        titles = statistics.section_titles()
        sections = [
            (titles[section], [by_slug[spec.slug] for spec in specs if spec.section == section])
            for section in statistics.SECTIONS
        ]
        esf = suppress_report(esf_report(start=start, end=end, organisation=organisation))
        indicators = indicator_rows(esf)
        return CommitteeReport(
            start=start,
            end=end,
            organisation=organisation,
            created=timezone.now(),
            figures=figures,
            sections=[(title, items) for title, items in sections if items],
            indicators=indicators,
            incomplete=esf["incomplete"]["count"],
            key_figures=_key_figures(by_slug, esf),
        )


# WeasyPrint draws SVG with its own renderer, which takes the styles inside the SVG, not the
# page's stylesheet: each chart gets these (the print counterpart of ``.wcr-chart`` in wcr.css).
PRINT_CHART_STYLE = mark_safe(
    "<style>text{font-family:'WCR Sans';font-size:7pt;fill:#222}"
    ".wcr-chart__bar{fill:#1c5e94}.wcr-chart__bar--hidden{fill:none}"
    ".wcr-chart__tick--minor{display:none}</style>"
)


def _print_chart(figure: Figure) -> SafeString:
    svg = str(charts.chart(figure))
    head, _sep, rest = svg.partition(">")
    return mark_safe(f"{head}>{PRINT_CHART_STYLE}{rest}")  # noqa: S308 (escaped by charts)


def committee_pdf(report: CommitteeReport) -> bytes:
    with translation.override(LANGUAGE):
        charted = [
            (title, [(figure, _print_chart(figure)) for figure in items])
            for title, items in report.sections
        ]
    return render_pdf(
        "print/committee_report.html",
        {"report": report, "sections": charted, "created": report.created, "mark": MARK},
        LANGUAGE,
    )


def _sheet_name(title: str, used: set[str]) -> str:
    """An Excel sheet name: at most 31 characters, none of []:*?/\\, unique in the book."""
    base = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:31] or "Tabelle"
    name, number = base, 2
    while name.lower() in used:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    used.add(name.lower())
    return name


def committee_xlsx(report: CommitteeReport) -> bytes:
    """Every table of the report, one sheet each; suppressed cells read "< 5"."""
    out = io.BytesIO()
    with translation.override(LANGUAGE):
        workbook = xlsxwriter.Workbook(out, {"in_memory": True})
        period = f"{report.start:%d.%m.%Y} – {report.end:%d.%m.%Y}"
        scope = report.organisation.name if report.organisation else _("whole network")
        workbook.set_properties(
            {
                "title": _("Report to the committee") + f" {period}",
                "subject": scope,
                "author": _("Welcome Center KMU Rheinisches Revier"),
                "created": report.created.replace(tzinfo=None),
            }
        )
        bold = workbook.add_format({"bold": True})
        wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        used: set[str] = set()
        info = workbook.add_worksheet(_sheet_name(_("About this report"), used))
        info.set_column(0, 0, 40)
        info.set_column(1, 1, 60)
        rows: list[tuple[str, Any]] = [
            (_("Report to the committee"), scope),
            (_("Period"), period),
            (_("Created"), f"{timezone.localtime(report.created):%d.%m.%Y %H:%M}"),
            (_("Small counts"), _("Counts from 1 to 4 are shown as “< 5”.")),
            *report.key_figures,
        ]
        for number, (key, value) in enumerate(rows):
            info.write(number, 0, key, bold)
            info.write(number, 1, value, wrap)
        sheet = workbook.add_worksheet(_sheet_name(_("ESF+ indicators"), used))
        sheet.write_row(
            0,
            0,
            [_("Code"), _("Indicator"), _("Total"), _("Women"), _("Men"), _("Non-binary")],
            bold,
        )
        for number, row in enumerate(report.indicators, start=1):
            values = [
                "" if row["entity"] and index else (MARK if value is None else value)
                for index, value in enumerate(row["values"])
            ]
            sheet.write_row(number, 0, [row["code"], row["name"], *values])
        sheet.set_column(1, 1, 70)
        sheet.set_column(2, 5, 11)
        sheet.freeze_panes(1, 0)
        for figure in report.figures:
            table = workbook.add_worksheet(_sheet_name(figure.title, used))
            table.write(0, 0, figure.title, bold)
            table.write(1, 0, figure.description)
            table.write_row(3, 0, [figure.label_header, *figure.headers], bold)
            line = 4
            for item in figure.rows:
                table.write_row(line, 0, [item.label, *(_cell(value) for value in item.values)])
                line += 1
            if figure.total is not None:
                table.write_row(line, 0, [_("Total"), *(_cell(v) for v in figure.total)], bold)
                line += 1
            for note, value in figure.notes:
                table.write_row(line, 0, [note, _cell(value)])
                line += 1
            table.set_column(0, 0, 42)
            table.set_column(1, len(figure.headers), 16)
        workbook.close()
    return out.getvalue()


def _cell(value: int | float | None) -> int | float | str:
    return MARK if value is None else value
