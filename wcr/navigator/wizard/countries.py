"""Countries for the wizard's choices: ISO 3166-1 alpha-2 codes with their names in the five
languages, sorted for the reader."""

from __future__ import annotations

import csv
import unicodedata
from functools import cache
from pathlib import Path

from django.utils.translation import get_language

_COUNTRIES_FILE = Path(__file__).resolve().parent / "countries.csv"


@cache
def _country_table() -> dict[str, dict[str, str]]:
    """ISO 3166-1 alpha-2 codes (plus XK, Kosovo) with their names in the five languages, from
    Debian's iso-codes catalogues (``countries.csv``)."""
    with _COUNTRIES_FILE.open(encoding="utf-8") as handle:
        return {row["code"]: row for row in csv.DictReader(handle)}


def country_name(code: str) -> str:
    """The country's name in the current language (English when the language is not listed)."""
    row = _country_table().get(code)
    if row is None:
        return code
    return row.get(get_language() or "de") or row["en"]


def country_choices() -> list[tuple[str, str]]:
    names = [(code, country_name(code)) for code in _country_table()]
    return sorted(names, key=lambda item: _sort_key(item[1]))


def _sort_key(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
