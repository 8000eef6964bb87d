"""The case workbench's figures on the staff start page (the accounts app renders the page and
never imports the case workbench: the template loads these tags)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from wcr.accounts.models import Role
from wcr.cases.access import CASE_ROLES
from wcr.cases.forms import caseload_text
from wcr.cases.models import CaseStatus, Document
from wcr.cases.selectors import Caseload, caseloads, cases_visible_to, overdue_tasks
from wcr.cases.services import document_type_label

register = template.Library()


@register.simple_tag(takes_context=True)
def casework_counts(context: dict[str, Any]) -> dict[str, int]:
    """New requests, the user's open cases and overdue tasks, for counsellors and team leads."""
    request = context["request"]
    membership = request.membership
    if membership is None:
        return {}
    if membership.role not in CASE_ROLES:
        return {}
    today = timezone.localdate()
    cases = cases_visible_to(membership)
    return {
        "inbox": cases.filter(status=CaseStatus.NEW).count(),
        "mine": cases.exclude(status=CaseStatus.CLOSED).filter(counsellor=request.user).count(),
        "overdue": overdue_tasks(membership, today=today).filter(due_on__lt=today).count(),
    }


@register.filter
def document_type(document: Document) -> str:
    """PDF, JPEG, PNG, DOCX or XLSX: the type detected on upload, as people call it."""
    return document_type_label(document)


@register.simple_tag(takes_context=True)
def team_caseloads(context: dict[str, Any]) -> dict[int, Caseload]:
    """Each user's caseload in the team lead's organisation (two grouped counts)."""
    membership = context["request"].membership
    if membership is None or membership.role != Role.TEAM_LEAD:
        return {}
    return caseloads(membership, today=timezone.localdate())


@register.filter
def caseload_of(loads: dict[int, Caseload], user_id: int) -> str:
    """“3 open cases, 2 open tasks (1 overdue)” for the user."""
    return caseload_text(loads.get(user_id, Caseload()))
