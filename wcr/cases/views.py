"""The case workbench: lists, case page with timeline, people, companies, search, tasks, documents.

Views validate input (400 with the field named, nothing entered lost), fetch through the tenancy
gate and call services. htmx requests get the page's partial; everything works without JS.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import partial
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wcr.accounts.access import (
    CASE_ROLES,
    access_case,
    access_case_part,
    access_company,
    access_person,
    staff_required,
)
from wcr.accounts.models import Location, Organisation, Role
from wcr.cases import forms as case_forms
from wcr.cases import selectors, services
from wcr.cases.models import (
    Case,
    CaseStatus,
    ChecklistItem,
    ChecklistStatus,
    Company,
    Document,
    Milestone,
    Person,
    Task,
    Topic,
)
from wcr.cases.models.choices import NameKind
from wcr.core.request import WcrRequest

PAGE_SIZE = 50


def _today() -> datetime.date:
    return timezone.localdate()


def _organisation(request: WcrRequest) -> Organisation:
    if request.organisation is None:  # staff_required already ensures a membership
        raise Http404
    return request.organisation


def _is_htmx(request: WcrRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


# --- Lists ----------------------------------------------------------------------------------------


def _case_list_page(
    request: WcrRequest, *, title: str, filters: selectors.CaseFilters, show_filters: bool
) -> HttpResponse:
    assert request.membership is not None
    cases = selectors.case_list(request.membership, filters, today=_today())
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    counsellors = case_forms.CaseForm(membership=request.membership).fields["counsellor"].queryset  # type: ignore[attr-defined]
    context = {
        "title": title,
        "page": page,
        "filters": filters,
        "show_filters": show_filters,
        "statuses": CaseStatus.choices,
        "topics": Topic.objects.all(),
        "locations": Location.objects.filter(is_active=True),
        "counsellors": counsellors,
        "query_string": _without_page(request),
    }
    template = "cases/case_list.html#results" if _is_htmx(request) else "cases/case_list.html"
    return render(request, template, context)


def _without_page(request: WcrRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
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


# --- Case page ------------------------------------------------------------------------------------


def _case_context(request: WcrRequest, case: Case, **extra: Any) -> dict[str, Any]:
    assert request.membership is not None
    today = _today()
    contact_form = extra.pop("contact_form", None) or case_forms.ContactForm(
        initial={
            "happened_on": today,
            "language": case.person.preferred_language if case.person else "de",
        }
    )
    timeline = selectors.case_timeline(case)
    # The page's milestone table and task list come from the timeline's rows (no second query).
    milestones = sorted(
        (e.obj for e in timeline if e.kind == "milestone" and e.obj.case_id == case.pk),
        key=lambda m: (m.procedure_id or 0, m.position, m.pk),
    )
    open_tasks = sorted(
        (e.obj for e in timeline if e.kind == "task" and e.obj.done_at is None),
        key=lambda t: (t.due_on, t.pk),
    )
    status_form = extra.pop("status_form", None) or case_forms.StatusForm(
        initial={"version": case.version}
    )
    allowed = services.ALLOWED_TRANSITIONS.get(CaseStatus(case.status), set())
    status_form.fields["status"].choices = [  # type: ignore[attr-defined,union-attr]
        (value, label) for value, label in CaseStatus.choices if value in allowed
    ]
    return {
        "case": case,
        "today": today,
        "timeline": timeline,
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
        ),
        "milestones": milestones,
        # gate: the items of a case fetched through access_case
        "checklist": list(ChecklistItem.objects.filter(case=case).prefetch_related("documents")),
        "tasks": open_tasks,
        "worker_cases": list(case.worker_cases.select_related("person")),
        "checklist_statuses": ChecklistStatus.choices,
        "is_team_lead": request.membership.role == Role.TEAM_LEAD,
        **extra,
    }


@staff_required(*CASE_ROLES)
def case_detail(request: WcrRequest, code: str) -> HttpResponse:
    case = access_case(request, code)
    return render(request, "cases/case_detail.html", _case_context(request, case))


@staff_required(*CASE_ROLES)
@require_POST
def case_log_contact(request: WcrRequest, code: str) -> HttpResponse:
    case = access_case(request, code, write=True)
    form = case_forms.ContactForm(request.POST)
    if not form.is_valid():
        context = _case_context(request, case, contact_form=form)
        template = (
            "cases/case_detail.html#contact-panel"
            if _is_htmx(request)
            else "cases/case_detail.html"
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
    if _is_htmx(request):
        case.refresh_from_db()
        context = _case_context(request, case, contact_saved=True)
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
            _case_context(request, case, status_form=form),
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
            _case_context(request, conflict.current, conflict=conflict.changes),
            status=409,
        )
    except services.InvalidTransition:
        form.add_error("status", _("This status cannot follow the current one."))
        return render(
            request,
            "cases/case_detail.html",
            _case_context(request, case, status_form=form),
            status=400,
        )
    messages.success(request, _("The status was changed."))
    return redirect("cases:detail", code=case.code)


@staff_required(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def case_edit(request: WcrRequest, code: str) -> HttpResponse:
    case = access_case(request, code, write=request.method == "POST")
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
            _case_context(request, case, procedure_form=form),
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
@require_POST
def milestone_done(request: WcrRequest, code: str) -> HttpResponse:
    milestone = access_case_part(request, Milestone.objects.all(), code, write=True)
    form = case_forms.MilestoneDoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Done on: please enter a valid date."))
    else:
        services.milestone_complete(
            actor=request.user, milestone=milestone, done_on=form.cleaned_data["done_on"]
        )
        messages.success(request, _("Milestone done; the following deadlines were computed."))
    return redirect(reverse("cases:detail", kwargs={"code": milestone.case.code}) + "#procedures")


@staff_required(*CASE_ROLES)
@require_POST
def checklist_status(request: WcrRequest, code: str) -> HttpResponse:
    item = access_case_part(request, ChecklistItem.objects.all(), code, write=True)
    status = request.POST.get("status", "")
    if status not in ChecklistStatus.values:
        messages.error(request, _("Status: please choose one of the listed values."))
    else:
        services.checklist_set_status(actor=request.user, item=item, status=status)
    return redirect(reverse("cases:detail", kwargs={"code": item.case.code}) + "#checklist")


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
            _case_context(request, case, task_form=form),
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
@require_POST
def document_add(request: WcrRequest, code: str) -> HttpResponse:
    case = access_case(request, code, write=True)
    form = case_forms.UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(
            request,
            "cases/case_detail.html",
            _case_context(request, case, upload_form=form),
            status=400,
        )
    item = None
    item_code = selectors._uuid_or_none(request.POST.get("checklist_item", ""))
    if item_code is not None:
        # gate: an item of the case fetched through access_case
        item = ChecklistItem.objects.filter(case=case, code=item_code).first()
    try:
        services.document_upload(
            actor=request.user, case=case, upload=form.cleaned_data["file"], checklist_item=item
        )
    except services.InvalidUpload as problem:
        if str(problem) == "size":
            form.add_error("file", _("The file is too large (at most 10 MB)."))
        else:
            form.add_error(
                "file",
                _(
                    "This kind of file is not accepted: please upload a PDF, JPEG, PNG, DOCX or XLSX."
                ),
            )
        return render(
            request,
            "cases/case_detail.html",
            _case_context(request, case, upload_form=form),
            status=400,
        )
    messages.success(request, _("The document was uploaded."))
    return redirect(reverse("cases:detail", kwargs={"code": case.code}) + "#documents")


@staff_required(*CASE_ROLES)
def document_download(request: WcrRequest, code: str) -> FileResponse:
    document = access_case_part(request, Document.objects.all(), code)
    response = FileResponse(
        services.document_path(document).open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- New case -------------------------------------------------------------------------------------


@staff_required(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def case_new(request: WcrRequest) -> HttpResponse:
    membership = request.membership
    assert membership is not None
    source = request.POST if request.method == "POST" else request.GET
    person = access_person(request, source["person"]) if source.get("person") else None
    company = access_company(request, source["company"]) if source.get("company") else None
    recruitment = (
        access_case(request, source["recruitment_case"]) if source.get("recruitment_case") else None
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
        organisation=_organisation(request),
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


# --- People ---------------------------------------------------------------------------------------


def _person_input(data: dict[str, Any]) -> services.PersonInput:
    return services.PersonInput(
        given_name=data["given_name"].strip(),
        family_name=data["family_name"].strip(),
        birth_date=data["birth_date"],
        birth_date_precision=data["birth_date_precision"],
        gender=data["gender"],
        nationalities=data["nationalities"],
        email=data["email"],
        phone=data["phone"],
        postal_code=data["postal_code"],
        municipality_id=data["municipality"].pk if data["municipality"] else None,
        country_of_residence=data["country_of_residence"],
        residence_status=data["residence_status"],
        residence_expiry=data["residence_expiry"],
        preferred_language=data["preferred_language"],
    )


@staff_required(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def person_new(request: WcrRequest) -> HttpResponse:
    """Create a person; likely duplicates are shown first and must be confirmed."""
    assert request.membership is not None
    if request.method == "GET":
        form = case_forms.PersonForm(
            initial={
                "given_name": request.GET.get("given_name", ""),
                "family_name": request.GET.get("family_name", ""),
            }
        )
        return render(request, "cases/person_form.html", {"form": form})
    form = case_forms.PersonForm(request.POST)
    if not form.is_valid():
        return render(request, "cases/person_form.html", {"form": form}, status=400)
    data = form.cleaned_data
    duplicates = selectors.duplicate_candidates(
        request.membership,
        given_name=data["given_name"],
        family_name=data["family_name"],
        birth_date=data["birth_date"],
        birth_date_precision=data["birth_date_precision"],
    )
    if duplicates and request.POST.get("confirm_new") != "1":
        return render(
            request, "cases/person_form.html", {"form": form, "duplicates": duplicates}, status=409
        )
    variants = []
    if data["native_given_name"] or data["native_family_name"]:
        variants.append(
            services.NameVariant(
                data["native_given_name"],
                data["native_family_name"],
                kind=NameKind.NATIVE,
                script=data["native_script"] or "other",
            )
        )
    person = services.person_create(
        actor=request.user,
        organisation=_organisation(request),
        data=_person_input(data),
        variants=variants,
    )  # type: ignore[arg-type]
    messages.success(request, _("The person was created. Now open a case for them."))
    return redirect(f"{reverse('cases:new')}?person={person.code}")


def _person_page(
    request: WcrRequest, person: Person, *, status: int = 200, **forms: Any
) -> HttpResponse:
    cases = person.cases.select_related("counsellor", "company").order_by("-opened_on")
    return render(
        request,
        "cases/person_detail.html",
        {
            "person": person,
            "cases": cases,
            "names": person.names.all(),
            "languages": person.languages.all(),
            "qualifications": person.qualifications.all(),
            "language_form": forms.get("language_form") or case_forms.LanguageForm(),
            "qualification_form": forms.get("qualification_form") or case_forms.QualificationForm(),
        },
        status=status,
    )


@staff_required(*CASE_ROLES)
def person_detail(request: WcrRequest, code: str) -> HttpResponse:
    return _person_page(request, access_person(request, code))


@staff_required(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def person_edit(request: WcrRequest, code: str) -> HttpResponse:
    person = access_person(request, code, write=request.method == "POST")
    if request.method == "GET":
        form = case_forms.PersonEditForm(
            initial={**case_forms.PersonForm.initial_for(person), "version": person.version}
        )
        return render(request, "cases/person_form.html", {"form": form, "person": person})
    form = case_forms.PersonEditForm(request.POST)
    if not form.is_valid():
        return render(
            request, "cases/person_form.html", {"form": form, "person": person}, status=400
        )
    data = form.cleaned_data
    changes = _person_input(data).__dict__
    try:
        services.person_update(
            actor=request.user, person=person, expected_version=data["version"], changes=changes
        )
    except services.EditConflict as conflict:
        form = case_forms.PersonEditForm(
            {**request.POST.dict(), "version": conflict.current.version}
        )
        form.is_valid()
        return render(
            request,
            "cases/person_form.html",
            {"form": form, "person": conflict.current, "conflict": conflict.changes},
            status=409,
        )
    native = person.names.filter(kind=NameKind.NATIVE).first()
    if (data["native_given_name"] or data["native_family_name"]) and native is None:
        services.person_add_name_variant(
            actor=request.user,
            person=person,
            variant=services.NameVariant(
                data["native_given_name"],
                data["native_family_name"],
                kind=NameKind.NATIVE,
                script=data["native_script"] or "other",
            ),
        )
    messages.success(request, _("The person was saved."))
    return redirect("cases:person", code=person.code)


# --- Companies ------------------------------------------------------------------------------------


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
        organisation=_organisation(request),
        data=_company_input(form.cleaned_data),
    )  # type: ignore[arg-type]
    messages.success(request, _("The company was created. Now open a case for it."))
    return redirect(f"{reverse('cases:new')}?company={company.code}")


def _company_page(
    request: WcrRequest, company: Company, *, status: int = 200, **forms: Any
) -> HttpResponse:
    cases = company.cases.select_related("counsellor", "person").order_by("-opened_on")
    return render(
        request,
        "cases/company_detail.html",
        {
            "company": company,
            "cases": cases,
            "contacts": company.contacts.all(),
            "contact_form": forms.get("contact_form") or case_forms.CompanyContactForm(),
        },
        status=status,
    )


@staff_required(*CASE_ROLES)
def company_detail(request: WcrRequest, code: str) -> HttpResponse:
    return _company_page(request, access_company(request, code))


@staff_required(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def company_edit(request: WcrRequest, code: str) -> HttpResponse:
    company = access_company(request, code, write=request.method == "POST")
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


# --- Search and tasks -----------------------------------------------------------------------------


@staff_required(*CASE_ROLES)
def search(request: WcrRequest) -> HttpResponse:
    assert request.membership is not None
    query = request.GET.get("q", "").strip()[:200]
    result = selectors.search(request.membership, query) if query else None
    template = "cases/search.html#results" if _is_htmx(request) else "cases/search.html"
    return render(request, template, {"query": query, "result": result})


@staff_required(*CASE_ROLES)
def tasks(request: WcrRequest) -> HttpResponse:
    assert request.membership is not None
    today = _today()
    open_tasks = list(selectors.open_tasks_for(request.membership))
    return render(
        request,
        "cases/tasks.html",
        {
            "today": today,
            "overdue": [t for t in open_tasks if t.due_on < today],
            "upcoming": [t for t in open_tasks if t.due_on >= today],
        },
    )


def _add_detail(
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


@staff_required(*CASE_ROLES)
@require_POST
def person_add_language(request: WcrRequest, code: str) -> HttpResponse:
    person = access_person(request, code, write=True)
    form = case_forms.LanguageForm(request.POST)
    return _add_detail(
        request,
        form=form,
        on_invalid=lambda: _person_page(request, person, language_form=form, status=400),
        save=partial(services.person_add_language, person=person),
        message=_("The language was saved."),
        target=reverse("cases:person", kwargs={"code": person.code}) + "#languages",
    )


@staff_required(*CASE_ROLES)
@require_POST
def person_add_qualification(request: WcrRequest, code: str) -> HttpResponse:
    person = access_person(request, code, write=True)
    form = case_forms.QualificationForm(request.POST)
    return _add_detail(
        request,
        form=form,
        on_invalid=lambda: _person_page(request, person, qualification_form=form, status=400),
        save=partial(services.person_add_qualification, person=person),
        message=_("The qualification was saved."),
        target=reverse("cases:person", kwargs={"code": person.code}) + "#qualifications",
    )


@staff_required(*CASE_ROLES)
@require_POST
def company_add_contact(request: WcrRequest, code: str) -> HttpResponse:
    company = access_company(request, code, write=True)
    form = case_forms.CompanyContactForm(request.POST)
    return _add_detail(
        request,
        form=form,
        on_invalid=lambda: _company_page(request, company, contact_form=form, status=400),
        save=partial(services.company_add_contact, company=company),
        message=_("The contact person was saved."),
        target=reverse("cases:company", kwargs={"code": company.code}) + "#contacts",
    )
