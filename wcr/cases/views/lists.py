"""The case lists: the organisation's cases (filtered), the inbox of new requests, my caseload."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from wcr.accounts.access import staff_required
from wcr.accounts.models import Location
from wcr.cases import forms as case_forms
from wcr.cases import selectors
from wcr.cases.access import CASE_ROLES
from wcr.cases.models import CaseStatus, Topic
from wcr.cases.views._common import PAGE_SIZE, is_htmx, local_today
from wcr.core.request import WcrRequest
from wcr.privacy.services import access_log_bulk_read


def _case_list_page(
    request: WcrRequest, *, title: str, filters: selectors.CaseFilters, show_filters: bool
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
    }
    template = "cases/case_list.html#results" if is_htmx(request) else "cases/case_list.html"
    return render(request, template, context)


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


@staff_required(*CASE_ROLES)
def inbox(request: WcrRequest) -> HttpResponse:
    return _case_list_page(
        request,
        title=_("Inbox: new requests"),
        filters=selectors.CaseFilters(status=CaseStatus.NEW),
        show_filters=False,
    )


@staff_required(*CASE_ROLES)
def my_cases(request: WcrRequest) -> HttpResponse:
    filters = _filters_from(request, open_only=True)
    filters = selectors.CaseFilters(**{**filters.__dict__, "counsellor": str(request.user.code)})
    return _case_list_page(request, title=_("My caseload"), filters=filters, show_filters=False)
