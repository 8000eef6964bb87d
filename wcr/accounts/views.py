"""Staff start page, organisation switcher and the team pages of team leads."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wcr.accounts.access import access_membership, staff_required
from wcr.accounts.middleware import ACTIVE_MEMBERSHIP_KEY
from wcr.accounts.models import Location, Membership, Role
from wcr.accounts.services import membership_set_locations
from wcr.core.request import WcrRequest


@staff_required()
def home(request: WcrRequest) -> HttpResponse:
    # The case workbench's figures come from its template tags (casework_counts).
    context: dict[str, object] = {"Role": Role}
    return render(request, "accounts/home.html", context)


@staff_required()
@require_POST
def switch_organisation(request: WcrRequest) -> HttpResponse:
    """Act under another of the user's memberships (people who work for two partners)."""
    code = request.POST.get("membership", "")
    chosen = next((m for m in request.memberships if str(m.code) == code), None)  # type: ignore[attr-defined]
    if chosen is None:
        messages.error(request, _("Please choose one of your organisations."))
    else:
        request.session[ACTIVE_MEMBERSHIP_KEY] = chosen.pk
        messages.success(
            request, _("You now act for %(organisation)s.") % {"organisation": chosen.organisation}
        )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "staff:home"
    return redirect(target)


@staff_required(Role.TEAM_LEAD)
def team(request: WcrRequest) -> HttpResponse:
    members = (
        Membership.objects.for_org(request.organisation)  # type: ignore[arg-type]
        .select_related("user")
        .prefetch_related("locations")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    return render(request, "accounts/team.html", {"members": members})


@staff_required(Role.TEAM_LEAD)
@require_http_methods(["GET", "POST"])
def team_member(request: WcrRequest, code: str) -> HttpResponse:
    member = access_membership(request, code, write=request.method == "POST")
    locations = list(Location.objects.filter(is_active=True))
    selected = {location.slug for location in member.locations.all()}
    error = ""
    if request.method == "POST":
        wanted = set(request.POST.getlist("locations"))
        valid = {location.slug for location in locations}
        if not wanted <= valid:
            error = _("Locations: please choose only from the listed locations.")
            selected = wanted & valid
        else:
            membership_set_locations(
                actor=request.user,
                membership=member,
                locations=[location for location in locations if location.slug in wanted],
            )
            messages.success(request, _("The locations were saved."))
            return redirect("staff:team_member", code=member.code)
    status = 400 if error else 200
    return render(
        request,
        "accounts/team_member.html",
        {"member": member, "locations": locations, "selected": selected, "error": error},
        status=status,
    )
