"""Chooses the membership a signed-in user acts under (the organisation switcher stores it)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from wcr.accounts.models import Membership

ACTIVE_MEMBERSHIP_KEY = "wcr_membership"


def membership_middleware(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        request.membership = None  # type: ignore[attr-defined]
        request.organisation = None  # type: ignore[attr-defined]
        request.memberships = []  # type: ignore[attr-defined]
        if request.user.is_authenticated:
            memberships = list(
                Membership.objects.active()
                .filter(user=request.user)
                .select_related("organisation")
                .order_by("organisation__name", "pk")
            )
            chosen = request.session.get(ACTIVE_MEMBERSHIP_KEY)
            current = next((m for m in memberships if m.pk == chosen), None)
            if current is None and memberships:
                current = memberships[0]
            request.memberships = memberships  # type: ignore[attr-defined]
            request.membership = current  # type: ignore[attr-defined]
            request.organisation = current.organisation if current else None  # type: ignore[attr-defined]
        return get_response(request)

    return middleware
