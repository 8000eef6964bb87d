"""Search across people, companies and cases."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from wcr.accounts.access import staff_required
from wcr.cases import selectors
from wcr.cases.access import CASE_ROLES
from wcr.cases.views._common import is_htmx
from wcr.core.request import WcrRequest
from wcr.privacy.services import access_log_bulk_read


@staff_required(*CASE_ROLES)
def search(request: WcrRequest) -> HttpResponse:
    assert request.membership is not None
    query = request.GET.get("q", "").strip()[:200]
    result = selectors.search(request.membership, query) if query else None
    if result is not None:
        shown = [*result.persons, *result.companies, *selectors.shown_in_case_rows(result.cases)]
        access_log_bulk_read(request, shown, purpose="search")
    template = "cases/search.html#results" if is_htmx(request) else "cases/search.html"
    return render(request, template, {"query": query, "result": result})
