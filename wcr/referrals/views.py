"""Referrals and consents in the staff area (``/mitarbeitende/vermittlungen/``): the
organisation's referrals (outgoing, incoming, waiting for an answer), one referral with its
answers, a new referral from a case page, a person's consent records, the team lead's figures and
the data protection officer's lists (consents, overrides)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wcr.accounts.access import staff_required
from wcr.accounts.models import Role
from wcr.cases.access import CASE_ROLES, access_case
from wcr.core.request import WcrRequest
from wcr.privacy.services import access_log_bulk_read, access_log_read
from wcr.referrals import selectors, services
from wcr.referrals.access import (
    access_consent,
    access_own_person,
    access_referral,
    consents_for_dpo,
    dpo_membership,
    overrides_for_dpo,
    referrals_visible_to,
    team_lead_membership,
)
from wcr.referrals.forms import (
    AnswerForm,
    CompleteForm,
    ConsentForm,
    DeclineForm,
    FeedbackForm,
    ReferralForm,
    WithdrawForm,
)
from wcr.referrals.models import (
    ConsentNotice,
    LetterField,
    Referral,
    ReferralKind,
    ReferralStatus,
)

PAGE_SIZE = 50
DIRECTIONS = ("waiting", "incoming", "outgoing")


@staff_required(*CASE_ROLES)
@require_GET
def referral_list(request: WcrRequest) -> HttpResponse:
    assert request.membership is not None
    direction = request.GET.get("direction", "waiting")
    if direction not in DIRECTIONS:
        direction = "waiting"
    status = request.GET.get("status", "")
    referrals = selectors.referral_list(
        referrals_visible_to(request.membership),
        organisation_id=request.membership.organisation_id,
        direction=direction,
        status=status if status in ReferralStatus.values else "",
    )
    page = Paginator(referrals.select_related("share"), PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.referral_counts(
        referrals_visible_to(request.membership), request.membership.organisation_id
    )
    # The list names the clients of the outgoing referrals and of the incoming ones in force.
    for referral in page.object_list:
        referral.shows_case = selectors.shows_person(referral, request.membership)  # type: ignore[attr-defined]
    access_log_bulk_read(
        request,
        [
            subject
            for r in page.object_list
            if r.shows_case  # type: ignore[attr-defined]
            for subject in (r.case.person, r.case)
            if subject is not None
        ],
        purpose="referral list",
    )
    return render(
        request,
        "referrals/list.html",
        {
            "page": page,
            "direction": direction,
            "status": status,
            "statuses": ReferralStatus.choices,
            "counts": counts,
            "membership": request.membership,
        },
    )


def _detail_context(request: WcrRequest, referral: Referral, **extra: Any) -> dict[str, Any]:
    assert request.membership is not None
    org_id = request.membership.organisation_id
    return {
        "referral": referral,
        "is_sender": referral.from_organisation_id == org_id,
        "is_receiver": referral.to_organisation_id == org_id,
        "shows_case": selectors.shows_person(referral, request.membership),
        "topics": list(referral.topics.all()),
        "documents": list(referral.documents.all()),
        "letter_fields": [str(LetterField(f).label) for f in referral.letter_fields],
        "decline_form": extra.pop("decline_form", None) or DeclineForm(),
        "answer_form": extra.pop("answer_form", None) or AnswerForm(),
        "feedback_form": extra.pop("feedback_form", None) or FeedbackForm(),
        "complete_form": extra.pop("complete_form", None) or CompleteForm(),
        **extra,
    }


@staff_required(*CASE_ROLES)
def referral_detail(request: WcrRequest, code: str) -> HttpResponse:
    referral = access_referral(request, code)
    # The gate first, then the method: other organisations get 404 for every method.
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    context = _detail_context(request, referral)
    if context["shows_case"]:  # the page names the client: a read of their record
        subjects = [x for x in (referral.case.person, referral.case) if x is not None]
        access_log_bulk_read(request, subjects, purpose="referral")
    return render(request, "referrals/detail.html", context)


@staff_required(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def referral_new(request: WcrRequest, code: str) -> HttpResponse:
    """A new referral of the case (its own organisation only: a shared case is not passed on)."""
    case = access_case(request, code, write=True)
    membership = request.membership
    assert membership is not None
    is_team_lead = membership.role == Role.TEAM_LEAD
    if request.method == "GET":
        form = ReferralForm(
            case=case, is_team_lead=is_team_lead, initial={"topics": list(case.topics.all())}
        )
        return render(request, "referrals/new.html", {"case": case, "form": form})
    form = ReferralForm(request.POST, case=case, is_team_lead=is_team_lead)
    if form.is_valid():
        data = form.cleaned_data
        try:
            referral = services.referral_send(
                actor=request.user,
                membership=membership,
                case=case,
                data=services.ReferralInput(
                    kind=data["kind"],
                    to_organisation=data["to"],
                    reason=data["reason"],
                    topics=data["topics"],
                    with_contacts=data["with_contacts"],
                    documents=data["documents"],
                    consent=data.get("consent"),
                    override_justification=data.get("override_justification") or "",
                    follow_up_on=data["follow_up_on"],
                    to_partner=data["partner"],
                    external_basis=data["external_basis"],
                    letter_fields=data["letter_fields"],
                ),
            )
        except services.ReferralProblem as problem:
            _form_problem(form, problem)
        else:
            if referral.kind == ReferralKind.EXTERNAL:
                message = _(
                    "The referral to %(organisation)s is recorded: print the letter below and "
                    "note the partner's answer when it comes."
                ) % {"organisation": referral.recipient_name}
            else:
                message = _(
                    "The referral was sent to %(organisation)s; it sees the case once it accepts."
                ) % {"organisation": referral.recipient_name}
            messages.success(request, message)
            return redirect("referrals:detail", code=referral.code)
    return render(request, "referrals/new.html", {"case": case, "form": form}, status=400)


def _form_problem(form: forms.Form, problem: services.ReferralProblem) -> None:
    """A service's refusal on the field it names (on the whole form if the form has none)."""
    form.add_error(problem.field if problem.field in form.fields else None, problem.message)


