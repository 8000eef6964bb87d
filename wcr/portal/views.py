"""Public pages."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from wcr.accounts.models import Location, Organisation
from wcr.core.public_cache import public_page
from wcr.portal.models import PrivacyNotice
from wcr.portal.models.notices import privacy_notice_in_force


@public_page
def home(request: HttpRequest) -> HttpResponse:
    locations = Location.objects.filter(is_active=True)
    partners = Organisation.objects.filter(is_active=True).order_by("-is_lead", "name")
    return render(request, "portal/home.html", {"locations": locations, "partners": partners})


@public_page
def locations(request: HttpRequest) -> HttpResponse:
    return render(
        request, "portal/locations.html", {"locations": Location.objects.filter(is_active=True)}
    )


def _privacy_page(request: HttpRequest, notice: PrivacyNotice | None) -> HttpResponse:
    in_force = privacy_notice_in_force()
    language = get_language() or "de"
    # gate: the published privacy notices are public texts, no personal data
    published = PrivacyNotice.objects.network().published()
    shown = {n.pk for n in (in_force, notice) if n is not None}
    versions = [v for v in published if v.pk not in shown]
    context = {
        "lead": Organisation.objects.filter(is_lead=True).first(),
        "notice": notice,
        "in_force": in_force,
        "body": notice.body(language) if notice else "",
        "body_language": notice.body_language(language) if notice else language,
        "versions": versions,
    }
    return render(request, "portal/privacy.html", context)


@public_page
def privacy_notice(request: HttpRequest) -> HttpResponse:
    """The notice in force, with its version and date, and the list of earlier versions."""
    return _privacy_page(request, privacy_notice_in_force())


@public_page
def privacy_notice_version(request: HttpRequest, version: str) -> HttpResponse:
    """One published version of the network-wide notice, at its own address."""
    # gate: the published privacy notices are public texts, no personal data
    notice = PrivacyNotice.objects.network().published().filter(version=version).first()
    if notice is None:
        raise Http404
    return _privacy_page(request, notice)


@public_page
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/accessibility.html")


@public_page
def imprint(request: HttpRequest) -> HttpResponse:
    lead = Organisation.objects.filter(is_lead=True).first()
    return render(request, "portal/imprint.html", {"lead": lead})
