"""The tenancy gate: the one place views and API endpoints get organisation-owned objects from.

Every lookup filters by the acting membership's organisation *inside the query* and answers 404
both for "does not exist" and for "not yours", so a probe learns nothing. One condition per line,
so coverage shows every branch. Later capabilities add their ``access_<entity>`` functions here
(``access_case``, ``access_person``, …) on the same pattern.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.db.models import Model, QuerySet
from django.http import Http404
from django.http.response import HttpResponseBase

from wcr.accounts.models import Membership, Role
from wcr.cases.models import Case, Company, Person
from wcr.cases.selectors import cases_visible_to, companies_visible_to, persons_visible_to
from wcr.core.request import WcrRequest
from wcr.privacy.services import access_log_read

View = Callable[..., HttpResponseBase]

# Roles that counsel and therefore see their organisation's case work.
CASEWORK_ROLES = frozenset({Role.COUNSELLOR, Role.TEAM_LEAD})


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


def access_membership(
    request: WcrRequest, code: str | uuid.UUID, *, write: bool = False
) -> Membership:
    """A colleague's membership: team leads see (and change) their own organisation's staff."""
    membership = request.membership
    if membership is None:
        raise Http404
    if membership.role != Role.TEAM_LEAD:
        raise Http404
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


# --- Case workbench -------------------------------------------------------------------------------
# Every fetch of a person's record or a case through these functions is written to the access log
# (the gate does it, so no view can forget it).

CASE_ROLES = (Role.COUNSELLOR, Role.TEAM_LEAD)


def _casework_membership(request: WcrRequest) -> Membership:
    membership = request.membership
    if membership is None:
        raise Http404
    if membership.role not in CASE_ROLES:
        raise Http404
    return membership


def access_case(request: WcrRequest, code: str | uuid.UUID, *, write: bool = False) -> Case:
    """A case the acting membership may see (its organisation's, later: shared with it)."""
    membership = _casework_membership(request)
    case = (
        cases_visible_to(membership)
        .select_related(
            "person", "company", "counsellor", "location", "organisation", "recruitment_case"
        )
        .filter(code=parse_code(code))
        .first()
    )
    if case is None:
        raise Http404
    access_log_read(request, case, owner=case.organisation, purpose="write" if write else "")
    return case


def access_person(request: WcrRequest, code: str | uuid.UUID, *, write: bool = False) -> Person:
    membership = _casework_membership(request)
    person = (
        persons_visible_to(membership)
        .select_related("organisation", "municipality")
        .filter(code=parse_code(code))
        .first()
    )
    if person is None:
        raise Http404
    access_log_read(request, person, owner=person.organisation, purpose="write" if write else "")
    return person


def access_company(request: WcrRequest, code: str | uuid.UUID, *, write: bool = False) -> Company:
    membership = _casework_membership(request)
    company = (
        companies_visible_to(membership)
        .select_related("organisation", "municipality")
        .filter(code=parse_code(code))
        .first()
    )
    if company is None:
        raise Http404
    return company


def access_case_part[P: Model](
    request: WcrRequest, queryset: QuerySet[P], code: str | uuid.UUID, *, write: bool = False
) -> P:
    """A milestone, task, checklist item or document: through the case it belongs to."""
    membership = _casework_membership(request)
    obj = (
        queryset.filter(case__in=cases_visible_to(membership), code=parse_code(code))
        .select_related("case", "case__organisation")
        .first()
    )
    if obj is None:
        raise Http404
    case: Case = obj.case  # type: ignore[attr-defined]
    access_log_read(request, case, owner=case.organisation, purpose="write" if write else "")
    return obj
