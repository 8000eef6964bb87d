"""The public portal's lookups for forms and other tools: municipalities by postal code, the
counselling topics and the privacy notice in force (``shared/specs/interfaces.md``, "Public
portal"). No token; rate-limited per client address (``PORTAL_RATE_LIMIT`` per hour, 429 with
``Retry-After``). Errors are ``{"detail": [{"loc", "msg", "type"}]}`` with ``msg`` in the
language of ``?lang=`` or ``Accept-Language``.

The query is read by hand, not by ninja's pydantic parameters, so that the messages come in the
requester's language; ``openapi_extra`` states the same checks for the document.

``POST /portal/requests`` takes a request for counselling the same way: the body is read by hand
and checked by ``wcr.portal.intake.request_check`` (the checks the HTML form runs too), and its
JSON Schema below is written by hand with the same limits.
"""

from __future__ import annotations

import datetime
import functools
import json
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from ninja import Router, Schema
from ninja.responses import Status

from wcr.api.common import (
    INVISIBLE_CLASS,
    NO_CONTROL_PATTERN,
    STRIPPED_SPACE_CLASS,
    FieldErrorOut,
    ValidationErrorOut,
)
from wcr.cases.api import EMAIL_PATTERN
from wcr.cases.models import Topic
from wcr.navigator.wizard.countries import country_choices
from wcr.portal import intake
from wcr.portal.intake import topic_name
from wcr.portal.models.notices import VERSION_PATTERN, privacy_notice_in_force
from wcr.portal.models.requests import RequestKind, RequestLink, RequestSector
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


# The error answers of every operation that reads only its query.
QUERY_ANSWERS: dict[int, type[Schema]] = {422: ValidationErrorOut, 429: RateLimitedOut}


# --- The document's side of the checks ------------------------------------------------------

