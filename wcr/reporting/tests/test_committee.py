"""The committee report: a tagged PDF in German and an XLSX with every table, both with the
same (suppressed) numbers as the figures and the ESF+ report; who may make it."""

from __future__ import annotations

import datetime
import io
from typing import Any, cast

from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from wcr.privacy.models import AccessLog
from wcr.reporting import statistics
from wcr.reporting.committee import committee_pdf, committee_report, committee_xlsx
from wcr.reporting.indicators import esf_report
from wcr.reporting.services import EntryInput, participation_record_entry
from wcr.reporting.suppression import MARK, suppress_report
from wcr.reporting.tests.test_statistics import StatisticsData

START, END = datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)


class CommitteeReportTests(StatisticsData):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for case in cls.cases[:6]:
            participation_record_entry(
                actor=cls.counsellor,
                case=case,
                data=EntryInput(
                    entry_date=case.opened_on,
                    gender="f" if case.pk % 3 else "m",
                    date_of_birth=datetime.date(1990, 1, 1),
                    labour_status="unemployed",
                    isced=3,
                    nationalities=["SY"],
                ),
            )
        cls.report = committee_report(start=START, end=END, organisation=cls.org_a)
        cls.pdf = committee_pdf(cls.report)
        cls.xlsx = committee_xlsx(cls.report)

    def test_the_pdf_is_tagged_german_and_holds_the_figures(self) -> None:
        reader = PdfReader(io.BytesIO(self.pdf))
        root = cast(dict[str, Any], reader.root_object)
        self.assertEqual(root["/Lang"], "de")
        self.assertIn("/StructTreeRoot", root)
        self.assertTrue(root["/MarkInfo"]["/Marked"])
        self.assertIn("pdfuaid:part", reader.xmp_metadata.stream.get_data().decode())
        self.assertIn("Bericht an den Ausschuss", str(reader.metadata.title))
        text = "\n".join(page.extract_text() for page in reader.pages)
        for expected in (
            "Bericht an den Ausschuss",
            "Organisation A",
            "01.01.2026 bis 30.06.2026",
            "Gemeinsame Indikatoren",
            "EECO01",
            "Gesamtzahl der Teilnehmer",
            "Beratungsstunden" if "Beratungsstunden" in text else "Stunden",
        ):
            self.assertIn(expected, text)
        self.assertGreaterEqual(len(reader.pages), 3)

    def test_the_charts_are_in_the_pdf_as_drawings_with_their_tables(self) -> None:
        charted = [figure for figure in self.report.figures if figure.has_data]
        self.assertGreater(len(charted), 5)
        reader = PdfReader(io.BytesIO(self.pdf))
        text = "\n".join(page.extract_text() for page in reader.pages)
        for figure in charted:
            self.assertIn(figure.title, text.replace("\n", " "))

    def test_the_workbook_has_every_table_with_the_same_numbers(self) -> None:
        workbook = load_workbook(io.BytesIO(self.xlsx))
        names = workbook.sheetnames
        self.assertEqual(len(names), 2 + len(self.report.figures))
        self.assertTrue(all(len(name) <= 31 for name in names))
        indicators = {
            row[0]: row for row in workbook[names[1]].iter_rows(min_row=2, values_only=True)
        }
        expected = suppress_report(esf_report(start=START, end=END, organisation=self.org_a))
        for code, figures in expected["indicators"].items():
            cells = indicators[code][2:]
            if "women" not in figures:
                self.assertEqual(cells[0], MARK if figures["total"] is None else figures["total"])
                continue
            wanted = [
                MARK if figures[g] is None else figures[g]
                for g in ("total", "women", "men", "non_binary")
            ]
            self.assertEqual(list(cells), wanted, code)
        for name, figure in zip(names[2:], self.report.figures, strict=True):
            sheet = workbook[name]
            self.assertEqual(sheet.cell(1, 1).value, figure.title)
            rows = list(sheet.iter_rows(min_row=5, max_row=4 + len(figure.rows), values_only=True))
            for cells, row in zip(rows, figure.rows, strict=True):
                self.assertEqual(cells[0], row.label)
                wanted = [MARK if v is None else v for v in row.values]
                self.assertEqual(list(cells[1 : 1 + len(wanted)]), wanted, figure.slug)

    def test_figures_are_suppressed(self) -> None:
        filters = statistics.Filters(start=START, end=END, organisation_id=self.org_a.pk)
        exact = {
            spec.slug: spec.compute(filters)
            for spec in statistics.figure_specs(network=True, filters=filters)
        }
        for figure in self.report.figures:
            self.assertTrue(figure.is_suppressed)
            for row, exact_row in zip(figure.rows, exact[figure.slug].rows, strict=True):
                value = exact_row.values[0]
                if value is not None and 0 < value < 5:
                    self.assertIsNone(row.values[0], figure.slug)
        self.assertNotIn("caseload", {figure.slug for figure in self.report.figures})


class CommitteePageTests(StatisticsData):
    def url(self, **params: str) -> str:
        query = {"start": "2026-01-01", "end": "2026-06-30", **params}
        return reverse("reporting:committee") + "?" + "&".join(f"{k}={v}" for k, v in query.items())

    def test_team_lead_downloads_pdf_and_xlsx(self) -> None:
        self.sign_in(self.team_lead)
        self.assertEqual(self.client.get(reverse("reporting:committee")).status_code, 200)
        pdf = self.client.get(self.url(download="pdf"))
        self.assertEqual(pdf["Content-Type"], "application/pdf")
        self.assertTrue(pdf.content.startswith(b"%PDF"))
        self.assertIn("ausschussbericht-20260101-20260630.pdf", pdf["Content-Disposition"])
        xlsx = self.client.get(self.url(download="xlsx"))
        self.assertEqual(load_workbook(io.BytesIO(xlsx.content)).sheetnames[1], "ESF+-Indikatoren")
        self.assertEqual(
            AccessLog.objects.filter(purpose__startswith="committee report").count(), 2
        )

    def test_coordinator_may_choose_an_organisation(self) -> None:
        self.sign_in(self.coordinator)
        page = self.client.get(reverse("reporting:committee"))
        self.assertIn("organisation", page.context["form"].fields)
        xlsx = self.client.get(self.url(download="xlsx", organisation="org-b"))
        info = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
        self.assertEqual(info.cell(1, 2).value, "Organisation B")

    def test_counsellors_dpo_and_administrator_get_404(self) -> None:
        for persona in (self.counsellor, self.dpo, self.administrator):
            self.sign_in(persona)
            self.assertEqual(self.client.get(self.url(download="pdf")).status_code, 404)

    def test_bad_input_is_named(self) -> None:
        self.sign_in(self.team_lead)
        page = self.client.get(self.url(start="2026-07-01", download="pdf"))
        self.assertEqual(page.status_code, 400)
        self.assertIn("end", page.context["form"].errors)
        self.assertEqual(self.client.get(self.url(download="docx")).status_code, 404)
