"""Companies: create, page, edit, contact persons."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wcr.accounts.access import staff_required
from wcr.cases import forms as case_forms
from wcr.cases import selectors, services
from wcr.cases.access import CASE_ROLES, access_company
from wcr.cases.models import Company
from wcr.cases.views._common import acting_organisation, add_detail
from wcr.core.request import WcrRequest


def _company_input(data: dict[str, Any]) -> services.CompanyInput:
    return services.CompanyInput(
        name=data["name"].strip(),
        legal_form=data["legal_form"],
        sector=data["sector"],
        staff_count=data["staff_count"],
        municipality_id=data["municipality"].pk if data["municipality"] else None,
        email=data["email"],
        phone=data["phone"],
        website=data["website"],
    )


@staff_required(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def company_new(request: WcrRequest) -> HttpResponse:
    if request.method == "GET":
        return render(
            request,
            "cases/company_form.html",
            {"form": case_forms.CompanyForm(initial={"name": request.GET.get("name", "")})},
        )
    form = case_forms.CompanyForm(request.POST)
    if not form.is_valid():
        return render(request, "cases/company_form.html", {"form": form}, status=400)
    company = services.company_create(
        actor=request.user,
        organisation=acting_organisation(request),
        data=_company_input(form.cleaned_data),
    )
    messages.success(request, _("The company was created. Now open a case for it."))
    return redirect(f"{reverse('cases:new')}?company={company.code}")


def _company_page(
    request: WcrRequest, company: Company, *, status: int = 200, **forms: Any
) -> HttpResponse:
    assert request.membership is not None
    cases = (
        selectors.cases_visible_to(request.membership)
        .filter(company=company)
        .select_related("counsellor", "person")
        .order_by("-opened_on")
    )
    return render(
        request,
        "cases/company_detail.html",
        {
            "company": company,
            "cases": cases,
            "read_only": company.organisation_id != request.membership.organisation_id,
            "contacts": company.contacts.all(),
            "contact_form": forms.get("contact_form") or case_forms.CompanyContactForm(),
        },
        status=status,
    )


@staff_required(*CASE_ROLES)
def company_detail(request: WcrRequest, code: str) -> HttpResponse:
    company = access_company(request, code)
    # The gate first, then the method: other organisations get 404 for every method.
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    return _company_page(request, company)


@staff_required(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def company_edit(request: WcrRequest, code: str) -> HttpResponse:
    company = access_company(request, code, write=True)
    if request.method == "GET":
        return render(
            request,
            "cases/company_form.html",
            {
                "form": case_forms.CompanyEditForm(initial=case_forms.company_initial(company)),
                "company": company,
            },
        )
    form = case_forms.CompanyEditForm(request.POST)
    if not form.is_valid():
        return render(
            request, "cases/company_form.html", {"form": form, "company": company}, status=400
        )
    try:
        services.company_update(
            actor=request.user,
            company=company,
            expected_version=form.cleaned_data["version"],
            changes=_company_input(form.cleaned_data).__dict__,
        )
    except services.EditConflict as conflict:
        form = case_forms.CompanyEditForm(
            {**request.POST.dict(), "version": conflict.current.version}
        )
        form.is_valid()
        return render(
            request,
            "cases/company_form.html",
            {"form": form, "company": conflict.current, "conflict": conflict.changes},
            status=409,
        )
    messages.success(request, _("The company was saved."))
    return redirect("cases:company", code=company.code)


@staff_required(*CASE_ROLES)
@require_POST
def company_add_contact(request: WcrRequest, code: str) -> HttpResponse:
    company = access_company(request, code, write=True)
    form = case_forms.CompanyContactForm(request.POST)
    return add_detail(
        request,
        form=form,
        on_invalid=lambda: _company_page(request, company, contact_form=form, status=400),
        save=partial(services.company_add_contact, company=company),
        message=_("The contact person was saved."),
        target=reverse("cases:company", kwargs={"code": company.code}) + "#contacts",
    )