LANG_PARAMETER = {
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


def error_answer(
    description: str, loc: list[str], msg: str, kind: str, **more: Any
) -> dict[str, Any]:
    """A documented error answer: its description and an example body with one entry (``more``:
    further keys of the entry)."""
    example = {"detail": [{"loc": loc, "msg": msg, "type": kind, **more}]}
    return {"description": description, "content": {"application/json": {"example": example}}}


RATE_LIMITED_ANSWER = {
    **error_answer(
        "Too many requests from this address in this hour (PORTAL_RATE_LIMIT); try again after "
        "the seconds in Retry-After.",
        ["client"],
        "Too many requests from this address; try again later.",
        "rate_limited",
    ),
    "headers": {
        "Retry-After": {
            "description": "Seconds until requests are accepted again.",
            "schema": {"type": "integer", "minimum": 1, "maximum": 3600},
        }
    },
}
_INVALID = error_answer(
    "Invalid query; each entry names a parameter, `msg` in the asked language.",
    ["query", "postal_code"],
    "Enter a postal code of five digits.",
    "string_pattern_mismatch",
)


def _extra(*parameters: dict[str, Any]) -> dict[str, Any]:
    return {"parameters": list(parameters), "responses": {422: _INVALID, 429: RATE_LIMITED_ANSWER}}


# --- Helpers ----------------------------------------------------------------------------------


def query_error(field: str | None, message: str, kind: str) -> dict[str, Any]:
    return {"loc": ["query", field] if field else ["client"], "msg": message, "type": kind}


class Refused(Exception):
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
    return fallback, [query_error("lang", message, "enum")]


def begin(request: HttpRequest) -> tuple[str, list[dict[str, Any]]]:
    """Rate limit and language check shared by every operation: the language and the error on
    ``lang``, if any (the operation adds its own and answers them together)."""
    language, errors = _language(request)
    wait = retry_after(request, scope="portal-api")
    if wait is not None:
        with translation.override(language):
            message = gettext("Too many requests from this address; try again later.")
        response = JsonResponse(
            {"detail": [query_error(None, message, "rate_limited")]}, status=429
        )
        response["Retry-After"] = str(wait)
        raise Refused(response)
    return language, errors


def _start(request: HttpRequest) -> str:
    """``begin`` for an operation without parameters of its own."""
    language, errors = begin(request)
    if errors:
        raise Refused(JsonResponse({"detail": errors}, status=422))
    return language


def answers_refusals[**P](
    view: Callable[P, Status[Any] | HttpResponse],
) -> Callable[P, Status[Any] | HttpResponse]:
    """An operation whose ``Refused`` (rate limit, unreadable body …) answers its response."""

    @functools.wraps(view)
    def operation(*args: P.args, **kwargs: P.kwargs) -> Status[Any] | HttpResponse:
        try:
            return view(*args, **kwargs)
        except Refused as refused:
            return refused.response

    return operation


# --- Operations -------------------------------------------------------------------------------


@router.get(
    "/portal/municipalities",
    auth=None,
    response={200: MunicipalitiesOut, **QUERY_ANSWERS},
    summary="Municipalities of a postal code",
    description=(
        "The municipalities of the network's region that use this postal code (a code can span "
        "several; none when it is outside the region's data), each with its district and "
        "whether it lies inside the service area."
    ),
    openapi_extra=_extra(_POSTAL_CODE_PARAMETER, LANG_PARAMETER),
)
@answers_refusals
def portal_municipalities(request: HttpRequest) -> Status[Any] | HttpResponse:
    language, errors = begin(request)
    postal_code = request.GET.get("postal_code")
    if postal_code is None or not _POSTAL_CODE.fullmatch(postal_code):
        with translation.override(language):
            message = gettext("Enter a postal code of five digits.")
        kind = "missing" if postal_code is None else "string_pattern_mismatch"
        errors.insert(0, query_error("postal_code", message, kind))
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
    response={200: TopicsOut, **QUERY_ANSWERS},
    summary="Counselling topics",
    description="The topic codes a request names, with their names in the asked language.",
    openapi_extra=_extra(LANG_PARAMETER),
)
@answers_refusals
def portal_topics(request: HttpRequest) -> Status[Any] | HttpResponse:
    language = _start(request)
    items = [{"code": t.slug, "name": topic_name(t, language)} for t in Topic.objects.all()]
    return Status(200, {"items": items, "count": len(items)})


_NO_NOTICE = error_answer(
    "No privacy notice has been published yet.",
    [],
    "No privacy notice has been published yet.",
    "not_found",
)


@router.get(
    "/portal/privacy-notice",
    auth=None,
    response={200: PrivacyNoticeOut, 404: ValidationErrorOut, **QUERY_ANSWERS},
    summary="The privacy notice in force",
    description=(
        "The version of the network-wide privacy notice in force, which a request or booking "
        "must name, the address of its text and the day it was published. `version` matches "
        f"`{VERSION_PATTERN}`."
    ),
    openapi_extra={
        **_extra(LANG_PARAMETER),
        "responses": {404: _NO_NOTICE, 422: _INVALID, 429: RATE_LIMITED_ANSWER},
    },
)
@answers_refusals
def portal_privacy_notice(request: HttpRequest) -> Status[Any] | HttpResponse:
    language = _start(request)
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


# --- Requests for counselling -----------------------------------------------------------------

# The largest body a valid request can make is about 56 KB (4 000 characters of message, each
# escaped as a surrogate pair by an ASCII-only JSON encoder, plus the other fields at their
# limits); anything larger is refused before it is parsed.
REQUEST_BODY_LIMIT = 65_536


class RequestCreatedOut(Schema):
    reference: str
    organisation: str
    location: str | None
    in_service_area: bool


class AlternativeOut(Schema):
    name: str
    url: str


class OutsideAreaOut(Schema):
    in_service_area: bool
    alternatives: list[AlternativeOut]


class MunicipalityChoiceOut(Schema):
    ags: str
    name: str


