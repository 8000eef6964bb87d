"""The navigator inside a case: counsellors run the wizard with a client and save the result
to the case with the knowledge-base version, so the advice given is on record."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wcr.accounts.access import parse_code, staff_required
from wcr.cases.access import CASE_ROLES, access_case
from wcr.core.request import WcrRequest
from wcr.navigator import selectors, services, wizard
from wcr.navigator.engine import FactsError, evaluate, parse_facts
from wcr.navigator.kb import knowledge_base
from wcr.navigator.prefill import person_answers

CASE_KEY = "navigator_case"


def _session_preview(request: WcrRequest) -> dict[str, Any] | None:
    answers = request.session.get(wizard.SESSION_KEY) or {}
    if not answers:
        return None
    try:
        return evaluate(
            parse_facts(wizard.answers_to_facts(answers), today=timezone.localdate()),
            knowledge_base(),
            lang=_lang(),
        )
    except FactsError:
        return None


def _lang() -> str:
    language = get_language() or "de"
    return language if language in ("de", "en") else "de"


@staff_required(*CASE_ROLES)
def case_navigator(request: WcrRequest, code: str) -> HttpResponse:
    # The navigator's assessments are the owner's work: not part of what a share grants.
    case = access_case(request, code, owned=True)
    linked = request.session.get(CASE_KEY, {}).get("code") == str(case.code)
    return render(
        request,
        "navigator/staff/case_navigator.html",
        {
            "case": case,
            "assessments": selectors.assessments_of_case(case),
            "preview": _session_preview(request) if linked else None,
            "linked": linked,
            "kb_version": knowledge_base().version,
        },
    )


@staff_required(*CASE_ROLES)
@require_POST
def case_navigator_start(request: WcrRequest, code: str) -> HttpResponse:
    case = access_case(request, code, write=True)
    request.session[CASE_KEY] = {"code": str(case.code), "label": case.client_label}
    if request.POST.get("fresh"):
        # Start from what the case knows about the person (nationality, age, languages,
        # qualification, home); the counsellor checks each answer in the wizard.
        answers = person_answers(case.person, today=timezone.localdate()) if case.person else {}
        request.session[wizard.SESSION_KEY] = answers
    request.session[wizard.MODE_KEY] = wizard.SELF
    answers = request.session.get(wizard.SESSION_KEY) or {}
    following = wizard.first_unanswered(answers)
    if following is None:
        return redirect("navigator:summary")
    return redirect("navigator:question", question_id=following.id)


@staff_required(*CASE_ROLES)
@require_POST
def case_navigator_save(request: WcrRequest, code: str) -> HttpResponse:
    case = access_case(request, code, write=True)
    answers = request.session.get(wizard.SESSION_KEY) or {}
    if request.session.get(CASE_KEY, {}).get("code") != str(case.code) or not answers:
        messages.error(request, _("There is no navigator result for this case to save."))
        return redirect("navigator_staff:case", code=case.code)
    note = request.POST.get("note", "").strip()[:2000]
    try:
        services.assessment_save(
            actor=request.user,
            case=case,
            facts=wizard.answers_to_facts(answers),
            language=_lang(),
            note=note,
        )
    except FactsError:
        messages.error(request, _("The answers could not be evaluated; please check them."))
        return redirect("navigator_staff:case", code=case.code)
    request.session.pop(CASE_KEY, None)
    request.session.pop(wizard.SESSION_KEY, None)
    messages.success(request, _("The navigator result was saved to the case."))
    return redirect("navigator_staff:case", code=case.code)


@staff_required(*CASE_ROLES)
def case_assessment(request: WcrRequest, code: str, assessment: str) -> HttpResponse:
    case = access_case(request, code, owned=True)
    found = selectors.assessment_of_case(case, parse_code(assessment))
    if found is None:
        raise Http404
    return render(
        request,
        "navigator/staff/assessment.html",
        {
            "case": case,
            "assessment": found,
            "result": found.result,
            "facts_json": json.dumps(found.facts, ensure_ascii=False, indent=2, sort_keys=True),
        },
    )
