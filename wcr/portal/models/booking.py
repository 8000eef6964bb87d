"""Appointment booking: counsellors' availability and the bookings made against it.

A ``Schedule`` is one counsellor's booking settings in one organisation (slot length, buffers,
notice, horizon, daily cap, video link); its ``AvailabilityWindow`` rows are weekly recurring
windows (``weekday``) or extra days (``on_date``) at one location and channel; an ``Absence``
closes whole days. Free slots are computed from these (``wcr.portal.booking.slots``), never
stored. A ``Booking`` holds one slot; on PostgreSQL an exclusion constraint (migration 0009)
forbids two active bookings of one counsellor whose times *including the buffers*
(``blocked_from``–``blocked_until``) overlap; SQLite serialises every writer, and the booking
service checks inside that serialised transaction (``wcr.portal.booking.services``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from wcr.core.models import PublicModel


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("in person")
    PHONE = "phone", _("by phone")
    VIDEO = "video", _("video call")


class BookingStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("booked")
    CANCELLED = "cancelled", _("cancelled")
    ATTENDED = "attended", _("attended")
    NO_SHOW = "no_show", _("did not come")


# The statuses that hold the counsellor's time (the exclusion constraint's condition).
BLOCKING_STATUSES = (BookingStatus.CONFIRMED, BookingStatus.ATTENDED, BookingStatus.NO_SHOW)


class ScheduleQuerySet(models.QuerySet["Schedule"]):
    def for_org(self, organisation_id: int) -> ScheduleQuerySet:
        return self.filter(organisation_id=organisation_id)

    def published(self) -> ScheduleQuerySet:
        return self.filter(
            is_published=True,
            membership__is_active=True,
            membership__user__is_active=True,
            organisation__is_active=True,
        )


class Schedule(PublicModel):
    """A counsellor's booking settings in one organisation."""

    membership = models.OneToOneField(
        "accounts.Membership",
        on_delete=models.CASCADE,
        related_name="schedule",
        verbose_name=_("counsellor"),
    )
    # The membership's organisation, kept here for scoping (``for_org``) and the gate.
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="schedules",
        verbose_name=_("organisation"),
    )
    slot_minutes = models.PositiveSmallIntegerField(
        _("length of an appointment (minutes)"), default=45
    )
    buffer_before_minutes = models.PositiveSmallIntegerField(
        _("buffer before (minutes)"), default=0
    )
    buffer_after_minutes = models.PositiveSmallIntegerField(_("buffer after (minutes)"), default=15)
    min_notice_hours = models.PositiveSmallIntegerField(_("minimum notice (hours)"), default=24)
    not_same_day = models.BooleanField(_("not on the same day"), default=True)
    horizon_days = models.PositiveSmallIntegerField(_("bookable up to (days ahead)"), default=56)
    daily_cap = models.PositiveSmallIntegerField(
        _("at most appointments per day"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    video_link = models.URLField(_("video call link"), max_length=500, blank=True)
    open_on_holidays = models.BooleanField(_("open on public holidays"), default=False)
    is_published = models.BooleanField(_("bookable on the portal"), default=True)
    topics = models.ManyToManyField(
        "cases.Topic",
        blank=True,
        related_name="+",
        verbose_name=_("topics"),
        help_text=_("Empty: every topic."),
    )

    objects = ScheduleQuerySet.as_manager()

    class Meta:
        verbose_name = _("booking schedule")
        verbose_name_plural = _("booking schedules")
        constraints = [
            models.CheckConstraint(
                condition=Q(slot_minutes__gte=10, slot_minutes__lte=240),
                name="schedule_slot_minutes",
            ),
            models.CheckConstraint(
                condition=Q(buffer_before_minutes__lte=120, buffer_after_minutes__lte=120),
                name="schedule_buffers",
            ),
            models.CheckConstraint(
                condition=Q(horizon_days__gte=1, horizon_days__lte=365),
                name="schedule_horizon",
            ),
            models.CheckConstraint(
                condition=Q(min_notice_hours__lte=720), name="schedule_min_notice"
            ),
        ]

    def __str__(self) -> str:
        return str(self.membership.user)

    @property
    def step_minutes(self) -> int:
        """From one slot's start to the next within a window: the slot and both buffers."""
        return self.buffer_before_minutes + self.slot_minutes + self.buffer_after_minutes


class AvailabilityWindow(PublicModel):
    """Bookable time: every ``weekday`` (0 = Monday), or once ``on_date`` (an extra day)."""

    schedule = models.ForeignKey(
        Schedule, on_delete=models.CASCADE, related_name="windows", verbose_name=_("schedule")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), null=True, blank=True)
    on_date = models.DateField(_("on the date"), null=True, blank=True)
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    location = models.ForeignKey(
        "accounts.Location",
        on_delete=models.PROTECT,
        related_name="availability_windows",
        verbose_name=_("location"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)

    class Meta:
        ordering = ["weekday", "on_date", "start_time"]
        verbose_name = _("availability window")
        verbose_name_plural = _("availability windows")
        constraints = [
            models.CheckConstraint(
                condition=(Q(weekday__isnull=False, weekday__lte=6, on_date__isnull=True))
                | Q(weekday__isnull=True, on_date__isnull=False),
                name="window_weekday_or_date",
            ),
            models.CheckConstraint(
                condition=Q(start_time__lt=F("end_time")), name="window_starts_before_it_ends"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.weekday if self.on_date is None else self.on_date} {self.start_time}–{self.end_time}"


class Absence(PublicModel):
    """Whole days (``starts_on`` to ``ends_on``, both included) without appointments."""

    schedule = models.ForeignKey(
        Schedule, on_delete=models.CASCADE, related_name="absences", verbose_name=_("schedule")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__lte=F("ends_on")), name="absence_starts_before_it_ends"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_on}–{self.ends_on}"


class BookingQuerySet(models.QuerySet["Booking"]):
    def for_org(self, organisation_id: int) -> BookingQuerySet:
        return self.filter(organisation_id=organisation_id)

    def blocking(self) -> BookingQuerySet:
        return self.filter(status__in=BLOCKING_STATUSES)


class Booking(PublicModel):
    """One booked appointment: a counsellor's time at a location and channel."""

    reference = models.CharField(_("reference"), max_length=16, unique=True, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="bookings",
        verbose_name=_("organisation"),
    )
    schedule = models.ForeignKey(
        Schedule, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("schedule")
    )
    # The counsellor as a person (not the membership): one person is never booked twice, even
    # when they counsel for two organisations. The exclusion constraint is on this column.
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="bookings",
        verbose_name=_("counsellor"),
    )
    location = models.ForeignKey(
        "accounts.Location",
        on_delete=models.PROTECT,
        related_name="bookings",
        verbose_name=_("location"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    blocked_from = models.DateTimeField(_("blocked from (with the buffer before)"))
    blocked_until = models.DateTimeField(_("blocked until (with the buffer after)"))
    status = models.CharField(
        _("status"), max_length=10, choices=BookingStatus.choices, default=BookingStatus.CONFIRMED
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"), max_length=254)
    language = models.CharField(_("language"), max_length=5, default="de")
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Berlin")
    request = models.ForeignKey(
        "portal.PortalRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("request"),
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("case"),
    )
    privacy_notice = models.ForeignKey(
        "portal.PrivacyNotice",
        on_delete=models.PROTECT,
        related_name="bookings",
        verbose_name=_("privacy notice shown"),
    )
    # The calendar file's SEQUENCE: raised with every change the requester is sent.
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    # ``None`` with ``cancelled_at`` set: the requester cancelled through their link.
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cancelled by"),
    )
    cancel_reason = models.TextField(_("message on cancelling"), max_length=2000, blank=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["start", "id"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        indexes = [
            models.Index(fields=["counsellor", "start"], name="booking_counsellor_start"),
            models.Index(fields=["organisation", "start"], name="booking_org_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=F("end"))
                & Q(blocked_from__lte=F("start"))
                & Q(blocked_until__gte=F("end")),
                name="booking_times_in_order",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in BookingStatus]), name="booking_status"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_active(self) -> bool:
        return self.status in BLOCKING_STATUSES