class RequestFieldErrorOut(FieldErrorOut):
    choices: list[MunicipalityChoiceOut] = []


class RequestInvalidOut(Schema):
    detail: list[RequestFieldErrorOut]


def stripped_pattern(pattern: str) -> str:
    """``pattern`` (anchored) with the white space the server trims allowed around it."""
    return f"^[{STRIPPED_SPACE_CLASS}]*(?:{pattern[1:-1]})[{STRIPPED_SPACE_CLASS}]*$"


def optional_schema(schema: dict[str, Any], description: str) -> dict[str, Any]:
    """An optional field: absent, ``null`` and (for choices) ``""`` all mean "not given"."""
    nullable = {**schema, "type": [schema["type"], "null"]}
    if "enum" in schema:
        nullable["enum"] = [*schema["enum"], "", None]
    return {**nullable, "description": description}


def _text_field(limit: int, description: str) -> dict[str, Any]:
    return optional_schema(
        {"type": "string", "maxLength": limit, "pattern": NO_CONTROL_PATTERN}, description
    )


def request_body_schema() -> dict[str, Any]:
    """The body of ``POST /portal/requests`` as JSON Schema: exactly the limits of
    ``request_check``; the rules across fields are in the description."""
    limits = intake.MAX_LENGTH
    phone = f"^(?:[{INVISIBLE_CLASS}]*|{stripped_pattern(intake.PHONE_PATTERN)[1:-1]})$"
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["kind", "email", "topics", "privacy_notice_version"],
        "properties": {
            "kind": {
                "type": "string",
                "enum": list(RequestKind.values),
                "description": "`person` (a skilled worker, trainee, founder) or `company`.",
            },
            "given_name": _text_field(
                limits["given_name"], "Given name (a company: the contact's)."
            ),
            "family_name": _text_field(
                limits["family_name"],
                "Family name; required (with a visible character) when `kind` is `person`; a "
                "company's contact person's otherwise.",
            ),
            "company_name": _text_field(
                limits["company_name"],
                "The company's name: required (with a visible character) when `kind` is "
                "`company`, not given otherwise.",
            ),
            "sector": optional_schema(
                {"type": "string", "enum": list(RequestSector.values)},
                "The company's sector: required when `kind` is `company`, not given otherwise.",
            ),
            "email": {
                "type": "string",
                "maxLength": limits["email"],
                "pattern": stripped_pattern(EMAIL_PATTERN),
                "description": "Where the confirmation and the reply go (trimmed).",
            },
            "phone": optional_schema(
                {"type": "string", "maxLength": limits["phone"], "pattern": phone},
                "A phone number with digits, e.g. `+49 241 123456` (trimmed).",
            ),
            "country": optional_schema(
                {"type": "string", "enum": sorted(code for code, _name in country_choices())},
                "ISO 3166-1 alpha-2 code of the residence (person) or seat (company); `DE` "
                "when not given.",
            ),
            "postal_code": optional_schema(
                {"type": "string", "pattern": f"^(?:{intake.POSTAL_CODE_PATTERN[1:-1]})?$"},
                "German postal code of the municipality that links the request to the region "
                "(see `link`); this or `municipality` is required. A code outside the region's "
                "data answers 200 with `in_service_area: false`.",
            ),
            "municipality": optional_schema(
                {"type": "string", "pattern": f"^(?:{intake.AGS_PATTERN[1:-1]})?$"},
                "The municipality's 8-digit key (AGS, `GET /api/v1/portal/municipalities`): "
                "required when the postal code spans several municipalities (else 422 on "
                "`municipality` with the `choices`), and then one of the code's; alone (without "
                "`postal_code`) a key of the region data.",
            ),
            "link": optional_schema(
                {"type": "string", "enum": list(RequestLink.values)},
                "What the municipality is to the requester; default `residence` for a person, "
                "`company_seat` for a company.",
            ),
            "topics": {
                "type": "array",
                "minItems": 1,
                "maxItems": intake.MAX_TOPICS,
                "items": {"type": "string", "pattern": intake.TOPIC_CODE_PATTERN},
                "description": (
                    "Topic codes of `GET /api/v1/portal/topics` (an unknown code answers 422); a "
                    "code given twice counts once."
                ),
            },
            "message": _text_field(limits["message"], "Free text."),
            "language": optional_schema(
                {"type": "string", "enum": list(intake.LANGUAGES)},
                "Language of the mails and the reply; default the language of `?lang=` / "
                "Accept-Language.",
            ),
            "privacy_notice_version": {
                "type": "string",
                "pattern": VERSION_PATTERN,
                "description": (
                    "The version of the privacy notice shown (`GET /api/v1/portal/privacy-notice`); "
                    "any other answers 422."
                ),
            },
        },
        "example": {
            "kind": "company",
            "given_name": "Jana",
            "family_name": "Becker",
            "company_name": "Becker Sanitär GmbH",
            "sector": "crafts",
            "email": "jana.becker@example.org",
            "postal_code": "52349",
            "link": "company_seat",
            "topics": ["recruitment"],
            "message": "Wir suchen eine Anlagenmechanikerin aus dem Ausland.",
            "language": "de",
            "privacy_notice_version": "1",
        },
    }


