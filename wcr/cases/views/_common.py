"""What the case workbench's views share: request helpers, the case page's context and the
path of the small "add" forms."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from wcr.accounts.models import Organisation, Role
from wcr.cases import forms as case_forms
from wcr.cases import selectors, services
from wcr.cases.models import Case, CaseStatus, ChecklistItem, ChecklistStatus
from wcr.core.request import WcrRequest

PAGE_SIZE = 50


def local_today() -> datetime.date:
    return timezone.localdate()


def acting_organisation(request: WcrRequest) -> Organisation:
    if request.organisation is None:  # staff_required already ensures a membership
        raise Http404
    return request.organisation


def is_htmx(request: WcrRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def case_context(request: WcrRequest, case: Case, **extra: Any) -> dict[str, Any]:
    assert request.membership is not None
    today = local_today()
    is_team_lead = request.membership.role == Role.TEAM_LEAD
    contact_form = extra.pop("contact_form", None) or case_forms.ContactForm(
        initial={
            "happened_on": today,
            "language": case.person.preferred_language if case.person else "de",
        }
    )
    page = selectors.case_page(case)
    status_form = extra.pop("status_form", None) or case_forms.StatusForm(
        initial={"version": case.version}
    )
    allowed = services.ALLOWED_TRANSITIONS.get(CaseStatus(case.status), set())
    status_form.fields["status"].choices = [  # type: ignore[union-attr]
        (value, label) for value, label in CaseStatus.choices if value in allowed
    ]
    return {
        "case": case,
        "today": today,
        "timeline": page.timeline,
        "contact_form": contact_form,
        "status_form": status_form,
        "task_form": extra.pop("task_form", None)
        or case_forms.TaskForm(
            membership=request.membership,
            initial={
                "assignee": request.user.username,
                "due_on": today + datetime.timedelta(days=7),
            },
        ),
        "procedure_form": extra.pop("procedure_form", None)
        or case_forms.ProcedureForm(language=get_language() or "de", initial={"started_on": today}),
        "upload_form": extra.pop("upload_form", None) or case_forms.UploadForm(),
        "assign_form": case_forms.AssignForm(
            membership=request.membership,
            initial={"counsellor": case.counsellor.username if case.counsellor else None},
            # Only team leads assign: the others' page costs no caseload queries.
            caseloads=selectors.caseloads(request.membership, today=today)
            if is_team_lead
            else None,
        ),
        "milestones": page.milestones,
        "checklist": page.checklist,
        "tasks": page.open_tasks,
        "worker_cases": page.worker_cases,
        "documents": page.documents,
        "checklist_statuses": ChecklistStatus.choices,
        "is_team_lead": is_team_lead,
        "checklist_saved": _checklist_saved(request, page),
        "shares": selectors.case_shares_in_force(case),
        **extra,
    }


def checklist_saved_message(item: ChecklistItem) -> str:
    return _("“%(item)s” is now “%(status)s”.") % {
        "item": item.title,
        "status": item.get_status_display(),
    }


def _checklist_saved(request: WcrRequest, page: selectors.CasePage) -> str:
    """The confirmation after a checklist item was saved without JavaScript (the redirect names
    the item): only for an item of this case's checklist."""
    code = request.GET.get("checklist_saved", "")
    row = next((row for row in page.checklist if str(row.item.code) == code), None)
    return checklist_saved_message(row.item) if row else ""


def add_detail(
    request: WcrRequest,
    *,
    form: forms.Form,
    on_invalid: Callable[[], HttpResponse],
    save: Callable[..., object],
    message: str,
    target: str,
) -> HttpResponse:
    """The shared path of the small "add" forms on the person and company pages: 400 with the
    page and the form's errors (input kept), or save, confirm and go back to the section."""
    if not form.is_valid():
        return on_invalid()
    save(actor=request.user, **form.cleaned_data)
    messages.success(request, message)
    return redirect(target)
