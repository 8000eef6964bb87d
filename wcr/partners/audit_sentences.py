"""What the directory's audit events say in words (see ``wcr.privacy.sentences``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from wcr.partners.models import PartnerKind
from wcr.partners.seed import AUDIT_LOADED
from wcr.partners.services import AUDIT_CHANGED, AUDIT_CHECKED
from wcr.privacy.sentences import Field, Kind, choice, date_value, register
from wcr.region.models import Confidence

_FIELDS = {
    "key": Field(gettext_lazy("Key")),
    "name": Field(gettext_lazy("Name")),
    "kind": Field(gettext_lazy("Kind"), choice(PartnerKind.choices)),
    "description": Field(gettext_lazy("Description")),
    "website": Field(gettext_lazy("Website")),
    "email": Field(gettext_lazy("Email")),
    "phone": Field(gettext_lazy("Phone")),
    "languages": Field(gettext_lazy("Languages")),
    "serves_all_nrw": Field(gettext_lazy("Serves all of North Rhine-Westphalia")),
    "source": Field(gettext_lazy("Source")),
    "confidence": Field(gettext_lazy("Confidence"), choice(Confidence.choices)),
    "active": Field(gettext_lazy("Active")),
    "topics": Field(gettext_lazy("Topics")),
    "municipalities": Field(gettext_lazy("Municipalities served")),
    "services": Field(gettext_lazy("Services")),
    "locations": Field(gettext_lazy("Locations")),
    "last_checked_on": Field(gettext_lazy("Last checked on"), date_value),
}

register(
    Kind(
        AUDIT_LOADED,
        gettext_lazy("Directory entry loaded from the data file"),
        gettext_lazy("Directory entry loaded from the data file (%(actor)s)"),
        _FIELDS,
    ),
    Kind(
        AUDIT_CHANGED,
        gettext_lazy("Directory entry changed"),
        gettext_lazy("Directory entry changed by %(actor)s"),
        _FIELDS,
    ),
    Kind(
        AUDIT_CHECKED,
        gettext_lazy("Directory entry checked"),
        gettext_lazy("Directory entry checked by %(actor)s"),
        _FIELDS,
    ),
)
