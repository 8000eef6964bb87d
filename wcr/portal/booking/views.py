"""The public booking pages: choose a location, a channel and a free slot (``/termin/``), book
it without an account (``/termin/buchen/``), and see, move or cancel it through the signed link
(``/termin/verwalten/<token>/``).

Plain forms and links, no script: every step works with the keyboard only and with a screen
reader. Times are shown in Europe/Berlin and, when the requester names another time zone, in
theirs too. Bad input re-renders the page (400) with each problem at its field, in the page's
language, and what was typed kept; a slot taken meanwhile answers 409 with the next free ones
offered in the same form.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from wcr.portal.booking.checks import BERLIN, BOOKING_FIELDS, booking_check, time_zones
from wcr.portal.booking.services import (
    NotActive,
    SlotTaken,
    booking_cancel,
    booking_create,
    booking_from_token,
    booking_manage_token,
    booking_move,
    booking_place,
)
from wcr.portal.booking.slots import (
    MAX_RANGE_DAYS,
    Slot,
    bookable_locations,
    free_slots,
    next_free_slots,
    slot_check,
)
from wcr.portal.intake import LANGUAGES, Problem
from wcr.portal.models.booking import Booking, BookingStatus, Channel
from wcr.portal.models.notices import privacy_notice_in_force
from wcr.portal.ratelimit import retry_after
from wcr.portal.request_views import HONEYPOT, Field, Option, _language

BERLIN_ZONE = ZoneInfo(BERLIN)
# The time zones offered first (the network's people abroad); any IANA name is accepted.
COMMON_TIME_ZONES = (
    "Europe/Berlin",
    "Europe/London",
    "Europe/Istanbul",
    "Europe/Kyiv",
    "Europe/Moscow",
    "Africa/Cairo",
    "Africa/Casablanca",
    "Africa/Lagos",
    "Africa/Nairobi",
    "Asia/Amman",
    "Asia/Baghdad",
    "Asia/Beirut",
    "Asia/Damascus",
    "Asia/Dubai",
    "Asia/Tehran",
    "Asia/Karachi",
    "Asia/Kolkata",
    "Asia/Dhaka",
    "Asia/Ho_Chi_Minh",
    "Asia/Manila",
    "Asia/Shanghai",
    "America/Sao_Paulo",
    "America/Bogota",
    "America/Mexico_City",
    "America/New_York",
)


def _labels() -> dict[str, str]:
    return {
        "location": _("Location"),
        "channel": _("How"),
        "week": _("Week"),
        "tz": _("Your time zone"),
        "slot": _("Appointment"),
        "name": _("Your name"),
        "email": _("Email"),
        "language": _("Language of our mails"),
        "time_zone": _("Your time zone"),
        "privacy_notice_version": _("Privacy notice"),
        "request": _("Reference of your request"),
    }


# --- Choosing a slot -------------------------------------------------------------------------


@dataclass
class Day:
    date: datetime.date
    slots: list[Slot] = field(default_factory=list)


def _monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def _time_zone(value: object) -> str:
    return value if isinstance(value, str) and value in time_zones() else ""


def _zone_options(chosen: str) -> list[Option]:
    zones = list(COMMON_TIME_ZONES)
    if chosen and chosen not in zones:
        zones.insert(1, chosen)
    return [Option(z, z.replace("_", " "), z == (chosen or BERLIN)) for z in zones]


def _slot_view(slot: Slot, zone: str) -> dict[str, Any]:
    """A slot as the pages show it: wall-clock times in Berlin and, for another zone, there."""
    view: dict[str, Any] = {
        "code": slot.code,
        "start": slot.start.astimezone(BERLIN_ZONE).replace(tzinfo=None),
        "end": slot.end.astimezone(BERLIN_ZONE).replace(tzinfo=None),
        "location": slot.window.location,
        "channel": slot.window.get_channel_display(),
        "organisation": slot.schedule.organisation,
    }
    if zone and zone != BERLIN:
        local = ZoneInfo(zone)
        view["local_start"] = slot.start.astimezone(local).replace(tzinfo=None)
        view["local_end"] = slot.end.astimezone(local).replace(tzinfo=None)
    return view


def _first_free_week(
    *, after: datetime.date, last_monday: datetime.date, location_id: int, channel: str
) -> tuple[datetime.date, list[Slot]]:
    """The Monday of the first week after ``after`` with a free slot, and that week's slots;
    ``after`` and no slots when the whole range is full."""
    upcoming = free_slots(
        first=after + datetime.timedelta(days=7),
        last=last_monday + datetime.timedelta(days=6),
        location_id=location_id,
        channel=channel,
    )
    if not upcoming:
        return after, []
    monday = _monday(min(slot.start for slot in upcoming).astimezone(BERLIN_ZONE).date())
    sunday = monday + datetime.timedelta(days=6)
    return monday, [
        slot for slot in upcoming if slot.start.astimezone(BERLIN_ZONE).date() <= sunday
    ]


def _week_days(slots: list[Slot], monday: datetime.date, zone: str) -> list[dict[str, Any]]:
    days: list[dict[str, Any]] = []
    for offset in range(7):
        day = monday + datetime.timedelta(days=offset)
        found = [
            _slot_view(s, zone) for s in slots if s.start.astimezone(BERLIN_ZONE).date() == day
        ]
        if found:
            days.append({"date": day, "slots": found})
    return days


@never_cache
@require_http_methods(["GET"])
def booking_start(request: HttpRequest) -> HttpResponse:
    """Location and channel, then the week's free slots as links to the booking form."""
    labels = _labels()
    locations = bookable_locations()
    slugs = {loc.slug: loc for loc in locations}
    problems: dict[str, str] = {}
    location_slug = request.GET.get("location", "")
    channel = request.GET.get("channel", "")
    zone = request.GET.get("tz", "")
    reference = request.GET.get("request", "")[:24]
    if location_slug and location_slug not in slugs:
        problems["location"] = _("Choose one of the locations listed.")
    if channel and channel not in Channel.values:
        problems["channel"] = _("Choose in person, by phone or by video call.")
    if zone and not _time_zone(zone):
        problems["tz"] = _("Name a time zone such as Europe/Berlin or Asia/Damascus.")
        zone = ""
    today = timezone.localdate(timezone.now(), BERLIN_ZONE)
    first_monday = _monday(today)
    last_monday = _monday(today + datetime.timedelta(days=MAX_RANGE_DAYS))
    monday = first_monday
    week = request.GET.get("week", "")
    if week:
        try:
            monday = _monday(datetime.date.fromisoformat(week))
        except ValueError:
            problems["week"] = _("Enter a date as YYYY-MM-DD.")
        else:
            if not first_monday <= monday <= last_monday:
                problems["week"] = _("Choose a week between this week and %(last)s.") % {
                    "last": last_monday.isoformat()
                }
                monday = first_monday
    fields = {
        "location": Field(
            "location",
            labels["location"],
            location_slug,
            problems.get("location", ""),
            [Option(loc.slug, loc.name, loc.slug == location_slug) for loc in locations],
        ),
        "channel": Field(
            "channel",
            labels["channel"],
            channel,
            problems.get("channel", ""),
            [Option(value, str(label), value == channel) for value, label in Channel.choices],
        ),
        "tz": Field("tz", labels["tz"], zone, problems.get("tz", ""), _zone_options(zone)),
    }
    context: dict[str, Any] = {
        "fields": fields,
        "errors": [f for f in fields.values() if f.error]
        + ([Field("week", labels["week"], week, problems["week"])] if "week" in problems else []),
        "request_reference": reference,
        "zone": zone,
    }
    chosen = location_slug in slugs and channel in Channel.values and not problems
    if chosen:
        slots = free_slots(
            first=max(monday, today),
            last=monday + datetime.timedelta(days=6),
            location_id=slugs[location_slug].pk,
            channel=channel,
        )
        if not slots and not week:
            # Nothing left this week (a Friday evening, a full week): open the first week that
            # has a free time rather than an empty page.
            monday, slots = _first_free_week(
                after=monday,
                last_monday=last_monday,
                location_id=slugs[location_slug].pk,
                channel=channel,
            )
        previous_week = monday - datetime.timedelta(days=7)
        next_week = monday + datetime.timedelta(days=7)
        context |= {
            "location": slugs[location_slug],
            "channel_label": Channel(channel).label,
            "channel": channel,
            "monday": monday,
            "sunday": monday + datetime.timedelta(days=6),
            "days": _week_days(slots, monday, zone),
            "previous_week": previous_week if previous_week >= first_monday else None,
            "next_week": next_week if next_week <= last_monday else None,
        }
    return render(request, "portal/booking/start.html", context, status=400 if problems else 200)


