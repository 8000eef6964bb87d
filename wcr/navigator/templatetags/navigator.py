"""Template filters of the navigator's pages."""

from __future__ import annotations

import re
from datetime import date

from django import template
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language_bidi

register = template.Library()

# A left-to-right run inside right-to-left text: numbers with their separators and signs
# ("45,934.20", "§ 81a", "B1", "anabin (H+)" → "anabin", "H+"), Latin words and the spaces
# between them. It starts and ends with a letter, digit, "€", "%" or "+" so that the neutral
# punctuation around it stays with the Arabic sentence. German quotation marks („…“) around a
# Latin phrase belong to the run, else they land on the wrong side.
LTR_RUN = re.compile(
    r"[„“]?(?:§\s?)?[A-Za-z0-9\u00c0-\u024f€]"
    r"(?:[A-Za-z0-9\u00c0-\u024f€%+.,:/#„“\u2013\u00a0\u202f' -]*[A-Za-z0-9\u00c0-\u024f€%+“])?"
)


@register.filter
def isolate(text: object) -> SafeString:
    """In a right-to-left language, wrap each left-to-right run in ``<bdi dir="ltr">`` so that
    numbers, signs and Latin names keep their order and are not mirrored; in other languages
    the text is only escaped."""
    raw = str(text)
    if not get_language_bidi():
        return conditional_escape(raw)
    parts: list[str] = []
    end = 0
    for match in LTR_RUN.finditer(raw):
        parts.append(escape(raw[end : match.start()]))
        parts.append(f'<bdi dir="ltr">{escape(match.group(0))}</bdi>')
        end = match.end()
    parts.append(escape(raw[end:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped


@register.filter
def iso_date(value: object) -> date | object:
    """A ``YYYY-MM-DD`` string of the engine's result as a date, for the ``date`` filter."""
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value
