"""The case lists: the organisation's cases (filtered), the inbox of new requests (where team
leads assign several at once), my caseload."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from wcr.accounts.access import staff_required
from wcr.accounts.models import Location, Role
from wcr.cases import forms as case_forms
from wcr.cases import selectors, services
from wcr.cases.access import CASE_ROLES
from wcr.cases.models import CaseStatus, Topic
from wcr.cases.views._common import PAGE_SIZE, is_htmx, local_today
from wcr.core.request import WcrRequest
from wcr.privacy.services import access_log_bulk_read


def _case_list_page(
    request: WcrRequest,
    *,
    title: str,
    filters: selectors.CaseFilters,
    show_filters: bool,
    extra: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    assert request.membership is not None
    cases = selectors.case_list(request.membership, filters, today=local_today())
    page = selectors.case_list_page(
        cases,
        after=request.GET.get("after", "")[:40],
        before=request.GET.get("before", "")[:40],
        size=PAGE_SIZE,
    )
    access_log_bulk_read(request, selectors.shown_in_case_rows(page.cases), purpose="list")
    counsellors = case_forms.CaseForm(membership=request.membership).fields["counsellor"].queryset  # type: ignore[attr-defined]
    context = {
        "title": title,
        "page": page,
        "count_limit": selectors.COUNT_LIMIT,
        "paged": bool(request.GET.get("after") or request.GET.get("before")),
        "filters": filters,
        "show_filters": show_filters,
        "statuses": CaseStatus.choices,
        "topics": Topic.objects.all(),
        "locations": Location.objects.filter(is_active=True),
        "counsellors": counsellors,
        "query_string": _without_page(request),
        **(extra or {}),
    }
    template = "cases/case_list.html#results" if is_htmx(request) else "cases/case_list.html"
    return render(request, template, context, status=status)


def _without_page(request: WcrRequest) -> str:
    query = request.GET.copy()
    for key in ("page", "after", "before"):
        query.pop(key, None)
    return query.urlencode()


def _filters_from(request: WcrRequest, **fixed: Any) -> selectors.CaseFilters:
    get = request.GET
    status = get.get("status", "")
    return selectors.CaseFilters(
        status=status if status in CaseStatus.values else "",
        topic=get.get("topic", "")[:40],
        location=get.get("location", "")[:40],
        counsellor=get.get("counsellor", "")[:40],
        overdue=get.get("overdue") == "1",
        **fixed,
    )


@staff_required(*CASE_ROLES)
def case_list(request: WcrRequest) -> HttpResponse:
    return _case_list_page(
        request,
        title=_("Cases of the organisation"),
        filters=_filters_from(request),
        show_filters=True,
    )


def _inbox_page(
    request: WcrRequest,
    *,
    form: case_forms.BulkAssignForm | None = None,
    chosen: list[str] | None = None,
    problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    assert request.membership is not None
    extra: dict[str, Any] = {}
    if request.membership.role == Role.TEAM_LEAD:
        caseloads = selectors.caseloads(request.membership, today=local_today())
        if form is None:
            form = case_forms.BulkAssignForm(membership=request.membership)
        form.show_caseloads(caseloads)
        assignees = form.fields["counsellor"].queryset  # type: ignore[attr-defined]
        extra = {
            "bulk_form": form,
            "chosen": set(chosen or []),
            "problems": problems or [],
            "caseloads": [
                (user, caseloads.get(user.pk, selectors.Caseload())) for user in assignees
            ],
        }
    return _case_list_page(
        request,
        title=_("Inbox: new requests"),
        filters=selectors.CaseFilters(status=CaseStatus.NEW),
        show_filters=False,
        extra=extra,
        status=status,
    )


@staff_required(*CASE_ROLES)
def inbox(request: WcrRequest) -> HttpResponse:
    return _inbox_page(request)


# At most this many cases in one assignment: a few pages of the inbox.
BULK_ASSIGN_LIMIT = 200


@staff_required(Role.TEAM_LEAD)
@require_POST
def inbox_assign(request: WcrRequest) -> HttpResponse:
    """Assign the cases ticked in the inbox to one counsellor: all or none (each through the
    audited ``case_assign``). Cases that left the inbox or that the team lead may not see refuse
    the whole assignment with a message naming them; what was chosen stays chosen."""
    assert request.membership is not None
    codes = request.POST.getlist("cases")[: BULK_ASSIGN_LIMIT + 1]
    form = case_forms.BulkAssignForm(request.POST, membership=request.membership)
    problems: list[str] = []
    if not codes:
        problems.append(_("Please select at least one case in the list."))
    elif len(codes) > BULK_ASSIGN_LIMIT:
        problems.append(
            _("Please select at most %(n)d cases at a time.") % {"n": BULK_ASSIGN_LIMIT}
        )
    selection = selectors.inbox_selection(request.membership, codes)
    if selection.left_inbox:
        problems.append(
            _("No longer in the inbox (someone has taken them on meanwhile): %(refs)s.")
            % {"refs": ", ".join(case.reference for case in selection.left_inbox)}
        )
    if selection.not_visible:
        problems.append(
            ngettext(
                "%(n)d of the selected cases is not visible to you.",
                "%(n)d of the selected cases are not visible to you.",
                selection.not_visible,
            )
            % {"n": selection.not_visible}
        )
    valid = form.is_valid()
    if problems or not valid:
        return _inbox_page(request, form=form, chosen=codes, problems=problems, status=400)
    counsellor = form.cleaned_data["counsellor"]
    try:
        assigned = services.case_assign_many(
            actor=request.user, cases=selection.cases, counsellor=counsellor
        )
    except services.NotInInbox as gone:
        problems.append(
            _("No longer in the inbox (someone has taken them on meanwhile): %(refs)s.")
            % {"refs": ", ".join(gone.references)}
        )
        return _inbox_page(request, form=form, chosen=codes, problems=problems, status=400)
    access_log_bulk_read(request, selectors.shown_in_case_rows(assigned), purpose="write")
    messages.success(
        request,
        ngettext(
            "%(n)d case was assigned to %(name)s.",
            "%(n)d cases were assigned to %(name)s.",
            len(assigned),
        )
        % {"n": len(assigned), "name": counsellor},
    )
    return redirect("cases:inbox")


@staff_required(*CASE_ROLES)
def my_cases(request: WcrRequest) -> HttpResponse:
    filters = _filters_from(request, open_only=True)
    filters = selectors.CaseFilters(**{**filters.__dict__, "counsellor": str(request.user.code)})
    return _case_list_page(request, title=_("My caseload"), filters=filters, show_filters=False)
