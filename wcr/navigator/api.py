"""``POST /api/v1/navigator/evaluate``: the navigator for other tools. Public (no token),
rate-limited per client address, validated by the engine's own facts check."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.responses import Status

from wcr.api.common import ErrorOut, ValidationErrorOut
from wcr.navigator.engine import LANGUAGES, FactsError
from wcr.navigator.evaluation import evaluate_raw_today as evaluate_raw
from wcr.navigator.kb import knowledge_base
from wcr.navigator.ratelimit import rate_limited

router = Router(tags=["navigator"])

FACTS_DESCRIPTION = (
    "One facts object as in shared/specs/navigator.md: every field optional (missing = unknown), "
    "unknown fields rejected. Texts come in `?lang=` (de, en, ar, uk, tr) or the "
    "Accept-Language of the request; ids and statuses never change with the language."
)


def _field_errors(error: FactsError) -> dict[str, Any]:
    return {
        "detail": [
            {"type": "value_error", "loc": ["body", *field.split(".")], "msg": message}
            for field, message in error.errors
        ]
    }


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
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    },
)
def navigator_evaluate(request: HttpRequest) -> Status:
    if rate_limited(request, scope="navigator-api"):
        return Status(429, {"detail": "Too many requests; try again in a minute."})
    try:
        raw = json.loads(request.body or b"null")
    except (ValueError, RecursionError) as error:  # JSONDecodeError, UnicodeDecodeError, nesting
        return Status(
            422,
            {
                "detail": [
                    {"type": "json_invalid", "loc": ["body"], "msg": f"not valid JSON: {error}"}
                ]
            },
        )
    try:
        return Status(200, evaluate_raw(raw, knowledge_base(), lang=_language(request)))
    except FactsError as error:
        return Status(422, _field_errors(error))
