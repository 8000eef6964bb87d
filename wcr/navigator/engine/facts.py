"""Facts: the check and flattening of one facts object (``parse_facts``), and the date range
every date fact must lie in (``DATE_MIN``, ``DATE_MAX``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

CEFR = ("none", "A1", "A2", "B1", "B2", "C1", "C2")
GOALS = ("employment", "training", "study", "job_search", "self_employment", "recognition")
LEVELS = ("none", "vocational", "academic")
RECOGNITION_RESULTS = ("none", "pending", "partial", "full", "comparable")
OCCUPATIONS = (
    "crafts",
    "ihk",
    "health",
    "teaching",
    "social",
    "engineering",
    "it",
    "academic_other",
    "other",
)
# Matched whole (fullmatch), ASCII digits only: "05334002\n" or Arabic-Indic digits are no AGS.
COUNTRY = re.compile(r"[A-Z]{2}")
AGS = re.compile(r"[0-9]{8}")
ISCO = re.compile(r"[0-9]{2,4}")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

# Every date fact lies in this range (inclusive); the OpenAPI schema of the public API says the
# same. ``as_of`` (given, or today) moreover not before the rules the knowledge base models.
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2099, 12, 31)
AS_OF_MIN = date(2023, 11, 18)


class FactsError(ValueError):
    """Malformed facts. ``errors`` holds (field path, message) pairs, e.g.
    ``("job_offer.annual_gross_salary", "must be a number")``."""

    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors))


@dataclass(frozen=True)
class Facts:
    """Validated facts, flattened to paths (``"job_offer.isco"``). A path that is absent is
    unknown. ``job_offer``/``training_offer`` map to True (an offer) or False (``null``: none)."""

    values: dict[str, Any]
    as_of: date


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _number(low: float, high: float) -> Callable[[object], str | None]:
    def check(value: object) -> str | None:
        if not _is_number(value):
            return "must be a number"
        assert isinstance(value, int | float)
        if value != value or not low <= value <= high:  # NaN or out of range
            return f"must be between {low:g} and {high:g}"
        return None

    return check


def _integer(low: int, high: int) -> Callable[[object], str | None]:
    def check(value: object) -> str | None:
        if not isinstance(value, int) or isinstance(value, bool):
            return "must be a whole number"
        if not low <= value <= high:
            return f"must be between {low} and {high}"
        return None

    return check


def _boolean(value: object) -> str | None:
    return None if isinstance(value, bool) else "must be true or false"


def _choice(options: tuple[str, ...]) -> Callable[[object], str | None]:
    def check(value: object) -> str | None:
        if value not in options:
            return "must be one of " + ", ".join(options)
        return None

    return check


def _pattern(regex: re.Pattern[str], what: str) -> Callable[[object], str | None]:
    def check(value: object) -> str | None:
        if not isinstance(value, str) or not regex.fullmatch(value):
            return f"must be {what}"
        return None

    return check


def _iso_date(low: date, high: date) -> Callable[[object], str | None]:
    def check(value: object) -> str | None:
        if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
            return "must be a date YYYY-MM-DD"
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return "is not a valid date"
        return _date_range(day, low, high)

    return check


def _date_range(day: date, low: date, high: date) -> str | None:
    if not low <= day <= high:
        return f"must be between {low.isoformat()} and {high.isoformat()}"
    return None


def _countries(value: object) -> str | None:
    if not isinstance(value, list) or not value:
        return "must be a list of at least one ISO 3166-1 alpha-2 code"
    for item in value:
        if not isinstance(item, str) or not COUNTRY.fullmatch(item):
            return f"{item!r} is not an ISO 3166-1 alpha-2 code (two capital letters)"
    return None


_country = _pattern(COUNTRY, "an ISO 3166-1 alpha-2 code (two capital letters)")
_ags = _pattern(AGS, "an 8-digit municipality key (AGS)")
_cefr = _choice(CEFR)

QUALIFICATION_FIELDS: dict[str, Callable[[object], str | None]] = {
    "level": _choice(LEVELS),
    "country": _country,
    "state_recognised": _boolean,
    "duration_years": _number(0, 20),
    "completed_on": _iso_date(DATE_MIN, DATE_MAX),
    "german_recognition": _choice(RECOGNITION_RESULTS),
    "occupation": _choice(OCCUPATIONS),
    "regulated": _boolean,
}
JOB_OFFER_FIELDS: dict[str, Callable[[object], str | None]] = {
    "annual_gross_salary": _number(0, 10_000_000),
    "isco": _pattern(ISCO, "an ISCO-08 code of 2 to 4 digits"),
    "qualified": _boolean,
    "regulated": _boolean,
    "collective_agreement": _boolean,
    "duration_months": _integer(1, 600),
    "municipality": _ags,
}
TRAINING_OFFER_FIELDS: dict[str, Callable[[object], str | None]] = {"qualified": _boolean}
NESTED = {
    "qualification": QUALIFICATION_FIELDS,
    "job_offer": JOB_OFFER_FIELDS,
    "training_offer": TRAINING_OFFER_FIELDS,
}
TOP_FIELDS: dict[str, Callable[[object], str | None]] = {
    "as_of": _iso_date(AS_OF_MIN, DATE_MAX),
    "nationalities": _countries,
    "residence_country": _country,
    # Extension of the spec: where the person lives in Germany, for the recognition body
    # when there is no job yet.
    "residence_municipality": _ags,
    "age": _integer(0, 120),
    "goal": _choice(GOALS),
    "experience_years_last_5": _number(0, 5),
    "experience_years_last_7": _number(0, 7),
    "german_level": _cefr,
    "english_level": _cefr,
    "stay_in_germany_months_last_5y": _number(0, 60),
    "pension_provision": _boolean,
    "anerkennungspartnerschaft": _boolean,
    "spouse_applies_jointly": _boolean,
}
# Every fact path a condition may name; kb.CONDITION_FACTS must match (tested).
FACT_PATHS = frozenset(
    {name for name in TOP_FIELDS if name != "as_of"}
    | {"job_offer", "training_offer"}
    | {f"{parent}.{name}" for parent, fields in NESTED.items() for name in fields}
)


def parse_facts(raw: object, *, today: date) -> Facts:
    """Check and flatten one facts object; raise FactsError naming every bad field.

    Unknown fields are rejected so that a typo cannot silently change the answer. ``null`` is
    *unknown* for every field except ``job_offer``/``training_offer``, where it means "none".
    ``today`` (the caller's date, e.g. ``timezone.localdate()``) stands for a missing ``as_of``:
    the engine never reads the clock.
    """
    if not isinstance(raw, dict):
        raise FactsError([("(root)", "must be a JSON object")])
    errors: list[tuple[str, str]] = []
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if not isinstance(key, str):
            errors.append((str(key), "unknown field"))
        elif key in NESTED:
            _parse_nested(key, value, values, errors)
        elif key not in TOP_FIELDS:
            errors.append((key, "unknown field"))
        elif value is not None:
            message = TOP_FIELDS[key](value)
            if message:
                errors.append((key, message))
            else:
                values[key] = value
    _check_consistency(values, errors)
    if "as_of" not in values and (message := _date_range(today, AS_OF_MIN, DATE_MAX)):
        errors.append(("as_of", f"{message} (today, {today.isoformat()}, is not)"))
    if errors:
        raise FactsError(errors)
    as_of_text = values.pop("as_of", None)
    as_of = date.fromisoformat(as_of_text) if as_of_text else today
    if "nationalities" in values:
        values["nationalities"] = tuple(dict.fromkeys(values["nationalities"]))
    if "qualification.completed_on" in values:
        values["qualification.completed_on"] = date.fromisoformat(
            values["qualification.completed_on"]
        )
    return Facts(values=values, as_of=as_of)


def _parse_nested(
    key: str, value: object, values: dict[str, Any], errors: list[tuple[str, str]]
) -> None:
    fields = NESTED[key]
    if value is None:
        if key == "qualification":
            errors.append((key, 'must be an object (use level "none" for no qualification)'))
        else:
            values[key] = False
        return
    if not isinstance(value, dict):
        errors.append((key, "must be an object" + ("" if key == "qualification" else " or null")))
        return
    if key != "qualification":
        values[key] = True
    for name, item in value.items():
        path = f"{key}.{name}"
        if name not in fields:
            errors.append((path, "unknown field"))
        elif item is not None:
            message = fields[name](item)
            if message:
                errors.append((path, message))
            else:
                values[path] = item


def _check_consistency(values: dict[str, Any], errors: list[tuple[str, str]]) -> None:
    last_5 = values.get("experience_years_last_5")
    last_7 = values.get("experience_years_last_7")
    if last_5 is not None and last_7 is not None and last_5 > last_7:
        errors.append(("experience_years_last_5", "cannot be more than experience_years_last_7"))
    completed = values.get("qualification.completed_on")
    as_of = values.get("as_of")
    if completed and as_of and completed > as_of:
        errors.append(("qualification.completed_on", "lies after as_of"))
