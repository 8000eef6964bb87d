"""The public booking API (``shared/specs/interfaces.md``, "Public portal: appointments"): the
free slots of a location and channel, and booking one. No token; the rate limit, the language of
the messages (``?lang=`` / Accept-Language) and the error bodies ``{"detail": [{"loc", "msg",
"type"}]}`` are the other portal operations' (``wcr.portal.api``), whose helpers this module
uses. As there, the query and the body are read by hand so that the messages come in the
requester's language, and ``openapi_extra`` states the same checks and limits.

A slot that is no longer free answers 409 ``{"detail": "slot_taken", "next_slots": [...]}``; of
any number of concurrent bookings of one slot exactly one succeeds (the booking service's lock,
and on PostgreSQL its exclusion constraint).
"""

from __future__ import annotations

import datetime
import re
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext
from ninja import Router, Schema
from ninja.responses import Status

from wcr.accounts.models import Location, Organisation
from wcr.api.common import VISIBLE_TEXT_PATTERN, ValidationErrorOut, date_pattern
from wcr.cases.api import EMAIL_PATTERN
from wcr.cases.models import Topic
from wcr.portal import intake
from wcr.portal.api import (
    LANG_PARAMETER,
    PORTAL_LANGUAGES,
    QUERY_ANSWERS,
    RATE_LIMITED_ANSWER,
    RateLimitedOut,
    answers_refusals,
    begin,
    begin_body,
    body_openapi,
    error_answer,
    optional_schema,
    problems_response,
    query_error,
    stripped_pattern,
)
from wcr.portal.booking.checks import (
    NAME_LIMIT,
    REFERENCE_PATTERN,
    SLOT_CODE_PATTERN,
    booking_check,
    time_zones,
)
from wcr.portal.booking.services import SlotTaken, booking_create, booking_manage_url
from wcr.portal.booking.slots import BERLIN, MAX_RANGE_DAYS, Slot, free_slots
from wcr.portal.models.booking import Channel
from wcr.portal.models.notices import VERSION_PATTERN

router = Router(tags=["portal"])

SLUG_PATTERN = r"^[-a-zA-Z0-9_]{1,40}$"
# The days the slot list takes (outside them there are no slots anyway).
FIRST_DAY = datetime.date(2000, 1, 1)
LAST_DAY = datetime.date(2099, 12, 31)
DAY_PATTERN = date_pattern(FIRST_DAY, LAST_DAY)
# The largest valid booking is about 4 KB (a name of 200 characters, each escaped as a
# surrogate pair, and an email address at its limit); anything larger is refused unparsed.
BOOKING_BODY_LIMIT = 16_384
_SLUG = re.compile(SLUG_PATTERN)
_DAY = re.compile(DAY_PATTERN)
_TOPIC_CODE = re.compile(intake.TOPIC_CODE_PATTERN)
CHANNELS = tuple(Channel.values)


class SlotOut(Schema):
    code: str
    start: datetime.datetime
    end: datetime.datetime
    location: str
    channel: str
    organisation: str


class SlotsOut(Schema):
    items: list[SlotOut]
    count: int


class BookingCreatedOut(Schema):
    reference: str
    start: datetime.datetime
    end: datetime.datetime
    location: str
    channel: str
    manage_url: str


class SlotTakenOut(Schema):
    detail: Literal["slot_taken"]
    next_slots: list[SlotOut]


def slot_item(slot: Slot) -> dict[str, Any]:
    """A slot as the API shows it: times in Europe/Berlin with their offset, places by slug."""
    return {
        "code": slot.code,
        "start": slot.start.astimezone(BERLIN),
        "end": slot.end.astimezone(BERLIN),
        "location": slot.window.location.slug,
        "channel": slot.window.channel,
        "organisation": slot.schedule.organisation.slug,
    }


# --- The free slots ---------------------------------------------------------------------------


def _parameter(
    name: str, required: bool, description: str, schema: dict[str, Any]
) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": {"type": "string", **schema},
    }


_SLOTS_PARAMETERS = [
    _parameter(
        "location",
        True,
        "The location's short code (slug); an unknown one answers 422.",
        {"pattern": SLUG_PATTERN, "example": "aachen"},
    ),
    _parameter("channel", True, "How the appointment takes place.", {"enum": list(CHANNELS)}),
    _parameter(
        "from",
        True,
        f"The first day (Europe/Berlin), YYYY-MM-DD from {FIRST_DAY} to {LAST_DAY}.",
        {"pattern": DAY_PATTERN, "example": "2027-01-11"},
    ),
    _parameter(
        "to",
        True,
        f"The last day, YYYY-MM-DD: not before `from` and at most {MAX_RANGE_DAYS} days after "
        "it (else 422 on `to`).",
        {"pattern": DAY_PATTERN, "example": "2027-01-22"},
    ),
    _parameter(
        "organisation",
        False,
        "Only this partner organisation's counsellors (slug); an unknown one answers 422.",
        {"pattern": SLUG_PATTERN, "example": "hwk-aachen"},
    ),
    _parameter(
        "topic",
        False,
        "Only counsellors for this topic (a code of `GET /api/v1/portal/topics`); an unknown "
        "one answers 422.",
        {"pattern": intake.TOPIC_CODE_PATTERN, "example": "recognition"},
    ),
    LANG_PARAMETER,
]
_SLOTS_INVALID = error_answer(
    "Invalid query; each entry names a parameter, `msg` in the asked language.",
    ["query", "to"],
    f"At most {MAX_RANGE_DAYS} days after the first day.",
    "range_too_long",
)


