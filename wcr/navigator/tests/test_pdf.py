"""The result as PDF: read back with pypdf, in all five languages, Arabic right to left."""

from __future__ import annotations

import io
import re
from typing import Any, cast
from unittest import mock

from django.test import Client, TestCase, override_settings
from pypdf import PdfReader

from wcr.core.pdf import render_html
from wcr.core.testing.factories import LocationFactory
from wcr.navigator.tests.test_wizard import BLUE_CARD, WizardClient

# Arabic presentation forms: what a PDF holds when the letters were shaped by hand (the
# reportlab version) instead of by the font, and what copy and paste and screen readers misread.
PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffd]")


def _text(content: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return reader, " ".join(text.split())


def _chunks(reader: PdfReader) -> list[str]:
    """The text of each text-showing operation, as drawn (one line of one direction)."""
    chunks: list[str] = []
    for page in reader.pages:
        page.extract_text(visitor_text=lambda text, *_args: chunks.append(text))
    return [" ".join(chunk.split()) for chunk in chunks if chunk.strip()]


class ResultPdfTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        LocationFactory(
            slug="aachen",
            name="WCR Aachen",
            address="Theaterplatz 14",
            postal_code="52062",
            city="Aachen",
            phone="0241 123 456",
            email="aachen@welcome-rheinisches-revier.de",
        )
        LocationFactory(slug="neuss", name="WCR Neuss", city="Neuss", phone="02131 99 88")

        # Each language's PDF is made once for the class (a PDF takes about a second).
        cls.pdfs = {language: cls._pdf(language) for language in ("de", "en", "ar", "uk", "tr")}

    @classmethod
    def _pdf(cls, language: str) -> tuple[dict[str, Any], bytes]:
        walker = WizardClient(Client(), language)
        walker.walk(BLUE_CARD)
        result = walker.get("result").context["result"]
        response = walker.get("result_pdf")
        assert response.status_code == 200, response.status_code
        assert response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]
        assert "no-store" in response["Cache-Control"]
        return result, response.content

    def test_the_german_pdf_carries_every_pathway_title_and_the_disclaimer(self) -> None:
        result, content = self.pdfs["de"]
        reader, text = _text(content)

        self.assertGreaterEqual(len(reader.pages), 2)
        for pathway in result["pathways"]:
            self.assertIn(" ".join(pathway["title"].split()), text)
        self.assertIn("keine Rechtsberatung", text)
        self.assertIn(result["kb_version"], text)
        self.assertIn("Erfüllte Voraussetzungen", text)
        blue_card = next(p for p in result["pathways"] if p["id"] == "aufenthg_18g_it")
        self.assertIn(" ".join(blue_card["legal_basis"].split()), text)

    def test_the_pdf_lists_the_answers_given_question_and_answer(self) -> None:
        _result, content = self.pdfs["de"]
        _reader, text = _text(content)

        self.assertIn("Ihre Antworten", text)
        self.assertIn("Welche Staatsangehörigkeit haben Sie?", text)
        self.assertIn("Indien", text)
        self.assertIn("Bruttojahresgehalt", text)
        self.assertIn("72000", text)

    def test_the_pdf_names_the_responsible_location_and_how_to_reach_it(self) -> None:
        _result, content = self.pdfs["de"]
        _reader, text = _text(content)

        self.assertIn("Mit einer Beratung sprechen", text)
        self.assertIn("WCR Aachen", text)
        self.assertIn("Theaterplatz 14, 52062 Aachen", text)
        self.assertIn("0241 123 456", text)
        self.assertIn("aachen@welcome-rheinisches-revier.de", text)
        self.assertIn("http://testserver/navigator/beratung/", text)
        # The job is in Aachen: only the responsible location is listed.
        self.assertNotIn("WCR Neuss", text)

    def test_the_pdf_is_tagged_and_carries_its_language_and_title(self) -> None:
        for language, heading in (
            ("de", "Ihr Ergebnis"),
            ("en", "Your result"),
            ("ar", "نتيجتك"),
            ("uk", "Ваш результат"),
            ("tr", "Sonucunuz"),
        ):
            with self.subTest(language=language):
                result, content = self.pdfs[language]
                reader, text = _text(content)
                root = cast(dict[str, Any], reader.root_object)
                self.assertEqual(root["/Lang"], language)
                self.assertIn("/StructTreeRoot", root)
                self.assertTrue(root["/MarkInfo"]["/Marked"])
                self.assertTrue(root["/ViewerPreferences"]["/DisplayDocTitle"])
                self.assertIn(heading, str(reader.metadata.title))
                self.assertIn(heading, text)
                for pathway in result["pathways"]:
                    # pypdf puts a bracketed part of a right-to-left line first, mirrored:
                    # compare the title up to its brackets.
                    title = " ".join(pathway["title"].split("(")[0].split())
                    self.assertIn(title, text)

    def test_the_arabic_pdf_holds_the_letters_in_logical_order(self) -> None:
        _result, content = self.pdfs["ar"]
        _reader, text = _text(content)

        # Words and whole phrases read as typed (not reversed, not presentation forms).
        self.assertIn("نتيجتك", text)
        self.assertIn("تصاريح الإقامة التي قد تناسب", text)
        self.assertIn("هذا للتوجيه فقط، وليس استشارة قانونية", text)
        self.assertEqual(PRESENTATION_FORMS.findall(text), [])

    def test_the_arabic_knowledge_base_version_prints_without_boxes(self) -> None:
        result, content = self.pdfs["ar"]
        reader, text = _text(content)

        # The translation isolates the version with U+2066/U+2069, which reportlab drew as boxes.
        self.assertIn(result["kb_version"], text)
        self.assertEqual(BIDI_CONTROLS.findall(text), [])
        self.assertTrue([chunk for chunk in _chunks(reader) if result["kb_version"] in chunk])

    def test_the_arabic_pdf_keeps_the_section_sign_before_the_paragraph_number(self) -> None:
        _result, content = self.pdfs["ar"]
        reader, _all_text = _text(content)
        chunks = _chunks(reader)

        # Drawn as one left-to-right run: "§ 18b AufenthG", never "18b AufenthG §".
        self.assertIn("§ 18b AufenthG", chunks)
        self.assertFalse([chunk for chunk in chunks if re.search(r"AufenthG\s*§", chunk)])

    def test_the_arabic_pdf_isolates_latin_snippets_with_their_brackets(self) -> None:
        walker = WizardClient(self.client, "ar")
        walker.walk(BLUE_CARD)
        captured: dict[str, str] = {}

        def keep_html(template: str, context: dict[str, Any], lang: str, **kwargs: Any) -> bytes:
            captured["html"] = render_html(template, context, lang, **kwargs)
            return b"%PDF-1.7"

        with mock.patch("wcr.navigator.views.render_pdf", keep_html):
            walker.get("result_pdf")
        html = captured["html"]

        self.assertIn('<html lang="ar" dir="rtl">', html)
        self.assertIn('<bdi dir="ltr">(anabin H+ / ZAB)</bdi>', html)
        self.assertIn('<bdi dir="ltr">§ 18b AufenthG</bdi>', html)
        # An Arabic aside in brackets stays Arabic text (mirrored by the font's shaping).
        self.assertIn("(وإلا تسري حرية التنقل)", html)

    def test_without_a_started_wizard_the_pdf_redirects_to_the_start(self) -> None:
        response = self.client.get("/navigator/ergebnis.pdf")
        self.assertRedirects(response, "/navigator/")


