"""The directory's gate for the staff area.

Directory entries are network-wide data (no organisation owns them), so the gate is by role
only: team leads of any organisation maintain them; counsellors and the coordinator read the
staff list; everyone else gets 404, as every gate answers. One condition per line, so coverage
shows every branch.
"""

from __future__ import annotations

import uuid

from django.http import Http404

from wcr.accounts.access import membership_with_role
from wcr.accounts.models import Membership, Role
from wcr.core.request import WcrRequest
from wcr.partners.models import Partner
from wcr.partners.selectors import partner_by_code

# Who reads the staff list, and who changes entries.
READ_ROLES = (Role.COUNSELLOR, Role.TEAM_LEAD, Role.COORDINATOR)
MAINTAIN_ROLES = (Role.TEAM_LEAD,)


def directory_membership(request: WcrRequest, *, write: bool = False) -> Membership:
    """The acting membership if it may read (``write``: maintain) the directory; else 404."""
    roles = MAINTAIN_ROLES if write else READ_ROLES
    return membership_with_role(request, roles)


def may_maintain(membership: Membership | None) -> bool:
    """Whether the membership may change directory entries (for showing the buttons)."""
    if membership is None:
        return False
    return membership.role in MAINTAIN_ROLES


def access_partner(request: WcrRequest, code: str | uuid.UUID, *, write: bool = False) -> Partner:
    """A directory entry, active or not, for the staff area; 404 for the wrong role or an
    unknown code."""
    directory_membership(request, write=write)
    partner = partner_by_code(code, active_only=False)
    if partner is None:
        raise Http404
    return partner
