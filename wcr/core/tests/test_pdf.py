"""wcr.core.pdf: print templates to tagged PDF, Latin runs isolated in right-to-left text."""

from __future__ import annotations

import io
import logging
from typing import Any, cast

from django.test import SimpleTestCase
from django.utils import translation
from pypdf import PdfReader

from wcr.core.pdf import PRINT_DIR, PrintResourceError, isolate_latin, print_file, render_pdf


class IsolateLatinTests(SimpleTestCase):
    def _ar(self, text: str) -> str:
        with translation.override("ar"):
            return str(isolate_latin(text))

    def test_a_law_name_keeps_its_section_sign_in_front(self) -> None:
        self.assertEqual(
            self._ar("الأساس القانوني: § 18b AufenthG."),
            'الأساس القانوني: <bdi dir="ltr">§ 18b AufenthG</bdi>.',
        )

    def test_brackets_belong_to_the_latin_run_only_when_they_open_and_close_inside_it(self) -> None:
        self.assertEqual(
            self._ar("مماثلة (anabin H+ / ZAB)"), 'مماثلة <bdi dir="ltr">(anabin H+ / ZAB)</bdi>'
        )
        self.assertEqual(
            self._ar("استمارة „Erklärung zum Beschäftigungsverhältnis“ (إقرار علاقة العمل)"),
            'استمارة <bdi dir="ltr">„Erklärung zum Beschäftigungsverhältnis“</bdi>'
            " (إقرار علاقة العمل)",
        )
        self.assertEqual(
            self._ar("(يتصل صاحب العمل بـ ZFE NRW)"),
            '(يتصل صاحب العمل بـ <bdi dir="ltr">ZFE NRW</bdi>)',
        )

    def test_arabic_punctuation_and_plain_numbers_stay_outside(self) -> None:
        self.assertEqual(self._ar("ZAB، أو"), '<bdi dir="ltr">ZAB</bdi>، أو')
        self.assertEqual(self._ar("لا يقل عن 55,770 يورو"), "لا يقل عن 55,770 يورو")

    def test_the_text_is_escaped(self) -> None:
        self.assertEqual(self._ar("<b>x</b> نص"), '<bdi dir="ltr">&lt;b&gt;x&lt;/b&gt;</bdi> نص')
        with translation.override("de"):
            self.assertEqual(str(isolate_latin("<b> § 18b")), "&lt;b&gt; § 18b")


class RenderPdfTests(SimpleTestCase):
    def test_the_pdf_is_tagged_pdf_ua_with_language_and_title(self) -> None:
        content = render_pdf("print/base.html", {}, "tr")

        reader = PdfReader(io.BytesIO(content))
        root = cast(dict[str, Any], reader.root_object)
        self.assertEqual(root["/Lang"], "tr")
        self.assertIn("/StructTreeRoot", root)
        self.assertTrue(root["/MarkInfo"]["/Marked"])
        self.assertIn("pdfuaid:part", reader.xmp_metadata.stream.get_data().decode())
        self.assertIn("Welcome Center KMU Rheinisches Revier", reader.pages[0].extract_text())
        resources = cast(dict[str, Any], reader.pages[0]["/Resources"])
        fonts = {str(font["/BaseFont"]).split("+")[-1] for font in resources["/Font"].values()}
        self.assertTrue(
            fonts <= {"WCR-Sans", "WCR-Sans-Bold", "WCR-Arabic", "WCR-Arabic-Bold"}, fonts
        )

    def test_only_files_of_the_print_folder_are_loaded(self) -> None:
        self.assertEqual(print_file(f"file://{PRINT_DIR}/print.css"), PRINT_DIR / "print.css")
        for url in (
            "https://example.org/logo.png",
            "file:///etc/passwd",
            f"file://{PRINT_DIR}/../pdf.py",
            f"file://{PRINT_DIR}/missing.css",
        ):
            with self.subTest(url=url), self.assertRaises(PrintResourceError):
                print_file(url)

    def test_a_resource_from_outside_is_left_out_and_the_document_still_made(self) -> None:
        from django.template import engines

        template = engines["django"].from_string(
            '{% extends "print/base.html" %}{% block content %}'
            '<img src="https://example.org/tracker.png" alt="">{% endblock %}'
        )
        html = template.render({})
        from weasyprint import HTML

        from wcr.core.pdf import _url_fetcher

        with self.assertLogs("weasyprint", logging.ERROR) as logs:
            content = HTML(
                string=html, base_url=f"{PRINT_DIR}/", url_fetcher=_url_fetcher()
            ).write_pdf()
        self.assertTrue(content.startswith(b"%PDF-"))
        self.assertIn("example.org", "\n".join(logs.output))
