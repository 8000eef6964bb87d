"""The result as PDF: read back with pypdf, in German, Ukrainian, Turkish and Arabic."""

from __future__ import annotations

import io
from typing import Any

from django.test import TestCase
from pypdf import PdfReader

from wcr.navigator.tests.test_wizard import BLUE_CARD, WizardClient


def _text(content: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return reader, " ".join(text.split())


class ResultPdfTests(TestCase):
    def _pdf(self, language: str) -> tuple[dict[str, Any], bytes]:
        walker = WizardClient(self.client, language)
        walker.walk(BLUE_CARD)
        result = walker.get("result").context["result"]
        response = walker.get("result_pdf")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn("attachment", response["Content-Disposition"])
        return result, response.content

    def test_the_german_pdf_carries_every_pathway_title_and_the_disclaimer(self) -> None:
        result, content = self._pdf("de")
        reader, text = _text(content)

        self.assertGreaterEqual(len(reader.pages), 2)
        for pathway in result["pathways"]:
            self.assertIn(" ".join(pathway["title"].split()), text)
        self.assertIn("keine Rechtsberatung", text)
        self.assertIn(result["kb_version"], text)
        self.assertIn("Erfüllte Voraussetzungen", text)
        blue_card = next(p for p in result["pathways"] if p["id"] == "aufenthg_18g_it")
        self.assertIn(" ".join(blue_card["legal_basis"].split()), text)

    def test_the_ukrainian_and_turkish_pdfs_are_in_their_language(self) -> None:
        for language, heading in (("uk", "Ваш результат"), ("tr", "Sonucunuz")):
            with self.subTest(language=language):
                self.client.cookies.clear()
                result, content = self._pdf(language)
                _reader, text = _text(content)
                self.assertIn(heading, text)
                for pathway in result["pathways"]:
                    self.assertIn(" ".join(pathway["title"].split()), text)

    def test_the_arabic_pdf_is_a_valid_pdf_with_text(self) -> None:
        result, content = self._pdf("ar")
        reader, text = _text(content)

        self.assertTrue(content.startswith(b"%PDF-"))
        self.assertGreaterEqual(len(reader.pages), 2)
        self.assertGreater(len(text), 500)
        self.assertIn("Welcome Center KMU Rheinisches Revier", text)
        # Shaped Arabic: the letters are in their presentation forms (U+FE70–U+FEFF).
        shaped = [char for char in text if "\ufe70" <= char <= "\ufeff"]
        self.assertGreater(len(shaped), 200)
        self.assertTrue(result["pathways"])

    def test_without_a_started_wizard_the_pdf_redirects_to_the_start(self) -> None:
        response = self.client.get("/navigator/ergebnis.pdf")
        self.assertRedirects(response, "/navigator/")
