"""The staff calendar (``/mitarbeitende/termine/``): the organisation's appointments by day or
week, per counsellor and location, each with its request or case; a booking's page marks it
attended or no-show and cancels it with a message to the requester.

Counsellors and team leads of the organisation (``wcr.portal.access``); a counsellor sees their
own calendar first and may look at a colleague's. Every list and page is in the access log.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from wcr.accounts.access import staff_required
from wcr.accounts.models import Location, Membership, Role
from wcr.cases.access import CASE_ROLES
from wcr.core.request import WcrRequest
from wcr.portal.access import (
    access_absence,
    access_availability,
    access_booking,
    access_window,
    bookings_for,
)
from wcr.portal.booking.availability import (
    absence_add,
    absence_remove,
    schedule_of,
    schedule_save,
    window_add,
    window_remove,
)
from wcr.portal.booking.forms import WEEKDAYS, AbsenceForm, ScheduleForm, WindowForm
from wcr.portal.booking.services import (
    REASON_MAX_LENGTH,
    NotActive,
    NotYet,
    booking_cancel,
    booking_mark,
)
from wcr.portal.booking.slots import BERLIN
from wcr.portal.models.booking import Absence, AvailabilityWindow, Booking, BookingStatus
from wcr.privacy.services import access_log_bulk_read

VIEWS = ("day", "week")


def _colleagues(membership: Membership) -> list[Membership]:
    return list(
        # gate: the acting membership's own organisation's counsellors (names, for the filter)
        Membership.objects.filter(
            organisation_id=membership.organisation_id,
            role__in=(Role.COUNSELLOR, Role.TEAM_LEAD),
            is_active=True,
        )
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )


@staff_required(*CASE_ROLES)
@require_GET
def calendar(request: WcrRequest) -> HttpResponse:
    """Day or week view; filters: counsellor (username), location (slug)."""
    bookings = bookings_for(request)
    membership = request.membership
    assert membership is not None
    colleagues = _colleagues(membership)
    problems: list[str] = []
    view = request.GET.get("view") or "week"
    if view not in VIEWS:
        problems.append(_("View: choose day or week."))
        view = "week"
    today = timezone.localdate(timezone.now(), BERLIN)
    day = today
    if request.GET.get("date"):
        try:
            day = datetime.date.fromisoformat(request.GET["date"])
        except ValueError:
            problems.append(_("Date: enter a date as YYYY-MM-DD."))
    first = day if view == "day" else day - datetime.timedelta(days=day.weekday())
    length = 1 if view == "day" else 7
    last = first + datetime.timedelta(days=length - 1)
    default_counsellor = request.user.username if membership.role == Role.COUNSELLOR else ""
    counsellor = request.GET.get("counsellor", default_counsellor)
    usernames = {m.user.username for m in colleagues}
    if counsellor and counsellor not in usernames:
        problems.append(_("Counsellor: choose one of your organisation's counsellors."))
        counsellor = default_counsellor
    locations = list(Location.objects.filter(is_active=True).order_by("name"))
    location = request.GET.get("location", "")
    if location and location not in {loc.slug for loc in locations}:
        problems.append(_("Location: choose one of the locations."))
        location = ""
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=BERLIN)
    end = start + datetime.timedelta(days=length)
    shown = (
        bookings.filter(start__gte=start, start__lt=end)
        .select_related("location", "counsellor", "request", "case")
        .order_by("start")
    )
    if counsellor:
        shown = shown.filter(counsellor__username=counsellor)
    if location:
        shown = shown.filter(location__slug=location)
    rows = list(shown)
    access_log_bulk_read(request, rows, purpose="calendar")
    days = []
    for offset in range(length):
        date = first + datetime.timedelta(days=offset)
        days.append(
            {
                "date": date,
                "bookings": [b for b in rows if b.start.astimezone(BERLIN).date() == date],
            }
        )
    step = datetime.timedelta(days=length)
    return render(
        request,
        "portal/staff/calendar.html",
        {
            "days": days,
            "view": view,
            "first": first,
            "last": last,
            "previous": first - step,
            "next": first + step,
            "today": today,
            "colleagues": colleagues,
            "locations": locations,
            "filters": {"counsellor": counsellor, "location": location},
            "problems": problems,
            "count": len(rows),
        },
        status=400 if problems else 200,
    )


def _detail(request: WcrRequest, booking: Booking, status: int = 200, **extra: Any) -> HttpResponse:
    began = booking.start <= timezone.now()
    return render(
        request,
        "portal/staff/booking_detail.html",
        {
            "booking": booking,
            "start": booking.start.astimezone(BERLIN),
            "end": booking.end.astimezone(BERLIN),
            "may_mark": began and booking.status != BookingStatus.CANCELLED,
            "may_cancel": booking.status == BookingStatus.CONFIRMED and not began,
            "reason_max_length": REASON_MAX_LENGTH,
            "marks": [
                (BookingStatus.ATTENDED, BookingStatus.ATTENDED.label),
                (BookingStatus.NO_SHOW, BookingStatus.NO_SHOW.label),
            ],
        }
        | extra,
        status=status,
    )


@staff_required(*CASE_ROLES)
def booking_detail(request: WcrRequest, code: str) -> HttpResponse:
    # The gate first, then the method: other organisations get 404 for every method.
    booking = access_booking(request, code)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    return _detail(request, booking)


@staff_required(*CASE_ROLES)
def booking_mark_view(request: WcrRequest, code: str) -> HttpResponse:
    """Attended or no-show, once the appointment has begun (a mark can be corrected)."""
    booking = access_booking(request, code, write=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    status = request.POST.get("status", "")
    if status not in (BookingStatus.ATTENDED, BookingStatus.NO_SHOW):
        return _detail(
            request, booking, status=400, mark_error=_("Choose attended or did not come.")
        )
    try:
        booking_mark(booking=booking, actor=request.user, status=status)
    except NotYet:
        return _detail(
            request,
            booking,
            status=409,
            mark_error=_("The appointment has not begun yet: it can be marked from its start."),
        )
    except NotActive:
        return _detail(
            request, booking, status=409, mark_error=_("A cancelled appointment is not marked.")
        )
    messages.success(request, _("Marked: %(status)s.") % {"status": BookingStatus(status).label})
    return redirect("calendar:detail", code=booking.code)


@staff_required(*CASE_ROLES)
def booking_cancel_view(request: WcrRequest, code: str) -> HttpResponse:
    """Cancel with a message to the requester (it goes with the cancellation mail)."""
    booking = access_booking(request, code, write=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    reason = request.POST.get("reason", "").strip()
    if not reason:
        return _detail(
            request,
            booking,
            status=400,
            reason_error=_(
                "Message to the requester: please write why the appointment is cancelled."
            ),
            reason=reason,
        )
    if len(reason) > REASON_MAX_LENGTH:
        return _detail(
            request,
            booking,
            status=400,
            reason_error=_(
                "Message to the requester: at most %(limit)d characters (now %(count)d)."
            )
            % {"limit": REASON_MAX_LENGTH, "count": len(reason)},
            reason=reason,
        )
    try:
        booking_cancel(booking=booking, actor=request.user, reason=reason)
    except NotActive:
        return _detail(
            request, booking, status=409, reason_error=_("This appointment is already cancelled.")
        )
    messages.success(request, _("The appointment was cancelled; the requester has been told."))
    return redirect("calendar:detail", code=booking.code)


# --- Availability ----------------------------------------------------------------------------

ACTIONS = ("settings", "add_window", "remove_window", "add_absence", "remove_absence")


@staff_required(*CASE_ROLES)
def availability(request: WcrRequest) -> HttpResponse:
    """One counsellor's availability: settings, weekly windows and extra days, absences. The
    counsellor's own; a team lead chooses anyone of the organisation (``?counsellor=``)."""
    username = request.GET.get("counsellor", "")
    target = access_availability(request, username)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    schedule = schedule_of(target)
    prefix = {"settings": "s", "add_window": "w", "add_absence": "a"}
    data = request.POST if request.method == "POST" else None
    action = request.POST.get("action", "") if data is not None else ""
    settings_form = ScheduleForm(
        data if action == "settings" else None, instance=schedule, prefix=prefix["settings"]
    )
    window_form = WindowForm(
        data if action == "add_window" else None,
        instance=AvailabilityWindow(schedule=schedule),
        prefix=prefix["add_window"],
    )
    absence_form = AbsenceForm(
        data if action == "add_absence" else None,
        instance=Absence(schedule=schedule),
        prefix=prefix["add_absence"],
    )
    status = 200
    if data is not None:
        actor = request.user
        done = _("Saved.")
        if action == "settings" and settings_form.is_valid():
            changed = {
                name: (settings_form.initial.get(name), settings_form.cleaned_data[name])
                for name in settings_form.changed_data
            }
            schedule_save(actor=actor, schedule=settings_form.save(commit=False), changed=changed)
        elif action == "add_window" and window_form.is_valid():
            window_add(actor=actor, window=window_form.save(commit=False))
        elif action == "add_absence" and absence_form.is_valid():
            absence_add(actor=actor, absence=absence_form.save(commit=False))
        elif action == "remove_window":
            code = request.POST.get("code", "")
            window_remove(
                actor=actor,
                window=access_window(schedule, code),
            )
        elif action == "remove_absence":
            code = request.POST.get("code", "")
            absence_remove(actor=actor, absence=access_absence(schedule, code))
        elif action not in ACTIONS:
            raise Http404
        else:
            status = 400
            done = ""
        if done:
            messages.success(request, done)
            return redirect(f"{request.path}?counsellor={target.user.get_username()}")
    membership = request.membership
    assert membership is not None
    return render(
        request,
        "portal/staff/availability.html",
        {
            "target": target,
            "schedule": schedule,
            "windows": schedule.windows.select_related("location"),
            "absences": schedule.absences.all(),
            "settings_form": settings_form,
            "window_form": window_form,
            "absence_form": absence_form,
            "colleagues": _colleagues(membership) if membership.role == Role.TEAM_LEAD else [],
            "weekdays": dict(WEEKDAYS),
        },
        status=status,
    )