def _slug_of(
    request: HttpRequest, name: str, model: type[Location | Organisation], errors: list[Any]
) -> int | None:
    """The primary key of the location or organisation the parameter ``name`` names."""
    value = request.GET.get(name)
    found = None
    if value is not None and _SLUG.fullmatch(value):
        found = model.objects.filter(slug=value).values_list("pk", flat=True).first()
    if found is None:
        if model is Location:
            message = gettext("Choose one of the locations that offer appointments.")
        else:
            message = gettext("Choose one of the partner organisations.")
        kind = (
            "missing"
            if value is None
            else "enum"
            if _SLUG.fullmatch(value)
            else "string_pattern_mismatch"
        )
        errors.append(query_error(name, message, kind))
    return found


def _day(request: HttpRequest, name: str, errors: list[Any]) -> datetime.date | None:
    value = request.GET.get(name)
    if value is not None and _DAY.fullmatch(value):
        return datetime.date.fromisoformat(value)
    message = gettext("Enter a day as YYYY-MM-DD from %(first)s to %(last)s.") % {
        "first": FIRST_DAY.isoformat(),
        "last": LAST_DAY.isoformat(),
    }
    errors.append(query_error(name, message, "missing" if value is None else "date_type"))
    return None


def _slots_query(request: HttpRequest, errors: list[Any]) -> dict[str, Any]:
    """The query of ``GET /portal/slots`` as ``free_slots`` arguments; its errors appended (in
    the order of the parameters)."""
    found: list[Any] = []
    location_id = _slug_of(request, "location", Location, found)
    channel = request.GET.get("channel")
    if channel not in CHANNELS:
        message = gettext("Choose one of the channels %(channels)s.") % {
            "channels": ", ".join(CHANNELS)
        }
        found.append(query_error("channel", message, "missing" if channel is None else "enum"))
    first, last = _day(request, "from", found), _day(request, "to", found)
    if first is not None and last is not None:
        if last < first:
            message = gettext("The last day is before the first.")
            found.append(query_error("to", message, "range_reversed"))
        elif (last - first).days > MAX_RANGE_DAYS:
            message = gettext("At most %(days)d days after the first day.") % {
                "days": MAX_RANGE_DAYS
            }
            found.append(query_error("to", message, "range_too_long"))
    organisation_id = None
    if "organisation" in request.GET:
        organisation_id = _slug_of(request, "organisation", Organisation, found)
    topic_id = None
    if "topic" in request.GET:
        code = request.GET["topic"]
        if _TOPIC_CODE.fullmatch(code):
            topic_id = Topic.objects.filter(slug=code).values_list("pk", flat=True).first()
        if topic_id is None:
            message = gettext("Unknown topic: %(codes)s.") % {"codes": code[:40]}
            found.append(query_error("topic", message, "enum"))
    errors[:0] = found
    return {
        "first": first,
        "last": last,
        "location_id": location_id,
        "channel": channel,
        "organisation_id": organisation_id,
        "topic_id": topic_id,
    }


@router.get(
    "/portal/slots",
    auth=None,
    response={200: SlotsOut, **QUERY_ANSWERS},
    summary="Free appointment slots",
    description=(
        "The free slots of a location and channel from `from` to `to` (days in Europe/Berlin, "
        f"at most {MAX_RANGE_DAYS} days apart), earliest first; optionally only one partner "
        "organisation's or a topic's counsellors. `start` and `end` are ISO 8601 with the "
        "offset of Europe/Berlin; `code` is what `POST /api/v1/portal/bookings` books. Slots "
        "are computed from the counsellors' availability, bookings, absences and public "
        "holidays, the minimum notice and the booking horizon: a slot listed may be taken by "
        "the time it is booked (409 there)."
    ),
    openapi_extra={
        "parameters": _SLOTS_PARAMETERS,
        "responses": {422: _SLOTS_INVALID, 429: RATE_LIMITED_ANSWER},
    },
)
@answers_refusals
def portal_slots(request: HttpRequest) -> Status[Any] | HttpResponse:
    language, errors = begin(request)
    with translation.override(language):
        query = _slots_query(request, errors)
    if errors:
        return Status(422, {"detail": errors})
    items = [slot_item(slot) for slot in free_slots(**query)]
    return Status(200, {"items": items, "count": len(items)})


# --- Booking ----------------------------------------------------------------------------------


