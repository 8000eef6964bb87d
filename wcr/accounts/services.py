"""Writes on organisations, users and memberships."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from wcr.accounts.models import Location, Membership, User
from wcr.privacy.services import audit_record

MFA_ENROLMENT_WINDOW = timedelta(hours=72)


def membership_set_locations(
    *, actor: User, membership: Membership, locations: Iterable[Location]
) -> Membership:
    """Set the locations a colleague works at (team leads, own organisation only)."""
    new = sorted(location.slug for location in locations)
    with transaction.atomic():
        old = sorted(membership.locations.values_list("slug", flat=True))
        if old == new:
            return membership
        membership.locations.set(Location.objects.filter(slug__in=new))
        audit_record(
            actor=actor,
            organisation=membership.organisation,
            action="membership.locations_changed",
            obj=membership,
            changes={"locations": {"old": old, "new": new}},
        )
    return membership


def user_open_mfa_enrolment(*, actor: User | None, user: User) -> User:
    """Allow ``user`` to set up a second factor after a password login during the next 72 hours
    (new accounts, lost devices)."""
    with transaction.atomic():
        old = user.mfa_enrolment_deadline
        user.mfa_enrolment_deadline = timezone.now() + MFA_ENROLMENT_WINDOW
        user.save(update_fields=["mfa_enrolment_deadline"])
        audit_record(
            actor=actor,
            organisation=None,
            action="user.mfa_enrolment_opened",
            obj=user,
            changes={
                "mfa_enrolment_deadline": {
                    "old": old.isoformat() if old else None,
                    "new": user.mfa_enrolment_deadline.isoformat(),
                }
            },
        )
    return user
