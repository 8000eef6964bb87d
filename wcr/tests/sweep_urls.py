"""URL configuration for the route sweep's test of itself: the real routes plus one that takes a
code and has no sweep entry (``test_route_sweep.SweepSelfTests``)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from wcr.urls import urlpatterns as real_patterns


def unguarded(request: HttpRequest, code: str) -> HttpResponse:
    return HttpResponse(code)


urlpatterns = [
    path("mitarbeitende/ungeprueft/<str:code>/", unguarded, name="unguarded_route"),
    *real_patterns,
]
