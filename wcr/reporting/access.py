"""The gate of ESF+ reporting.

Participant data (the entry questionnaire, exit data) belong to the case's organisation: only
its counsellors and team leads reach them, and only through the case (``access_case`` with
``owned=True``: a shared case shows no ESF+ data to the receiving organisation). The Art. 9
items are shown only to the case's counsellor and the team leads. The report: counsellors and
team leads see their organisation, the network coordinator sees network figures only
(suppressed); the data protection officer and the administrator get 404. The statistics
(``docs/statistics.md``) follow the same rule: counsellors and team leads their own
organisation's figures, exact on the screen; the coordinator the network's (or one
organisation's), always suppressed and never a figure that names anyone.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.http import Http404

from wcr.accounts.access import membership_with_role, parse_code
from wcr.accounts.models import Membership, Role
from wcr.cases.access import access_case
from wcr.cases.models import Case
from wcr.core.request import WcrRequest
from wcr.reporting.models import Participation

REPORT_ROLES = (Role.COUNSELLOR, Role.TEAM_LEAD, Role.COORDINATOR)
STATISTICS_ROLES = (Role.COUNSELLOR, Role.TEAM_LEAD, Role.COORDINATOR)
OWN_ORGANISATION_ROLES = (Role.COUNSELLOR, Role.TEAM_LEAD)
CASEWORK_ROLES = (Role.COUNSELLOR, Role.TEAM_LEAD)


def report_membership(request: WcrRequest) -> Membership:
    """Who may see ESF+ figures: counsellors, team leads, the coordinator; else 404."""
    return membership_with_role(request, REPORT_ROLES)


def committee_membership(request: WcrRequest) -> Membership:
    """Who makes the committee report: team leads (their organisation), the coordinator."""
    return membership_with_role(request, (Role.TEAM_LEAD, Role.COORDINATOR))


def worklist_membership(request: WcrRequest) -> Membership:
    """Who works on participant data: counsellors and team leads; else 404."""
    return membership_with_role(request, CASEWORK_ROLES)


def is_network_view(membership: Membership) -> bool:
    return membership.role == Role.COORDINATOR


def access_participation_case(
    request: WcrRequest, code: str | uuid.UUID, *, write: bool = False
) -> tuple[Case, Participation | None]:
    """The case (its organisation's own) and its participation, if recorded."""
    case = access_case(request, code, write=write, owned=True)
    if case.person_id is None:
        raise Http404
    participation = Participation.objects.filter(case=case).first()
    return case, participation


def access_participation(request: WcrRequest, code: str | uuid.UUID) -> Participation:
    """A participation of the acting organisation by its own code (worklist actions)."""
    membership = worklist_membership(request)
    participation = (
        Participation.objects.for_org(membership.organisation_id)
        .select_related("person", "case", "organisation")
        .filter(code=parse_code(code))
        .first()
    )
    if participation is None:
        raise Http404
    return participation


def may_see_special(membership: Membership, case: Case | None) -> bool:
    """The Art. 9 items: the case's counsellor and the team leads of its organisation."""
    if membership.role == Role.TEAM_LEAD:
        return True
    return case is not None and case.counsellor_id == membership.user_id


@dataclass(frozen=True)
class StatisticsAccess:
    """What the acting membership may see: ``organisation_id`` fixed to its own organisation
    (``None``: the network, any organisation may be chosen), and whether the figures on the
    screen are suppressed."""

    organisation_id: int | None
    network: bool
    suppressed: bool


def access_statistics(request: WcrRequest) -> StatisticsAccess:
    """The acting membership's view of the statistics; 404 for any other role."""
    membership = membership_with_role(request, STATISTICS_ROLES)
    if membership.role in OWN_ORGANISATION_ROLES:
        return StatisticsAccess(
            organisation_id=membership.organisation_id, network=False, suppressed=False
        )
    return StatisticsAccess(organisation_id=None, network=True, suppressed=True)
