"""The public request form (``/anfrage/``): a request for counselling from a company or a
skilled worker, checked by ``wcr.portal.intake.request_check`` (the same checks as the API) and
submitted by ``request_submit``.

- GET shows the form; ``?kind=company|person`` picks the way in, ``?from=navigator`` pre-fills
  it from the navigator's answers in this session.
- POST checks it with the page's language active: problems re-render the form (400) with an
  error summary and everything typed kept; outside the service area a page says who else can
  help (200, nothing stored); a valid request is stored and the browser is redirected to the
  confirmation, whose address carries a signed, short-lived token (never a guessable id).
- A filled honeypot field answers like a success and stores nothing; every POST counts
  against ``PORTAL_RATE_LIMIT`` per address and hour (429 with ``Retry-After``).
- ``municipalities`` is the htmx fragment that asks which municipality a postal code means
  while the postal code is typed (progressive enhancement: the form works without it).

The navigator's result is attached only from this session's answers, recomputed on POST, never
from anything the browser sends back.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, get_language_info, gettext_lazy, pgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from wcr.accounts.models import Location, Organisation
from wcr.cases.models import Topic
from wcr.navigator import wizard
from wcr.navigator.wizard.countries import country_options_html
from wcr.portal.intake import (
    FIELDS,
    LANGUAGES,
    MAX_LENGTH,
    Problem,
    outside_area_alternatives,
    request_check,
    request_submit,
    topic_name,
)
from wcr.portal.models.notices import privacy_notice_in_force
from wcr.portal.models.requests import RequestKind, RequestLink, RequestSector
from wcr.portal.ratelimit import retry_after
from wcr.region.models import Municipality
from wcr.region.selectors import municipalities_for_postal_code, municipality_by_ags

# The honeypot: a field no person sees or reaches; a bot that fills it gets a success page.
HONEYPOT = "website"
NAVIGATOR = "navigator"
ATTACH_NAVIGATOR = "attach_navigator"
# The confirmation's token: signed with SECRET_KEY under this salt, valid for an hour.
CONFIRMATION_SALT = "wcr.portal.request.confirmation"
CONFIRMATION_MAX_AGE = 60 * 60

# The navigator's goal → the topic it obviously asks about (others: none pre-ticked).
GOAL_TOPICS = {
    "employment": "employment",
    "job_search": "employment",
    "training": "training",
    "self_employment": "founding",
    "recognition": "recognition",
}

# The form's order (the error summary follows it); radio and checkbox groups link to their
# first option.
ORDER = (
    "kind",
    "company_name",
    "sector",
    "given_name",
    "family_name",
    "email",
    "phone",
    "country",
    "postal_code",
    "municipality",
    "link",
    "topics",
    "message",
    "language",
    "privacy_notice_version",
)
GROUPS = ("kind", "municipality", "link", "topics")

LABELS = {
    "kind": gettext_lazy("Who is asking?"),
    "company_name": gettext_lazy("Name of the company"),
    "sector": gettext_lazy("Sector of the company"),
    "given_name": gettext_lazy("Given name"),
    "family_name": gettext_lazy("Family name"),
    "email": gettext_lazy("Email address"),
    "phone": gettext_lazy("Phone number"),
    "country": gettext_lazy("Country"),
    "postal_code": gettext_lazy("Postal code of the place that links you to the region"),
    "municipality": gettext_lazy("Municipality"),
    "link": gettext_lazy("What is this place to you?"),
    "topics": gettext_lazy("What is it about?"),
    "message": gettext_lazy("Your message"),
    "language": gettext_lazy("Language of our reply"),
    "privacy_notice_version": gettext_lazy("Privacy notice"),
}
KIND_LABELS = {
    RequestKind.COMPANY: gettext_lazy("For a company (owners, HR, management)"),
    RequestKind.PERSON: gettext_lazy("For a skilled worker, trainee or founder"),
}
LINK_LABELS = {
    RequestLink.RESIDENCE: gettext_lazy("my place of residence"),
    RequestLink.COMPANY_SEAT: gettext_lazy("the company seat"),
    RequestLink.WORKPLACE: gettext_lazy("the planned workplace"),
    RequestLink.TRAINING_PLACE: gettext_lazy("the planned training place"),
}
SECTOR_LABELS = {
    RequestSector.CRAFTS: pgettext_lazy("sector", "Crafts"),
    RequestSector.INDUSTRY: pgettext_lazy("sector", "Industry"),
    RequestSector.COMMERCE: pgettext_lazy("sector", "Commerce and trade"),
    RequestSector.SERVICES: pgettext_lazy("sector", "Services"),
    RequestSector.HEALTH_CARE: pgettext_lazy("sector", "Health and care"),
    RequestSector.HOSPITALITY: pgettext_lazy("sector", "Hotels and restaurants"),
    RequestSector.IT: pgettext_lazy("sector", "IT"),
    RequestSector.AGRICULTURE: pgettext_lazy("sector", "Agriculture"),
    RequestSector.OTHER: pgettext_lazy("sector", "Other"),
}


@dataclass
class Option:
    value: str
    label: str
    checked: bool = False
    lang: str = ""


@dataclass
class Field:
    """One field as the template shows it: its label, what was typed and its message."""

    name: str
    label: str
    value: Any = ""
    error: str = ""
    options: list[Option] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"id_{self.name}"

    @property
    def anchor(self) -> str:
        """Where the error summary's link points: the input, or a group's first option."""
        return f"id_{self.name}_0" if self.name in GROUPS else self.id


def _language() -> str:
    language = (get_language() or "de").split("-")[0]
    return language if language in LANGUAGES else "de"


def _kind(value: object) -> str:
    return value if isinstance(value, str) and value in RequestKind.values else ""


def _raw(post: Any) -> dict[str, Any]:
    """The request's fields from the posted form, as the API would send them: a person's
    request leaves the company fields out (hidden for a person, kept on the page)."""
    raw: dict[str, Any] = {name: post.get(name, "") for name in FIELDS if name != "topics"}
    raw["topics"] = post.getlist("topics")
    if raw["kind"] != RequestKind.COMPANY and _kind(raw["kind"]):
        raw["company_name"] = raw["sector"] = ""
    return raw


def _navigator_session(request: HttpRequest) -> tuple[wizard.Answers, str] | None:
    """This session's navigator answers and mode, or ``None`` when there are none."""
    answers = request.session.get(wizard.SESSION_KEY)
    if not isinstance(answers, dict) or not answers:
        return None
    mode = (
        wizard.EMPLOYER if request.session.get(wizard.MODE_KEY) == wizard.EMPLOYER else wizard.SELF
    )
    return answers, mode


