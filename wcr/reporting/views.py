"""ESF+ pages of the staff area: the participant questionnaire of a case, the worklists, the
report for a period (on screen and as JSON/CSV/XLSX)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wcr.accounts.access import staff_required
from wcr.accounts.models import Role
from wcr.core.request import WcrRequest
from wcr.privacy.services import access_log_bulk_read, access_log_read
from wcr.reporting import selectors
from wcr.reporting.access import (
    REPORT_ROLES,
    access_participation,
    access_participation_case,
    committee_membership,
    is_network_view,
    may_see_special,
    report_membership,
    worklist_membership,
)
from wcr.reporting.committee import committee_pdf, committee_report, committee_xlsx
from wcr.reporting.exports import CONTENT_TYPES, WRITERS
from wcr.reporting.forms import EntryForm, ExitForm, PeriodForm
from wcr.reporting.indicators import esf_report, indicator_rows
from wcr.reporting.services import (
    ParticipationProblem,
    entry_from_person,
    entry_of,
    follow_up_consent,
    participation_follow_up_send,
    participation_record_entry,
    participation_record_exit,
)
from wcr.reporting.suppression import suppress_report


@staff_required(*REPORT_ROLES)
@require_GET
def overview(request: WcrRequest) -> HttpResponse:
    """The reporting area's start page; casework roles see how long their worklists are."""
    membership = report_membership(request)
    counts: dict[str, int] = {}
    if not is_network_view(membership):
        org, today = membership.organisation_id, timezone.localdate()
        counts = {
            "without_entry": selectors.cases_without_entry(org).count(),
            "incomplete": selectors.incomplete_participations(org).count(),
            "exits_overdue": selectors.exits_overdue(org, today).count(),
            "follow_ups": selectors.follow_ups_due(org, today).count(),
        }
    return render(
        request,
        "reporting/overview.html",
        {"counts": counts, "network": is_network_view(membership)},
    )


@staff_required(Role.COUNSELLOR, Role.TEAM_LEAD)
@require_GET
def worklists(request: WcrRequest) -> HttpResponse:
    membership = worklist_membership(request)
    org, today = membership.organisation_id, timezone.localdate()
    limit = selectors.WORKLIST_LIMIT
    lists: dict[str, list[Any]] = {
        "without_entry": list(selectors.cases_without_entry(org)[:limit]),
        "incomplete": list(selectors.incomplete_participations(org)[:limit]),
        "exits_overdue": list(selectors.exits_overdue(org, today)[:limit]),
        "follow_ups": list(selectors.follow_ups_due(org, today)[:limit]),
    }
    shown = [case.person for case in lists["without_entry"] if case.person is not None]
    for name in ("incomplete", "exits_overdue", "follow_ups"):
        shown.extend(participation.person for participation in lists[name])
    access_log_bulk_read(request, shown, purpose="ESF+ worklists")
    return render(request, "reporting/worklists.html", {"lists": lists, "limit": limit})


@staff_required(Role.COUNSELLOR, Role.TEAM_LEAD)
@require_http_methods(["GET", "POST"])
def participation(request: WcrRequest, code: str) -> HttpResponse:
    """The case's ESF+ participant data: the entry questionnaire (first answers copied from the
    person, then the participant's own) and the exit data."""
    write = request.method == "POST"
    case, record = access_participation_case(request, code, write=write)
    membership = worklist_membership(request)
    special = may_see_special(membership, case)
    person = case.person
    assert person is not None
    if record is not None:
        entry_initial = EntryForm.initial_from(entry_of(record, special=special))
    else:
        entry_initial = EntryForm.initial_from(entry_from_person(person, entry_date=case.opened_on))
    entry_form = EntryForm(initial=entry_initial, special=special)
    exit_form = (
        ExitForm(
            initial={
                "exit_date": record.exit_date or case.closed_on,
                "exit_situation": record.exit_situation,
                "status_6m": record.status_6m,
            },
            entry_date=record.entry_date,
        )
        if record is not None
        else None
    )
    if write:
        part = request.POST.get("part", "entry")
        if part == "exit" and record is not None:
            exit_form = ExitForm(request.POST, entry_date=record.entry_date)
            if exit_form.is_valid():
                try:
                    participation_record_exit(
                        actor=request.user, participation=record, data=exit_form.exit_input()
                    )
                except ParticipationProblem as problem:
                    exit_form.add_error("exit_date", problem.message)
                else:
                    messages.success(request, _("The exit data were saved."))
                    return HttpResponseRedirect(request.path)
        elif part == "entry":
            entry_form = EntryForm(request.POST, special=special)
            if entry_form.is_valid():
                try:
                    participation_record_entry(
                        actor=request.user, case=case, data=entry_form.entry_input(record)
                    )
                except ParticipationProblem as problem:
                    entry_form.add_error("entry_date", problem.message)
                else:
                    messages.success(request, _("The entry data were saved."))
                    return HttpResponseRedirect(request.path)
        else:
            raise Http404
    minutes = selectors.counselling_minutes(case)
    return render(
        request,
        "reporting/participation.html",
        {
            "case": case,
            "record": record,
            "entry_form": entry_form,
            "exit_form": exit_form,
            "special": special,
            "minutes": minutes,
            "hours": round(minutes / 60, 1),
            "missing": record.missing() if record is not None else [],
            "consent": follow_up_consent(record) if record is not None else None,
        },
        status=400 if write else 200,
    )


