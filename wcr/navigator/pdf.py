"""The navigator's result as a PDF (reportlab with DejaVu Sans: Latin, Cyrillic and Arabic).

Arabic text is shaped with ``arabic_reshaper`` and put into visual order with python-bidi line by
line, after wrapping, so that a paragraph of several lines reads correctly from right to left.
The PDF carries the same content as the result page, in the current language.
"""

from __future__ import annotations

import io
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import arabic_reshaper
from bidi import get_display
from django.conf import settings
from django.utils import formats
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer

FONT, FONT_BOLD = "DejaVuSans", "DejaVuSans-Bold"


def _font_dir() -> Path:
    return Path(settings.BASE_DIR) / "node_modules" / "dejavu-fonts-ttf" / "ttf"


@cache
def _register_fonts() -> None:
    pdfmetrics.registerFont(TTFont(FONT, str(_font_dir() / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(_font_dir() / "DejaVuSans-Bold.ttf")))


class RtlParagraph(Flowable):
    """Right-to-left text, wrapped in logical order, each line reordered for display."""

    def __init__(self, text: str, font: str, size: float, leading: float) -> None:
        super().__init__()
        self.text = arabic_reshaper.reshape(text)
        self.font, self.size, self.leading = font, size, leading
        self.lines: list[str] = []

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.lines = []
        for part in self.text.split("\n"):
            current = ""
            for word in part.split():
                candidate = f"{current} {word}" if current else word
                if current and pdfmetrics.stringWidth(candidate, self.font, self.size) > self.width:
                    self.lines.append(current)
                    current = word
                else:
                    current = candidate
            self.lines.append(current)
        self.height = self.leading * len(self.lines)
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setFont(self.font, self.size)
        y = self.height - self.size
        for line in self.lines:
            canvas.drawRightString(self.width, y, get_display(line))
            y -= self.leading


class _Writer:
    def __init__(self, rtl: bool) -> None:
        self.rtl = rtl
        self.story: list[Flowable] = []
        align = TA_RIGHT if rtl else TA_LEFT
        self.styles = {
            "title": ParagraphStyle(
                "title", fontName=FONT_BOLD, fontSize=16, leading=20, alignment=align
            ),
            "h2": ParagraphStyle(
                "h2", fontName=FONT_BOLD, fontSize=13, leading=17, alignment=align
            ),
            "h3": ParagraphStyle(
                "h3", fontName=FONT_BOLD, fontSize=11, leading=14, alignment=align
            ),
            "body": ParagraphStyle(
                "body", fontName=FONT, fontSize=9.5, leading=13, alignment=align
            ),
            "small": ParagraphStyle(
                "small", fontName=FONT, fontSize=8, leading=11, alignment=align
            ),
        }

    def add(self, text: str, style: str = "body", space: float = 2) -> None:
        if not text:
            return
        chosen = self.styles[style]
        if self.rtl:
            font = chosen.fontName
            self.story.append(RtlParagraph(text, font, chosen.fontSize, chosen.leading))
        else:
            self.story.append(Paragraph(escape(text), chosen))
        self.story.append(Spacer(1, space * mm))

    def items(self, heading: str, items: list[str]) -> None:
        if not items:
            return
        self.add(heading, "h3", 1)
        for item in items:
            self.add(f"• {item}", space=0.5)
        self.story.append(Spacer(1, 1.5 * mm))


def _status(pathway: dict[str, Any]) -> str:
    if pathway["status"] == "eligible":
        return _("Fits")
    if pathway["status"] == "possible":
        return _("May fit – some facts are unknown")
    return _("Does not fit")


def _contact(writer: _Writer, label: str, contact: dict[str, Any] | None) -> None:
    if not contact:
        return
    writer.add(f"{label}: {contact.get('name', '')}", "h3", 1)
    if contact.get("address"):
        writer.add(contact["address"], space=0.5)
    if contact.get("phone"):
        writer.add(f"{_('Phone')}: {contact['phone']}", space=0.5)
    if contact.get("email"):
        writer.add(f"{_('Email')}: {contact['email']}", space=0.5)
    if contact.get("url"):
        writer.add(contact["url"], space=0.5)


def _pathway(writer: _Writer, pathway: dict[str, Any], brief: bool = False) -> None:
    writer.add(pathway["title"], "h2", 1)
    status = _status(pathway)
    if pathway.get("discretionary"):
        status += " · " + _("The authority decides at its discretion")
    if pathway.get("procedure_81a"):
        status += " · " + _("Accelerated procedure possible")
    writer.add(status, "h3", 1)
    if not brief:
        writer.add(pathway.get("summary", ""))
    writer.add(f"{_('Legal basis')}: {pathway['legal_basis']}", "small")
    writer.items(_("Conditions met"), pathway.get("met", []))
    writer.items(_("Conditions not met"), pathway.get("failed", []))
    writer.items(
        _("Still unknown – this is missing for a clear answer"), pathway.get("unknown", [])
    )
    if brief:
        return
    writer.items(_("Next steps"), pathway.get("next_steps", []))
    writer.items(_("Documents"), pathway.get("documents", []))
    writer.items(_("What the employer has to do"), pathway.get("employer_duties", []))
    writer.items(_("Costs"), pathway.get("costs", []))
    writer.items(_("How long it takes"), pathway.get("durations", []))
    sources = [
        f"{source['title']} – {source['url']} ({_('as of %(date)s') % {'date': source['as_of']}})"
        for source in pathway.get("sources", [])
    ]
    writer.items(_("Sources"), sources)


def result_pdf(result: dict[str, Any], *, employer: bool = False) -> bytes:
    """The result (``engine.evaluate``'s dict) as PDF bytes, in the current language."""
    _register_fonts()
    writer = _Writer(rtl=get_language_bidi())
    as_of = formats.date_format(date.fromisoformat(result["as_of"]), "SHORT_DATE_FORMAT")
    writer.add(_("Welcome Center KMU Rheinisches Revier"), "small")
    writer.add(_("Result for the candidate") if employer else _("Your result"), "title", 3)
    writer.add(
        _(
            "This is an orientation, not legal advice. The authorities decide. Legal status as "
            "of %(date)s, knowledge base version %(version)s."
        )
        % {"date": as_of, "version": result.get("kb_version", "")},
        space=4,
    )
    pathways = result["pathways"]
    fitting = [p for p in pathways if p["status"] != "not_eligible"]
    writer.add(_("Residence permits that may fit"), "title", 2)
    if not fitting:
        writer.add(
            _(
                "With these answers no residence permit fits. A counsellor can look for other "
                "ways with you."
            )
        )
    for pathway in fitting:
        _pathway(writer, pathway)

    recognition = result.get("recognition") or {}
    writer.add(_("Recognition of the qualification"), "title", 2)
    needed = recognition.get("needed")
    writer.add(
        _("Recognition is needed.")
        if needed is True
        else _("Recognition is not needed.")
        if needed is False
        else _("Whether recognition is needed is not yet clear."),
        "h3",
    )
    writer.add(recognition.get("reason", ""))
    _contact(writer, _("Responsible body"), recognition.get("body"))

    procedure = result.get("procedure_81a") or {}
    writer.add(_("Accelerated skilled-worker procedure (§ 81a AufenthG)"), "title", 2)
    available = procedure.get("available")
    writer.add(
        _("The employer can use the accelerated procedure.")
        if available is True
        else _("The accelerated procedure is not available.")
        if available is False
        else _("Whether the accelerated procedure can be used is not yet clear."),
        "h3",
    )
    writer.add(procedure.get("reason", ""))
    _contact(writer, _("Responsible authority"), procedure.get("authority"))
    writer.items(_("Steps"), procedure.get("steps", []))

    not_fitting = [p for p in pathways if p["status"] == "not_eligible"]
    if not_fitting:
        writer.add(_("Residence permits that do not fit"), "title", 2)
        for pathway in not_fitting:
            _pathway(writer, pathway, brief=True)

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=_("Your result"),
        author=_("Welcome Center KMU Rheinisches Revier"),
        lang=get_language() or "de",
    )
    document.build(writer.story)
    return buffer.getvalue()
