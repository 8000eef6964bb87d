"""What every app's ``api.py`` shares: pagination, error bodies, field errors, the role check."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from django.http import Http404
from ninja import Field, Schema
from ninja.errors import ValidationError

from wcr.accounts.models import Membership
from wcr.cases.access import CASE_ROLES
from wcr.core.request import WcrRequest

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_OFFSET = 1_000_000_000  # beyond any real list; keeps the number in the database's range


class PageQuery(Schema):
    limit: int = Field(
        DEFAULT_LIMIT, ge=1, description=f"Items per page; at most {MAX_LIMIT} are returned."
    )
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Items to skip.")


def page[M: Model](queryset: QuerySet[M], query: PageQuery) -> dict[str, Any]:
    """``{"items": [...], "count": N}``: two queries (count and page) plus the queryset's
    prefetches, whatever the number of rows."""
    limit = min(query.limit, MAX_LIMIT)
    return {
        "items": list(queryset[query.offset : query.offset + limit]),
        "count": queryset.count(),
    }


class ErrorOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorOut(Schema):
    detail: list[FieldErrorOut]


# Documented error answers of every endpoint (the handlers in wcr.api.urls produce them).
READ_ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 404: ErrorOut}
WRITE_ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}


def field_error(field: str, message: str) -> dict[str, Any]:
    """One entry of a 422 body for a field of the request body ``payload``."""
    return {"type": "value_error", "loc": ["body", "payload", field], "msg": message}


def raise_field_errors(errors: list[dict[str, Any]]) -> None:
    if errors:
        raise ValidationError(errors)


def casework_membership(request: WcrRequest) -> Membership:
    """The acting membership if it may see case data (counsellors, team leads); else 404, as
    the tenancy gate answers."""
    membership = request.membership
    if membership is None:
        raise Http404
    if membership.role not in CASE_ROLES:
        raise Http404
    return membership
