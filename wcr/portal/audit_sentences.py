"""What the portal's audit events say in words (see ``wcr.privacy.sentences``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from wcr.portal.intake import AUDIT_PURGED, AUDIT_RECEIVED
from wcr.portal.routing import AUDIT_REPLACED
from wcr.portal.services import AUDIT_ACCEPTED, AUDIT_DECLINED, AUDIT_FORWARDED
from wcr.privacy.sentences import Field, Kind, register

register(
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
        gettext_lazy("Request received from the portal"),
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
        gettext_lazy("Requests past their retention deleted"),
        {
            "deleted": Field(gettext_lazy("Requests deleted")),
            "received_before": Field(gettext_lazy("Received before")),
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
)
