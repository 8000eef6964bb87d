"""Writes on organisations, users and memberships."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wcr.accounts.models import Location, Membership, Organisation, Role, User
from wcr.privacy.services import audit_record

MFA_ENROLMENT_WINDOW = timedelta(hours=72)

# Roles a team lead may give and manage in their own organisation; the others (coordinator, data
# protection officer, administrator) only the platform administrator grants, in /admin/.
TEAM_LEAD_MANAGED_ROLES = (Role.COUNSELLOR, Role.TEAM_LEAD)


def _slugs(locations: Iterable[Location]) -> list[str]:
    return sorted(location.slug for location in locations)


def _refuse_own(actor: User | None, user: User) -> None:
    """Nobody grants, changes or ends their own membership: a role is always given by another
    person, and the audit trail names both."""
    if actor is not None and actor.pk == user.pk:
        raise ValidationError(
            {"user": _("Nobody can grant or change a membership of their own account.")}
        )


def membership_grant(
    *,
    actor: User | None,
    user: User,
    organisation: Organisation,
    role: str,
    locations: Iterable[Location] = (),
) -> Membership:
    """Give ``user`` a role in ``organisation`` (or give an ended membership back). Audited under
    the organisation, so its data protection officer sees every grant, whoever made it."""
    _refuse_own(actor, user)
    if role not in Role.values:
        raise ValidationError({"role": _("Please choose one of the listed roles.")})
    new_locations = _slugs(locations)
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update()
            .filter(user=user, organisation=organisation)
            .first()
        )
        if membership is not None and membership.is_active:
            raise ValidationError(
                {"user": _("This account is already a member of the organisation.")}
            )
        old: dict[str, object] = (
            {
                "role": membership.role,
                "active": False,
                "locations": sorted(membership.locations.values_list("slug", flat=True)),
            }
            if membership is not None
            else {"role": None, "active": None, "locations": []}
        )
        if membership is None:
            membership = Membership.objects.create(
                user=user, organisation=organisation, role=role, is_active=True
            )
        else:
            membership.role = role
            membership.is_active = True
            membership.save(update_fields=["role", "is_active", "updated_at"])
        membership.locations.set(Location.objects.filter(slug__in=new_locations))
        audit_record(
            actor=actor,
            organisation=organisation,
            action="membership.granted",
            obj=membership,
            changes={
                "user": {"old": None, "new": user.username},
                "role": {"old": old["role"], "new": role},
                "active": {"old": old["active"], "new": True},
                "locations": {"old": old["locations"], "new": new_locations},
            },
        )
    return membership


def membership_change_role(*, actor: User | None, membership: Membership, role: str) -> Membership:
    """Give a member another role in the same organisation."""
    _refuse_own(actor, membership.user)
    if role not in Role.values:
        raise ValidationError({"role": _("Please choose one of the listed roles.")})
    with transaction.atomic():
        old = membership.role
        if old == role:
            return membership
        membership.role = role
        membership.save(update_fields=["role", "updated_at"])
        audit_record(
            actor=actor,
            organisation=membership.organisation,
            action="membership.role_changed",
            obj=membership,
            changes={"role": {"old": old, "new": role}},
        )
    return membership


def membership_end(*, actor: User | None, membership: Membership) -> Membership:
    """End a membership: the account no longer acts for the organisation (its API tokens for this
    membership stop working with it). The row stays, so the audit trail keeps its subject."""
    _refuse_own(actor, membership.user)
    with transaction.atomic():
        if not membership.is_active:
            return membership
        membership.is_active = False
        membership.save(update_fields=["is_active", "updated_at"])
        audit_record(
            actor=actor,
            organisation=membership.organisation,
            action="membership.ended",
            obj=membership,
            changes={"active": {"old": True, "new": False}},
        )
    return membership


def membership_set_locations(
    *, actor: User, membership: Membership, locations: Iterable[Location]
) -> Membership:
    """Set the locations a colleague works at (team leads, own organisation only)."""
    new = _slugs(locations)
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