_REQUEST_INVALID = error_answer(
    'Invalid request: each entry names a field of the body (`loc` `["body", field]`; '
    '`["body"]` when the body is not a JSON object, `["query", "lang"]` for the language), '
    "`msg` in the asked language. On an ambiguous postal code without `municipality` the "
    'entry on `municipality` carries `"choices": [{"ags", "name"}]`.',
    ["body", "municipality"],
    "The postal code 52525 is used by several municipalities: choose yours.",
    "ambiguous",
    choices=[
        {"ags": "05370016", "name": "Heinsberg"},
        {"ags": "05370032", "name": "Waldfeucht"},
    ],
)


def too_large_answer(limit: int) -> dict[str, Any]:
    """The document's 413: a body larger than ``limit`` bytes (``read_body``'s limit)."""
    return error_answer(
        f"The body is larger than {limit} bytes.",
        ["body"],
        f"The request is too large (at most {limit} bytes).",
        "too_large",
    )


def body_openapi(
    schema: dict[str, Any], limit: int, invalid: dict[str, Any], answers: dict[int, Any]
) -> dict[str, Any]:
    """The document's side of an operation with a JSON body: its ``schema``, the 413 over
    ``limit`` bytes, the 422 ``invalid``, the 429, and the operation's own ``answers``."""
    return {
        "parameters": [LANG_PARAMETER],
        "requestBody": {"required": True, "content": {"application/json": {"schema": schema}}},
        "responses": {
            **answers,
            413: too_large_answer(limit),
            422: invalid,
            429: RATE_LIMITED_ANSWER,
        },
    }


def body_error(field: str | None, message: str, kind: str) -> dict[str, Any]:
    return {"loc": ["body", field] if field else ["body"], "msg": message, "type": kind}


def read_body(
    request: HttpRequest, limit: int = REQUEST_BODY_LIMIT
) -> tuple[dict[str, Any] | None, dict[str, Any] | None, int]:
    """(the body as an object, or the error and its status: 413 over ``limit`` bytes, 422 for
    anything but a JSON object). Messages in the active language."""
    content_type = request.content_type or ""
    if content_type.lower() != "application/json":
        message = gettext("Send the request as a JSON object (Content-Type: application/json).")
        return None, body_error(None, message, "content_type"), 422
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        message = gettext("The request is too large (at most %(limit)d bytes).") % {"limit": limit}
        return None, body_error(None, message, "too_large"), 413
    raw = request.read(limit + 1)
    if len(raw) > limit:
        message = gettext("The request is too large (at most %(limit)d bytes).") % {"limit": limit}
        return None, body_error(None, message, "too_large"), 413
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):
        message = gettext("The body is not valid JSON.")
        return None, body_error(None, message, "json_invalid"), 422
    if not isinstance(body, dict):
        message = gettext("Send the request as a JSON object (Content-Type: application/json).")
        return None, body_error(None, message, "object_type"), 422
    return body, None, 200


