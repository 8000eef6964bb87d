"""The requests from the portal in the staff area (``/mitarbeitende/anfragen/``): the
organisation's inbox of intake items, one item with everything the requester sent, and the three
decisions (accept after the duplicate check, forward, decline)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wcr.accounts.access import staff_required
from wcr.accounts.models import Location
from wcr.cases import selectors as case_selectors
from wcr.cases.access import CASE_ROLES, access_company, access_person
from wcr.cases.duplicate_reasons import Side, explain, match_level
from wcr.core.request import WcrRequest
from wcr.portal import services
from wcr.portal.access import access_intake, intake_items_for, intake_shows_personal_data
from wcr.portal.intake_forms import DeclineForm, ForwardForm
from wcr.portal.models import IntakeItem
from wcr.portal.models.requests import IntakeStatus, RequestKind
from wcr.portal.selectors import (
    intake_forwarded_to,
    intake_history,
    intake_ordered,
    intake_rows,
    intake_status_counts,
)
from wcr.privacy.services import access_log_bulk_read

PAGE_SIZE = 50


@staff_required(*CASE_ROLES)
@require_GET
def intake_list(request: WcrRequest) -> HttpResponse:
    """The organisation's intake items, new first; filters by status and location."""
    items = intake_items_for(request)
    counts = intake_status_counts(items)
    status = request.GET.get("status", "")
    location = request.GET.get("location", "")
    shown = items.select_related("request", "location").prefetch_related("request__topics")
    if status in IntakeStatus.values:
        shown = shown.filter(status=status)
    if location:
        shown = shown.filter(location__slug=location)
    page = Paginator(intake_ordered(shown), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = intake_rows(page.object_list)
    access_log_bulk_read(
        request, [row.item for row in rows if intake_shows_personal_data(row.item)]
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portal/staff/intake_list.html",
        {
            "rows": rows,
            "page": page,
            "counts": counts,
            "statuses": IntakeStatus.choices,
            "locations": Location.objects.filter(is_active=True).order_by("name"),
            "filters": {"status": status, "location": location},
            "query_string": query.urlencode(),
        },
    )


def _detail_context(request: WcrRequest, item: IntakeItem, **extra: Any) -> dict[str, Any]:
    assert request.organisation is not None
    return {
        "item": item,
        "portal_request": item.request,
        "personal": intake_shows_personal_data(item),
        "topics": list(item.request.topics.all()),
        "forwarded_to": intake_forwarded_to(item),
        "history": intake_history(item),
        "forward_form": ForwardForm(organisation=request.organisation),
        "decline_form": DeclineForm(),
        **extra,
    }


@staff_required(*CASE_ROLES)
def intake_detail(request: WcrRequest, code: str) -> HttpResponse:
    # The gate first, then the method: other organisations get 404 for every method.
    item = access_intake(request, code)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    return render(request, "portal/staff/intake_detail.html", _detail_context(request, item))


def _decided(request: WcrRequest, item: IntakeItem) -> HttpResponse:
    """The answer to a decision on an item that is no longer new (a stale form, a double
    click): a message, the item as it is now; nothing changed."""
    messages.warning(
        request,
        _("This request was already decided (%(status)s): nothing was changed.")
        % {"status": item.get_status_display()},
    )
    return redirect("intake:detail", code=item.code)


def _duplicates(request: WcrRequest, item: IntakeItem) -> list[dict[str, Any]]:
    """The duplicate check of the person form (or a company search by name), with the cases of
    each likely duplicate; every record shown is a read in the access log."""
    assert request.membership is not None
    portal_request = item.request
    if portal_request.kind == RequestKind.COMPANY:
        companies = case_selectors.company_search(
            request.membership, portal_request.company_name, limit=10
        )
        return [
            {"person": None, "company": company, "level": None, "reasons": [], "cases": []}
            for company in companies
        ]
    found = case_selectors.duplicate_candidates(
        request.membership,
        given_name=portal_request.given_name,
        family_name=portal_request.family_name,
        birth_date=None,
    )
    persons = [d.person for d in found]
    cases = case_selectors.cases_of_persons(request.membership, persons)
    entered = Side(portal_request.given_name, portal_request.family_name, "–")
    read: list[Model] = [*persons, *(case for found in cases.values() for case in found)]
    access_log_bulk_read(request, read, purpose="duplicates")
    return [
        {
            "person": d.person,
            "company": None,
            "level": match_level(d.score),
            "reasons": explain(
                d.reasons,
                entered,
                Side(d.person.given_name, d.person.family_name, d.person.birth_date_display()),
            ),
            "cases": cases.get(d.person.pk, []),
        }
        for d in found
    ]


@staff_required(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def intake_accept(request: WcrRequest, code: str) -> HttpResponse:
    """Accept: the duplicate check first (GET shows it with the choice), then the case opens for
    the chosen existing person or company or a new one (POST ``choice``: "new" or a code)."""
    item = access_intake(request, code, write=request.method == "POST")
    if item.status != IntakeStatus.NEW:
        return _decided(request, item)
    if request.method == "GET":
        return render(
            request,
            "portal/staff/intake_accept.html",
            {
                "item": item,
                "portal_request": item.request,
                "duplicates": _duplicates(request, item),
            },
        )
    choice = request.POST.get("choice", "")
    if not choice:
        return render(
            request,
            "portal/staff/intake_accept.html",
            {
                "item": item,
                "portal_request": item.request,
                "duplicates": _duplicates(request, item),
                "error": _("Choose an existing record or a new one."),
            },
            status=400,
        )
    person = company = None
    if choice != "new" and item.request.kind == RequestKind.COMPANY:
        company = access_company(request, choice, write=True)
    elif choice != "new":
        person = access_person(request, choice, write=True)
    try:
        case = services.intake_accept(actor=request.user, item=item, person=person, company=company)
    except services.IntakeDecided as decided:
        return _decided(request, decided.item)
    messages.success(
        request,
        _("Request %(reference)s accepted: case %(case)s opened.")
        % {"reference": item.request.reference, "case": case.reference},
    )
    return redirect("cases:detail", code=case.code)


@staff_required(*CASE_ROLES)
@require_POST
def intake_forward(request: WcrRequest, code: str) -> HttpResponse:
    item = access_intake(request, code, write=True)
    assert request.organisation is not None
    if item.status != IntakeStatus.NEW:
        return _decided(request, item)
    form = ForwardForm(request.POST, organisation=request.organisation)
    if not form.is_valid():
        context = _detail_context(request, item, forward_form=form, open_form="forward")
        return render(request, "portal/staff/intake_detail.html", context, status=400)
    target = form.cleaned_data["organisation"]
    try:
        services.intake_forward(
            actor=request.user,
            item=item,
            organisation=target,
            reason=form.cleaned_data["reason"],
        )
    except services.IntakeDecided as decided:
        return _decided(request, decided.item)
    messages.success(
        request,
        _("Request %(reference)s forwarded to %(organisation)s; the requester is told by mail.")
        % {"reference": item.request.reference, "organisation": target.name},
    )
    return redirect("intake:list")


@staff_required(*CASE_ROLES)
@require_POST
def intake_decline(request: WcrRequest, code: str) -> HttpResponse:
    item = access_intake(request, code, write=True)
    if item.status != IntakeStatus.NEW:
        return _decided(request, item)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        context = _detail_context(request, item, decline_form=form, open_form="decline")
        return render(request, "portal/staff/intake_detail.html", context, status=400)
    try:
        services.intake_decline(
            actor=request.user,
            item=item,
            reason=form.cleaned_data["reason"],
            help_text=form.cleaned_data["help_text"],
        )
    except services.IntakeDecided as decided:
        return _decided(request, decided.item)
    messages.success(
        request,
        _("Request %(reference)s declined; the requester is told by mail.")
        % {"reference": item.request.reference},
    )
    return redirect("intake:list")
