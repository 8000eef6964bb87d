"""Who sees which statistics (``docs/statistics.md``), on the gate primitives of
``wcr/accounts/access.py``. One condition per line, so branch coverage shows every branch.

Counsellors and team leads see their own organisation's figures, exact on the screen; the
network coordinator sees the whole network's (and may pick one organisation), always with small
counts suppressed and never a figure that names anyone. Everyone else gets 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from wcr.accounts.access import membership_with_role
from wcr.accounts.models import Role
from wcr.core.request import WcrRequest

STATISTICS_ROLES = (Role.COUNSELLOR, Role.TEAM_LEAD, Role.COORDINATOR)
OWN_ORGANISATION_ROLES = (Role.COUNSELLOR, Role.TEAM_LEAD)


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
