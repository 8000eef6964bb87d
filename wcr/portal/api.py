"""The public portal's lookups for forms and other tools: municipalities by postal code, the
counselling topics and the privacy notice in force (``shared/specs/interfaces.md``, "Public
portal"). No token; rate-limited per client address (``PORTAL_RATE_LIMIT`` per hour, 429 with
``Retry-After``). Errors are ``{"detail": [{"loc", "msg", "type"}]}`` with ``msg`` in the
language of ``?lang=`` or ``Accept-Language``.

The query is read by hand, not by ninja's pydantic parameters, so that the messages come in the
requester's language; ``openapi_extra`` states the same checks for the document.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from ninja import Router, Schema
from ninja.responses import Status

from wcr.api.common import FieldErrorOut, ValidationErrorOut
from wcr.cases.models import Topic
from wcr.portal.intake import topic_name
from wcr.portal.models.notices import VERSION_PATTERN, privacy_notice_in_force
from wcr.portal.ratelimit import retry_after
from wcr.region.selectors import municipalities_for_postal_code

router = Router(tags=["portal"])

PORTAL_LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)
POSTAL_CODE_PATTERN = "^[0-9]{5}$"
_POSTAL_CODE = re.compile(POSTAL_CODE_PATTERN)


class MunicipalityOut(Schema):
    ags: str
    name: str
    district: str
    in_service_area: bool


class MunicipalitiesOut(Schema):
    items: list[MunicipalityOut]
    count: int


class TopicOut(Schema):
    code: str
    name: str


class TopicsOut(Schema):
    items: list[TopicOut]
    count: int


class PrivacyNoticeOut(Schema):
    version: str
    url: str
    published_on: datetime.date


class RateLimitedOut(Schema):
    detail: list[FieldErrorOut]


# --- The document's side of the checks ------------------------------------------------------

_LANG_PARAMETER = {
    "name": "lang",
    "in": "query",
    "required": False,
    "description": "Language of the names and messages; without it, the Accept-Language.",
    "schema": {"type": "string", "enum": list(PORTAL_LANGUAGES)},
}
_POSTAL_CODE_PARAMETER = {
    "name": "postal_code",
    "in": "query",
    "required": True,
    "description": "A German postal code: five digits.",
    "schema": {"type": "string", "pattern": POSTAL_CODE_PATTERN, "example": "52222"},
}
_RATE_LIMITED = {
    "description": (
        "Too many requests from this address in this hour (PORTAL_RATE_LIMIT); try again after "
        "the seconds in Retry-After."
    ),
    "headers": {
        "Retry-After": {
            "description": "Seconds until requests are accepted again.",
            "schema": {"type": "integer", "minimum": 1, "maximum": 3600},
        }
    },
    "content": {
        "application/json": {
            "example": {
                "detail": [
                    {
                        "loc": ["client"],
                        "msg": "Too many requests from this address; try again later.",
                        "type": "rate_limited",
                    }
                ]
            }
        }
    },
}
_INVALID = {
    "description": "Invalid query; each entry names a parameter, `msg` in the asked language.",
    "content": {
        "application/json": {
            "example": {
                "detail": [
                    {
                        "loc": ["query", "postal_code"],
                        "msg": "Enter a postal code of five digits.",
                        "type": "string_pattern_mismatch",
                    }
                ]
            }
        }
    },
}


def _extra(*parameters: dict[str, Any]) -> dict[str, Any]:
    return {"parameters": list(parameters), "responses": {422: _INVALID, 429: _RATE_LIMITED}}


# --- Helpers ----------------------------------------------------------------------------------


def _error(field: str | None, message: str, kind: str) -> dict[str, Any]:
    return {"loc": ["query", field] if field else ["client"], "msg": message, "type": kind}


class _Refused(Exception):
    def __init__(self, response: HttpResponse) -> None:
        self.response = response


def _language(request: HttpRequest) -> tuple[str, list[dict[str, Any]]]:
    """The asked language and, when ``?lang=`` is not one of the portal's, its error (worded in
    the Accept-Language)."""
    fallback = getattr(request, "LANGUAGE_CODE", "de")
    fallback = fallback if fallback in PORTAL_LANGUAGES else "de"
    asked = request.GET.get("lang")
    if asked is None:
        return fallback, []
    if asked in PORTAL_LANGUAGES:
        return asked, []
    with translation.override(fallback):
        message = gettext("Choose one of the languages %(languages)s.") % {
            "languages": ", ".join(PORTAL_LANGUAGES)
        }
    return fallback, [_error("lang", message, "enum")]


def _begin(request: HttpRequest) -> tuple[str, list[dict[str, Any]]]:
    """Rate limit and language check shared by every operation: the language and the error on
    ``lang``, if any (the operation adds its own and answers them together)."""
    language, errors = _language(request)
    wait = retry_after(request, scope="portal-api")
    if wait is not None:
        with translation.override(language):
            message = gettext("Too many requests from this address; try again later.")
        response = JsonResponse({"detail": [_error(None, message, "rate_limited")]}, status=429)
        response["Retry-After"] = str(wait)
        raise _Refused(response)
    return language, errors


def _start(request: HttpRequest) -> str:
    """``_begin`` for an operation without parameters of its own."""
    language, errors = _begin(request)
    if errors:
        raise _Refused(JsonResponse({"detail": errors}, status=422))
    return language


# --- Operations -------------------------------------------------------------------------------


@router.get(
    "/portal/municipalities",
    auth=None,
    response={200: MunicipalitiesOut, 422: ValidationErrorOut, 429: RateLimitedOut},
    summary="Municipalities of a postal code",
    description=(
        "The municipalities of the network's region that use this postal code (a code can span "
        "several; none when it is outside the region's data), each with its district and "
        "whether it lies inside the service area."
    ),
    openapi_extra=_extra(_POSTAL_CODE_PARAMETER, _LANG_PARAMETER),
)
def portal_municipalities(request: HttpRequest) -> Status[Any] | HttpResponse:
    try:
        language, errors = _begin(request)
    except _Refused as refused:
        return refused.response
    postal_code = request.GET.get("postal_code")
    if postal_code is None or not _POSTAL_CODE.fullmatch(postal_code):
        with translation.override(language):
            message = gettext("Enter a postal code of five digits.")
        kind = "missing" if postal_code is None else "string_pattern_mismatch"
        errors.insert(0, _error("postal_code", message, kind))
    if errors or postal_code is None:
        return Status(422, {"detail": errors})
    items = [
        {
            "ags": municipality.ags,
            "name": municipality.name,
            "district": municipality.district.name,
            "in_service_area": municipality.in_service_area,
        }
        for municipality in municipalities_for_postal_code(postal_code)
    ]
    return Status(200, {"items": items, "count": len(items)})


@router.get(
    "/portal/topics",
    auth=None,
    response={200: TopicsOut, 422: ValidationErrorOut, 429: RateLimitedOut},
    summary="Counselling topics",
    description="The topic codes a request names, with their names in the asked language.",
    openapi_extra=_extra(_LANG_PARAMETER),
)
def portal_topics(request: HttpRequest) -> Status[Any] | HttpResponse:
    try:
        language = _start(request)
    except _Refused as refused:
        return refused.response
    items = [{"code": t.slug, "name": topic_name(t, language)} for t in Topic.objects.all()]
    return Status(200, {"items": items, "count": len(items)})


_NO_NOTICE = {
    "description": "No privacy notice has been published yet.",
    "content": {
        "application/json": {
            "example": {
                "detail": [
                    {
                        "loc": [],
                        "msg": "No privacy notice has been published yet.",
                        "type": "not_found",
                    }
                ]
            }
        }
    },
}


@router.get(
    "/portal/privacy-notice",
    auth=None,
    response={
        200: PrivacyNoticeOut,
        404: ValidationErrorOut,
        422: ValidationErrorOut,
        429: RateLimitedOut,
    },
    summary="The privacy notice in force",
    description=(
        "The version of the network-wide privacy notice in force, which a request or booking "
        "must name, the address of its text and the day it was published. `version` matches "
        f"`{VERSION_PATTERN}`."
    ),
    openapi_extra={
        **_extra(_LANG_PARAMETER),
        "responses": {404: _NO_NOTICE, 422: _INVALID, 429: _RATE_LIMITED},
    },
)
def portal_privacy_notice(request: HttpRequest) -> Status[Any] | HttpResponse:
    try:
        language = _start(request)
    except _Refused as refused:
        return refused.response
    notice = privacy_notice_in_force()
    if notice is None:
        with translation.override(language):
            message = gettext("No privacy notice has been published yet.")
        return Status(404, {"detail": [{"loc": [], "msg": message, "type": "not_found"}]})
    path = reverse("portal:privacy-version", args=[notice.version])
    return Status(
        200,
        {
            "version": notice.version,
            "url": request.build_absolute_uri(path),
            "published_on": notice.published_on,
        },
    )
