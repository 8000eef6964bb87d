"""The directory in the staff area (``/mitarbeitende/partner/``): the list with search and the
"not checked for over 12 months" flag, the edit form with services and locations, and "Geprüft".
Team leads of any organisation maintain entries; counsellors and the coordinator read the list
(``wcr/partners/access.py``)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wcr.accounts.access import staff_required
from wcr.core.request import WcrRequest
from wcr.partners.access import (
    READ_ROLES,
    access_partner,
    directory_membership,
    may_maintain,
)
from wcr.partners.forms import LocationFormSet, PartnerForm, ServiceFormSet, StaffFilterForm
from wcr.partners.models import CHECK_INTERVAL_DAYS, Partner
from wcr.partners.services import partner_fields, partner_mark_checked, partner_save_changes
from wcr.region.selectors import municipalities_for_postal_code, municipality_by_ags


def stale_before(today: datetime.date) -> datetime.date:
    """Entries last checked before this day are flagged."""
    return today - datetime.timedelta(days=CHECK_INTERVAL_DAYS)


@staff_required(*READ_ROLES)
def partner_list(request: WcrRequest) -> HttpResponse:
    membership = directory_membership(request)
    form = StaffFilterForm(request.GET or None)
    today = timezone.localdate()
    partners = Partner.objects.with_details().order_by("name", "pk")
    if form.is_valid():
        topic = form.cleaned_data["topic"]
        if topic is not None:
            partners = partners.filter(
                Q(pk__in=Partner.objects.filter(topics=topic).values("pk"))
                | Q(pk__in=Partner.objects.filter(services__topics=topic).values("pk"))
            )
        place = form.cleaned_data["place"]
        if place:
            found = (
                [m for m in [municipality_by_ags(place)] if m]
                if len(place) == 8
                else municipalities_for_postal_code(place, authorities=False)
            )
            served = Partner.objects.filter(municipalities__in=found).values("pk")
            partners = partners.filter(Q(pk__in=served) | Q(serves_all_nrw=True))
        if form.cleaned_data["stale"]:
            partners = partners.filter(
                Q(last_checked_on__isnull=True) | Q(last_checked_on__lt=stale_before(today))
            )
    rows = [
        {
            "partner": partner,
            "stale": partner.last_checked_on is None
            or partner.last_checked_on < stale_before(today),
        }
        for partner in partners
    ]
    return render(
        request,
        "partners/staff_list.html",
        {
            "form": form,
            "rows": rows,
            "may_maintain": may_maintain(membership),
            "stale_count": sum(1 for row in rows if row["stale"]),
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def _part_changes(formset: Any, label: str) -> dict[str, dict[str, Any]]:
    """A summary of a formset's changes for the audit trail (names added, changed, removed)."""
    added = [obj.name or str(obj) for obj in formset.new_objects]
    changed = [obj.name or str(obj) for obj, _fields in formset.changed_objects]
    removed = [obj.name or str(obj) for obj in formset.deleted_objects]
    if not (added or changed or removed):
        return {}
    return {label: {"old": removed or None, "new": {"added": added, "changed": changed}}}


@staff_required(*READ_ROLES)
def partner_edit(request: WcrRequest, code: str) -> HttpResponse:
    partner = access_partner(request, code, write=True)
    data = request.POST if request.method == "POST" else None
    form = PartnerForm(data, instance=partner)
    services = ServiceFormSet(data, instance=partner, prefix="services")
    locations = LocationFormSet(data, instance=partner, prefix="locations")
    status = 200
    if request.method == "POST":
        before = partner_fields(partner)
        if form.is_valid() and services.is_valid() and locations.is_valid():
            with transaction.atomic():
                form.save()
                services.save()
                locations.save()
                parts = _part_changes(services, "services") | _part_changes(locations, "locations")
                partner_save_changes(
                    actor=request.user,
                    organisation=request.organisation,
                    partner=partner,
                    before=before,
                    parts=parts,
                )
            messages.success(request, _("The entry was saved."))
            return redirect("partners_staff:list")
        status = 400
    return render(
        request,
        "partners/staff_edit.html",
        {"partner": partner, "form": form, "services": services, "locations": locations},
        status=status,
    )


@staff_required(*READ_ROLES)
@require_POST
def partner_checked(request: WcrRequest, code: str) -> HttpResponse:
    partner = access_partner(request, code, write=True)
    partner_mark_checked(
        actor=request.user,
        organisation=request.organisation,
        partner=partner,
        on=timezone.localdate(),
    )
    messages.success(request, _("Marked as checked today: %(name)s") % {"name": partner.name})
    return redirect("partners_staff:list")
