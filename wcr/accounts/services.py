"""Writes on organisations, users and memberships."""

from __future__ import annotations

import re
import string
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


# --- Case reference prefixes ------------------------------------------------------------------------

_FALLBACK_PREFIX = "ORG"


def derive_reference_prefix(slug: str, *, taken: set[str]) -> str:
    """A prefix of 2 to 5 capital letters for the organisation with ``slug``, not in ``taken``.

    The letters of the slug's first word (``hwk-aachen`` → ``HWK``, ``stadt-aachen`` →
    ``STADT``, cut to five); too short, the slug's letters; none at all, ``ORG``. Taken, the
    first four letters and one more: the initials of the slug's other words first
    (``hwk-koeln`` → ``HWKK`` beside ``hwk-aachen``), then A to Z.
    """
    words = [re.sub(r"[^A-Z]", "", word) for word in re.split(r"[-_]", slug.upper())]
    words = [word for word in words if word]
    base = words[0][:5] if words else ""
    if len(base) < 2:
        base = "".join(words)[:5]
    if len(base) < 2:
        base = (base * 2)[:2] if base else _FALLBACK_PREFIX
    if base not in taken:
        return base
    stem = base[:4]
    for letter in [word[0] for word in words[1:]] + list(string.ascii_uppercase):
        candidate = stem + letter
        if candidate not in taken:
            return candidate
    for first in string.ascii_uppercase:  # 27 organisations sharing a first word
        for second in string.ascii_uppercase:
            candidate = stem[:3] + first + second
            if candidate not in taken:
                return candidate
    raise ValueError("no free case reference prefix")


def organisation_reference_prefix(*, organisation: Organisation) -> str:
    """The organisation's case reference prefix; derived from its slug and stored the first
    time it is needed (the administrator may have chosen one before)."""
    if organisation.reference_prefix:
        return organisation.reference_prefix
    with transaction.atomic():
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if not locked.reference_prefix:
            taken = set(
                Organisation.objects.exclude(reference_prefix="").values_list(
                    "reference_prefix", flat=True
                )
            )
            locked.reference_prefix = derive_reference_prefix(locked.slug, taken=taken)
            locked.save(update_fields=["reference_prefix", "updated_at"])
    organisation.reference_prefix = locked.reference_prefix
    return organisation.reference_prefix


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


# Fields of an existing account the administrator may change: never its password, user name or
# email (setting either would let them take the account over and read its cases).
ADMIN_EDITABLE_USER_FIELDS = (
    "first_name",
    "last_name",
    "preferred_language",
    "is_active",
    "is_staff",
)


def user_update_by_admin(*, actor: User | None, user: User, changes: dict[str, object]) -> User:
    """Apply an administrator's change of an existing account, audited in the same transaction."""
    refused = sorted(set(changes) - set(ADMIN_EDITABLE_USER_FIELDS))
    if refused:
        raise ValidationError({field: _("This cannot be changed here.") for field in refused})
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        diff = {
            field: {"old": getattr(locked, field), "new": value}
            for field, value in changes.items()
            if getattr(locked, field) != value
        }
        for field, value in changes.items():
            setattr(user, field, value)
        if diff:
            user.save(update_fields=list(diff))
            audit_record(
                actor=actor, organisation=None, action="user.changed", obj=user, changes=diff
            )
    return user
