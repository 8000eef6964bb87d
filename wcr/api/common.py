"""What every app's ``api.py`` shares: the input types whose limits the OpenAPI document states
exactly as the server enforces them, pagination, error bodies and their documentation, field
errors, the role check.

The rule for input types: the JSON Schema in ``/api/v1/openapi.json`` accepts exactly what the
server accepts (Schemathesis checks both directions). So every limit is written once, here, and
turns into both a JSON Schema keyword (``maxLength``, ``pattern``, ``maxItems`` …) and the check
that enforces it; no type is coerced (no ``false`` → 0, no ``0`` → 1970-01-01).
"""

from __future__ import annotations

import calendar
import datetime
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from django.db.models import Model, QuerySet
from django.http import Http404
from ninja import Field, Schema
from ninja.errors import ValidationError
from pydantic import AfterValidator, BeforeValidator, GetJsonSchemaHandler, StrictStr
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import PydanticCustomError, core_schema

from wcr.accounts.models import Membership
from wcr.cases.access import CASE_ROLES
from wcr.core.request import WcrRequest

# --- JSON Schema keywords computed when the document is built ----------------------------------


@dataclass(frozen=True)
class JsonSchemaExtra:
    """Annotation adding keywords to a type's JSON Schema; a callable is called each time the
    document is built (for limits that move, such as "today")."""

    extra: dict[str, Any] | Callable[[], dict[str, Any]]

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema.update(self.extra() if callable(self.extra) else self.extra)
        return json_schema


# --- Text ----------------------------------------------------------------------------------------

# Control characters (Cc): never in a text field.
CONTROL_RANGES = ((0x0000, 0x001F), (0x007F, 0x009F))
# Characters that show nothing on their own: white space (Z*), format characters (Cf) and the
# default-ignorable code points of Unicode 15.1 (zero-width, bidi marks, variation selectors,
# fillers, tags). A text made only of them looks empty, and nobody could ever search for it.
INVISIBLE_RANGES = (
    (0x0020, 0x0020),
    (0x00A0, 0x00A0),
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x115F, 0x1160),
    (0x1680, 0x1680),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x2000, 0x200F),
    (0x2028, 0x202F),
    (0x205F, 0x206F),
    (0x2800, 0x2800),
    (0x3000, 0x3000),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)


def _char(code: int) -> str:
    # BMP as \uXXXX (ECMA-262, Python and Rust regexes read it alike); beyond the BMP the
    # character itself, since the three spell escapes for it differently.
    return f"\\u{code:04X}" if code <= 0xFFFF else chr(code)


def _class(ranges: tuple[tuple[int, int], ...]) -> str:
    return "".join(_char(a) if a == b else f"{_char(a)}-{_char(b)}" for a, b in ranges)


_CONTROL = _class(CONTROL_RANGES)
_INVISIBLE = _class(INVISIBLE_RANGES)
# No control character, and at least one character that shows.
VISIBLE_TEXT_PATTERN = f"^[^{_CONTROL}]*[^{_CONTROL}{_INVISIBLE}][^{_CONTROL}]*$"
OPTIONAL_TEXT_PATTERN = f"^(?:[^{_CONTROL}]*[^{_CONTROL}{_INVISIBLE}][^{_CONTROL}]*)?$"
# The server's side of the same rule. Lone surrogates (which JSON can spell and no database can
# store) are refused too; JSON Schema strings cannot hold them, so the pattern need not say so.
_FORBIDDEN_CHAR = re.compile(f"[{_CONTROL}\\ud800-\\udfff]")
_VISIBLE_CHAR = re.compile(f"[^{_CONTROL}{_INVISIBLE}]")


# Building blocks for schemas written by hand (the portal's request, checked outside pydantic by
# ``text_problem``): no control character; and the white space ``str.strip`` removes that is not
# a control character (the server trims it).
NO_CONTROL_PATTERN = f"^[^{_CONTROL}]*$"
INVISIBLE_CLASS = _INVISIBLE
STRIPPED_SPACE_CLASS = "\\u0020\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000"


def text_problem(value: str, *, required: bool) -> str | None:
    """The server's text rule outside pydantic (the portal's forms): ``"text_control"``,
    ``"text_invisible"`` or ``None`` when ``value`` passes."""
    if _FORBIDDEN_CHAR.search(value):
        return "text_control"
    if (required or value) and not _VISIBLE_CHAR.search(value):
        return "text_invisible"
    return None


def _visible(required: bool) -> Callable[[str], str]:
    def check(value: str) -> str:
        if _FORBIDDEN_CHAR.search(value):
            raise PydanticCustomError("text_control", "Text must not contain control characters.")
        if (required or value) and not _VISIBLE_CHAR.search(value):
            raise PydanticCustomError(
                "text_invisible", "Text must contain at least one visible character."
            )
        return value.strip()

    return check


