"""The typed request every staff view receives."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from wcr.accounts.models import Membership, Organisation, User


class WcrRequest(HttpRequest):
    """``HttpRequest`` as seen by views: the user plus the membership they act under.

    ``membership`` and ``organisation`` are set by ``membership_middleware``; both are ``None``
    for anonymous users and for users without an active membership.
    """

    user: User
    membership: Membership | None
    organisation: Organisation | None
