"""The case page and its forms: contacts, status, edit, assignment, procedures; opening a case."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wcr.accounts.access import staff_required
from wcr.accounts.models import Role
from wcr.cases import forms as case_forms
from wcr.cases import selectors, services
from wcr.cases.access import (
    CASE_ROLES,
    access_case,
    access_company,
    access_person,
    case_share_of,
)
from wcr.cases.views._common import acting_organisation, case_context, is_htmx
from wcr.core.request import WcrRequest


@staff_required(*CASE_ROLES)
def case_detail(request: WcrRequest, code: str) -> HttpResponse:
    case = access_case(request, code)
    # The gate first, then the method: other organisations get 404 for every method.
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    share = case_share_of(request, case)
    if share is not None:  # seen through a share: the granted parts, read only
        page = selectors.shared_case_page(case, share)
        return render(request, "cases/case_shared.html", {"case": case, "page": page})
    return render(request, "cases/case_detail.html", case_context(request, case))


@staff_required(*CASE_ROLES)
@require_POST
def case_log_contact(request: WcrRequest, code: str) -> HttpResponse:
    case = access_case(request, code, write=True)
    form = case_forms.ContactForm(request.POST)
    if not form.is_valid():
        context = case_context(request, case, contact_form=form)
        template = (
            "cases/case_detail.html#contact-panel" if is_htmx(request) else "cases/case_detail.html"
        )
        return render(request, template, context, status=400)
    data = form.cleaned_data
    services.contact_log(
        actor=request.user,
        case=case,
        happened_on=data["happened_on"],
        duration_minutes=data["duration_minutes"],
        channel=data["channel"],
        location=case.location,
        language=data["language"],
        interpreter=data["interpreter"],
        topics=data["topics"],
        note=data["note"],
    )
    if is_htmx(request):
        case.refresh_from_db()
        context = case_context(request, case, contact_saved=True)
        return render(request, "cases/case_detail.html#contact-panel", context)
    messages.success(request, _("The contact was logged."))
    return redirect("cases:detail", code=case.code)


@staff_required(*CASE_ROLES)
@require_POST
def case_change_status(request: WcrRequest, code: str) -> HttpResponse:
    case = access_case(request, code, write=True)
    form = case_forms.StatusForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "cases/case_detail.html",
            case_context(request, case, status_form=case_forms.focus_first_error(form)),
            status=400,
        )
    data = form.cleaned_data
    try:
        services.case_change_status(
            actor=request.user,
            case=case,
            expected_version=data["version"],
            status=data["status"],
            closing_reason=data["closing_reason"],
            outcome=data["outcome"],
        )
    except services.EditConflict as conflict:
        messages.error(
            request,
            _(
                "Someone else changed this case meanwhile; please look at the current state and try again."
            ),
        )
        return render(
            request,
            "cases/case_detail.html",
            case_context(request, conflict.current, conflict=conflict.changes),
            status=409,
        )
    except services.InvalidTransition:
        form.add_error("status", _("This status cannot follow the current one."))
        return render(
            request,
            "cases/case_detail.html",
            case_context(request, case, status_form=form),
            status=400,
        )
    messages.success(request, _("The status was changed."))
    return redirect("cases:detail", code=case.code)


@staff_required(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def case_edit(request: WcrRequest, code: str) -> HttpResponse:
    case = access_case(request, code, write=True)
    assert request.membership is not None
    if request.method == "GET":
        form = case_forms.CaseEditForm(
            membership=request.membership, initial=case_forms.case_initial(case)
        )
        return render(request, "cases/case_form.html", {"form": form, "case": case})
    form = case_forms.CaseEditForm(request.POST, membership=request.membership)
    if not form.is_valid():
        return render(request, "cases/case_form.html", {"form": form, "case": case}, status=400)
    data = form.cleaned_data
    try:
        services.case_update(
            actor=request.user,
            case=case,
            expected_version=data["version"],
            changes={
                "title": data["title"],
                "channel": data["channel"],
                "location": data["location"],
                "counsellor": data["counsellor"],
                "esf_participant": data["esf_participant"],
            },
            topics=data["topics"],
        )
    except services.EditConflict as conflict:
        # Keep what the user entered; show what changed; the new version lets them overwrite.
        form = case_forms.CaseEditForm(
            {
                **request.POST.dict(),
                "topics": request.POST.getlist("topics"),
                "version": conflict.current.version,
            },
            membership=request.membership,
        )
        form.is_valid()
        return render(
            request,
            "cases/case_form.html",
            {"form": form, "case": conflict.current, "conflict": conflict.changes},
            status=409,
        )
    messages.success(request, _("The case was saved."))
    return redirect("cases:detail", code=case.code)


@staff_required(Role.TEAM_LEAD)
@require_POST
def case_assign(request: WcrRequest, code: str) -> HttpResponse:
    case = access_case(request, code, write=True)
    assert request.membership is not None
    form = case_forms.AssignForm(request.POST, membership=request.membership)
    if not form.is_valid():
        messages.error(
            request, _("Responsible counsellor: please choose a counsellor of your organisation.")
        )
        return redirect("cases:detail", code=case.code)
    services.case_assign(actor=request.user, case=case, counsellor=form.cleaned_data["counsellor"])
    messages.success(request, _("The case was assigned."))
    return redirect("cases:detail", code=case.code)


@staff_required(*CASE_ROLES)
@require_POST
def case_start_procedure(request: WcrRequest, code: str) -> HttpResponse:
    case = access_case(request, code, write=True)
    form = case_forms.ProcedureForm(request.POST, language=get_language() or "de")
    if not form.is_valid():
        return render(
            request,
            "cases/case_detail.html",
            case_context(request, case, procedure_form=form),
            status=400,
        )
    services.procedure_start(
        actor=request.user,
        case=case,
        template=form.cleaned_data["template"],
        started_on=form.cleaned_data["started_on"],
    )
    messages.success(
        request, _("The procedure was started; its milestones and checklist are below.")
    )
    return redirect("cases:detail", code=case.code)


@staff_required(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def case_new(request: WcrRequest) -> HttpResponse:
    membership = request.membership
    assert membership is not None
    source = request.POST if request.method == "POST" else request.GET
    person = access_person(request, source["person"], write=True) if source.get("person") else None
    company = (
        access_company(request, source["company"], write=True) if source.get("company") else None
    )
    recruitment = (
        access_case(request, source["recruitment_case"], write=True)
        if source.get("recruitment_case")
        else None
    )
    if person is None and company is None:
        messages.info(
            request, _("First find or create the person or the company the case is about.")
        )
        return redirect("cases:search")
    initial = {
        "person": person.code if person else None,
        "company": company.code if company else None,
        "recruitment_case": recruitment.code if recruitment else None,
        "counsellor": request.user.username,
        "location": membership.locations.values_list("slug", flat=True).first(),
        "esf_participant": person is not None and company is None,
    }
    if request.method == "GET":
        form = case_forms.NewCaseForm(membership=membership, initial=initial)
        return render(
            request,
            "cases/case_form.html",
            {"form": form, "person": person, "company": company, "recruitment": recruitment},
        )
    form = case_forms.NewCaseForm(request.POST, membership=membership)
    if not form.is_valid():
        return render(
            request,
            "cases/case_form.html",
            {"form": form, "person": person, "company": company, "recruitment": recruitment},
            status=400,
        )
    data = form.cleaned_data
    case = services.case_open(
        actor=request.user,
        organisation=acting_organisation(request),
        person=person,
        company=company,
        location=data["location"],
        counsellor=data["counsellor"],
        topics=data["topics"],
        channel=data["channel"],
        title=data["title"],
        recruitment_case=recruitment,
        esf_participant=data["esf_participant"],
    )
    messages.success(request, _("The case was opened."))
    return redirect("cases:detail", code=case.code)