@staff_required(Role.COUNSELLOR, Role.TEAM_LEAD)
@require_POST
def follow_up_send(request: WcrRequest, code: str) -> HttpResponse:
    record = access_participation(request, code)
    access_log_read(request, record.person, owner=record.organisation, purpose="ESF+ follow-up")
    if participation_follow_up_send(actor=request.user, participation=record):
        messages.success(request, _("The six-month question was sent by mail."))
    else:
        messages.error(
            request,
            _("Not sent: the person has not agreed to be asked by mail, or has no address."),
        )
    return HttpResponseRedirect(reverse("reporting:worklists"))


@staff_required(*REPORT_ROLES)
@require_GET
def report(request: WcrRequest) -> HttpResponse:
    """The ESF+ report for a period: counsellors and team leads their organisation's exact
    figures; the coordinator the network's (or one organisation's), suppressed below 5.
    Downloads leave the platform: suppressed, except a team lead's, for the managing
    authority (exact, logged)."""
    membership = report_membership(request)
    network = is_network_view(membership)
    form = PeriodForm(request.GET or None, network=network, initial=PeriodForm.defaults())
    if request.GET and not form.is_valid():
        return render(request, "reporting/report.html", {"form": form}, status=400)
    data = form.cleaned_data if request.GET else PeriodForm.defaults()
    download = request.GET.get("download", "")
    if download and download not in WRITERS:
        raise Http404
    organisation = data.get("organisation") if network else membership.organisation
    result = esf_report(start=data["start"], end=data["end"], organisation=organisation)
    exact = not network
    if download:
        exact_download = membership.role == Role.TEAM_LEAD and request.GET.get("exact") == "1"
        published = result if exact_download else suppress_report(result)
        access_log_read(
            request,
            membership.organisation,
            owner=organisation,
            purpose=f"ESF+ report {download} {'exact' if exact_download else 'suppressed'}",
        )
        name = f"esf-report-{data['start']:%Y%m%d}-{data['end']:%Y%m%d}.{download}"
        return _attachment(WRITERS[download](published), CONTENT_TYPES[download], name)
    shown = result if exact else suppress_report(result)
    return render(
        request,
        "reporting/report.html",
        {
            "form": form,
            "report": shown,
            "start": data["start"],
            "end": data["end"],
            "rows": indicator_rows(shown),
            "exact": exact,
            "network": network,
            "organisation": organisation,
            "may_export_exact": membership.role == Role.TEAM_LEAD,
            "query": request.GET.urlencode(),
        },
    )


@staff_required(Role.TEAM_LEAD, Role.COORDINATOR)
@require_GET
def committee(request: WcrRequest) -> HttpResponse:
    """The committee report for a period: team leads for their organisation, the coordinator
    for the network or one organisation; as PDF or XLSX (always suppressed)."""
    membership = committee_membership(request)
    network = is_network_view(membership)
    form = PeriodForm(request.GET or None, network=network, initial=PeriodForm.defaults())
    download = request.GET.get("download", "")
    if not request.GET or not download or not form.is_valid():
        status = 400 if request.GET and not form.is_valid() else 200
        return render(request, "reporting/committee.html", {"form": form}, status=status)
    if download not in ("pdf", "xlsx"):
        raise Http404
    data = form.cleaned_data
    organisation = data.get("organisation") if network else membership.organisation
    report = committee_report(start=data["start"], end=data["end"], organisation=organisation)
    access_log_read(
        request,
        membership.organisation,
        owner=organisation,
        purpose=f"committee report {download}",
    )
    name = f"ausschussbericht-{data['start']:%Y%m%d}-{data['end']:%Y%m%d}.{download}"
    if download == "pdf":
        return _attachment(committee_pdf(report), "application/pdf", name)
    return _attachment(committee_xlsx(report), CONTENT_TYPES["xlsx"], name)


def _attachment(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