def _postal_code_of(answers: wizard.Answers, municipality: Municipality) -> str:
    """The postal code the navigator was given for ``municipality``, else one of its own."""
    for stored in answers.values():
        if not isinstance(stored, dict) or not isinstance(stored.get("answer"), str):
            continue
        candidates = [ags for ags, _name in stored.get("candidates") or []]
        if stored.get("ags") == municipality.ags or municipality.ags in candidates:
            return str(stored["answer"])
    code = municipality.postal_codes.order_by("code").values_list("code", flat=True).first()
    return code or ""


def navigator_prefill(result: dict[str, Any], answers: wizard.Answers) -> dict[str, Any]:
    """The form's values from the navigator's ``answers_to_request`` dict: who asks (an
    employer answering for a candidate asks as a company), the municipality with its postal
    code and what it is to the requester, the topics the goal obviously means, the residence
    and the summary as the message."""
    employer = result.get("mode") == wizard.EMPLOYER
    facts = result.get("facts") or {}
    values: dict[str, Any] = {
        "kind": RequestKind.COMPANY if employer else RequestKind.PERSON,
        "message": str(result.get("summary_text") or "")[: MAX_LENGTH["message"]],
        "topics": [],
    }
    topic = GOAL_TOPICS.get(str(result.get("goal")))
    if employer:
        values["topics"].append("recruitment")
    if topic:
        values["topics"].append(topic)
    country = facts.get("residence_country")
    if not employer and isinstance(country, str) and country:
        values["country"] = country
    ags = result.get("municipality")
    municipality = municipality_by_ags(ags) if isinstance(ags, str) else None
    if municipality is not None:
        values["municipality"] = municipality.ags
        values["postal_code"] = _postal_code_of(answers, municipality)
        job = facts.get("job_offer")
        from_job = isinstance(job, dict) and job.get("municipality") == municipality.ags
        values["link"] = RequestLink.WORKPLACE if from_job else RequestLink.RESIDENCE
    return values


