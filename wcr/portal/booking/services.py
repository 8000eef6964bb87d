"""Booking, moving, cancelling and marking appointments; the reminder.

No double booking: every write that takes a counsellor's time locks the counsellor's schedule
row first (``SELECT … FOR UPDATE``; on SQLite the IMMEDIATE transaction already serialises every
writer), checks the slot is still free inside that transaction, and inserts. On PostgreSQL the
exclusion constraint (migration 0009) is the last word: a booking that slips past the check (a
second schedule of the same person in another organisation) fails with an ``IntegrityError``,
answered as ``SlotTaken`` like a lost check.

Every change mails the requester (with a calendar file: ``METHOD:REQUEST`` with a higher
``SEQUENCE`` when booked or moved, ``METHOD:CANCEL`` when cancelled) in the booking's language,
and tells the counsellor. The reminder is a task enqueued to run 24 hours before the start; it
sends only if the booking is still active and unchanged (same ``sequence``) and was not reminded
yet, so it goes out once.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wcr.core.calendar import ics_event
from wcr.core.mail import Attachment, mail_send
from wcr.portal.booking.slots import BERLIN, Slot, next_free_slots, slot_check
from wcr.portal.models.booking import BLOCKING_STATUSES, Booking, BookingStatus, Schedule
from wcr.privacy.services import audit_record

if TYPE_CHECKING:
    from wcr.accounts.models import User
    from wcr.cases.models import Case
    from wcr.portal.models import PortalRequest, PrivacyNotice

AUDIT_BOOKED = "booking.booked"
AUDIT_MOVED = "booking.moved"
AUDIT_CANCELLED = "booking.cancelled"
AUDIT_MARKED = "booking.marked"
# On the booking's case, for its timeline (the case workbench lists this action by name).
AUDIT_CASE_APPOINTMENT = "case.appointment"

REMINDER_BEFORE = datetime.timedelta(hours=24)
MANAGE_SALT = "wcr.portal.booking.manage"
REFERENCE_ALPHABET = "ACDEFGHJKLMNPQRTUVWXY34679"  # no 0/O, 1/I, 2/Z, 5/S, 8/B
REASON_MAX_LENGTH = 2000


class SlotTaken(Exception):
    """The slot is no longer free (taken meanwhile, or no longer bookable)."""

    def __init__(self, next_slots: list[Slot]) -> None:
        super().__init__("slot_taken")
        self.next_slots = next_slots


class NotActive(Exception):
    """The booking was cancelled (or is over): it cannot be changed any more."""


class NotYet(Exception):
    """The appointment has not begun: it cannot be marked attended or no-show yet."""


# --- Links -----------------------------------------------------------------------------------


def booking_manage_token(booking: Booking) -> str:
    return signing.dumps(str(booking.code), salt=MANAGE_SALT)


def booking_manage_url(booking: Booking) -> str:
    """The signed link that shows, moves and cancels the booking without an account."""
    path = reverse("portal:booking-manage", args=[booking_manage_token(booking)])
    return f"{settings.SITE_URL}{path}"


def booking_from_token(token: str, *, now: datetime.datetime | None = None) -> Booking | None:
    """The booking a manage link names, while the link is valid: until the appointment ends.
    ``None`` for a forged or altered token, an unknown booking, or after the end."""
    try:
        code = signing.loads(token, salt=MANAGE_SALT)
    except signing.BadSignature:
        return None
    booking = (
        Booking.objects.filter(code=code)
        .select_related("location", "organisation", "counsellor", "schedule")
        .first()
    )
    if booking is None or booking.end <= (now or timezone.now()):
        return None
    return booking


def _new_reference() -> str:
    while True:
        reference = "T-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
        if not Booking.objects.filter(reference=reference).exists():
            return reference


# --- Mails -----------------------------------------------------------------------------------


def _calendar_file(booking: Booking, method: Literal["REQUEST", "CANCEL"]) -> Attachment:
    manage_url = booking_manage_url(booking)
    with translation.override(booking.language):
        summary = _("Counselling appointment, Welcome Center KMU Rheinisches Revier")
        where = booking_place(booking)
        description = _("Reference %(reference)s. Change or cancel: %(url)s") % {
            "reference": booking.reference,
            "url": manage_url,
        }
    content = ics_event(
        uid=f"{booking.code}@wcr-booking",
        sequence=booking.sequence,
        method=method,
        start=booking.start,
        end=booking.end,
        summary=summary,
        description=description,
        location=where,
        organizer_email=booking.organisation.email or str(settings.DEFAULT_FROM_EMAIL),
        organizer_name=booking.organisation.name,
        attendee_email=booking.email,
        attendee_name=booking.name,
        url=manage_url,
        language=booking.language,
    )
    return Attachment(
        filename="termin.ics",
        content=content,
        mimetype=f"text/calendar; method={method}; charset=UTF-8",
    )


def booking_place(booking: Booking) -> str:
    """Where the appointment takes place, in words (address, phone, or the video link)."""
    location = booking.location
    if booking.channel == "in_person":
        address = ", ".join(
            part
            for part in (location.address, f"{location.postal_code} {location.city}".strip())
            if part
        )
        return f"{location.name}: {address}" if address else location.name
    if booking.channel == "video":
        return booking.schedule.video_link or _("Video call (the link follows by mail)")
    return _("By phone: we call you at the agreed time")


def _mail_requester(booking: Booking, template: str, method: Literal["REQUEST", "CANCEL"]) -> None:
    mail_send(
        to=[booking.email],
        template=f"emails/{template}",
        context=_mail_context(booking),
        language=booking.language,
        attachments=[_calendar_file(booking, method)],
    )


def _mail_counsellor(
    booking: Booking, what: str, previous_start: datetime.datetime | None = None
) -> None:
    counsellor = booking.counsellor
    if not counsellor.email:
        return
    mail_send(
        to=[counsellor.email],
        template="emails/booking_changed_staff",
        context={
            **_mail_context(booking),
            "what": what,
            "previous_start": previous_start.astimezone(BERLIN).replace(tzinfo=None)
            if previous_start
            else None,
        },
        language=counsellor.preferred_language or "de",
    )


def _mail_context(booking: Booking) -> dict[str, object]:
    zone = _zone(booking.time_zone)
    # Naive wall-clock times: the templates' date filter would convert aware ones to the
    # active time zone (Europe/Berlin), not the requester's.
    return {
        "booking": booking,
        "start_local": booking.start.astimezone(zone).replace(tzinfo=None),
        "end_local": booking.end.astimezone(zone).replace(tzinfo=None),
        "start_berlin": booking.start.astimezone(BERLIN).replace(tzinfo=None),
        "end_berlin": booking.end.astimezone(BERLIN).replace(tzinfo=None),
        "time_zone": booking.time_zone,
        "shows_berlin": booking.time_zone != "Europe/Berlin",
        "place": booking_place(booking),
        "manage_url": booking_manage_url(booking),
        "site_url": settings.SITE_URL,
    }


def _zone(name: str) -> datetime.tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return BERLIN


def _enqueue_reminder(booking: Booking) -> None:
    run_at = booking.start - REMINDER_BEFORE
    if run_at <= timezone.now():
        return  # booked less than a day ahead: the confirmation is the reminder
    code, sequence = str(booking.code), booking.sequence
    transaction.on_commit(
        lambda: booking_send_reminder.using(run_after=run_at).enqueue(code=code, sequence=sequence)
    )


# --- Writes ----------------------------------------------------------------------------------


class _Lost(Exception):
    """The slot, checked again under the lock, is not free any more."""


@contextmanager
def _slot_race(slot_code: str, now: datetime.datetime | None) -> Iterator[None]:
    """Around a write that takes a slot: a race lost inside it (``_Lost`` from the check under
    the lock, or PostgreSQL's exclusion constraint) leaves as ``SlotTaken`` with the next free
    slots, looked up after the transaction has rolled back and its locks are gone."""
    try:
        yield
    except (IntegrityError, _Lost) as exc:
        raise SlotTaken(next_free_slots(slot_code, now=now)) from exc


def _lock_schedule(schedule_id: int) -> Schedule:
    return Schedule.objects.select_for_update().select_related("membership").get(pk=schedule_id)


def booking_create(
    *,
    slot_code: str,
    name: str,
    email: str,
    language: str,
    privacy_notice: PrivacyNotice,
    time_zone: str = "Europe/Berlin",
    request: PortalRequest | None = None,
    now: datetime.datetime | None = None,
) -> Booking:
    """Book the slot ``slot_code`` names; ``SlotTaken`` (with the next free slots) when it is
    not free any more. Linked to the request, and to its case once one was opened."""
    slot = slot_check(slot_code, now=now)
    if slot is None:
        raise SlotTaken(next_free_slots(slot_code, now=now))
    with _slot_race(slot_code, now), transaction.atomic():
        _lock_schedule(slot.schedule.pk)
        # Checked again now that no other booking of this counsellor can be written.
        slot = slot_check(slot_code, now=now)
        if slot is None:
            raise _Lost
        schedule = slot.schedule
        case = _case_of(request)
        booking = Booking.objects.create(
            reference=_new_reference(),
            organisation_id=schedule.organisation_id,
            schedule=schedule,
            counsellor_id=schedule.membership.user_id,
            location=slot.window.location,
            channel=slot.window.channel,
            start=slot.start,
            end=slot.end,
            blocked_from=slot.blocked_from,
            blocked_until=slot.blocked_until,
            name=name,
            email=email,
            language=language,
            time_zone=time_zone,
            request=request,
            case=case,
            privacy_notice=privacy_notice,
        )
        _mail_requester(booking, "booking_confirmed", "REQUEST")
        _mail_counsellor(booking, "booked")
        _enqueue_reminder(booking)
        audit_record(
            actor=None,
            organisation=booking.organisation,
            action=AUDIT_BOOKED,
            obj=booking,
            changes={
                "reference": {"old": None, "new": booking.reference},
                "start": {"old": None, "new": booking.start.isoformat()},
                "location": {"old": None, "new": booking.location.slug},
                "channel": {"old": None, "new": booking.channel},
                "case": {"old": None, "new": str(case.code) if case else None},
                "request": {"old": None, "new": request.reference if request else None},
            },
        )
        _note_on_case(booking, None, None)
    return booking


def _note_on_case(booking: Booking, actor: User | None, old_status: str | None) -> None:
    """An entry in the case's timeline: the appointment booked, moved, cancelled or marked."""
    case = booking.case
    if case is None:
        return
    start = timezone.localtime(booking.start, BERLIN)
    audit_record(
        actor=actor,
        organisation=booking.organisation,
        action=AUDIT_CASE_APPOINTMENT,
        obj=case,
        changes={
            "appointment": {"old": old_status, "new": booking.status},
            "reference": {"old": None, "new": booking.reference},
            "start": {"old": None, "new": f"{start:%d.%m.%Y %H:%M}"},
        },
    )


def _case_of(request: PortalRequest | None) -> Case | None:
    if request is None:
        return None
    item = request.intake.filter(case__isnull=False).select_related("case").first()
    return item.case if item is not None else None


def booking_move(
    *,
    booking: Booking,
    slot_code: str,
    actor: User | None = None,
    now: datetime.datetime | None = None,
) -> Booking:
    """Move the booking to another free slot (of any counsellor at the same organisation's
    windows); the old time is free at once, the requester gets an updated calendar file
    (same UID, higher SEQUENCE)."""
    if booking.status != BookingStatus.CONFIRMED:
        raise NotActive
    slot = slot_check(slot_code, now=now, ignore_booking=booking)
    if slot is None:
        raise SlotTaken(next_free_slots(slot_code, now=now))
    previous = booking.start
    with _slot_race(slot_code, now), transaction.atomic():
        _lock_schedule(slot.schedule.pk)
        if slot.schedule.pk != booking.schedule_id:
            _lock_schedule(booking.schedule_id)
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.status != BookingStatus.CONFIRMED:
            raise NotActive
        slot = slot_check(slot_code, now=now, ignore_booking=booking)
        if slot is None:
            raise _Lost
        schedule = slot.schedule
        booking.schedule = schedule
        booking.organisation_id = schedule.organisation_id
        booking.counsellor_id = schedule.membership.user_id
        booking.location = slot.window.location
        booking.channel = slot.window.channel
        booking.start, booking.end = slot.start, slot.end
        booking.blocked_from, booking.blocked_until = slot.blocked_from, slot.blocked_until
        booking.sequence += 1
        booking.reminder_sent_at = None
        booking.save()
        _mail_requester(booking, "booking_moved", "REQUEST")
        _mail_counsellor(booking, "moved", previous_start=previous)
        _enqueue_reminder(booking)
        audit_record(
            actor=actor,
            organisation=booking.organisation,
            action=AUDIT_MOVED,
            obj=booking,
            changes={"start": {"old": previous.isoformat(), "new": booking.start.isoformat()}},
        )
        _note_on_case(booking, actor, BookingStatus.CONFIRMED)
    return booking


def booking_cancel(*, booking: Booking, actor: User | None = None, reason: str = "") -> Booking:
    """Cancel: the time is free at once; the requester gets ``METHOD:CANCEL`` (and the
    counsellor's message when staff cancel), the counsellor is told."""
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update()
            .select_related("location", "organisation", "counsellor", "schedule")
            .get(pk=booking.pk)
        )
        if booking.status != BookingStatus.CONFIRMED:
            raise NotActive
        booking.status = BookingStatus.CANCELLED
        booking.cancelled_at = timezone.now()
        booking.cancelled_by = actor
        booking.cancel_reason = reason[:REASON_MAX_LENGTH]
        booking.sequence += 1
        booking.save()
        _mail_requester(booking, "booking_cancelled", "CANCEL")
        _mail_counsellor(booking, "cancelled")
        audit_record(
            actor=actor,
            organisation=booking.organisation,
            action=AUDIT_CANCELLED,
            obj=booking,
            changes={
                "status": {"old": BookingStatus.CONFIRMED, "new": BookingStatus.CANCELLED},
                "by": {"old": None, "new": "staff" if actor else "requester"},
            },
        )
        _note_on_case(booking, actor, BookingStatus.CONFIRMED)
    return booking