class PdfPathwayPartTests(TestCase):
    def test_a_step_still_to_take_is_printed_as_such(self) -> None:
        pathway = {
            "id": "aufenthg_18b",
            "title": "Blaue Karte EU",
            "status": "possible",
            "legal_basis": "§ 18g AufenthG",
            "pending": ["anabin (H+) oder die ZAB bestätigt den Abschluss"],
            "met": [],
            "failed": [],
            "unknown": [],
        }
        html = render_html(
            "print/_navigator_pathway.html", {"pathway": pathway, "brief": True}, "de"
        )

        self.assertIn("Passt, sobald ein Schritt erledigt ist", html)
        self.assertIn("Noch zu erledigen – dann passt es", html)
        self.assertIn("anabin (H+) oder die ZAB bestätigt den Abschluss", html)
        self.assertNotIn("Nicht erfüllte Voraussetzungen", html)


class PdfRateLimitTests(TestCase):
    @override_settings(NAVIGATOR_PDF_RATE_LIMIT=1)
    def test_more_pdfs_a_minute_than_the_limit_answer_429_and_keep_the_answers(self) -> None:
        walker = WizardClient(Client(), "de")
        walker.walk(BLUE_CARD)
        with mock.patch("wcr.navigator.views.render_pdf", return_value=b"%PDF-1.7"):
            self.assertEqual(walker.get("result_pdf").status_code, 200)
            busy = walker.get("result_pdf")
        self.assertEqual(busy.status_code, 429)
        self.assertEqual(busy["Retry-After"], "60")
        self.assertContains(busy, "Zu viele PDFs in kurzer Zeit", status_code=429)
        self.assertEqual(walker.get("result").status_code, 200)