def _municipality(postal_code: object, chosen: object, *, error: bool = False) -> dict[str, Any]:
    """What the form shows under the postal code: the municipalities to choose from when the
    code is used by several (or when the chosen one was refused), else a short note where the
    code lies."""
    code = postal_code.strip() if isinstance(postal_code, str) else ""
    candidates = municipalities_for_postal_code(code)
    ask = len(candidates) > 1 or (error and bool(candidates))
    return {
        "options": [Option(m.ags, m.name, m.ags == chosen) for m in candidates] if ask else [],
        "found": candidates[0] if len(candidates) == 1 and not ask else None,
        "unknown": len(code) == 5 and code.isdigit() and not candidates,
        "outside": bool(candidates) and not any(m.in_service_area for m in candidates),
    }


def _form_context(
    request: HttpRequest,
    values: dict[str, Any],
    problems: list[Problem] | None = None,
    *,
    navigator: bool = False,
    attach: bool = True,
) -> dict[str, Any]:
    language = _language()
    messages: dict[str, list[str]] = {}
    for problem in problems or []:
        messages.setdefault(problem.field, []).append(problem.message)
    fields = {
        name: Field(name, str(LABELS[name]), values.get(name, ""), " ".join(messages.get(name, [])))
        for name in ORDER
    }
    kind = _kind(values.get("kind"))
    fields["kind"].options = [
        Option(value, str(label), value == kind) for value, label in KIND_LABELS.items()
    ]
    sector = values.get("sector")
    fields["sector"].options = [
        Option(value, str(label), value == sector) for value, label in SECTOR_LABELS.items()
    ]
    country = values.get("country") or "DE"
    country_options = country_options_html(country)
    link = values.get("link")
    fields["link"].options = [
        Option(value, str(label), value == link) for value, label in LINK_LABELS.items()
    ]
    chosen_topics = values.get("topics") or []
    fields["topics"].options = [
        Option(t.slug, topic_name(t, language), t.slug in chosen_topics)
        for t in Topic.objects.all()
    ]
    reply = values.get("language") or language
    fields["language"].options = [
        Option(code, get_language_info(code)["name_local"], code == reply, code)
        for code in LANGUAGES
    ]
    place = _municipality(
        values.get("postal_code"),
        values.get("municipality"),
        error=bool(fields["municipality"].error),
    )
    fields["municipality"].options = place.pop("options")
    errors = [fields[name] for name in ORDER if fields[name].error]
    return place | {
        "fields": fields,
        "country_options": country_options,
        "errors": errors,
        "kind": kind,
        "notice": privacy_notice_in_force(),
        "max_length": MAX_LENGTH,
        "honeypot": HONEYPOT,
        "navigator": navigator,
        "attach": attach,
        "retention_days": settings.PORTAL_REQUEST_RETENTION_DAYS,
    }


def _render_form(
    request: HttpRequest, context: dict[str, Any], status: int = 200, **extra: Any
) -> HttpResponse:
    return render(request, "portal/request_form.html", context | extra, status=status)


def _posted_values(request: HttpRequest) -> dict[str, Any]:
    values: dict[str, Any] = {name: request.POST.get(name, "") for name in FIELDS}
    values["topics"] = request.POST.getlist("topics")
    return values


