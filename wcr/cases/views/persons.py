"""People: create (duplicates shown first), page, edit, languages and qualifications."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wcr.accounts.access import staff_required
from wcr.cases import forms as case_forms
from wcr.cases import selectors, services
from wcr.cases.access import CASE_ROLES, access_person
from wcr.cases.models import Person
from wcr.cases.models.choices import NameKind
from wcr.cases.views._common import acting_organisation, add_detail
from wcr.core.request import WcrRequest
from wcr.privacy.services import access_log_bulk_read


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
        # The warning shows the likely duplicates' records side by side: a read of each.
        access_log_bulk_read(request, [d.person for d in duplicates], purpose="duplicates")
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
        organisation=acting_organisation(request),
        data=_person_input(data),
        variants=variants,
    )
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
    services.person_set_native_name(
        actor=request.user,
        person=person,
        given_name=data["native_given_name"].strip(),
        family_name=data["native_family_name"].strip(),
        script=data["native_script"],
    )
    messages.success(request, _("The person was saved."))
    return redirect("cases:person", code=person.code)


@staff_required(*CASE_ROLES)
@require_POST
def person_add_language(request: WcrRequest, code: str) -> HttpResponse:
    person = access_person(request, code, write=True)
    form = case_forms.LanguageForm(request.POST)
    return add_detail(
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
    return add_detail(
        request,
        form=form,
        on_invalid=lambda: _person_page(request, person, qualification_form=form, status=400),
        save=partial(services.person_add_qualification, person=person),
        message=_("The qualification was saved."),
        target=reverse("cases:person", kwargs={"code": person.code}) + "#qualifications",
    )