def booking_body_schema() -> dict[str, Any]:
    """The body of ``POST /portal/bookings`` as JSON Schema: exactly the limits of
    ``booking_check``."""
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["slot", "name", "email", "language", "privacy_notice_version"],
        "properties": {
            "slot": {
                "type": "string",
                "pattern": SLOT_CODE_PATTERN,
                "description": (
                    "A slot's `code` from `GET /api/v1/portal/slots`; a code that names no "
                    "free slot (taken, no longer bookable, or none at all) answers 409."
                ),
            },
            "name": {
                "type": "string",
                "maxLength": NAME_LIMIT,
                "pattern": VISIBLE_TEXT_PATTERN,
                "description": "The requester's name, as the counsellor addresses them (trimmed).",
            },
            "email": {
                "type": "string",
                "maxLength": intake.MAX_LENGTH["email"],
                "pattern": stripped_pattern(EMAIL_PATTERN),
                "description": "Where the confirmation and the manage link go (trimmed).",
            },
            "language": {
                "type": "string",
                "enum": list(PORTAL_LANGUAGES),
                "description": "Language of the mails.",
            },
            "request": optional_schema(
                {"type": "string", "pattern": f"^(?:{REFERENCE_PATTERN[1:-1]})?$"},
                "The reference of the request for counselling this appointment belongs to "
                "(`POST /api/v1/portal/requests`), sent from the same `email`; an unknown one, "
                "or one of another address, answers 422.",
            ),
            "privacy_notice_version": {
                "type": "string",
                "pattern": VERSION_PATTERN,
                "description": (
                    "The version of the privacy notice shown (`GET /api/v1/portal/privacy-notice`); "
                    "any other answers 422."
                ),
            },
            "time_zone": optional_schema(
                {"type": "string", "enum": sorted(time_zones())},
                "The requester's IANA time zone, for the times in the mails (they show "
                "Europe/Berlin too); default Europe/Berlin.",
            ),
        },
        "example": {
            "slot": "0f8fad5bd9cb469fa16570867728950e-202701110900",
            "name": "Amina Yusuf",
            "email": "amina.yusuf@example.org",
            "language": "en",
            "privacy_notice_version": "1",
        },
    }


_BOOKING_INVALID = error_answer(
    'Invalid booking: each entry names a field of the body (`loc` `["body", field]`; '
    '`["body"]` when the body is not a JSON object, `["query", "lang"]` for the language), '
    "`msg` in the asked language.",
    ["body", "email"],
    "Enter an email address such as name@example.org.",
    "email",
)
_SLOT_TAKEN = {
    "description": (
        "The slot is not free (any more): booked meanwhile, no longer bookable, or no slot at "
        "all. `next_slots`: the next free slots at the same location and channel."
    ),
    "content": {
        "application/json": {
            "example": {
                "detail": "slot_taken",
                "next_slots": [
                    {
                        "code": "0f8fad5bd9cb469fa16570867728950e-202701111000",
                        "start": "2027-01-11T10:00:00+01:00",
                        "end": "2027-01-11T10:45:00+01:00",
                        "location": "aachen",
                        "channel": "in_person",
                        "organisation": "hwk-aachen",
                    }
                ],
            }
        }
    },
}


@router.post(
    "/portal/bookings",
    auth=None,
    response={
        201: BookingCreatedOut,
        409: SlotTakenOut,
        413: ValidationErrorOut,
        422: ValidationErrorOut,
        429: RateLimitedOut,
    },
    summary="Book an appointment",
    description=(
        "Books a free slot of `GET /api/v1/portal/slots` for the requester: 201 with the "
        "booking's reference, its time and place and `manage_url`, the signed link that shows, "
        "moves and cancels it without an account; the confirmation (with a calendar file and "
        "the link) goes by mail in `language`. A slot that is not free any more answers 409 "
        "with the next free slots; of concurrent bookings of one slot exactly one succeeds. "
        "Every invalid body answers 422 naming the field, `msg` in the language of `?lang=` / "
        "Accept-Language; `request` must be a known reference and `privacy_notice_version` "
        "the version in force."
    ),
    openapi_extra=body_openapi(
        booking_body_schema(),
        BOOKING_BODY_LIMIT,
        _BOOKING_INVALID,
        {201: {"description": "Booked; the confirmation goes by mail."}, 409: _SLOT_TAKEN},
    ),
)
@answers_refusals
def portal_booking_create(request: HttpRequest) -> Status[Any] | HttpResponse:
    language, body, errors = begin_body(request, BOOKING_BODY_LIMIT)
    with translation.override(language):
        arguments, problems = booking_check(body)
    if problems or errors:
        return problems_response(problems, errors)
    try:
        booking = booking_create(**arguments)
    except SlotTaken as taken:
        next_slots = [slot_item(slot) for slot in taken.next_slots]
        return Status(409, {"detail": "slot_taken", "next_slots": next_slots})
    return Status(
        201,
        {
            "reference": booking.reference,
            "start": booking.start.astimezone(BERLIN),
            "end": booking.end.astimezone(BERLIN),
            "location": booking.location.slug,
            "channel": booking.channel,
            "manage_url": booking_manage_url(booking),
        },
    )
