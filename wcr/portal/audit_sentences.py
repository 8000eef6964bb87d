"""What the portal's audit events say in words (see ``wcr.privacy.sentences``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from wcr.portal.routing import AUDIT_REPLACED
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
)
