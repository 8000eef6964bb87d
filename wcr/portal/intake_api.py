"""``GET /api/v1/requests``: the acting organisation's intake items (staff token), as the spec
says (``shared/specs/interfaces.md``, "Public portal: requests and routing"). Through the same
gate as the inbox page; no personal data in the items, the read is logged all the same."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from ninja import Field, Query, Router, Schema

from wcr.api.common import LIST_ERRORS, Page, PageQuery, page
from wcr.core.request import WcrRequest
from wcr.portal.access import intake_items_for
from wcr.portal.models import IntakeItem
from wcr.portal.models.requests import IntakeStatus, RequestKind
from wcr.privacy.services import access_log_bulk_read

router = Router(tags=["requests"])


class IntakeItemOut(Schema):
    code: uuid.UUID = Field(description="Code of the intake item (the request in this inbox).")
    reference: str = Field(
        description="The request's reference, as the requester was told.",
        json_schema_extra={"examples": ["WCR-2026-00042"]},
    )
    organisation: str = Field(description="Code of the organisation whose inbox holds it.")
    location: str | None = Field(description="Code of the WCR location.")
    kind: RequestKind
    status: IntakeStatus = Field(
        description="new; accepted (a case was opened); forwarded (to another partner); declined."
    )
    received_at: datetime.datetime
    topics: list[str] = Field(description="Topic codes.")

    @staticmethod
    def resolve_reference(obj: IntakeItem) -> str:
        return obj.request.reference

    @staticmethod
    def resolve_organisation(obj: IntakeItem) -> str:
        return obj.organisation.slug

    @staticmethod
    def resolve_location(obj: IntakeItem) -> str | None:
        return obj.location.slug if obj.location else None

    @staticmethod
    def resolve_kind(obj: IntakeItem) -> str:
        return obj.request.kind

    @staticmethod
    def resolve_topics(obj: IntakeItem) -> list[str]:
        return [topic.slug for topic in obj.request.topics.all()]


@router.get("/requests", response={200: Page[IntakeItemOut], **LIST_ERRORS})
def request_list(request: WcrRequest, query: Query[PageQuery]) -> dict[str, Any]:
    """The token's organisation's intake items (requests from the portal), newest first."""
    items = (
        intake_items_for(request)
        .select_related("request", "organisation", "location")
        .prefetch_related("request__topics")
        .order_by("-received_at", "-id")
    )
    result = page(items, query)
    access_log_bulk_read(request, result["items"], purpose="api")
    return result