def problem_entry(problem: intake.Problem) -> dict[str, Any]:
    entry = body_error(problem.field, problem.message, problem.type)
    if problem.choices is not None:
        entry["choices"] = problem.choices
    return entry


def begin_body(
    request: HttpRequest, limit: int = REQUEST_BODY_LIMIT
) -> tuple[str, dict[str, Any], list[dict[str, Any]]]:
    """``begin`` and ``read_body`` for an operation with a JSON body: (the language, the body,
    the error on ``lang``, if any); ``Refused`` with the 413 or 422 of an unreadable body."""
    language, errors = begin(request)
    with translation.override(language):
        body, error, status = read_body(request, limit)
    if body is None:
        raise Refused(JsonResponse({"detail": [error, *errors]}, status=status))
    return language, body, errors


def problems_response(problems: list[intake.Problem], errors: list[dict[str, Any]]) -> JsonResponse:
    """The 422 of a body's problems (and the query's ``errors``)."""
    detail = [problem_entry(p) for p in problems] + errors
    return JsonResponse({"detail": detail}, status=422)


@router.post(
    "/portal/requests",
    auth=None,
    response={
        200: OutsideAreaOut,
        201: RequestCreatedOut,
        413: RequestInvalidOut,
        422: RequestInvalidOut,
        429: RateLimitedOut,
    },
    summary="Request counselling",
    description=(
        "A request for counselling, as the portal's form sends it. Inside the service area it is "
        "stored first, then routed to a partner organisation and location by the routing rules, "
        "then confirmed by mail (in `language`, with the reference): 201. Outside the service "
        "area nothing is stored: 200 with who else can help. Every invalid body answers 422 "
        "naming the field, `msg` in the language of `?lang=` / Accept-Language; the schema "
        "states each field's own limits, and these rules across fields: a person sends "
        "`family_name` and neither `company_name` nor `sector`; a company sends `company_name` "
        "and `sector`; `postal_code` or `municipality` is given, and `municipality` is required "
        "when the postal code spans several municipalities; `topics` are known codes; "
        "`privacy_notice_version` is the version in force."
    ),
    openapi_extra=body_openapi(
        request_body_schema(),
        REQUEST_BODY_LIMIT,
        _REQUEST_INVALID,
        {
            201: {"description": "Stored, routed and to be confirmed by mail."},
            200: {"description": "Outside the service area: nothing is stored."},
        },
    ),
)
@answers_refusals
def portal_request_create(request: HttpRequest) -> Status[Any] | HttpResponse:
    language, body, errors = begin_body(request)
    with translation.override(language):
        problems: list[intake.Problem] = []
        topics = body.get("topics")
        if isinstance(topics, str):  # the form may send one code; JSON has lists
            problems.append(
                intake.Problem(
                    "topics", gettext("Give the topics as a list of codes."), "list_type"
                )
            )
            body = {**body, "topics": None}
        checked = intake.request_check(body, language=language)
        problems += [p for p in checked.problems if not (problems and p.field == "topics")]
        if problems or errors:
            return problems_response(problems, errors)
        if checked.outside_area:
            alternatives = intake.outside_area_alternatives()
            return Status(200, {"in_service_area": False, "alternatives": alternatives})
    assert checked.data is not None
    item = intake.request_submit(data=checked.data)
    return Status(
        201,
        {
            "reference": item.request.reference,
            "organisation": item.organisation.slug,
            "location": item.location.slug if item.location else None,
            "in_service_area": True,
        },
    )
