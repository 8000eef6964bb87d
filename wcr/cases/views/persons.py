"""People: create (duplicates shown first), page, edit, languages and qualifications."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from django.contrib import messages
from django.db.models import Model
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wcr.accounts.access import staff_required
from wcr.cases import duplicate_reasons, selectors, services
from wcr.cases import forms as case_forms
from wcr.cases.access import CASE_ROLES, access_person
from wcr.cases.models import Case, Person, PersonName
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


@dataclass(frozen=True)
class _Record:
    """One side of the duplicate warning's comparison, as shown."""

    passport_name: str
    native_names: list[str]
    birth_date: str
    nationalities: list[str]


@dataclass(frozen=True)
class _Warning:
    """One likely duplicate: the existing record beside what was entered, and why."""

    person: Person
    record: _Record
    level: duplicate_reasons.MatchLevel
    reasons: list[duplicate_reasons.Reason]
    cases: list[Case]


def _native(names: list[PersonName]) -> list[str]:
    ordered = sorted(names, key=lambda n: n.kind != NameKind.NATIVE)
    return [str(n) for n in ordered if str(n)]


def _duplicate_warning(
    request: WcrRequest,
    form: case_forms.PersonForm,
    duplicates: list[selectors.Duplicate],
    *,
    person: Person | None = None,
) -> HttpResponse:
    """The form again (everything typed kept) under a warning that sets the entered data beside
    each likely duplicate, says why in words, and offers the choice: open the existing record, or
    save anyway as a different person."""
    assert request.membership is not None
    data = form.cleaned_data
    shown = Person(
        given_name=data["given_name"].strip(),
        family_name=data["family_name"].strip(),
        birth_date=data["birth_date"],
        birth_date_precision=data["birth_date_precision"],
    )
    native = f"{data['native_given_name']} {data['native_family_name']}".strip()
    entered = _Record(
        str(shown), [native] if native else [], shown.birth_date_display(), data["nationalities"]
    )
    entered_side = duplicate_reasons.Side(
        shown.given_name, shown.family_name, shown.birth_date_display()
    )
    cases = selectors.cases_of_persons(request.membership, [d.person for d in duplicates])
    warnings = []
    for duplicate in duplicates:
        existing = duplicate.person
        side = duplicate_reasons.Side(
            existing.given_name, existing.family_name, existing.birth_date_display()
        )
        warnings.append(
            _Warning(
                person=existing,
                record=_Record(
                    str(existing),
                    _native(list(existing.names.all())),
                    existing.birth_date_display(),
                    list(existing.nationalities),
                ),
                level=duplicate_reasons.match_level(duplicate.score),
                reasons=duplicate_reasons.explain(duplicate.reasons, entered_side, side),
                cases=cases.get(existing.pk, []),
            )
        )
    # The warning shows the likely duplicates' records and their cases: a read of each.
    read: list[Model] = [d.person for d in duplicates]
    read += [case for found in cases.values() for case in found]
    access_log_bulk_read(request, read, purpose="duplicates")
    return render(
        request,
        "cases/person_form.html",
        {"form": form, "person": person, "duplicates": warnings, "entered": entered},
        status=409,
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
        return _duplicate_warning(request, form, duplicates)
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
    assert request.membership is not None
    # The cases the reader may see: through a share, only the shared one, not the person's others.
    cases = (
        selectors.cases_visible_to(request.membership)
        .filter(person=person)
        .select_related("counsellor", "company")
        .order_by("-opened_on")
    )
    return render(
        request,
        "cases/person_detail.html",
        {
            "person": person,
            "cases": cases,
            "read_only": person.organisation_id != request.membership.organisation_id,
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
    person = access_person(request, code)
    # The gate first, then the method: other organisations get 404 for every method.
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    return _person_page(request, person)


def _identity_changed(person: Person, data: dict[str, Any]) -> bool:
    """Whether an edit changes what the duplicate check compares (names, date of birth): only
    then is it checked again, so a record once confirmed as a different person stays quiet."""
    before = (person.given_name, person.family_name, person.birth_date, person.birth_date_precision)
    after = (
        str(data["given_name"]).strip(),
        str(data["family_name"]).strip(),
        data["birth_date"],
        data["birth_date_precision"],
    )
    return before != after


@staff_required(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def person_edit(request: WcrRequest, code: str) -> HttpResponse:
    person = access_person(request, code, write=True)
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
    if _identity_changed(person, data) and request.POST.get("confirm_new") != "1":
        assert request.membership is not None
        duplicates = selectors.duplicate_candidates(
            request.membership,
            given_name=data["given_name"],
            family_name=data["family_name"],
            birth_date=data["birth_date"],
            birth_date_precision=data["birth_date_precision"],
            exclude=person,
        )
        if duplicates:
            return _duplicate_warning(request, form, duplicates, person=person)
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
