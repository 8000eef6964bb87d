"""The REST API at ``/api/v1/``: one NinjaAPI, token auth on every endpoint (deny by default),
each app's endpoints mounted from its ``<app>/api.py``. ``/api/v1/openapi.json`` describes it."""

from django.urls import path
from ninja import NinjaAPI

from wcr.api.auth import BearerToken
from wcr.cases.api import router as cases_router
from wcr.navigator.api import router as navigator_router

api = NinjaAPI(
    title="WCR API",
    version="1",
    description=(
        "REST API of the WCR platform. Every request carries `Authorization: Bearer <token>` "
        "(`python manage.py api_token USERNAME`) and acts with the token owner's rights: 401 "
        "without a valid token, 404 for whatever the owner may not see. Collections answer "
        '`{"items": [...], "count": N}` and take `?limit=` (default 50, at most 200) and `?offset=`.'
    ),
    urls_namespace="api",
    docs_url=None,  # the Swagger UI would load scripts from a CDN, which the CSP forbids
    auth=BearerToken(),
)
api.add_router("/", cases_router)
api.add_router("/", navigator_router)

urlpatterns = [path("", api.urls)]
