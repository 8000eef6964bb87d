"""``POST /api/v1/navigator/evaluate``: the navigator for other tools. Public (no token),
rate-limited per client address, validated by the engine's own facts check.

The request body is read by the engine (``parse_facts``), not by a pydantic schema, so that the
API, the wizard and the command line share one check; ``FACTS_SCHEMA`` states that check in JSON
Schema for the OpenAPI document (``test_navigator_api`` keeps the two in step).
"""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.responses import Status

from wcr.api.common import ErrorOut, ValidationErrorOut, date_pattern
from wcr.navigator.engine import LANGUAGES, FactsError
from wcr.navigator.engine import facts as engine_facts
from wcr.navigator.evaluation import evaluate_raw_today as evaluate_raw
from wcr.navigator.kb import knowledge_base
from wcr.navigator.ratelimit import rate_limited

router = Router(tags=["navigator"])

# Plausible dates of facts; the rules the navigator knows start on 2023-11-18 (the first stage
# of the 2023 skilled-immigration reform), so an earlier evaluation date has no answer.
FACT_DATE_MIN, FACT_DATE_MAX = datetime.date(1900, 1, 1), datetime.date(2099, 12, 31)
AS_OF_MIN = datetime.date(2023, 11, 18)

FACTS_DESCRIPTION = (
    "One facts object as in shared/specs/navigator.md: every field optional (missing or null = "
    "unknown; `job_offer`/`training_offer` null = none), unknown fields rejected. Two rules the "
    "schema cannot state: `experience_years_last_5` at most `experience_years_last_7`, and "
    "`qualification.completed_on` not after `as_of`. Texts come in `?lang=` (de, en, ar, uk, tr) "
    "or the Accept-Language of the request; ids and statuses never change with the language."
)


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _date(low: datetime.date, high: datetime.date) -> dict[str, Any]:
    return {"type": "string", "format": "date", "pattern": date_pattern(low, high)}


def _number(low: float, high: float) -> dict[str, Any]:
    return {"type": "number", "minimum": low, "maximum": high}


def _integer(low: int, high: int) -> dict[str, Any]:
    return {"type": "integer", "minimum": low, "maximum": high}


def _enum(options: tuple[str, ...]) -> dict[str, Any]:
    return {"type": "string", "enum": list(options)}


_BOOLEAN = {"type": "boolean"}
_COUNTRY = {"type": "string", "pattern": "^[A-Z]{2}$"}
_AGS = {"type": "string", "pattern": "^[0-9]{8}$"}


def _object(properties: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {name: _nullable(schema) for name, schema in properties.items()},
        "additionalProperties": False,
    }


def facts_schema() -> dict[str, Any]:
    """The engine's facts check (``engine.parse_facts``) in JSON Schema."""
    qualification = _object(
        {
            "level": _enum(engine_facts.LEVELS),
            "country": _COUNTRY,
            "state_recognised": _BOOLEAN,
            "duration_years": _number(0, 20),
            "completed_on": _date(FACT_DATE_MIN, FACT_DATE_MAX),
            "german_recognition": _enum(engine_facts.RECOGNITION_RESULTS),
            "occupation": _enum(engine_facts.OCCUPATIONS),
            "regulated": _BOOLEAN,
        }
    )
    job_offer = _object(
        {
            "annual_gross_salary": _number(0, 10_000_000),
            "isco": {"type": "string", "pattern": "^[0-9]{2,4}$"},
            "qualified": _BOOLEAN,
            "regulated": _BOOLEAN,
            "collective_agreement": _BOOLEAN,
            "duration_months": _integer(1, 600),
            "municipality": _AGS,
        }
    )
    training_offer = _object({"qualified": _BOOLEAN})
    top = _object(
        {
            "as_of": _date(AS_OF_MIN, FACT_DATE_MAX),
            "nationalities": {"type": "array", "items": _COUNTRY, "minItems": 1},
            "residence_country": _COUNTRY,
            "residence_municipality": _AGS,
            "age": _integer(0, 120),
            "goal": _enum(engine_facts.GOALS),
            "experience_years_last_5": _number(0, 5),
            "experience_years_last_7": _number(0, 7),
            "german_level": _enum(engine_facts.CEFR),
            "english_level": _enum(engine_facts.CEFR),
            "stay_in_germany_months_last_5y": _number(0, 60),
            "pension_provision": _BOOLEAN,
            "anerkennungspartnerschaft": _BOOLEAN,
            "spouse_applies_jointly": _BOOLEAN,
        }
    )
    top["properties"]["qualification"] = qualification  # an object; null is refused
    top["properties"]["job_offer"] = _nullable(job_offer)
    top["properties"]["training_offer"] = _nullable(training_offer)
    top["examples"] = [
        {
            "as_of": "2026-03-01",
            "nationalities": ["IN"],
            "residence_country": "IN",
            "age": 29,
            "goal": "employment",
            "qualification": {
                "level": "academic",
                "country": "IN",
                "german_recognition": "comparable",
            },
            "german_level": "A2",
            "english_level": "C1",
            "job_offer": {"annual_gross_salary": 52000, "isco": "2512", "qualified": True},
        }
    ]
    return top


def _field_errors(errors: list[tuple[str, str]]) -> dict[str, Any]:
    return {
        "detail": [
            {"type": "value_error", "loc": ["body", *field.split(".")], "msg": message}
            for field, message in errors
        ]
    }


def _date_bounds(raw: object) -> list[tuple[str, str]]:
    """The date ranges of ``facts_schema``, checked before the engine sees the facts."""
    if not isinstance(raw, dict):
        return []
    checks = [("as_of", raw.get("as_of"), AS_OF_MIN)]
    qualification = raw.get("qualification")
    if isinstance(qualification, dict):
        checks.append(
            ("qualification.completed_on", qualification.get("completed_on"), FACT_DATE_MIN)
        )
    errors = []
    for field, value, low in checks:
        if not isinstance(value, str):
            continue
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError:
            continue  # the engine names it
        if not low <= day <= FACT_DATE_MAX:
            errors.append((field, f"must lie between {low} and {FACT_DATE_MAX}"))
    return errors


def _json_float(text: str) -> float | int:
    """12.0 is the integer 12, as JSON Schema counts it (``age: 30.0`` is a valid age)."""
    number = float(text)
    return int(number) if number.is_integer() else number


def _language(request: HttpRequest) -> str:
    asked = request.GET.get("lang") or getattr(request, "LANGUAGE_CODE", "de")
    return asked if asked in LANGUAGES else "de"


@router.post(
    "/navigator/evaluate",
    auth=None,
    response={200: dict[str, Any], 422: ValidationErrorOut, 429: ErrorOut},
    summary="Evaluate one set of facts",
    description=FACTS_DESCRIPTION,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": facts_schema()}},
        }
    },
)
def navigator_evaluate(request: HttpRequest) -> Status[Any]:
    if rate_limited(request, scope="navigator-api"):
        return Status(429, {"detail": "Too many requests; try again in a minute."})
    try:
        raw = json.loads(request.body or b"null", parse_float=_json_float)
    except (ValueError, RecursionError) as error:  # JSONDecodeError, UnicodeDecodeError, nesting
        return Status(
            422,
            {
                "detail": [
                    {"type": "json_invalid", "loc": ["body"], "msg": f"not valid JSON: {error}"}
                ]
            },
        )
    bounds = _date_bounds(raw)
    if bounds:
        return Status(422, _field_errors(bounds))
    try:
        return Status(200, evaluate_raw(raw, knowledge_base(), lang=_language(request)))
    except FactsError as error:
        return Status(422, _field_errors(error.errors))
