"""The shared gate primitives: every capability's access functions are built on them.

Every lookup filters by the acting membership's organisation *inside the query* and answers 404
both for "does not exist" and for "not yours", so a probe learns nothing. One condition per line,
so coverage shows every branch. Each capability keeps its ``access_<entity>`` functions beside it
(``wcr/cases/access.py``: ``access_case``, ``access_person``, …) on the same pattern.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Iterable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.db.models import Model, QuerySet
from django.http import Http404
from django.http.response import HttpResponseBase

from wcr.accounts.models import Membership, Role
from wcr.core.request import WcrRequest

View = Callable[..., HttpResponseBase]


def staff_required(*roles: str) -> Callable[[View], View]:
    """Decorator: anonymous users go to the login page; signed-in users acting under a
    membership whose role is not in ``roles`` (any role when empty) get 404."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: WcrRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = request.membership
            if membership is None:
                raise Http404
            if roles and membership.role not in roles:
                raise Http404
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def parse_code(code: str | uuid.UUID) -> uuid.UUID:
    """A public identifier from a URL; anything that is not a UUID is simply not found."""
    if isinstance(code, uuid.UUID):
        return code
    try:
        return uuid.UUID(str(code))
    except ValueError:
        raise Http404 from None


def owned_or_404[M: Model](request: WcrRequest, queryset: QuerySet[M], code: str | uuid.UUID) -> M:
    """The object with ``code`` from ``queryset`` if it belongs to the acting organisation."""
    organisation = request.organisation
    if organisation is None:
        raise Http404
    obj = queryset.filter(organisation=organisation, code=parse_code(code)).first()
    if obj is None:
        raise Http404
    return obj


def membership_with_role(request: WcrRequest, roles: Collection[str]) -> Membership:
    """The acting membership if its role is one of ``roles``; else 404."""
    membership = request.membership
    if membership is None:
        raise Http404
    if membership.role not in roles:
        raise Http404
    return membership


def access_membership(
    request: WcrRequest, code: str | uuid.UUID, *, write: bool = False
) -> Membership:
    """A colleague's membership: team leads see (and change) their own organisation's staff."""
    membership_with_role(request, (Role.TEAM_LEAD,))
    queryset = Membership.objects.select_related("user", "organisation").prefetch_related(
        "locations"
    )
    return owned_or_404(request, queryset, code)


def visible_organisation_ids(membership: Membership | None) -> Iterable[int]:
    """Organisations whose privacy records (access log, audit trail) the membership may read."""
    if membership is None:
        return []
    if membership.role != Role.DATA_PROTECTION:
        return []
    return [membership.organisation_id]
