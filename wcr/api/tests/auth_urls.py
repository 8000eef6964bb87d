"""A URLconf with a small API authenticated like ``/api/v1/`` and with the answers of
``register_auth_errors``, for the tests of the authentication headers (``wcr.api.urls`` wires the
same two pieces into the real API)."""

from django.http import HttpRequest
from django.urls import path
from ninja import NinjaAPI

from wcr.api.auth import BearerToken, register_auth_errors

api = NinjaAPI(urls_namespace="auth_probe", docs_url=None, openapi_url=None, auth=BearerToken())
register_auth_errors(api)


@api.get("/probe")
def probe_read(request: HttpRequest) -> dict[str, str]:
    return {"method": "GET"}


@api.post("/probe")
def probe_write(request: HttpRequest) -> dict[str, str]:
    return {"method": "POST"}


@api.delete("/probe")
def probe_delete(request: HttpRequest) -> dict[str, str]:
    return {"method": "DELETE"}


urlpatterns = [path("probe-api/", api.urls)]
