"""The duplicate check in words: one label per reason code of ``names.duplicate_score``, the match
as a level instead of a bare score, and the names or dates each reason is about.

``names`` is pure Python and answers short English codes (``given_name_variant``,
``same_birth_date``); this is the one place that says them in the reader's language. A test
(``test_duplicate_warning.py``) finds every code ``names.py`` can emit and fails for one without a
label; an unknown code still gets a general sentence rather than the code itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

REASON_LABELS: dict[str, Promise] = {
    # Names
    "same_name": _("Same name"),
    "given_name_variant": _("Given name spelt similarly"),
    "family_name_variant": _("Family name spelt similarly"),
    "name_variant": _("Name spelt similarly"),
    "given_name_differs": _("Given name differs"),
    "family_name_differs": _("Family name differs"),
    "name_differs": _("A name differs"),
    "typo": _("A name differs by one typing error"),
    "gender_form": _("A name in its male or female form (such as Ivanov / Ivanova)"),
    "missing_name_part": _("A part of the name is missing in one record (such as a middle name)"),
    "names_swapped": _("Given and family name swapped"),
    "name_fields_differ": _("The names are split differently into given and family name"),
    "name_missing": _("A name is missing"),
    # Dates of birth
    "same_birth_date": _("Same date of birth"),
    "birth_date_differs": _("Date of birth differs"),
    "birth_year_differs": _("Year of birth differs"),
    "birth_date_unknown": _("Date of birth unknown in one record: the names alone decide"),
    "same_birth_month": _("Same month and year of birth (the day is not known)"),
    "same_birth_year": _("Same year of birth (the exact date is not known)"),
    "same_birth_year_placeholder": _(
        "Same year of birth (one date is a placeholder such as 01.01.)"
    ),
    "birth_day_month_swapped": _("Day and month of the date of birth swapped"),
    "birth_date_typo": _("Date of birth differs in one digit"),
}

GENERIC_REASON = _("Another similarity the check found")
"""Said for a code without a label (the test catches it before a user sees it)."""

# What each reason is about: the values shown beside it ("Given name spelt similarly
# (Ahmad / Achmed)"). Codes not listed here are shown without values.
_GIVEN = frozenset({"given_name_variant", "given_name_differs"})
_FAMILY = frozenset({"family_name_variant", "family_name_differs"})
_NAME = frozenset(
    {
        "same_name",
        "name_variant",
        "name_differs",
        "typo",
        "gender_form",
        "missing_name_part",
        "names_swapped",
        "name_fields_differ",
    }
)
_BIRTH = frozenset(
    {
        "same_birth_date",
        "birth_date_differs",
        "birth_year_differs",
        "same_birth_month",
        "same_birth_year",
        "same_birth_year_placeholder",
        "birth_day_month_swapped",
        "birth_date_typo",
    }
)


def reason_label(code: str) -> Promise:
    """The words for one reason code; a general sentence for a code not (yet) known."""
    return REASON_LABELS.get(code, GENERIC_REASON)


@dataclass(frozen=True)
class MatchLevel:
    key: str  # "very_likely", "likely", "possible": also the CSS modifier
    label: Promise


_LEVELS = (
    (0.9, MatchLevel("very_likely", _("Very likely the same person"))),
    (0.75, MatchLevel("likely", _("Probably the same person"))),
    (0.0, MatchLevel("possible", _("Possibly the same person"))),
)


def match_level(score: float) -> MatchLevel:
    """The score of ``names.duplicate_score`` as words: from 0.9 very likely (same name variants
    and date), from 0.75 probably, below (down to ``DUPLICATE_THRESHOLD``) possibly."""
    for lowest, level in _LEVELS:
        if score >= lowest:
            return level
    return _LEVELS[-1][1]


@dataclass(frozen=True)
class Side:
    """What one record says, as shown: passport names and the date of birth as displayed."""

    given_name: str
    family_name: str
    birth_date: str


@dataclass(frozen=True)
class Reason:
    """One reason in words and the values it is about: one when both records agree, else the
    entered value and the existing one."""

    code: str
    label: Promise
    values: tuple[str, ...]


def _values(entered: str, existing: str) -> tuple[str, ...]:
    entered, existing = entered.strip(), existing.strip()
    if not entered and not existing:
        return ()
    return (entered,) if entered == existing else (entered or "–", existing or "–")


def explain(codes: Iterable[str], entered: Side, existing: Side) -> list[Reason]:
    """The reasons of one match in words, each with the names or dates it is about."""
    reasons = []
    for code in codes:
        if code in _GIVEN:
            values = _values(entered.given_name, existing.given_name)
        elif code in _FAMILY:
            values = _values(entered.family_name, existing.family_name)
        elif code in _NAME:
            values = _values(
                f"{entered.given_name} {entered.family_name}",
                f"{existing.given_name} {existing.family_name}",
            )
        elif code in _BIRTH:
            values = _values(entered.birth_date, existing.birth_date)
        else:
            values = ()
        reasons.append(Reason(code, reason_label(code), values))
    return reasons
