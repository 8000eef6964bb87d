"""Search across people, companies and cases."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from wcr.accounts.access import staff_required
from wcr.cases import selectors
from wcr.cases.access import CASE_ROLES
from wcr.cases.views._common import is_htmx
from wcr.core.request import WcrRequest


@staff_required(*CASE_ROLES)
def search(request: WcrRequest) -> HttpResponse:
    assert request.membership is not None
    query = request.GET.get("q", "").strip()[:200]
    result = selectors.search(request.membership, query) if query else None
    template = "cases/search.html#results" if is_htmx(request) else "cases/search.html"
    return render(request, template, {"query": query, "result": result})
