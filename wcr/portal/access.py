"""Who may see and change the routing rules: team leads of the lead partner and the network
coordinator. Everyone else (other organisations' team leads, counsellors, the data protection
officer, the administrator) gets 404, as for anything not theirs."""

from __future__ import annotations

from django.http import Http404

from wcr.accounts.access import membership_with_role
from wcr.accounts.models import Membership, Role
from wcr.core.request import WcrRequest


def may_edit_routing(membership: Membership | None) -> bool:
    if membership is None:
        return False
    if membership.role == Role.COORDINATOR:
        return True
    return membership.role == Role.TEAM_LEAD and membership.organisation.is_lead


def access_routing(request: WcrRequest) -> Membership:
    """The acting membership if it may edit the routing rules; else 404."""
    membership = membership_with_role(request, (Role.TEAM_LEAD, Role.COORDINATOR))
    if not may_edit_routing(membership):
        raise Http404
    return membership


def access_content(request: WcrRequest) -> Membership:
    """The acting membership if it may edit the portal's content pages and privacy notices (the
    same people as the routing rules); else 404."""
    membership = membership_with_role(request, (Role.TEAM_LEAD, Role.COORDINATOR))
    if not may_edit_routing(membership):
        raise Http404
    return membership
