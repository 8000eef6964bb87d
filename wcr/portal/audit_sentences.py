"""What the portal's audit events say in words (see ``wcr.privacy.sentences``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from wcr.portal.booking.availability import AUDIT_AVAILABILITY
from wcr.portal.booking.services import (
    AUDIT_BOOKED,
    AUDIT_CANCELLED,
    AUDIT_CASE_APPOINTMENT,
    AUDIT_MARKED,
    AUDIT_MOVED,
)
from wcr.portal.content import AUDIT_DRAFT_SAVED, AUDIT_NOTICE_CREATED, AUDIT_PUBLISHED
from wcr.portal.intake import AUDIT_PURGED, AUDIT_RECEIVED
from wcr.portal.models.booking import BookingStatus
from wcr.portal.routing import AUDIT_REPLACED
from wcr.portal.services import AUDIT_ACCEPTED, AUDIT_DECLINED, AUDIT_FORWARDED
from wcr.privacy.sentences import Field, Kind, choice, register

register(
    Kind(
        AUDIT_CASE_APPOINTMENT,
        gettext_lazy("Appointment"),
        gettext_lazy("Appointment of the case booked, moved, cancelled or marked (%(actor)s)"),
        {
            "appointment": Field(gettext_lazy("Appointment"), choice(BookingStatus.choices)),
            "reference": Field(gettext_lazy("Reference")),
            "start": Field(gettext_lazy("When")),
        },
    ),
    Kind(
        AUDIT_AVAILABILITY,
        gettext_lazy("Availability changed"),
        gettext_lazy("Availability for appointments changed by %(actor)s"),
        {
            "what": Field(gettext_lazy("What")),
            "window": Field(gettext_lazy("Time")),
            "absence": Field(gettext_lazy("Absence")),
        },
    ),
    Kind(
        AUDIT_REPLACED,
        gettext_lazy("Routing rules replaced"),
        gettext_lazy("Routing rules replaced by %(actor)s"),
        {
            "rule_count": Field(gettext_lazy("Number of rules")),
            "removed": Field(gettext_lazy("Rules removed")),
            "added": Field(gettext_lazy("Rules added")),
        },
    ),
    Kind(
        AUDIT_RECEIVED,
        gettext_lazy("Request received from the portal"),
        gettext_lazy("Request received from the portal and routed by %(actor)s"),
        {
            "reference": Field(gettext_lazy("Reference")),
            "organisation": Field(gettext_lazy("Organisation")),
            "location": Field(gettext_lazy("Location")),
            "rule": Field(gettext_lazy("Routing rule")),
            "topics": Field(gettext_lazy("Topics")),
        },
    ),
    Kind(
        AUDIT_PURGED,
        gettext_lazy("Requests past their retention deleted"),
        gettext_lazy("Requests past their retention deleted by %(actor)s"),
        {
            "deleted": Field(gettext_lazy("Requests deleted")),
            "received_before": Field(gettext_lazy("Received before")),
        },
    ),
    Kind(
        AUDIT_DRAFT_SAVED,
        gettext_lazy("Content page draft saved"),
        gettext_lazy("Draft of a portal content page saved by %(actor)s"),
        {
            "page": Field(gettext_lazy("Page")),
            "version": Field(gettext_lazy("Version")),
            "languages": Field(gettext_lazy("Languages changed")),
        },
    ),
    Kind(
        AUDIT_PUBLISHED,
        gettext_lazy("Content page published"),
        gettext_lazy("Portal content page published by %(actor)s"),
        {
            "page": Field(gettext_lazy("Page")),
            "version": Field(gettext_lazy("Version")),
        },
    ),
    Kind(
        AUDIT_NOTICE_CREATED,
        gettext_lazy("Privacy notice version created"),
        gettext_lazy("New version of the privacy notice created by %(actor)s"),
        {
            "version": Field(gettext_lazy("Version")),
            "published_on": Field(gettext_lazy("Published on")),
            "languages": Field(gettext_lazy("Languages")),
        },
    ),
    Kind(
        AUDIT_ACCEPTED,
        gettext_lazy("Portal request accepted: case opened"),
        gettext_lazy("Portal request accepted by %(actor)s: case opened"),
        {
            "status": Field(gettext_lazy("Status")),
            "reference": Field(gettext_lazy("Reference")),
            "case": Field(gettext_lazy("Case")),
        },
    ),
    Kind(
        AUDIT_FORWARDED,
        gettext_lazy("Portal request forwarded"),
        gettext_lazy("Portal request forwarded by %(actor)s"),
        {
            "status": Field(gettext_lazy("Status")),
            "reference": Field(gettext_lazy("Reference")),
            "to": Field(gettext_lazy("Forwarded to")),
            "reason": Field(gettext_lazy("Reason")),
        },
    ),
    Kind(
        AUDIT_DECLINED,
        gettext_lazy("Portal request declined"),
        gettext_lazy("Portal request declined by %(actor)s"),
        {
            "status": Field(gettext_lazy("Status")),
            "reference": Field(gettext_lazy("Reference")),
            "reason": Field(gettext_lazy("Reason")),
        },
    ),
    Kind(
        AUDIT_BOOKED,
        gettext_lazy("Appointment booked"),
        gettext_lazy("Appointment booked through the portal (%(actor)s)"),
        {
            "reference": Field(gettext_lazy("Reference")),
            "start": Field(gettext_lazy("Start")),
            "location": Field(gettext_lazy("Location")),
            "channel": Field(gettext_lazy("Channel")),
            "case": Field(gettext_lazy("Case")),
            "request": Field(gettext_lazy("Request")),
        },
    ),
    Kind(
        AUDIT_MOVED,
        gettext_lazy("Appointment moved"),
        gettext_lazy("Appointment moved by %(actor)s"),
        {"start": Field(gettext_lazy("Start"))},
    ),
    Kind(
        AUDIT_CANCELLED,
        gettext_lazy("Appointment cancelled"),
        gettext_lazy("Appointment cancelled by %(actor)s"),
        {"status": Field(gettext_lazy("Status")), "by": Field(gettext_lazy("Cancelled by"))},
    ),
    Kind(
        AUDIT_MARKED,
        gettext_lazy("Appointment marked"),
        gettext_lazy("Appointment marked as attended or not by %(actor)s"),
        {"status": Field(gettext_lazy("Status"))},
    ),
)