def _confirmation_url(payload: dict[str, Any]) -> str:
    token = signing.dumps(payload, salt=CONFIRMATION_SALT, compress=True)
    return reverse("portal:request-done", args=[token])


@never_cache
@require_http_methods(["GET", "POST"])
def request_form(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        values: dict[str, Any] = {"kind": _kind(request.GET.get("kind"))}
        from_navigator = request.GET.get("from") == NAVIGATOR
        navigator = _navigator_session(request) if from_navigator else None
        if navigator is not None:
            answers, mode = navigator
            values |= navigator_prefill(wizard.answers_to_request(answers, mode), answers)
        return _render_form(request, _form_context(request, values, navigator=bool(navigator)))

    values = _posted_values(request)
    from_navigator = request.POST.get("from") == NAVIGATOR
    navigator = _navigator_session(request) if from_navigator else None
    attach = request.POST.get(ATTACH_NAVIGATOR) == "1"
    context = _form_context(request, values, navigator=bool(navigator), attach=attach)
    wait = retry_after(request, scope="portal-form")
    if wait is not None:
        retry_at = timezone.localtime() + datetime.timedelta(seconds=wait)
        response = _render_form(request, context, status=429, retry_at=retry_at)
        response["Retry-After"] = str(wait)
        return response
    if request.POST.get(HONEYPOT):
        return redirect(_confirmation_url({"r": None}))
    navigator_result = None
    if navigator is not None and attach:
        answers, mode = navigator
        navigator_result = wizard.answers_to_request(answers, mode)
    checked = request_check(
        _raw(request.POST), language=_language(), navigator_result=navigator_result
    )
    if checked.problems:
        context = _form_context(
            request, values, checked.problems, navigator=bool(navigator), attach=attach
        )
        return _render_form(request, context, status=400)
    if checked.data is None:
        return render(
            request,
            "portal/request_outside.html",
            {"alternatives": outside_area_alternatives(), "postal_code": values["postal_code"]},
        )
    item = request_submit(data=checked.data)
    return redirect(
        _confirmation_url(
            {
                "r": item.request.reference,
                "o": item.organisation.slug,
                "l": item.location.slug if item.location else None,
            }
        )
    )


@never_cache
@require_GET
def request_done(request: HttpRequest, token: str) -> HttpResponse:
    """The confirmation after a request: its reference and where it went, from the signed
    token alone (nothing of the request itself is read)."""
    try:
        payload = signing.loads(token, salt=CONFIRMATION_SALT, max_age=CONFIRMATION_MAX_AGE)
    except signing.BadSignature:  # also SignatureExpired
        return render(request, "portal/request_done.html", {"expired": True}, status=404)
    if not isinstance(payload, dict):
        return render(request, "portal/request_done.html", {"expired": True}, status=404)
    organisation = Organisation.objects.filter(slug=payload.get("o") or "").first()
    location = Location.objects.filter(slug=payload.get("l") or "").first()
    return render(
        request,
        "portal/request_done.html",
        {
            "reference": payload.get("r"),
            "organisation": organisation,
            "location": location,
            "retention_days": settings.PORTAL_REQUEST_RETENTION_DAYS,
        },
    )


@never_cache
@require_GET
def request_municipalities(request: HttpRequest) -> HttpResponse:
    """The htmx fragment under the postal code: the municipalities to choose from when the
    code is used by several, or a short note where the code lies."""
    if retry_after(request, scope="portal-lookup") is not None:
        return HttpResponse(status=429)
    postal_code = request.GET.get("postal_code", "").strip()
    place = _municipality(postal_code, request.GET.get("municipality", ""))
    municipality = Field("municipality", str(LABELS["municipality"]), options=place.pop("options"))
    postal = Field("postal_code", str(LABELS["postal_code"]), postal_code)
    context = place | {"fields": {"municipality": municipality, "postal_code": postal}}
    return render(request, "portal/request_form.html#municipality", context)
