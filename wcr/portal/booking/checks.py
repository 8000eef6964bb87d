"""The checks of a booking as a requester sends it, by the API (``POST /portal/bookings``) and
by the booking form alike: each problem names its field, worded in the active language; names,
addresses and the privacy notice are checked as a request's (``wcr.portal.intake``)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any
from zoneinfo import available_timezones

from django.utils.translation import gettext

from wcr.portal import intake
from wcr.portal.api import PORTAL_LANGUAGES
from wcr.portal.models import PortalRequest

SLOT_CODE_PATTERN = r"^[0-9a-f]{32}-[0-9]{12}$"
REFERENCE_PATTERN = r"^WCR-[0-9]{4}-[0-9]{5,10}$"
NAME_LIMIT = 200  # Booking.name
TIME_ZONE_LIMIT = 64  # Booking.time_zone
BERLIN = "Europe/Berlin"
BOOKING_FIELDS = (
    "slot",
    "name",
    "email",
    "language",
    "request",
    "privacy_notice_version",
    "time_zone",
)
_SLOT_CODE = re.compile(SLOT_CODE_PATTERN)
_REFERENCE = re.compile(REFERENCE_PATTERN)


@cache
def time_zones() -> frozenset[str]:
    """The IANA time zone names the server knows (the ``time_zone`` field's enum)."""
    return frozenset(available_timezones())


def _request_of(
    raw: dict[str, Any], email: str, problems: list[intake.Problem]
) -> PortalRequest | None:
    """The request ``request`` names, if it was sent from the booking's address too: a reference
    alone links nobody's case (an unknown reference and another address answer alike)."""
    value = raw.get("request")
    if value is None or value == "":
        return None
    found = None
    if isinstance(value, str) and _REFERENCE.fullmatch(value) and email:
        # gate: public: the requester's own request, by its reference and their address
        found = PortalRequest.objects.filter(reference=value, email__iexact=email).first()
    if found is None:
        message = gettext(
            "No request for counselling with this reference was sent from this email address."
        )
        problems.append(intake.Problem("request", message, "not_found"))
    return found


def booking_check(raw: dict[str, Any]) -> tuple[dict[str, Any], list[intake.Problem]]:
    """The ``booking_create`` arguments of a body, and its problems (in the active language);
    names and addresses are checked as a request's (``wcr.portal.intake``)."""
    problems = [
        intake.Problem(name, gettext("This field is not part of a booking."), "extra_forbidden")
        for name in raw
        if name not in BOOKING_FIELDS
    ]
    slot = raw.get("slot")
    if not isinstance(slot, str) or not _SLOT_CODE.fullmatch(slot):
        message = gettext("Choose one of the free slots (its code).")
        problems.append(intake.Problem("slot", message, "missing" if slot is None else "pattern"))
    name = intake.text_field(raw, "name", problems, required=True, limit=NAME_LIMIT)
    email = intake.email_field(raw, problems)
    language = intake.choice_field(raw, "language", PORTAL_LANGUAGES, problems)
    request = _request_of(raw, email, problems)
    notice = intake.privacy_notice_field(raw, problems)
    time_zone = raw.get("time_zone")
    if time_zone is None or time_zone == "":
        time_zone = "Europe/Berlin"
    elif not isinstance(time_zone, str) or time_zone not in time_zones():
        message = gettext("Enter a time zone such as Europe/Berlin.")
        problems.append(intake.Problem("time_zone", message, "enum"))
    arguments = {
        "slot_code": slot,
        "name": name,
        "email": email,
        "language": language,
        "privacy_notice": notice,
        "request": request,
        "time_zone": time_zone,
    }
    return arguments, problems
