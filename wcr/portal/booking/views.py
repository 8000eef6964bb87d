"""The public booking pages: choose a slot, book it, and manage it through the signed link."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from wcr.portal.booking.services import booking_from_token


@never_cache
def booking_manage(request: HttpRequest, token: str) -> HttpResponse:
    """The booking the signed link names: shown, moved or cancelled without an account."""
    booking = booking_from_token(token)
    if booking is None:
        raise Http404
    return render(request, "portal/booking/manage.html", {"booking": booking, "token": token})
