"""Pages of the data protection officer: access log, audit trail, chain check."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from wcr.accounts.access import staff_required, visible_organisation_ids
from wcr.accounts.models import Role
from wcr.core.request import WcrRequest
from wcr.privacy.chain import CHAINS, verify
from wcr.privacy.models import AuditEvent
from wcr.privacy.selectors import access_log_entries

PAGE_SIZE = 50


@staff_required(Role.DATA_PROTECTION)
def access_log(request: WcrRequest) -> HttpResponse:
    query = request.GET.get("object", "").strip()
    entries = access_log_entries(visible_organisation_ids(request.membership), object_code=query)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "privacy/access_log.html", {"page": page, "query": query})


@staff_required(Role.DATA_PROTECTION)
def audit_trail(request: WcrRequest) -> HttpResponse:
    orgs = visible_organisation_ids(request.membership)
    entries = (
        AuditEvent.objects.filter(organisation_id__in=orgs)
        .select_related("organisation")
        .order_by("-seq")
    )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "privacy/audit_trail.html", {"page": page})


@staff_required(Role.DATA_PROTECTION)
@require_POST
def chain_check(request: WcrRequest) -> HttpResponse:
    results = []
    for chain in CHAINS:
        checked, problem = verify(chain)
        results.append({"chain": chain, "checked": checked, "problem": problem})
    return render(request, "privacy/chain_check.html", {"results": results})
