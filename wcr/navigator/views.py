"""The public navigator wizard: one question per screen, answers only in the session.

Plain POST forms with redirects after each answer (works without JavaScript). Nothing is written
to the database except the session itself; "delete my answers" empties it. Every response here
holds or follows from a person's answers, so each is ``Cache-Control: no-store, private``
(``never_cache``).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wcr.accounts.models import Location
from wcr.core.pdf import render_pdf
from wcr.navigator import wizard
from wcr.navigator.engine import LANGUAGES, FactsError, evaluate, parse_facts
from wcr.navigator.kb import knowledge_base
from wcr.navigator.ratelimit import rate_limited
from wcr.region.selectors import municipality_by_ags


def _answers(request: HttpRequest) -> wizard.Answers:
    answers = request.session.get(wizard.SESSION_KEY)
    return answers if isinstance(answers, dict) else {}


def _mode(request: HttpRequest) -> str:
    return (
        wizard.EMPLOYER if request.session.get(wizard.MODE_KEY) == wizard.EMPLOYER else wizard.SELF
    )


def _save(request: HttpRequest, answers: wizard.Answers) -> None:
    request.session[wizard.SESSION_KEY] = answers


def _started(request: HttpRequest) -> bool:
    return wizard.MODE_KEY in request.session


def _question_url(question: wizard.Question | None) -> str:
    if question is None:
        return reverse("navigator:summary")
    return reverse("navigator:question", args=[question.id])


@never_cache
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        mode = request.POST.get("mode")
        if mode not in (wizard.SELF, wizard.EMPLOYER):
            return render(
                request,
                "navigator/start.html",
                {"mode_error": True, "started": _started(request)},
                status=400,
            )
        request.session[wizard.MODE_KEY] = mode
        answers = _answers(request)
        _save(request, answers)
        return redirect(_question_url(wizard.first_unanswered(answers) or None))
    return render(
        request, "navigator/start.html", {"started": _started(request), "mode": _mode(request)}
    )


@never_cache
@require_http_methods(["GET", "POST"])
def question(request: HttpRequest, question_id: str) -> HttpResponse:
    current = wizard.QUESTIONS_BY_ID.get(question_id)
    if current is None:
        raise Http404
    if not _started(request):
        return redirect("navigator:start")
    answers = _answers(request)
    mode = _mode(request)
    if current.skip(answers):
        return redirect(_question_url(wizard.next_question(answers, current.id)))
    returning = request.POST.get("return", request.GET.get("return")) == "summary"
    form = current.form(answers, mode)
    if request.method == "POST":
        action = request.POST.get("action", "next")
        if action == "back":
            previous = wizard.previous_question(answers, current.id)
            return redirect(_question_url(previous) if previous else reverse("navigator:start"))
        if action == "unknown":
            answers[current.id] = None
        else:
            form = current.form(answers, mode, data=request.POST)
            if not current.validate(form):
                return _render_question(request, current, form, answers, mode, returning, 400)
            answers[current.id] = wizard.stored_value(current, form.cleaned_data)
            stored = answers[current.id]
            if stored.get("outside"):
                messages.info(
                    request,
                    _(
                        "The postal code %(code)s is not in the Rheinisches Revier. The place "
                        "is treated as unknown; the result still applies, but we cannot name "
                        "the local offices."
                    )
                    % {"code": stored["answer"]},
                )
        _save(request, answers)
        if returning:
            following = wizard.first_unanswered(answers, after=current.id)
        else:
            following = wizard.next_question(answers, current.id)
        return redirect(_question_url(following))
    return _render_question(request, current, form, answers, mode, returning, 200)


def _render_question(
    request: HttpRequest,
    current: wizard.Question,
    form: Any,
    answers: wizard.Answers,
    mode: str,
    returning: bool,
    status: int,
) -> HttpResponse:
    number, step, steps, step_name = wizard.progress(answers, current.id)
    fields = list(form)
    return render(
        request,
        "navigator/question.html",
        {
            "question": current,
            "wording": current.wording(mode),
            "hint": current.hint_for(mode),
            "form": form,
            "single": fields[0] if len(fields) == 1 else None,
            "number": number,
            "step": step,
            "steps": steps,
            "step_name": step_name,
            "returning": returning,
            "employer": mode == wizard.EMPLOYER,
        },
        status=status,
    )


@never_cache
@require_GET
def summary(request: HttpRequest) -> HttpResponse:
    if not _started(request):
        return redirect("navigator:start")
    answers = _answers(request)
    mode = _mode(request)
    return render(
        request,
        "navigator/summary.html",
        {
            "rows": wizard.summary(answers, mode),
            "unanswered": wizard.first_unanswered(answers),
            "employer": mode == wizard.EMPLOYER,
        },
    )


def _language() -> str:
    language = (get_language() or "de").split("-")[0]
    return language if language in LANGUAGES else "en"


def _result(request: HttpRequest) -> tuple[dict[str, Any] | None, list[tuple[str, str]]]:
    facts = wizard.answers_to_facts(_answers(request))
    try:
        parsed = parse_facts(facts, today=timezone.localdate())
    except FactsError as error:
        return None, list(error.errors)
    return evaluate(parsed, knowledge_base(), lang=_language()), []


def _result_context(request: HttpRequest) -> dict[str, Any]:
    result, errors = _result(request)
    context: dict[str, Any] = {"result": result, "errors": errors}
    if result is not None:
        pathways = result["pathways"]
        context["fitting"] = [p for p in pathways if p["status"] != "not_eligible"]
        context["not_fitting"] = [p for p in pathways if p["status"] == "not_eligible"]
        context["as_of"] = date.fromisoformat(result["as_of"])
    context["employer"] = _mode(request) == wizard.EMPLOYER
    return context


@never_cache
@require_GET
def result(request: HttpRequest) -> HttpResponse:
    if not _started(request):
        return redirect("navigator:start")
    context = _result_context(request)
    return render(
        request, "navigator/result.html", context, status=200 if not context["errors"] else 400
    )


@never_cache
@require_GET
def result_pdf(request: HttpRequest) -> HttpResponse:
    if not _started(request):
        return redirect("navigator:start")
    context = _result_context(request)
    if context["result"] is None:
        return redirect("navigator:result")
    if rate_limited(request, scope="navigator-pdf", limit=settings.NAVIGATOR_PDF_RATE_LIMIT):
        busy = render(request, "navigator/pdf_busy.html", {}, status=429)
        busy["Retry-After"] = "60"
        return busy
    locations, municipality = _responsible_locations(request)
    context |= {
        "answers": wizard.summary(_answers(request), _mode(request)),
        "locations": locations,
        "municipality": municipality,
        "responsible": municipality is not None and len(locations) == 1,
        "counsellor_url": request.build_absolute_uri(reverse("navigator:counsellor")),
        "created": timezone.localdate(),
    }
    content = render_pdf("print/navigator_result.html", context, _language(), request=request)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="navigator-ergebnis.pdf"'
    return response


def _responsible_locations(request: HttpRequest) -> tuple[list[Location], Any]:
    ags = wizard.municipality_ags(_answers(request))
    municipality = municipality_by_ags(ags) if ags else None
    locations = Location.objects.filter(is_active=True)
    if municipality is not None and municipality.wcr_location:
        chosen = list(locations.filter(slug=municipality.wcr_location))
        if chosen:
            return chosen, municipality
    return list(locations), municipality


@never_cache
@require_GET
def counsellor(request: HttpRequest) -> HttpResponse:
    locations, municipality = _responsible_locations(request)
    return render(
        request,
        "navigator/counsellor.html",
        {
            "locations": locations,
            "municipality": municipality,
            "responsible": municipality is not None and len(locations) == 1,
            "has_answers": bool(_answers(request)),
        },
    )


@never_cache
@require_GET
def answers_json(request: HttpRequest) -> HttpResponse:
    data = wizard.answers_to_request(_answers(request), _mode(request))
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="navigator-antworten.json"'
    return response


@never_cache
@require_GET
def answers_text(request: HttpRequest) -> HttpResponse:
    data = wizard.answers_to_request(_answers(request), _mode(request))
    lines = [_("My answers in the navigator of the Welcome Center KMU Rheinisches Revier"), ""]
    lines += [f"{row['question']}\n  {row['answer']}" for row in data["summary"]]
    lines += ["", _("Created on %(date)s.") % {"date": timezone.localdate().isoformat()}]
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="navigator-antworten.txt"'
    return response


@never_cache
@require_POST
def delete(request: HttpRequest) -> HttpResponse:
    request.session.pop(wizard.SESSION_KEY, None)
    request.session.pop(wizard.MODE_KEY, None)
    messages.success(request, _("Your answers have been deleted."))
    return redirect("navigator:start")
