"""The region page: every municipality with the authorities serving it, and a lookup."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from wcr.accounts.access import staff_required
from wcr.core.request import WcrRequest
from wcr.region.models import Municipality
from wcr.region.selectors import municipalities_for_postal_code, municipality_by_ags


@staff_required()
def overview(request: WcrRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    found: list[Municipality] = []
    error = ""
    if query:
        if len(query) == 5 and query.isdigit():
            found = municipalities_for_postal_code(query)
        elif len(query) == 8 and query.isdigit():
            municipality = municipality_by_ags(query)
            found = [municipality] if municipality else []
        else:
            error = _(
                "Postal code or municipality key: enter 5 digits (postal code) or 8 digits (AGS)."
            )
        if query and not error and not found:
            error = _("No municipality of the region has the postal code or key %(q)s.") % {
                "q": query
            }
    municipalities = Municipality.objects.with_overlays().order_by("district__name", "name")
    return render(
        request,
        "region/overview.html",
        {
            "query": query,
            "found": found,
            "error": error,
            "municipalities": municipalities,
        },
        status=400 if error and query else 200,
    )
