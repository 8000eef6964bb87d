"""The routing rules in the staff area: the table, replacing the set from a CSV (uploaded or
pasted), downloading it, and a preview of where a sample request would go."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from wcr.accounts.access import staff_required
from wcr.accounts.models import Location, Organisation
from wcr.cases.models import Topic
from wcr.core.request import WcrRequest
from wcr.portal.access import access_routing
from wcr.portal.routing import (
    KINDS,
    NEAREST,
    SECTORS,
    RuleError,
    parse_rules_checked,
    route_with_rule,
    routing_rules_export,
    routing_rules_replace,
    stored_rules,
)
from wcr.region.models import Municipality

MAX_UPLOAD_BYTES = 200_000


def kind_labels() -> dict[str, str]:
    return {"person": _("Person (skilled worker)"), "company": _("Company")}


def sector_labels() -> dict[str, str]:
    return {
        "crafts": _("Crafts"),
        "industry": _("Industry"),
        "commerce": _("Commerce"),
        "services": _("Services"),
        "health_care": _("Health and care"),
        "hospitality": _("Hospitality"),
        "it": _("IT"),
        "agriculture": _("Agriculture"),
        "other": _("Other"),
    }


def _names() -> dict[str, dict[str, str]]:
    return {
        "organisation": {o.slug: o.name for o in Organisation.objects.all()},
        "location": {loc.slug: loc.name for loc in Location.objects.all()}
        | {NEAREST: _("nearest WCR location")},
        "municipality": dict(Municipality.objects.values_list("ags", "name")),
        "district": {m.district.ags: m.district.name for m in _municipalities()},
        "topic": {t.slug: str(t) for t in Topic.objects.all()},
    }


def _table(names: dict[str, dict[str, str]]) -> list[dict[str, Any]]:
    """The stored rules with each cell in words beside its code."""
    words = {"kind": kind_labels(), "sector": sector_labels()}
    table = []
    for rule in stored_rules():
        cells = []
        for column in (
            "kind",
            "sector",
            "district",
            "municipality",
            "topic",
            "organisation",
            "location",
        ):
            code = getattr(rule, column)
            label = words.get(column, names.get(column, {})).get(code, "")
            cells.append({"code": code, "label": "" if code == "*" else label})
        table.append({"priority": rule.priority, "cells": cells})
    return table


def _municipalities() -> list[Municipality]:
    return list(Municipality.objects.select_related("district").order_by("name"))


def _preview(request: WcrRequest, names: dict[str, dict[str, str]]) -> dict[str, Any]:
    data = request.GET
    if "kind" not in data:
        return {"preview": None, "preview_errors": {}, "preview_data": {}}
    errors: dict[str, str] = {}
    kind = data.get("kind", "")
    sector = data.get("sector", "")
    ags = data.get("municipality", "").strip()
    topics = data.getlist("topics")
    if kind not in KINDS:
        errors["kind"] = _("Kind: please choose a company or a person.")
    if sector and sector not in SECTORS:
        errors["sector"] = _("Sector: please choose a sector.")
    if ags not in names["municipality"]:
        errors["municipality"] = _(
            "Municipality: please choose a municipality of the region (by name or AGS)."
        )
    if any(topic not in names["topic"] for topic in topics):
        errors["topics"] = _("Topics: please choose only topics from the list.")
    preview = None
    if not errors:
        rule, organisation, location = route_with_rule(kind, sector, "", ags, topics)
        preview = {
            "rule": rule,
            "organisation": names["organisation"].get(organisation, organisation),
            "location": names["location"].get(location, location),
            "sample": _("%(kind)s, sector %(sector)s, in %(municipality)s")
            % {
                "kind": kind_labels()[kind],
                "sector": sector_labels().get(sector, "–"),
                "municipality": names["municipality"][ags],
            },
        }
    return {
        "preview": preview,
        "preview_errors": errors,
        "preview_data": {"kind": kind, "sector": sector, "municipality": ags, "topics": topics},
    }


def _uploaded_text(request: WcrRequest) -> tuple[str, str]:
    """(CSV text, error): the uploaded file if one was chosen, else the pasted text."""
    pasted = request.POST.get("rules", "")
    upload = request.FILES.get("file")
    if upload is None:
        return pasted, ""
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        return pasted, _("File: the file is too large (at most 200 kB).")
    try:
        return upload.read().decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        return pasted, _("File: please upload a CSV file in UTF-8.")


@staff_required()
@require_http_methods(["GET", "POST"])
def rules(request: WcrRequest) -> HttpResponse:
    access_routing(request)
    pasted = ""
    error = ""
    if request.method == "POST":
        pasted, error = _uploaded_text(request)
        if not error and not pasted.strip():
            error = _("Rules: please paste the rules or choose a CSV file.")
        if not error:
            try:
                rows = parse_rules_checked(pasted)
            except RuleError as refusal:
                error = str(refusal)
            else:
                routing_rules_replace(request.user, rows)
                messages.success(request, _("%(n)d routing rules saved.") % {"n": len(rows)})
                return redirect("routing:rules")
    names = _names()
    context = {
        "table": _table(names),
        "names": names,
        "kinds": kind_labels(),
        "sectors": sector_labels(),
        "municipalities": _municipalities(),
        "topics": Topic.objects.all(),
        "pasted": pasted,
        "error": error,
    } | _preview(request, names)
    status = 400 if error or context["preview_errors"] else 200
    return render(request, "portal/staff/routing.html", context, status=status)


@staff_required()
@require_GET
def rules_csv(request: WcrRequest) -> HttpResponse:
    access_routing(request)
    response = HttpResponse(routing_rules_export(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="routing_rules.csv"'
    return response
