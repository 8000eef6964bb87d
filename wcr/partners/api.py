"""``GET /api/v1/partners`` and ``GET /api/v1/partners/{code}``: the cooperation-partner
directory for other tools. Public data: no token needed, a token is not refused either (it is
not looked at); rate-limited per client address like the portal's lookups (``PORTAL_RATE_LIMIT``
per hour, 429 with ``Retry-After``).

The query is checked by ninja (``PartnerQuery``: the patterns of topic and municipality,
``limit`` and ``offset``), and a topic must be one of the topics (422 otherwise, as the slot
list answers). A well-formed municipality key the region data does not know finds nothing.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from wcr.api.common import ErrorOut, Page, PageQuery, ValidationErrorOut, page
from wcr.cases.models import Topic
from wcr.core.ratelimit import retry_after
from wcr.partners.models import Partner, PartnerKind, PartnerLocation, PartnerService
from wcr.partners.selectors import partner_by_code, partners_query

router = Router(tags=["partners"])

AGS_PATTERN = "^[0-9]{8}$"
TOPIC_CODE_PATTERN = "^[-a-zA-Z0-9_]{1,40}$"  # as the portal's (wcr.portal.intake)
LIST_OPERATION_ID = "wcr_partners_api_partner_list"


class PartnerQuery(PageQuery):
    topic: str | None = Field(
        None,
        pattern=TOPIC_CODE_PATTERN,
        description=(
            "Only partners for this counselling topic (a code of `GET /api/v1/portal/topics`); "
            "an unknown one answers 422."
        ),
    )
    municipality: str | None = Field(
        None,
        pattern=AGS_PATTERN,
        description=(
            "Only partners serving this municipality (its 8-digit key, AGS), and, for a "
            "municipality of North Rhine-Westphalia (AGS 05…), the bodies for all of NRW."
        ),
    )


class ServiceOut(Schema):
    code: uuid.UUID
    name: str
    description: str
    topics: list[str] = Field(description="Topic codes.")
    eligibility: str
    languages: list[str] = Field(description="Language codes (ISO 639-1).")
    fees: str
    application_process: str = Field(description="How to apply.")
    url: str

    @staticmethod
    def resolve_topics(obj: PartnerService) -> list[str]:
        return [topic.slug for topic in obj.topics.all()]

    @staticmethod
    def resolve_languages(obj: PartnerService) -> list[str]:
        return [code.strip() for code in obj.languages.split(",") if code.strip()]


class LocationOut(Schema):
    code: uuid.UUID
    name: str
    street_address: str
    postal_code: str
    city: str
    opening_hours: str
    accessibility: str


class ContactOut(Schema):
    name: str
    role: str
    email: str
    phone: str


class PartnerOut(Schema):
    code: uuid.UUID = Field(description="The entry's code; an external referral names it.")
    organisation: None = Field(
        None, description="Always null: a directory entry belongs to no organisation."
    )
    shared: bool = Field(False, description="Always false: public data, not shared case data.")
    name: str
    kind: PartnerKind
    description: str
    website: str
    email: str
    phone: str
    topics: list[str] = Field(description="Topic codes.")
    serves_all_nrw: bool = Field(description="Serves all of North Rhine-Westphalia.")
    municipalities: list[str] = Field(
        description="Keys (AGS) of the municipalities served; empty when `serves_all_nrw`."
    )
    languages: list[str] = Field(description="Language codes (ISO 639-1).")
    services: list[ServiceOut]
    locations: list[LocationOut]
    contacts: list[ContactOut]
    last_checked_on: datetime.date | None = Field(description="When a person last checked it.")
    source: str = Field(description="Where the entry's facts come from.")
    confidence: str = Field(
        description="OFF (official source), SEC (secondary sources) or UNVERIFIED."
    )

    @staticmethod
    def resolve_topics(obj: Partner) -> list[str]:
        return [topic.slug for topic in obj.topics.all()]

    @staticmethod
    def resolve_municipalities(obj: Partner) -> list[str]:
        return sorted(m.ags for m in obj.municipalities.all())

    @staticmethod
    def resolve_languages(obj: Partner) -> list[str]:
        return obj.language_codes

    @staticmethod
    def resolve_locations(obj: Partner) -> list[PartnerLocation]:
        return list(obj.locations.all())


def _error(loc: list[str], msg: str, kind: str) -> dict[str, Any]:
    return {"detail": [{"loc": loc, "msg": msg, "type": kind}]}


RATE_LIMITED_ANSWER = {
    "description": (
        "Too many requests from this address in this hour (PORTAL_RATE_LIMIT); try again after "
        "the seconds in Retry-After."
    ),
    "content": {
        "application/json": {
            "example": _error(
                ["client"], "Too many requests from this address; try again later.", "rate_limited"
            )
        }
    },
    "headers": {
        "Retry-After": {
            "description": "Seconds until requests are accepted again.",
            "schema": {"type": "integer", "minimum": 1, "maximum": 3600},
        }
    },
}
_INVALID_ANSWER = {
    "description": "Invalid query; each entry names a parameter (`topic`, `municipality`, "
    "`limit`, `offset`).",
    "content": {
        "application/json": {
            "example": _error(
                ["query", "topic"],
                "Unknown topic: visa.",
                "enum",
            )
        }
    },
}


def _rate_limited(request: HttpRequest) -> JsonResponse | None:
    wait = retry_after(request, scope="partners-api", limit=settings.PORTAL_RATE_LIMIT, window=3600)
    if wait is None:
        return None
    message = gettext("Too many requests from this address; try again later.")
    response = JsonResponse(_error(["client"], message, "rate_limited"), status=429)
    response["Retry-After"] = str(wait)
    return response


@router.get(
    "/partners",
    auth=None,
    response={200: Page[PartnerOut], 422: ValidationErrorOut, 429: ValidationErrorOut},
    summary="Cooperation partners",
    description=(
        "The active entries of the cooperation-partner directory (authorities, chambers, "
        "counselling services), optionally for a topic and a municipality: the municipality's "
        "own bodies first, then those for all of North Rhine-Westphalia, then by kind and "
        "name. Public data; no token needed."
    ),
    openapi_extra={"responses": {422: _INVALID_ANSWER, 429: RATE_LIMITED_ANSWER}},
)
def partner_list(request: HttpRequest, query: Query[PartnerQuery]) -> Any:
    limited = _rate_limited(request)
    if limited is not None:
        return limited
    if query.topic is not None and not Topic.objects.filter(slug=query.topic).exists():
        message = gettext("Unknown topic: %(codes)s.") % {"codes": query.topic}
        return Status(422, _error(["query", "topic"], message, "enum"))
    partners = partners_query(query.topic, query.municipality).with_details()
    return page(partners, query)


@router.get(
    "/partners/{code}",
    auth=None,
    response={200: PartnerOut, 404: ErrorOut, 429: ValidationErrorOut},
    summary="One cooperation partner",
    description="One active entry of the directory by its code. Public data; no token needed.",
    openapi_extra={"responses": {429: RATE_LIMITED_ANSWER}},
)
def partner_detail(request: HttpRequest, code: str) -> Any:
    limited = _rate_limited(request)
    if limited is not None:
        return limited
    partner = partner_by_code(code)
    if partner is None:
        return Status(404, {"detail": "Not Found"})
    return partner


def complete_document(document: dict[str, Any]) -> None:
    """The query's optional texts as plain strings with their patterns (pydantic states them
    as ``anyOf`` with ``null``, which a query cannot send)."""
    operation = document["paths"].get("/api/v1/partners", {}).get("get")
    if operation is None:
        return
    patterns = {"topic": TOPIC_CODE_PATTERN, "municipality": AGS_PATTERN}
    for parameter in operation.get("parameters", []):
        if parameter["name"] in patterns:
            parameter["schema"] = {"type": "string", "pattern": patterns[parameter["name"]]}
