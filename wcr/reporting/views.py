from django.http import HttpResponse

from wcr.core.request import WcrRequest


def overview(request: WcrRequest) -> HttpResponse:
    return HttpResponse("")