def text_type(max_length: int, *, required: bool = True, pattern: str | None = None) -> Any:
    """A string of at most ``max_length`` characters (the model field's), without control
    characters and, when given, with a visible character; stored trimmed. ``pattern`` narrows it
    further (the server checks it the same way)."""
    schema_pattern = pattern or (VISIBLE_TEXT_PATTERN if required else OPTIONAL_TEXT_PATTERN)
    checks: list[Any] = [AfterValidator(_visible(required))]
    if pattern is not None:
        compiled = re.compile(pattern)

        def check_pattern(value: str) -> str:
            if not compiled.fullmatch(value):
                raise PydanticCustomError("string_pattern_mismatch", "Enter a valid value.")
            return value

        checks.insert(0, AfterValidator(check_pattern))
    return Annotated[
        StrictStr,
        Field(min_length=1 if required else 0, max_length=max_length),
        *checks,
        JsonSchemaExtra({"pattern": schema_pattern}),
    ]


# --- Dates ---------------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MONTH_DAY = (
    "(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])"
    "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)"
    "|02-(?:0[1-9]|1[0-9]|2[0-8]))"
)


def _group(regex: str) -> str:
    return f"(?:{regex})" if "|" in regex else regex


def number_pattern(low: int, high: int, width: int) -> str:
    """A regex for the ``width``-digit, zero-padded numbers from ``low`` to ``high``."""
    if not 0 <= low <= high < 10**width:
        raise ValueError(f"no {width}-digit range {low}..{high}")
    if width == 1:
        return str(low) if low == high else f"[{low}-{high}]"
    unit = 10 ** (width - 1)
    (first_low, rest_low), (first_high, rest_high) = divmod(low, unit), divmod(high, unit)
    if first_low == first_high:
        return f"{first_low}{_group(number_pattern(rest_low, rest_high, width - 1))}"
    parts = []
    if rest_low:
        parts.append(f"{first_low}{_group(number_pattern(rest_low, unit - 1, width - 1))}")
        first_low += 1
    tail = None
    if rest_high != unit - 1:
        tail = f"{first_high}{_group(number_pattern(0, rest_high, width - 1))}"
        first_high -= 1
    if first_low <= first_high:
        digit = str(first_low) if first_low == first_high else f"[{first_low}-{first_high}]"
        parts.append(digit + ("[0-9]" if width == 2 else f"[0-9]{{{width - 1}}}"))
    if tail:
        parts.append(tail)
    return "|".join(parts)


def _within_year(start: datetime.date, end: datetime.date) -> str:
    months = []
    for month in range(start.month, end.month + 1):
        first = start.day if month == start.month else 1
        last = end.day if month == end.month else calendar.monthrange(start.year, month)[1]
        months.append(f"{month:02d}-{_group(number_pattern(first, last, 2))}")
    return f"{start.year}-{_group('|'.join(months))}"


def date_pattern(low: datetime.date, high: datetime.date) -> str:
    """A regex matching exactly the real dates ``YYYY-MM-DD`` from ``low`` to ``high``: how
    JSON Schema can say "a date in this range" (it has no minimum for dates)."""
    if low.year == high.year:
        parts = [_within_year(low, high)]
    else:
        parts = [_within_year(low, datetime.date(low.year, 12, 31))]
        if low.year + 1 < high.year:
            years = number_pattern(low.year + 1, high.year - 1, 4)
            parts.append(f"{_group(years)}-{_MONTH_DAY}")
            leap = [str(y) for y in range(low.year + 1, high.year) if calendar.isleap(y)]
            if leap:
                parts.append(f"{_group('|'.join(leap))}-02-29")
        parts.append(_within_year(datetime.date(high.year, 1, 1), high))
    return f"^(?:{'|'.join(parts)})$"


type DateBound = datetime.date | Callable[[], datetime.date]


def _bound(value: DateBound) -> datetime.date:
    return value() if callable(value) else value


def _iso_date_text(value: object) -> object:
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise PydanticCustomError("date_type", "Enter a date as a text YYYY-MM-DD.")
    return value


def date_type(low: DateBound, high: DateBound) -> Any:
    """A date given as the text ``YYYY-MM-DD`` (no number, no time) from ``low`` to ``high``
    (callables are read when the request or the document is made, e.g. "today")."""

    def check_range(value: datetime.date) -> datetime.date:
        first, last = _bound(low), _bound(high)
        if not first <= value <= last:
            raise PydanticCustomError(
                "date_range",
                "Enter a date from {first} to {last}.",
                {"first": first.isoformat(), "last": last.isoformat()},
            )
        return value

    def schema() -> dict[str, Any]:
        first, last = _bound(low), _bound(high)
        return {
            "pattern": date_pattern(first, last),
            "description": f"A date from {first.isoformat()} to {last.isoformat()}.",
        }

    return Annotated[
        datetime.date,
        BeforeValidator(_iso_date_text),
        AfterValidator(check_range),
        JsonSchemaExtra(schema),
    ]