def booking_mark(
    *, booking: Booking, actor: User, status: str, now: datetime.datetime | None = None
) -> Booking:
    """Mark a booking that has begun as attended or no-show (for the statistics); a mark can be
    corrected, a cancelled booking cannot be marked."""
    if status not in (BookingStatus.ATTENDED, BookingStatus.NO_SHOW, BookingStatus.CONFIRMED):
        raise ValueError(status)
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.status not in BLOCKING_STATUSES:
            raise NotActive
        if booking.start > (now or timezone.now()):
            raise NotYet
        old = booking.status
        if old == status:
            return booking
        booking.status = status
        booking.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            organisation=booking.organisation,
            action=AUDIT_MARKED,
            obj=booking,
            changes={"status": {"old": old, "new": status}},
        )
        _note_on_case(booking, actor, old)
    return booking


@task(queue_name="mail")
def booking_send_reminder(*, code: str, sequence: int) -> bool:
    """The reminder, 24 hours before: sent once, and only for the booking as it was when the
    reminder was planned (a move plans a new one). Answers whether it was sent."""
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update()
            .select_related("location", "organisation", "counsellor", "schedule")
            .filter(code=code)
            .first()
        )
        if (
            booking is None
            or booking.status != BookingStatus.CONFIRMED
            or booking.sequence != sequence
            or booking.reminder_sent_at is not None
            or booking.start <= timezone.now()
        ):
            return False
        booking.reminder_sent_at = timezone.now()
        booking.save(update_fields=["reminder_sent_at", "updated_at"])
        _mail_requester(booking, "booking_reminder", "REQUEST")
    return True
