"""Milestones, checklists and tasks of a case; the task list across cases."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wcr.accounts.access import staff_required
from wcr.cases import forms as case_forms
from wcr.cases import selectors, services
from wcr.cases.access import CASE_ROLES, access_case, access_case_part
from wcr.cases.models import ChecklistItem, ChecklistStatus, Milestone, Task
from wcr.cases.views._common import case_context, checklist_saved_message, is_htmx, local_today
from wcr.core.deadlines import DeadlineOutOfRange
from wcr.core.request import WcrRequest
from wcr.privacy.services import access_log_bulk_read


@staff_required(*CASE_ROLES)
@require_POST
def milestone_done(request: WcrRequest, code: str) -> HttpResponse:
    milestone = access_case_part(request, Milestone.objects.all(), code, write=True)
    form = case_forms.MilestoneDoneForm(request.POST)
    if form.is_valid():
        try:
            services.milestone_complete(
                actor=request.user, milestone=milestone, done_on=form.cleaned_data["done_on"]
            )
        except DeadlineOutOfRange:
            form.add_error("done_on", _("The deadlines that follow cannot be computed from it."))
    if form.errors:
        context = case_context(
            request, milestone.case, done_form=form, done_milestone=milestone.code
        )
        return render(request, "cases/case_detail.html", context, status=400)
    messages.success(request, _("Milestone done; the following deadlines were computed."))
    return redirect(reverse("cases:detail", kwargs={"code": milestone.case.code}) + "#procedures")


@staff_required(*CASE_ROLES)
@require_POST
def checklist_status(request: WcrRequest, code: str) -> HttpResponse:
    item = access_case_part(request, ChecklistItem.objects.all(), code, write=True)
    status = request.POST.get("status", "")
    if status not in ChecklistStatus.values:
        error = {"code": item.code, "message": _("Status: please choose one of the listed values.")}
        context = case_context(request, item.case, checklist_error=error)
        if is_htmx(request):
            return render(request, "cases/case_detail.html#checklist-items", context, status=400)
        return render(request, "cases/case_detail.html", context, status=400)
    services.checklist_set_status(actor=request.user, item=item, status=status)
    if is_htmx(request):
        # The list, and the confirmation into the live region that stays on the page.
        context = case_context(
            request, item.case, checklist_saved=checklist_saved_message(item), oob=True
        )
        return HttpResponse(
            render_to_string("cases/case_detail.html#checklist-items", context, request)
            + render_to_string("cases/case_detail.html#checklist-live", context, request)
        )
    # Without JavaScript the page comes back at the checklist, the confirmation beside it.
    detail = reverse("cases:detail", kwargs={"code": item.case.code})
    return redirect(f"{detail}?{urlencode({'checklist_saved': str(item.code)})}#checklist")


@staff_required(*CASE_ROLES)
@require_POST
def task_add(request: WcrRequest, code: str) -> HttpResponse:
    case = access_case(request, code, write=True)
    assert request.membership is not None
    form = case_forms.TaskForm(request.POST, membership=request.membership)
    if not form.is_valid():
        return render(
            request,
            "cases/case_detail.html",
            case_context(request, case, task_form=case_forms.focus_first_error(form)),
            status=400,
        )
    data = form.cleaned_data
    services.task_create(
        actor=request.user,
        case=case,
        title=data["title"],
        assignee=data["assignee"],
        due_on=data["due_on"],
    )
    messages.success(request, _("The task was created."))
    return redirect(reverse("cases:detail", kwargs={"code": case.code}) + "#tasks")


@staff_required(*CASE_ROLES)
@require_POST
def task_done(request: WcrRequest, code: str) -> HttpResponse:
    task = access_case_part(request, Task.objects.all(), code, write=True)
    if task.done_at is None:
        services.task_complete(actor=request.user, task=task)
    target = request.POST.get("next") or reverse("cases:detail", kwargs={"code": task.case.code})  # type: ignore[union-attr]
    if not target.startswith("/mitarbeitende/"):
        target = reverse("cases:tasks")
    return redirect(target)


@staff_required(*CASE_ROLES)
def tasks(request: WcrRequest) -> HttpResponse:
    assert request.membership is not None
    today = local_today()
    open_tasks = list(selectors.open_tasks_for(request.membership))
    shown = selectors.shown_in_case_rows(task.case for task in open_tasks if task.case is not None)
    access_log_bulk_read(request, shown, purpose="list")
    return render(
        request,
        "cases/tasks.html",
        {
            "today": today,
            "overdue": [t for t in open_tasks if t.due_on < today],
            "upcoming": [t for t in open_tasks if t.due_on >= today],
        },
    )
