"""The checks of a booking as a requester sends it, by the booking form and by the API alike:
each problem names its field, worded in the active language (the field checks of the request
intake, ``wcr.portal.intake``)."""

from __future__ import annotations

import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.utils.translation import gettext as _

from wcr.portal.intake import (
    LANGUAGES,
    Problem,
    choice_field,
    email_field,
    privacy_notice_field,
    text_field,
)
from wcr.portal.models import PortalRequest, PrivacyNotice

FIELDS = ("slot", "name", "email", "language", "privacy_notice_version", "request", "time_zone")
NAME_MAX_LENGTH = 200
SLOT_MAX_LENGTH = 60
REFERENCE_MAX_LENGTH = 24
TIME_ZONE_MAX_LENGTH = 64
BERLIN = "Europe/Berlin"


@cache
def time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


@dataclass(frozen=True)
class BookingInput:
    slot: str
    name: str
    email: str
    language: str
    privacy_notice: PrivacyNotice
    time_zone: str
    request: PortalRequest | None


@dataclass
class CheckedBooking:
    data: BookingInput | None = None
    problems: list[Problem] = field(default_factory=list)


def booking_check(raw: Mapping[str, Any], *, language: str) -> CheckedBooking:
    """Check a booking; ``language`` (the page's or ``?lang=``) is the default of the
    ``language`` field. Whether the slot is still free is the booking service's question."""
    problems: list[Problem] = [
        Problem(name, _("This field is not part of a booking."), "extra_forbidden")
        for name in raw
        if name not in FIELDS
    ]
    slot = text_field(raw, "slot", problems, required=True, limit=SLOT_MAX_LENGTH)
    name = text_field(raw, "name", problems, required=True, limit=NAME_MAX_LENGTH)
    email = email_field(raw, problems)
    reply_language = choice_field(
        raw, "language", LANGUAGES, problems, default=language if language in LANGUAGES else "de"
    )
    notice = privacy_notice_field(raw, problems)
    time_zone = text_field(raw, "time_zone", problems, required=False, limit=TIME_ZONE_MAX_LENGTH)
    if time_zone and time_zone not in time_zones():
        problems.append(
            Problem(
                "time_zone",
                _("Name a time zone such as Europe/Berlin or Asia/Damascus."),
                "enum",
            )
        )
    reference = text_field(raw, "request", problems, required=False, limit=REFERENCE_MAX_LENGTH)
    request = None
    if reference and email:
        # Linked only to a request sent from the same address: a reference alone (printed on
        # a confirmation) does not attach a stranger's booking to someone's case.
        request = PortalRequest.objects.filter(reference=reference, email__iexact=email).first()
        if request is None:
            problems.append(
                Problem(
                    "request",
                    _("No request with this reference was sent from this email address."),
                    "not_found",
                )
            )
    if problems or notice is None:
        return CheckedBooking(problems=problems)
    return CheckedBooking(
        BookingInput(
            slot=slot,
            name=name,
            email=email,
            language=reply_language,
            privacy_notice=notice,
            time_zone=time_zone or BERLIN,
            request=request,
        )
    )