# --- Booking ---------------------------------------------------------------------------------


def _book_fields(
    values: dict[str, Any], problems: list[Problem], language: str
) -> dict[str, Field]:
    labels = _labels()
    by_field = {p.field: p.message for p in problems}
    reply = values.get("language") or language
    fields = {
        name: Field(name, labels[name], values.get(name, ""), by_field.get(name, ""))
        for name in ("name", "email", "language", "time_zone", "privacy_notice_version", "request")
    }
    fields["language"].options = [
        Option(code, get_language_info(code)["name_local"], code == reply, code)
        for code in LANGUAGES
    ]
    fields["time_zone"].options = _zone_options(_time_zone(values.get("time_zone")))
    fields["slot"] = Field("slot", labels["slot"], values.get("slot", ""), by_field.get("slot", ""))
    return fields


def _book_render(
    request: HttpRequest,
    *,
    slot: Slot | None,
    values: dict[str, Any],
    problems: list[Problem] | None = None,
    alternatives: list[Slot] | None = None,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    problems = problems or []
    fields = _book_fields(values, problems, _language())
    zone = _time_zone(values.get("time_zone"))
    context = {
        "slot": _slot_view(slot, zone) if slot else None,
        "alternatives": [_slot_view(s, zone) for s in alternatives or []],
        "fields": fields,
        "errors": [f for f in fields.values() if f.error],
        "notice": privacy_notice_in_force(),
        "honeypot": HONEYPOT,
    } | extra
    return render(request, "portal/booking/book.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def booking_book(request: HttpRequest) -> HttpResponse:
    """The booking form for one slot; sent, the booking is made and its page shown."""
    if request.method != "POST":
        code = request.GET.get("slot", "")[:60]
        values = {
            "slot": code,
            "request": request.GET.get("request", "")[:24],
            "time_zone": _time_zone(request.GET.get("tz")),
            "language": _language(),
        }
        slot = slot_check(code)
        if slot is None:
            return _book_render(
                request, slot=None, values=values, alternatives=next_free_slots(code), status=409
            )
        return _book_render(request, slot=slot, values=values)

    values = {name: request.POST.get(name, "") for name in _labels()}
    wait = retry_after(request, scope="portal-booking")
    if wait is not None:
        retry_at = timezone.localtime() + datetime.timedelta(seconds=wait)
        response = _book_render(
            request, slot=slot_check(values["slot"]), values=values, status=429, retry_at=retry_at
        )
        response["Retry-After"] = str(wait)
        return response
    if request.POST.get(HONEYPOT):
        raise Http404
    raw = {name: request.POST.get(name, "") for name in BOOKING_FIELDS}
    with translation.override(_language()):
        arguments, problems = booking_check(raw)
    if problems:
        slot = slot_check(values["slot"])
        return _book_render(
            request,
            slot=slot,
            values=values,
            problems=problems,
            alternatives=None if slot else next_free_slots(values["slot"]),
            status=400,
        )
    try:
        booking = booking_create(**arguments)
    except SlotTaken as taken:
        return _book_render(
            request,
            slot=None,
            values=values,
            alternatives=taken.next_slots,
            status=409,
            taken=True,
        )
    messages.success(
        request,
        _(
            "Your appointment is booked. A confirmation with a calendar file is on its way to %(email)s."
        )
        % {"email": booking.email},
    )
    return redirect("portal:booking-manage", token=booking_manage_token(booking))


# --- The booking's own page: see, move, cancel -----------------------------------------------


def _manage_context(booking: Booking, token: str) -> dict[str, Any]:
    zone = booking.time_zone if booking.time_zone in time_zones() else BERLIN
    local = ZoneInfo(zone)
    return {
        "booking": booking,
        "token": token,
        "active": booking.status == BookingStatus.CONFIRMED,
        "start": booking.start.astimezone(BERLIN_ZONE).replace(tzinfo=None),
        "end": booking.end.astimezone(BERLIN_ZONE).replace(tzinfo=None),
        "local_start": booking.start.astimezone(local).replace(tzinfo=None)
        if zone != BERLIN
        else None,
        "local_end": booking.end.astimezone(local).replace(tzinfo=None),
        "zone": zone,
        "place": booking_place(booking),
    }


def _booking_or_404(token: str) -> Booking:
    booking = booking_from_token(token)
    if booking is None:
        raise Http404
    return booking


@never_cache
@require_http_methods(["GET"])
def booking_manage(request: HttpRequest, token: str) -> HttpResponse:
    """The booking the signed link names: shown, with the ways to move or cancel it."""
    booking = _booking_or_404(token)
    return render(request, "portal/booking/manage.html", _manage_context(booking, token))


@never_cache
@require_http_methods(["GET", "POST"])
def booking_move_view(request: HttpRequest, token: str) -> HttpResponse:
    """Another time at the same location and channel: the free slots of the coming weeks to
    choose from (the booking's own time counts as free), moved when sent."""
    booking = _booking_or_404(token)
    context = _manage_context(booking, token)
    if not context["active"]:
        return render(request, "portal/booking/manage.html", context, status=409)
    today = timezone.localdate(timezone.now(), BERLIN_ZONE)
    slots = [
        s
        for s in free_slots(
            first=today,
            last=today + datetime.timedelta(days=MAX_RANGE_DAYS),
            location_id=booking.location_id,
            channel=booking.channel,
            organisation_id=booking.organisation_id,
            ignore_booking=booking,
        )
        if s.start != booking.start
    ][:40]
    error = ""
    status = 200
    if request.method == "POST":
        code = request.POST.get("slot", "")
        if not code:
            error = _("Choose a new time.")
            status = 400
        else:
            try:
                booking_move(booking=booking, slot_code=code)
            except NotActive:
                return render(request, "portal/booking/manage.html", context, status=409)
            except SlotTaken as taken:
                error = _("This time has just been booked by someone else. Choose another one.")
                slots = taken.next_slots or slots
                status = 409
            else:
                messages.success(
                    request,
                    _(
                        "Your appointment has been moved. An updated calendar file is on its way to you."
                    ),
                )
                return redirect("portal:booking-manage", token=token)
    zone = context["zone"]
    context |= {
        "choices": [_slot_view(s, zone) for s in slots],
        "error": error,
        "label": _("New time"),
    }
    return render(request, "portal/booking/move.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def booking_cancel_view(request: HttpRequest, token: str) -> HttpResponse:
    """Asks once more, then cancels: the time is free again, a cancellation goes by mail."""
    booking = _booking_or_404(token)
    context = _manage_context(booking, token)
    if not context["active"]:
        return render(request, "portal/booking/manage.html", context, status=409)
    if request.method == "POST":
        try:
            booking_cancel(booking=booking)
        except NotActive:
            return render(request, "portal/booking/manage.html", context, status=409)
        messages.success(request, _("Your appointment has been cancelled."))
        return redirect(reverse("portal:booking-manage", args=[token]))
    return render(request, "portal/booking/cancel.html", context)
