"""Public pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wcr.accounts.models import Location, Organisation


def home(request: HttpRequest) -> HttpResponse:
    locations = Location.objects.filter(is_active=True)
    partners = Organisation.objects.filter(is_active=True).order_by("-is_lead", "name")
    return render(request, "portal/home.html", {"locations": locations, "partners": partners})


def locations(request: HttpRequest) -> HttpResponse:
    return render(
        request, "portal/locations.html", {"locations": Location.objects.filter(is_active=True)}
    )


def privacy_notice(request: HttpRequest) -> HttpResponse:
    lead = Organisation.objects.filter(is_lead=True).first()
    return render(request, "portal/privacy.html", {"lead": lead})


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/accessibility.html")


def imprint(request: HttpRequest) -> HttpResponse:
    lead = Organisation.objects.filter(is_lead=True).first()
    return render(request, "portal/imprint.html", {"lead": lead})
