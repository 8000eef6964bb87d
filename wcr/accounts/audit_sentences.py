"""What the accounts app's audit events say in words (see ``wcr.privacy.sentences``)."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy

from wcr.accounts.models import Location, Membership, User
from wcr.privacy.sentences import Field, Kind, date_value, model_field, register, register_resolver


def _locations(values: set[str]) -> dict[str, str]:
    """Locations by slug (memberships) or by number (a case's location)."""
    numbers = [int(v) for v in values if v.isdigit()]
    found: dict[str, str] = {}
    for location in Location.objects.filter(Q(slug__in=values) | Q(pk__in=numbers)):
        found[location.slug] = found[str(location.pk)] = str(location)
    return found


MEMBER = {
    "user": Field(gettext_lazy("User"), refers="user"),
    "role": model_field(Membership, "role"),
    "active": model_field(Membership, "is_active"),
    "locations": Field(gettext_lazy("Locations"), refers="location"),
}

register_resolver("location", _locations)
register(
    Kind(
        "membership.granted",
        gettext_lazy("Membership granted"),
        gettext_lazy("Membership granted by %(actor)s"),
        MEMBER,
    ),
    Kind(
        "membership.role_changed",
        gettext_lazy("Role changed"),
        gettext_lazy("Role changed by %(actor)s"),
        MEMBER,
    ),
    Kind(
        "membership.ended",
        gettext_lazy("Membership ended"),
        gettext_lazy("Membership ended by %(actor)s"),
        MEMBER,
    ),
    Kind(
        "membership.locations_changed",
        gettext_lazy("Locations changed"),
        gettext_lazy("Locations changed by %(actor)s"),
        MEMBER,
    ),
    Kind(
        "user.mfa_enrolment_opened",
        gettext_lazy("Second-factor setup allowed"),
        gettext_lazy("Setting up a second factor allowed by %(actor)s"),
        {"mfa_enrolment_deadline": Field(gettext_lazy("Possible until"), date_value)},
    ),
    Kind(
        "user.changed",
        gettext_lazy("Account changed"),
        gettext_lazy("Account changed by %(actor)s"),
        other=lambda name: model_field(User, name),
    ),
)