def _problem(
    request: WcrRequest, referral: Referral, problem: services.ReferralProblem
) -> HttpResponse:
    messages.error(request, problem.message)
    return redirect("referrals:detail", code=referral.code)


@staff_required(*CASE_ROLES)
@require_POST
def referral_accept(request: WcrRequest, code: str) -> HttpResponse:
    referral = access_referral(request, code, side="receiver")
    try:
        services.referral_accept(actor=request.user, referral=referral)
    except services.ReferralProblem as problem:
        return _problem(request, referral, problem)
    if referral.kind == ReferralKind.TRANSFER:
        messages.success(request, _("Accepted: the case belongs to your organisation now."))
    else:
        messages.success(request, _("Accepted: your organisation sees the shared case now."))
    return redirect("cases:detail", code=referral.case.code)


@staff_required(*CASE_ROLES)
@require_POST
def referral_decline(request: WcrRequest, code: str) -> HttpResponse:
    referral = access_referral(request, code, side="receiver")
    form = DeclineForm(request.POST)
    if not form.is_valid():
        context = _detail_context(request, referral, decline_form=form)
        return render(request, "referrals/detail.html", context, status=400)
    try:
        services.referral_decline(
            actor=request.user, referral=referral, reason=form.cleaned_data["reason"]
        )
    except services.ReferralProblem as problem:
        return _problem(request, referral, problem)
    messages.success(request, _("The referral was declined; the sending organisation sees why."))
    return redirect("referrals:list")


@staff_required(*CASE_ROLES)
@require_POST
def referral_complete(request: WcrRequest, code: str) -> HttpResponse:
    referral = access_referral(request, code, side="receiver")
    form = CompleteForm(request.POST)
    if not form.is_valid():
        context = _detail_context(request, referral, complete_form=form)
        return render(request, "referrals/detail.html", context, status=400)
    try:
        services.referral_complete(
            actor=request.user,
            referral=referral,
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["note"],
        )
    except services.ReferralProblem as problem:
        return _problem(request, referral, problem)
    messages.success(request, _("The referral is completed; the shared case is closed to you."))
    return redirect("referrals:detail", code=referral.code)


@staff_required(*CASE_ROLES)
@require_POST
def referral_revoke(request: WcrRequest, code: str) -> HttpResponse:
    referral = access_referral(request, code, side="sender")
    try:
        services.referral_revoke(actor=request.user, referral=referral)
    except services.ReferralProblem as problem:
        return _problem(request, referral, problem)
    messages.success(
        request, _("The referral was revoked: the other organisation no longer sees the case.")
    )
    return redirect("referrals:detail", code=referral.code)


@staff_required(*CASE_ROLES)
@require_POST
def referral_answer(request: WcrRequest, code: str) -> HttpResponse:
    """The sender records a cooperation partner's answer (the partner has no account)."""
    referral = access_referral(request, code, side="sender")
    form = AnswerForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.referral_record_answer(
                actor=request.user,
                referral=referral,
                status=data["status"],
                reason=data["reason"],
                outcome=data["outcome"],
                feedback=data["feedback"],
            )
        except services.ReferralProblem as problem:
            if problem.field == "status":
                return _problem(request, referral, problem)
            _form_problem(form, problem)
        else:
            messages.success(request, _("The partner's answer was recorded."))
            return redirect("referrals:detail", code=referral.code)
    context = _detail_context(request, referral, answer_form=form)
    return render(request, "referrals/detail.html", context, status=400)


@staff_required(*CASE_ROLES)
@require_POST
def referral_feedback(request: WcrRequest, code: str) -> HttpResponse:
    referral = access_referral(request, code, side="sender")
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        context = _detail_context(request, referral, feedback_form=form)
        return render(request, "referrals/detail.html", context, status=400)
    services.referral_add_feedback(
        actor=request.user, referral=referral, feedback=form.cleaned_data["feedback"]
    )
    messages.success(request, _("The feedback was recorded."))
    return redirect("referrals:detail", code=referral.code)


