"""The referrals' gate: referrals, consents and the data protection officer's lists.

Built like ``wcr.cases.access``: filtered by the acting membership inside the query, 404 for
"not there" and "not yours" alike, one condition per line. A referral is seen by the organisation
that sent it and the one it was sent to; before acceptance the receiver sees the referral (who
sends, why, what would be shared), not the case. Consents are the controller's records: only the
organisation that holds the person's record sees them (and its data protection officer).
"""

from __future__ import annotations

import uuid
from typing import Literal

from django.db.models import Q, QuerySet
from django.http import Http404

from wcr.accounts.access import membership_with_role, parse_code
from wcr.accounts.models import Membership, Role
from wcr.cases.access import access_person, casework_membership
from wcr.cases.models import Person
from wcr.core.request import WcrRequest
from wcr.privacy.services import access_log_read
from wcr.referrals.models import Consent, Referral

Side = Literal["sender", "receiver", "either"]


def referrals_visible_to(membership: Membership) -> QuerySet[Referral]:
    org = membership.organisation_id
    return Referral.objects.filter(Q(from_organisation_id=org) | Q(to_organisation_id=org))


def access_referral(
    request: WcrRequest, code: str | uuid.UUID, *, side: Side = "either"
) -> Referral:
    """A referral of the acting organisation, sent (``sender``) or received (``receiver``)."""
    membership = casework_membership(request)
    referral = (
        referrals_visible_to(membership)
        .select_related(
            "case__organisation",
            "case__person",
            "case__company",
            "from_organisation",
            "to_organisation",
            "to_partner",
            "consent__purpose",
            "sent_by",
            "share",
        )
        .filter(code=parse_code(code))
        .first()
    )
    if referral is None:
        raise Http404
    if side == "sender" and referral.from_organisation_id != membership.organisation_id:
        raise Http404
    if side == "receiver" and referral.to_organisation_id != membership.organisation_id:
        raise Http404
    access_log_read(request, referral, owner=referral.from_organisation, purpose="referral")
    return referral


def access_own_person(request: WcrRequest, code: str | uuid.UUID) -> Person:
    """A person whose record the acting organisation holds (not one seen through a share)."""
    membership = casework_membership(request)
    person = access_person(request, code)
    if person.organisation_id != membership.organisation_id:
        raise Http404
    return person


def access_consent(request: WcrRequest, code: str | uuid.UUID) -> Consent:
    """A consent record of the acting organisation (the controller)."""
    membership = casework_membership(request)
    consent = (
        Consent.objects.filter(controller_id=membership.organisation_id, code=parse_code(code))
        .select_related("person__organisation", "purpose", "recipient")
        .first()
    )
    if consent is None:
        raise Http404
    access_log_read(request, consent.person, owner=consent.person.organisation, purpose="consent")
    return consent


def dpo_membership(request: WcrRequest) -> Membership:
    """The data protection officer of an organisation (consent records, overrides)."""
    return membership_with_role(request, (Role.DATA_PROTECTION,))


def consents_for_dpo(membership: Membership) -> QuerySet[Consent]:
    return Consent.objects.filter(controller_id=membership.organisation_id)


def overrides_for_dpo(membership: Membership) -> QuerySet[Referral]:
    """Referrals of the organisation sent without a consent, on a team lead's justification."""
    return Referral.objects.filter(from_organisation_id=membership.organisation_id).exclude(
        override_justification=""
    )


def team_lead_membership(request: WcrRequest) -> Membership:
    return membership_with_role(request, (Role.TEAM_LEAD,))
