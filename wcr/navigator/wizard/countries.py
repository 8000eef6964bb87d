"""Countries for the wizard's choices: ISO 3166-1 alpha-2 codes with their names in the five
languages, sorted for the reader."""

from __future__ import annotations

import csv
import unicodedata
from functools import cache
from pathlib import Path

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
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
    return list(_sorted_choices(get_language() or "de"))


@cache
def _sorted_choices(language: str) -> tuple[tuple[str, str], ...]:
    """(code, name) in ``language``, sorted for the reader: computed once per language."""
    names = [(code, row.get(language) or row["en"]) for code, row in _country_table().items()]
    return tuple(sorted(names, key=lambda item: _sort_key(item[1])))


@cache
def _option_tags(language: str) -> tuple[tuple[str, str], ...]:
    return tuple(
        (code, f'<option value="{escape(code)}">{escape(name)}</option>')
        for code, name in _sorted_choices(language)
    )


def country_options_html(selected: str) -> SafeString:
    """The ``<option>`` elements of a country select in the current language, ``selected``
    marked: built once per language (a request form renders 250 of them on every request)."""
    language = get_language() or "de"
    return mark_safe(  # noqa: S308 - every name and code was escaped in _option_tags
        "".join(
            tag.replace("<option ", "<option selected ", 1) if code == selected else tag
            for code, tag in _option_tags(language)
        )
    )


def _sort_key(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
