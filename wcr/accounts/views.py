"""Staff start page, organisation switcher and the team pages of team leads."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from wcr.accounts.access import access_membership, staff_required
from wcr.accounts.middleware import ACTIVE_MEMBERSHIP_KEY
from wcr.accounts.models import Location, Membership, Role, User
from wcr.accounts.services import (
    TEAM_LEAD_MANAGED_ROLES,
    membership_change_role,
    membership_end,
    membership_grant,
    membership_set_locations,
)
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
    return HttpResponseRedirect(safe_next(request, request.POST.get("next", "")))


def safe_next(request: WcrRequest, target: str) -> str:
    """``target`` if it is a path on this site (``/…``), else the staff start page. Never handed
    to ``redirect()``, which would take a bare word for a URL name (``next=foo`` was a 500)."""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("staff:home")


def _team_form(
    request: WcrRequest, locations: list[Location]
) -> tuple[dict[str, str], User | None, str, list[Location]]:
    """Read the grant form: (errors by field, user, role, locations)."""
    errors: dict[str, str] = {}
    login = request.POST.get("user", "").strip()
    found = (
        list(
            User.objects.filter(is_active=True).filter(
                Q(username__iexact=login) | Q(email__iexact=login)
            )[:2]
        )
        if login
        else []
    )
    if len(found) != 1:
        errors["user"] = _("User: please give the user name or email address of an active account.")
    role = request.POST.get("role", "")
    if role not in TEAM_LEAD_MANAGED_ROLES:
        errors["role"] = _("Role: please choose one of the listed roles.")
    chosen, location_error = _chosen_locations(request, locations)
    if location_error:
        errors["locations"] = location_error
    return errors, (found[0] if len(found) == 1 else None), role, chosen


def _chosen_locations(request: WcrRequest, locations: list[Location]) -> tuple[list[Location], str]:
    wanted = set(request.POST.getlist("locations"))
    chosen = [location for location in locations if location.slug in wanted]
    if len(chosen) != len(wanted):
        return chosen, _("Locations: please choose only from the listed locations.")
    return chosen, ""


def _field_errors(error: ValidationError) -> dict[str, str]:
    labels = {"user": _("User"), "role": _("Role")}
    return {
        field: f"{labels.get(field, field)}: {' '.join(messages_)}"
        for field, messages_ in error.message_dict.items()
    }


@staff_required(Role.TEAM_LEAD)
@require_http_methods(["GET", "POST"])
def team(request: WcrRequest) -> HttpResponse:
    """The organisation's staff; a team lead grants a membership to an existing account here."""
    organisation = request.organisation
    locations = list(Location.objects.filter(is_active=True))
    errors: dict[str, str] = {}
    form = {"user": "", "role": Role.COUNSELLOR, "locations": set[str]()}
    if request.method == "POST":
        errors, user, role, chosen = _team_form(request, locations)
        form = {
            "user": request.POST.get("user", "").strip(),
            "role": role,
            "locations": {location.slug for location in chosen},
        }
        if not errors and user is not None:
            try:
                membership_grant(
                    actor=request.user,
                    user=user,
                    organisation=organisation,  # type: ignore[arg-type]
                    role=role,
                    locations=chosen,
                )
            except ValidationError as error:
                errors = _field_errors(error)
            else:
                messages.success(
                    request, _("%(user)s is now a member of the team.") % {"user": user}
                )
                return redirect("staff:team")
    members = list(
        # gate: the acting organisation's own staff (for_org), team leads only
        Membership.objects.for_org(organisation)  # type: ignore[arg-type]
        .select_related("user")
        .prefetch_related("locations")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    return render(
        request,
        "accounts/team.html",
        {
            # The team does the casework; the data protection officer, the coordinator and the
            # administrator hold a membership for their own tasks and are listed apart.
            "members": [m for m in members if m.role in TEAM_LEAD_MANAGED_ROLES],
            "other_members": [m for m in members if m.role not in TEAM_LEAD_MANAGED_ROLES],
            "locations": locations,
            "roles": [(value, Role(value).label) for value in TEAM_LEAD_MANAGED_ROLES],
            "form": form,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


@staff_required(Role.TEAM_LEAD)
@require_http_methods(["GET", "POST"])
def team_member(request: WcrRequest, code: str) -> HttpResponse:
    """A colleague's membership: role and locations, or end it. Team leads manage counsellors and
    team leads; the other roles only the platform administrator changes."""
    member = access_membership(request, code, write=request.method == "POST")
    locations = list(Location.objects.filter(is_active=True))
    selected = {location.slug for location in member.locations.all()}
    managed = member.role in TEAM_LEAD_MANAGED_ROLES
    errors: dict[str, str] = {}
    role = member.role
    if request.method == "POST":
        role = request.POST.get("role", member.role)
        chosen, location_error = _chosen_locations(request, locations)
        if not managed:
            errors["role"] = _("Role: only the platform administrator changes this membership.")
        elif request.POST.get("action") == "end":
            try:
                membership_end(actor=request.user, membership=member)
            except ValidationError as error:
                errors = _field_errors(error)
            else:
                messages.success(request, _("The membership was ended."))
                return redirect("staff:team")
        else:
            if role not in TEAM_LEAD_MANAGED_ROLES:
                errors["role"] = _("Role: please choose one of the listed roles.")
            if location_error:
                errors["locations"] = location_error
            selected = {location.slug for location in chosen}
        if not errors:
            try:
                with transaction.atomic():
                    membership_change_role(actor=request.user, membership=member, role=role)
                    membership_set_locations(
                        actor=request.user, membership=member, locations=chosen
                    )
            except ValidationError as error:
                errors = _field_errors(error)
            else:
                messages.success(request, _("The membership was saved."))
                return redirect("staff:team_member", code=member.code)
    return render(
        request,
        "accounts/team_member.html",
        {
            "member": member,
            "managed": managed,
            "locations": locations,
            "selected": selected,
            "role": role,
            "roles": [(value, Role(value).label) for value in TEAM_LEAD_MANAGED_ROLES],
            "errors": errors,
            "error": errors.get("locations", ""),
        },
        status=400 if errors else 200,
    )