UUID_PATTERN = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
_UUID = re.compile(UUID_PATTERN)


def _uuid_text(value: object) -> object:
    if not isinstance(value, str) or not _UUID.fullmatch(value):
        raise PydanticCustomError(
            "uuid_type", "Enter a code: a UUID such as 0b0e6c2c-8f1a-4c1e-9a53-2d5c3b9f0a11."
        )
    return value


# A code (UUID) as text in its hyphenated form only, as JSON Schema's format "uuid" has it.
CodeIn = Annotated[
    uuid.UUID, BeforeValidator(_uuid_text), JsonSchemaExtra({"pattern": UUID_PATTERN})
]


def _json_number(value: object) -> object:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError("int_type", "Enter a whole number.")
    return value


def int_type(low: int, high: int) -> Any:
    """A whole number from ``low`` to ``high`` as JSON Schema's "integer" has it: 12 or 12.0,
    never true, "12" or 12.5."""

    def check_range(value: int) -> int:
        if not low <= value <= high:
            raise PydanticCustomError(
                "int_range", "Enter a number from {low} to {high}.", {"low": low, "high": high}
            )
        return value

    return Annotated[
        int,
        BeforeValidator(_json_number),
        AfterValidator(check_range),
        JsonSchemaExtra({"minimum": low, "maximum": high}),
    ]


# --- Lists ---------------------------------------------------------------------------------------


def unique_items(value: list[Any]) -> list[Any]:
    if len(set(value)) != len(value):
        raise PydanticCustomError("list_unique", "Each value may appear only once.")
    return value


# --- Pagination ----------------------------------------------------------------------------------

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_OFFSET = 10_000_000  # beyond any organisation's caseload; keeps OFFSET an ordinary integer


_WHOLE_NUMBER = re.compile(r"^[0-9]+$")


def whole_number(value: Any) -> Any:
    """A query's number as digits only: pydantic's lax int would take ``0.0`` or ``1e2``, which
    the document's ``type: integer`` forbids."""
    if isinstance(value, str) and not _WHOLE_NUMBER.fullmatch(value):
        raise PydanticCustomError("int_parsing", "Enter a whole number (digits only).")
    return value


WholeNumber = Annotated[int, BeforeValidator(whole_number)]


class PageQuery(Schema):
    limit: WholeNumber = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page.")
    offset: WholeNumber = Field(0, ge=0, le=MAX_OFFSET, description="Items to skip.")


class Page[T](Schema):
    """One page of a collection: its items and the number of all items."""

    items: list[T]
    count: int = Field(ge=0, description="Number of all items, not only of this page.")


def page[M: Model](queryset: QuerySet[M], query: PageQuery) -> dict[str, Any]:
    """``{"items": [...], "count": N}``: two queries (count and page) plus the queryset's
    prefetches, whatever the number of rows."""
    return {
        "items": list(queryset[query.offset : query.offset + query.limit]),
        "count": queryset.count(),
    }


# --- Errors --------------------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    loc: list[str | int] = Field(description='Where: e.g. ["body", "payload", "family_name"].')
    msg: str
    type: str


class ValidationErrorOut(Schema):
    detail: list[FieldErrorOut]


def _answer(description: str, example: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"example": example}}}


def _field_example(where: list[str | int], msg: str, kind: str) -> dict[str, Any]:
    return {"detail": [{"loc": where, "msg": msg, "type": kind}]}


# What each documented error answer means, with an example body (added to every operation's
# responses by wcr.api.urls; the schemas come from the response dicts below).
ERROR_ANSWERS: dict[int, dict[str, Any]] = {
    400: _answer("The body is not JSON.", {"detail": "Cannot parse request body"}),
    401: _answer(
        "No token, or one that is unknown, expired or revoked.", {"detail": "Unauthorized"}
    ),
    403: _answer("A read-only token asked to write.", {"detail": "read_only_token"}),
    404: _answer(
        "Not found, or not visible to the token's user (the same answer for both).",
        {"detail": "Not Found"},
    ),
    422: _answer(
        "Invalid input; each entry names a field.",
        _field_example(
            ["body", "payload", "family_name"],
            "Text must contain at least one visible character.",
            "text_invisible",
        ),
    ),
    429: _answer(
        "Too many requests from this address; try again later (the portal's operations say "
        "when, in Retry-After).",
        {"detail": "Too many requests; try again in a minute."},
    ),
}

READ_ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 404: ErrorOut}
LIST_ERRORS: dict[int, type[Schema]] = {**READ_ERRORS, 422: ValidationErrorOut}
WRITE_ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ValidationErrorOut,
}


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
