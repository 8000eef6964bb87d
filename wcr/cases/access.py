"""The case workbench's gate: the one place views and API endpoints get people, companies,
cases and the parts of a case from.

Built on the shared primitives of ``wcr.accounts.access``. Every lookup filters by the acting
membership *inside the query* and answers 404 both for "does not exist" and for "not yours", so a
probe learns nothing. Every fetch of a person's record or a case is written to the access log (the
gate does it, so no view can forget it). One condition per line, so coverage shows every branch.

A case shared with the acting organisation (an active ``CaseShare``, see ``selectors``) is read
only: its summary, person and company, the contacts when granted, the documents chosen. Writes,
tasks and the documents not granted answer 404 to the receiving organisation, as if they did not
exist. Reads through a share are cross-organisation entries of the access log (the owner differs).
"""

from __future__ import annotations

import uuid

from django.db.models import Model, QuerySet
from django.http import Http404

from wcr.accounts.access import membership_with_role, parse_code
from wcr.accounts.models import Membership, Role
from wcr.cases.models import Case, CaseShare, Company, Document, Person
from wcr.cases.selectors import (
    case_share_for,
    cases_visible_to,
    companies_visible_to,
    persons_visible_to,
)
from wcr.core.request import WcrRequest
from wcr.privacy.services import access_log_read

# Roles that counsel and therefore see their organisation's case work.
CASE_ROLES = (Role.COUNSELLOR, Role.TEAM_LEAD)


def casework_membership(request: WcrRequest) -> Membership:
    """The acting membership if it may see case work (counsellors, team leads); else 404."""
    return membership_with_role(request, CASE_ROLES)


def _purpose(write: bool) -> str:
    return "write" if write else ""


def access_case(
    request: WcrRequest, code: str | uuid.UUID, *, write: bool = False, owned: bool = False
) -> Case:
    """A case the acting membership may see (its organisation's, or shared with it: read only)."""
    membership = casework_membership(request)
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
    if write or owned:  # owned: a read the owner alone makes (its work on the case)
        _owned_or_404(membership, case)
    access_log_read(request, case, owner=case.organisation, purpose=_purpose(write))
    return case


def _owned_or_404(membership: Membership, obj: Case | Person | Company) -> None:
    """Writes only by the owner: a share is read only."""
    if obj.organisation_id != membership.organisation_id:
        raise Http404


def case_share_of(request: WcrRequest, case: Case) -> CaseShare | None:
    """The grant through which the acting membership sees ``case`` (None: it is the owner)."""
    return case_share_for(casework_membership(request), case)


def access_person(request: WcrRequest, code: str | uuid.UUID, *, write: bool = False) -> Person:
    membership = casework_membership(request)
    person = (
        persons_visible_to(membership)
        .select_related("organisation", "municipality")
        .filter(code=parse_code(code))
        .first()
    )
    if person is None:
        raise Http404
    if write:
        _owned_or_404(membership, person)
    access_log_read(request, person, owner=person.organisation, purpose=_purpose(write))
    return person


def access_company(request: WcrRequest, code: str | uuid.UUID, *, write: bool = False) -> Company:
    """A company (no personal data of a client: not written to the access log)."""
    membership = casework_membership(request)
    company = (
        companies_visible_to(membership)
        .select_related("organisation", "municipality")
        .filter(code=parse_code(code))
        .first()
    )
    if company is None:
        raise Http404
    if write:
        _owned_or_404(membership, company)
    return company


def access_case_part[P: Model](
    request: WcrRequest, queryset: QuerySet[P], code: str | uuid.UUID, *, write: bool = False
) -> P:
    """A milestone, task, checklist item or document: through the case it belongs to. Through a
    share: a granted document, read only."""
    membership = casework_membership(request)
    obj = (
        queryset.filter(case__in=cases_visible_to(membership), code=parse_code(code))
        .select_related("case", "case__organisation")
        .first()
    )
    if obj is None:
        raise Http404
    case: Case = obj.case  # type: ignore[attr-defined]
    if case.organisation_id != membership.organisation_id:
        _granted_or_404(membership, case, obj, write=write)
    access_log_read(request, case, owner=case.organisation, purpose=_purpose(write))
    return obj


def _granted_or_404(membership: Membership, case: Case, obj: Model, *, write: bool) -> None:
    if write:
        raise Http404
    if not isinstance(obj, Document):
        raise Http404
    share = case_share_for(membership, case)
    if share is None or not share.documents.filter(pk=obj.pk).exists():
        raise Http404
