"""The REST API at ``/api/v1/``: one NinjaAPI, token auth on every endpoint (deny by default),
each app's endpoints mounted from its ``<app>/api.py``. ``/api/v1/openapi.json`` describes it."""

from __future__ import annotations

import copy
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import path
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from wcr.api.auth import BearerToken, register_auth_errors
from wcr.api.common import ERROR_ANSWERS
from wcr.cases.api import router as cases_router
from wcr.navigator.api import router as navigator_router
from wcr.partners.api import complete_document as complete_partners_document
from wcr.partners.api import router as partners_router
from wcr.portal.api import router as portal_router
from wcr.portal.booking.api import router as booking_router
from wcr.portal.intake_api import router as intake_router
from wcr.referrals.api import Conflict as ReferralConflict
from wcr.referrals.api import router as referrals_router

# Answers gunicorn gives before a request reaches Django (its default limits, as in
# docs/operations.md): a request line over 4 094 bytes, a header over 8 190 bytes or more than
# 100 headers. They come as gunicorn's small HTML page, so they are documented as text/html.
SERVER_LIMIT_ANSWERS: dict[str, dict[str, Any]] = {
    "414": {
        "description": (
            "Request line (method, path and query string) longer than 4 094 bytes; answered by "
            "the web server before the API sees the request."
        ),
        "content": {"text/html": {"schema": {"type": "string"}}},
    },
    "431": {
        "description": (
            "A request header longer than 8 190 bytes, or more than 100 headers; answered by "
            "the web server before the API sees the request."
        ),
        "content": {"text/html": {"schema": {"type": "string"}}},
    },
}


class WcrApi(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        """Ninja's document, with each error answer described and given an example body, and the
        web server's own limit answers on every operation."""
        document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in document["paths"].values():
            for operation in operations.values():
                for status, answer in operation["responses"].items():
                    documented = ERROR_ANSWERS.get(int(status))
                    if documented is None:
                        continue
                    answer["description"] = documented["description"]
                    for content in answer.get("content", {}).values():
                        example = documented["content"]["application/json"]["example"]
                        content.setdefault("example", copy.deepcopy(example))
                for status, answer in SERVER_LIMIT_ANSWERS.items():
                    operation["responses"].setdefault(status, copy.deepcopy(answer))
        complete_partners_document(document)
        return document


api = WcrApi(
    title="WCR API",
    version="1",
    description=(
        "REST API of the WCR platform. Every request carries `Authorization: Bearer <token>` "
        "(`python manage.py api_token USERNAME`) and acts with the token owner's rights: 401 "
        "without a valid token, 404 for whatever the owner may not see. Collections answer "
        '`{"items": [...], "count": N}` and take `?limit=` (1 to 200, default 50) and '
        "`?offset=` (0 to 10 000 000). Invalid input answers 422 "
        '`{"detail": [{"loc": [...], "msg": "...", "type": "..."}]}` naming each field; the '
        "limits in this document (lengths, patterns, list sizes, date ranges) are exactly the "
        "server's. Tokens expire (90 days by default, at most a year) and are read-only or "
        'read-write; a read-only token\'s write answers 403 `{"detail": "read_only_token"}`. '
        "Each user creates and revokes their own tokens in the staff area (API-Zugänge)."
    ),
    urls_namespace="api",
    docs_url=None,  # the Swagger UI would load scripts from a CDN, which the CSP forbids
    auth=BearerToken(),
)
register_auth_errors(api)
api.add_router("/", cases_router)
api.add_router("/", navigator_router)
api.add_router("/", portal_router)
api.add_router("/", booking_router)
api.add_router("/", intake_router)
api.add_router("/", partners_router)
api.add_router("/", referrals_router)


@api.exception_handler(ReferralConflict)
def _referral_conflict(request: HttpRequest, exc: ReferralConflict) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=409)


urlpatterns = [path("", api.urls)]