@staff_required(*CASE_ROLES)
def referral_letter(request: WcrRequest, code: str) -> HttpResponse:
    """The letter of an external referral (PDF, German): only the fields chosen. An export of
    personal data: in the access log."""
    referral = access_referral(request, code, side="sender")
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    if referral.kind != ReferralKind.EXTERNAL:
        raise Http404
    access_log_read(request, referral.case, owner=referral.from_organisation, purpose="letter")
    content = selectors.referral_letter_pdf(referral, request=request)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="vermittlung-{referral.sent_at:%Y-%m-%d}.pdf"'
    )
    return response


# --- Consents -------------------------------------------------------------------------------------


def _consents_page(
    request: WcrRequest, person: Any, form: ConsentForm, status: int = 200
) -> HttpResponse:
    consents = selectors.consents_of(person)
    notices = selectors.current_notices()
    return render(
        request,
        "referrals/consents.html",
        {
            "person": person,
            "consents": consents,
            "form": form,
            "notices": notices,
            "withdraw_form": WithdrawForm(),
        },
        status=status,
    )


@staff_required(*CASE_ROLES)
@require_http_methods(["GET", "POST"])
def consents(request: WcrRequest, code: str) -> HttpResponse:
    """A person's consent records, and recording a new one."""
    person = access_own_person(request, code)
    if request.method == "GET":
        return _consents_page(request, person, ConsentForm(person=person))
    form = ConsentForm(request.POST, person=person)
    if form.is_valid():
        data = form.cleaned_data
        notice = selectors.notice_for(data["purpose"], data["language"])
        if notice is None:
            form.add_error(
                "language", _("There is no notice text in this language for this purpose.")
            )
        else:
            given_on: datetime.date = data["given_on"]
            given_at = (
                timezone.now()
                if given_on == timezone.localdate()
                else timezone.make_aware(datetime.datetime.combine(given_on, datetime.time(12)))
            )
            try:
                services.consent_record(
                    actor=request.user,
                    person=person,
                    data=services.ConsentInput(
                        purpose=data["purpose"],
                        notice=notice,
                        channel=data["channel"],
                        given_at=given_at,
                        recipient=data["recipient"],
                        recipient_partner=data["recipient_partner"],
                        legal_basis=data["legal_basis"],
                        data_categories=data["data_categories"],
                        evidence=data["evidence"],
                        note=data["note"],
                        refused=data["refused"],
                    ),
                )
            except services.ReferralProblem as problem:
                _form_problem(form, problem)
            else:
                messages.success(
                    request,
                    _("The refusal was recorded.")
                    if data["refused"]
                    else _("The consent was recorded."),
                )
                return redirect("referrals:consents", code=person.code)
    return _consents_page(request, person, form, status=400)


@staff_required(*CASE_ROLES)
@require_POST
def consent_withdraw(request: WcrRequest, code: str) -> HttpResponse:
    """The person withdraws a consent: it ends now, and with it what was shared on it."""
    consent = access_consent(request, code)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say how the consent was withdrawn."))
        return redirect("referrals:consents", code=consent.person.code)
    try:
        services.consent_withdraw(
            actor=request.user,
            consent=consent,
            channel=form.cleaned_data["channel"],
            note=form.cleaned_data["note"],
        )
    except services.ReferralProblem as problem:
        messages.error(request, problem.message)
    else:
        messages.success(
            request,
            _(
                "The consent was withdrawn. What was shared on it is no longer visible to the recipients, and they have been told."
            ),
        )
    return redirect("referrals:consents", code=consent.person.code)


# --- Figures and the data protection officer ------------------------------------------------------


@staff_required(Role.TEAM_LEAD)
@require_GET
def referral_statistics(request: WcrRequest) -> HttpResponse:
    membership = team_lead_membership(request)
    return render(
        request,
        "referrals/statistics.html",
        {
            "figures": selectors.referral_figures(
                referrals_visible_to(membership), membership.organisation_id
            )
        },
    )


@staff_required(Role.DATA_PROTECTION)
@require_GET
def dpo_overview(request: WcrRequest) -> HttpResponse:
    """For the data protection officer: every consent record of the organisation and every
    referral sent without consent on a team lead's justification (codes, not names)."""
    membership = dpo_membership(request)
    overrides = (
        overrides_for_dpo(membership)
        .select_related("case", "to_organisation", "override_by")
        .order_by("-sent_at")[:200]
    )
    consents = (
        consents_for_dpo(membership)
        .select_related("purpose", "recipient", "recipient_partner", "recorded_by", "person")
        .order_by("-given_at")[:200]
    )
    return render(
        request,
        "referrals/dpo.html",
        {
            "overrides": overrides,
            "consents": consents,
            "notices": ConsentNotice.objects.select_related("purpose"),
        },
    )
