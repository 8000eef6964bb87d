"""Print documents: a Django template rendered to a tagged PDF (PDF/UA-1) with WeasyPrint.

``render_pdf("print/navigator_result.html", context, "ar")`` renders the template in that
language and lays it out with WeasyPrint (Pango, HarfBuzz shaping, the Unicode bidi algorithm).
Templates extend ``print/base.html``, which sets ``lang`` and ``dir`` and links the shared
stylesheet ``wcr/core/print/print.css``; the fonts are the OFL-licensed Noto files in
``wcr/core/print/fonts/``, so the output does not depend on the machine's fonts.

WeasyPrint fetches nothing from outside: the URL fetcher serves only files below
``wcr/core/print/``; links in the text stay links and are never loaded.
"""

from __future__ import annotations

import mimetypes
import re
from functools import cache
from pathlib import Path
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

PRINT_DIR = Path(__file__).resolve().parent / "print"
PDF_VARIANT = "pdf/ua-1"


class PrintResourceError(ValueError):
    """A print template asked for a resource outside ``wcr/core/print/``."""


def print_file(url: str) -> Path:
    """The file below ``wcr/core/print/`` that ``url`` names; anything else is refused."""
    prefix = "file://"
    path = Path(url.removeprefix(prefix)).resolve() if url.startswith(prefix) else None
    if path is None or not path.is_relative_to(PRINT_DIR) or not path.is_file():
        raise PrintResourceError(f"print documents load only files below {PRINT_DIR}: {url}")
    return path


@cache
def _url_fetcher() -> Any:
    """WeasyPrint's URL fetcher, restricted to the print folder (no network, no other files).

    A refused resource is left out with a warning in the log, as WeasyPrint does for a missing
    image; the document is still made."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class PrintFiles(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no type information
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            path = print_file(url)
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})

    return PrintFiles(allowed_protocols={"file"})


def render_html(
    template: str, context: dict[str, Any], lang: str, *, request: HttpRequest | None = None
) -> str:
    """The template's HTML in ``lang`` (what ``render_pdf`` lays out)."""
    with translation.override(lang):
        return render_to_string(template, context, request=request)


def render_pdf(
    template: str, context: dict[str, Any], lang: str, *, request: HttpRequest | None = None
) -> bytes:
    """The template rendered in ``lang`` as PDF/UA-1 bytes (tagged, with language and title)."""
    from weasyprint import HTML  # imported on use: loading Pango takes a moment

    html = render_html(template, context, lang, request=request)
    document = HTML(string=html, base_url=f"{PRINT_DIR}/", url_fetcher=_url_fetcher())
    content = document.write_pdf(pdf_variant=PDF_VARIANT)
    assert content is not None  # write_pdf without a target returns the bytes
    return bytes(content)


# Runs of text in right-to-left documents that are not Arabic script: a law's name
# ("§ 18b AufenthG"), an office ("anabin (H+) / ZAB"), a German form's title, a version.
_ARABIC = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
_TOKEN = rf"[^\s{_ARABIC}]+"
_RUN = re.compile(rf"{_TOKEN}(?:[ \u00a0]+{_TOKEN})*")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f§]")
_EDGE = ".,:;!?–-"
_PAIRS = (("(", ")"), ("[", "]"), ("„", "“"), ("«", "»"))


def _trim(run: str) -> tuple[int, str]:
    """``run`` without the punctuation at its edges that belongs to the surrounding sentence
    (a full stop, colon or dash between the Arabic words and the run, a bracket opened or closed
    outside the run); returns how many characters were cut at the start, and the rest."""
    edge = _EDGE + " \u00a0"
    start = 0
    changed = True
    while run and changed:
        before = run
        run = run.rstrip(edge)
        leading = len(run) - len(run.lstrip(edge))
        run, start = run[leading:], start + leading
        for opening, closing in _PAIRS:
            if run.endswith(opening) or (
                run.endswith(closing) and run.count(closing) > run.count(opening)
            ):
                run = run[:-1]
            if run.startswith(closing) or (
                run.startswith(opening) and run.count(opening) > run.count(closing)
            ):
                run, start = run[1:], start + 1
        changed = run != before
    return start, run


def isolate_latin(text: object) -> SafeString:
    """``text`` escaped; in right-to-left languages each run of Latin-script text (with the
    digits and signs inside it) is wrapped in ``<bdi dir="ltr">``.

    Without the isolate the bidi algorithm gives the neutral characters at the run's edges
    ("§", brackets, "+") the Arabic direction: "§ 18b AufenthG" prints as "18b AufenthG §",
    "(anabin H+ / ZAB)" as "(ZAB / +anabin H)". Left-to-right languages get the text escaped,
    unchanged. Runs of digits without a Latin letter (amounts, dates) are left to the bidi
    algorithm, which places them correctly.
    """
    value = str(text)
    if not translation.get_language_bidi():
        return conditional_escape(value)
    parts: list[str] = []
    position = 0
    for match in _RUN.finditer(value):
        cut, run = _trim(match.group())
        if not _LATIN_LETTER.search(run):
            continue
        start = match.start() + cut
        parts.append(conditional_escape(value[position:start]))
        parts.append(format_html('<bdi dir="ltr">{}</bdi>', run))
        position = start + len(run)
    parts.append(conditional_escape(value[position:]))
    return mark_safe("".join(parts))  # noqa: S308 (every part is escaped above)
