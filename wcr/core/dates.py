"""The hint of a date field: the active language's first input format in words the reader
knows (``TT.MM.JJJJ`` in German, ``DD/MM/YYYY`` in English)."""

from __future__ import annotations

from django.utils.formats import get_format
from django.utils.translation import gettext as _


def date_input_hint() -> str:
    """The first of ``DATE_INPUT_FORMATS`` for the active language, spelled with its letters.
    Each date field takes exactly this format (and the others of the list, and ISO)."""
    first: str = get_format("DATE_INPUT_FORMATS")[0]
    tokens = {
        # Translators: placeholder for the day in a date format hint (DD/MM/YYYY), two letters.
        "%d": _("DD"),
        # Translators: placeholder for the month in a date format hint (DD/MM/YYYY), two letters.
        "%m": _("MM"),
        # Translators: placeholder for the year in a date format hint (DD/MM/YYYY), four letters.
        "%Y": _("YYYY"),
        "%y": _("YY"),
    }
    for token, letters in tokens.items():
        first = first.replace(token, letters)
    return first
