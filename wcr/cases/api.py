"""REST endpoints of the case workbench: persons, companies, cases (mounted by ``wcr.api``).

Thin on purpose: reads go through the tenancy gate (``wcr.cases.access``) and the selectors,
writes through the services, exactly as the staff pages do. Each endpoint has its own input and
output schema; the OpenAPI document is generated from them.
"""

from __future__ import annotations

import datetime
import enum
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator, validate_email
from django.db.models import Model
from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError
from ninja.responses import Status
from pydantic import (
    AfterValidator,
    ConfigDict,
    StrictBool,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from wcr.accounts.models import Location, Membership, User
from wcr.api.common import (
    LIST_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    CodeIn,
    Page,
    PageQuery,
    casework_membership,
    date_type,
    field_error,
    int_type,
    page,
    raise_field_errors,
    text_type,
    unique_items,
)
from wcr.cases import selectors, services
from wcr.cases.access import CASE_ROLES, access_case, access_company, access_person
from wcr.cases.forms import FOREIGN_POSTAL_CODE_PATTERN, LANGUAGES, postal_code_fits
from wcr.cases.models import Case, Channel, Company, DatePrecision, Gender, Person, Topic
from wcr.cases.models.choices import LegalForm, NameKind, ResidenceStatus, Script, Sector
from wcr.core.request import WcrRequest
from wcr.privacy.services import access_log_bulk_read
from wcr.region.models import Municipality

router = Router()

# --- Limits: each stated in the OpenAPI document exactly as the server enforces it -------------

MAX_NAME_VARIANTS = 20
MAX_NATIONALITIES = 10
MAX_TOPICS = 20
MAX_STAFF = 1_000_000
EARLIEST_BIRTH = datetime.date(1900, 1, 1)
EARLIEST_OPENING = datetime.date(2000, 1, 1)
DATE_MIN, DATE_MAX = datetime.date(1900, 1, 1), datetime.date(2099, 12, 31)
WEBSITE_MAX_LENGTH = 200  # Company.website

# A subset of what Django's EmailValidator takes (ASCII dot-atom at a domain with a TLD), so the
# pattern alone decides; internationalised domains are entered in their xn-- form.
EMAIL_PATTERN = (
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$"
)
# A subset of what Django's URLValidator takes: http(s), a host name with a TLD, a port, a path.
WEBSITE_PATTERN = (
    r"^https?://(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
    r"(?::[0-9]{1,5})?(?:[/?#][!-~]*)?$"
)
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"


def _django_check(validator: Callable[[str], None], message: str) -> Callable[[str], str]:
    """Django's own validator behind the pattern (which is the narrower of the two)."""

    def check(value: str) -> str:
        if value:
            try:
                validator(value)
            except DjangoValidationError:
                raise PydanticCustomError("value_error", message) from None
        return value

    return check


def _today() -> datetime.date:
    return timezone.localdate()


if TYPE_CHECKING:  # what the validated values are; the types below carry the rules
    Name = str
    OptionalName = str
    Country = str
    Ags = str
    Slug = str
    Phone = str
    PostalCode = str
    CompanyName = str
    Title = str
    Username = str
    Email = str
    Website = str
    StaffCount = int
    Language = str
    BirthDate = datetime.date
    OpeningDate = datetime.date
    AnyDate = datetime.date
else:
    Name = text_type(150)
    OptionalName = text_type(150, required=False)
    Country = text_type(2, pattern=r"^[A-Z]{2}$")
    Ags = text_type(8, pattern=r"^[0-9]{8}$")
    Slug = text_type(40, pattern=SLUG_PATTERN)
    Phone = text_type(40, required=False)
    # Any postal code's shape (empty allowed); in Germany (country_of_residence DE) five digits,
    # checked with the country (a rule across two fields, said in the field's description).
    PostalCode = text_type(
        10, required=False, pattern=f"^(?:{FOREIGN_POSTAL_CODE_PATTERN[1:-1]})?$"
    )
    CompanyName = text_type(200)
    Title = text_type(200, required=False)
    Username = text_type(150)
    Email = Annotated[
        text_type(254, required=False, pattern=f"^(?:{EMAIL_PATTERN[1:-1]})?$"),
        AfterValidator(_django_check(validate_email, "Enter a valid email address.")),
    ]
    Website = Annotated[
        text_type(WEBSITE_MAX_LENGTH, required=False, pattern=f"^(?:{WEBSITE_PATTERN[1:-1]})?$"),
        AfterValidator(
            _django_check(URLValidator(schemes=["http", "https"]), "Enter a valid web address.")
        ),
    ]
    Language = enum.StrEnum("Language", {code: code for code, _label in LANGUAGES})
    BirthDate = date_type(EARLIEST_BIRTH, _today)
    OpeningDate = date_type(EARLIEST_OPENING, _today)
    AnyDate = date_type(DATE_MIN, DATE_MAX)
    StaffCount = int_type(0, MAX_STAFF)


def _shared(obj: Person | Company | Case, context: dict[str, Any]) -> bool:
    """Seen through a referral or transfer rather than as the owner."""
    request: WcrRequest = context["request"]
    assert request.organisation is not None
    return obj.organisation_id != request.organisation.pk


class OwnedOut(Schema):
    """What every item of an organisation-owned collection carries (specs/interfaces.md)."""

    code: uuid.UUID
    organisation: str = Field(description="Code of the owning organisation.")
    shared: bool = Field(description="True when seen through a referral or transfer.")

    @staticmethod
    def resolve_organisation(obj: Person | Company | Case) -> str:
        return obj.organisation.slug

    @staticmethod
    def resolve_shared(obj: Person | Company | Case, context: dict[str, Any]) -> bool:
        return _shared(obj, context)


def _municipality(ags: str | None, errors: list[dict[str, Any]]) -> int | None:
    if not ags:
        return None
    municipality = Municipality.objects.filter(ags=ags).only("pk").first()
    if municipality is None:
        errors.append(field_error("municipality", f"No municipality with the key (AGS) “{ags}”."))
        return None
    return municipality.pk


def _input(example: dict[str, Any], **extra: Any) -> ConfigDict:
    """Inputs refuse unknown fields (``additionalProperties: false``) and show an example."""
    return ConfigDict(extra="forbid", json_schema_extra={"examples": [example], **extra})


def _link_to(operation: str) -> dict[str, Any]:
    """An OpenAPI link from a create answer to reading the created item (stateful testing)."""
    link = {
        "operationId": f"wcr_cases_api_{operation}",
        "parameters": {"code": "$response.body#/code"},
    }
    return {"responses": {"201": {"links": {"read": link}}}}


# --- Persons --------------------------------------------------------------------------------------


class NameVariantIn(Schema):
    model_config = _input(
        {"given_name": "Олена", "family_name": "Коваленко", "kind": "native", "script": "cyrillic"}
    )

    given_name: OptionalName = ""
    family_name: OptionalName = ""
    kind: NameKind = NameKind.TRANSLITERATION
    script: Script = Script.LATIN


PERSON_EXAMPLE = {
    "given_name": "Olena",
    "family_name": "Kovalenko",
    "names": [
        {"given_name": "Олена", "family_name": "Коваленко", "kind": "native", "script": "cyrillic"}
    ],
    "date_of_birth": "1988-11-23",
    "gender": "f",
    "nationalities": ["UA"],
    "email": "olena.kovalenko@example.org",
    "residence_status": "residence_permit",
    "residence_expiry": "2027-01-31",
    "preferred_language": "uk",
}


class PersonIn(Schema):
    # A precision other than "unknown" needs a date of birth.
    model_config = _input(
        PERSON_EXAMPLE,
        anyOf=[
            {"properties": {"date_of_birth_precision": {"enum": ["unknown", None]}}},
            {"required": ["date_of_birth"], "properties": {"date_of_birth": {"type": "string"}}},
        ],
    )

    given_name: Name = Field(description="Given names as in the passport.")
    family_name: Name = Field(description="Family name as in the passport.")
    names: list[NameVariantIn] = Field(
        default_factory=list,
        max_length=MAX_NAME_VARIANTS,
        description="Other spellings: the original script, other transliterations, birth name.",
    )
    date_of_birth_precision: DatePrecision | None = Field(
        None,
        description="How exact the date of birth is; by default `day` with a date, `unknown` "
        "without (then with a 1 January date: `year`).",
    )
    date_of_birth: BirthDate | None = Field(None, validate_default=True)
    gender: Gender = Gender.UNKNOWN
    nationalities: Annotated[list[Country], AfterValidator(unique_items)] = Field(
        default_factory=list,
        max_length=MAX_NATIONALITIES,
        json_schema_extra={"uniqueItems": True},
        description="Two-letter country codes (ISO 3166-1), each once.",
    )
    email: Email = ""
    phone: Phone = ""
    postal_code: PostalCode = Field(
        "",
        description=(
            "Five digits when country_of_residence is DE (the default); abroad 2 to 10 letters, "
            "digits, spaces and hyphens."
        ),
    )
    municipality: Ags | None = Field(None, description="Municipality key (AGS, 8 digits).")
    country_of_residence: Country = "DE"
    residence_status: ResidenceStatus = ResidenceStatus.UNKNOWN
    residence_expiry: AnyDate | None = None
    preferred_language: Language = Field("de")

    @field_validator("date_of_birth")
    @classmethod
    def _check_date_of_birth(cls, value: datetime.date | None, info: ValidationInfo) -> Any:
        precision = info.data.get("date_of_birth_precision")
        if value is None and precision not in (None, DatePrecision.UNKNOWN):
            raise PydanticCustomError(
                "value_error",
                "Enter the date of birth, or set date_of_birth_precision to “unknown”.",
            )
        return value

    @model_validator(mode="after")
    def _derive_precision(self) -> PersonIn:
        # As the person form: "unknown" with a date means the date is a placeholder or exact.
        if self.date_of_birth is None:
            self.date_of_birth_precision = DatePrecision.UNKNOWN
        elif self.date_of_birth_precision in (None, DatePrecision.UNKNOWN):
            placeholder = self.date_of_birth.day == 1 and self.date_of_birth.month == 1
            explicit_unknown = self.date_of_birth_precision == DatePrecision.UNKNOWN
            self.date_of_birth_precision = (
                DatePrecision.YEAR if explicit_unknown and placeholder else DatePrecision.DAY
            )
        return self


class PersonOut(OwnedOut):
    given_name: str
    family_name: str
    date_of_birth: datetime.date | None
    date_of_birth_precision: str
    gender: str
    nationalities: list[str]
    email: str
    phone: str
    postal_code: str
    municipality: str | None = Field(description="Municipality key (AGS).")
    country_of_residence: str
    residence_status: str
    residence_expiry: datetime.date | None
    preferred_language: str

    @staticmethod
    def resolve_date_of_birth(obj: Person) -> datetime.date | None:
        return obj.birth_date

    @staticmethod
    def resolve_date_of_birth_precision(obj: Person) -> str:
        return obj.birth_date_precision

    @staticmethod
    def resolve_municipality(obj: Person) -> str | None:
        return obj.municipality.ags if obj.municipality else None


class DuplicateOut(Schema):
    code: uuid.UUID
    score: float = Field(ge=0, le=1)
    reasons: list[str]


class DuplicateQuery(Schema):
    given_name: Name
    family_name: Name
    date_of_birth: BirthDate | None = None


@router.get("/persons", response={200: Page[PersonOut], **LIST_ERRORS}, tags=["persons"])
def person_list(request: WcrRequest, query: Query[PageQuery]) -> dict[str, Any]:
    """The persons the token's organisation may see, by family name."""
    membership = casework_membership(request)
    persons = (
        selectors.persons_visible_to(membership)
        .select_related("organisation", "municipality")
        .order_by("family_name", "given_name", "id")
    )
    result = page(persons, query)
    access_log_bulk_read(request, result["items"], purpose="api")
    return result


@router.get(
    "/persons/duplicates", response={200: Page[DuplicateOut], **LIST_ERRORS}, tags=["persons"]
)
def person_duplicates(request: WcrRequest, query: Query[DuplicateQuery]) -> dict[str, Any]:
    """Likely duplicates among the persons the caller may see, best first: the check the person
    form runs before saving (names in any order, script or transliteration, and the birth date)."""
    membership = casework_membership(request)
    found = selectors.duplicate_candidates(
        membership,
        given_name=query.given_name,
        family_name=query.family_name,
        birth_date=query.date_of_birth,
    )
    items = [
        {"code": d.person.code, "score": round(d.score, 3), "reasons": list(d.reasons)}
        for d in found
    ]
    access_log_bulk_read(request, [d.person for d in found], purpose="duplicates")
    return {"items": items, "count": len(items)}


@router.get("/persons/{code}", response={200: PersonOut, **READ_ERRORS}, tags=["persons"])
def person_detail(request: WcrRequest, code: str) -> Person:
    """One person (the read is written to the access log)."""
    return access_person(request, code)


@router.post(
    "/persons",
    response={201: PersonOut, **WRITE_ERRORS},
    tags=["persons"],
    openapi_extra=_link_to("person_detail"),
)
def person_create(request: WcrRequest, payload: PersonIn) -> Status[Person]:
    """Create a person in the token's organisation. Run `/persons/duplicates` first: this
    endpoint does not refuse likely duplicates."""
    casework_membership(request)
    assert request.organisation is not None
    errors: list[dict[str, Any]] = []
    municipality_id = _municipality(payload.municipality, errors)
    postal_code = payload.postal_code.strip()
    if postal_code and not postal_code_fits(postal_code, payload.country_of_residence):
        errors.append(
            field_error(
                "postal_code",
                "A German postal code has five digits (e.g. 52062); a postal code abroad "
                "(country_of_residence not DE) letters, digits, spaces and hyphens.",
            )
        )
    raise_field_errors(errors)
    data = services.PersonInput(
        given_name=payload.given_name,
        family_name=payload.family_name,
        birth_date=payload.date_of_birth,
        birth_date_precision=(payload.date_of_birth_precision or DatePrecision.UNKNOWN).value,
        gender=payload.gender.value,
        nationalities=payload.nationalities,
        email=payload.email,
        phone=payload.phone,
        postal_code=postal_code,
        municipality_id=municipality_id,
        country_of_residence=payload.country_of_residence,
        residence_status=payload.residence_status.value,
        residence_expiry=payload.residence_expiry,
        preferred_language=str(payload.preferred_language),
    )
    variants = [
        services.NameVariant(v.given_name, v.family_name, kind=v.kind.value, script=v.script.value)
        for v in payload.names
    ]
    person = services.person_create(
        actor=request.user, organisation=request.organisation, data=data, variants=variants
    )
    return Status(201, person)


# --- Companies ------------------------------------------------------------------------------------


class CompanyIn(Schema):
    model_config = _input(
        {
            "name": "Elektro Meyer GmbH",
            "legal_form": "gmbh",
            "sector": "crafts",
            "staff_count": 12,
            "email": "info@elektro-meyer.example",
            "website": "https://elektro-meyer.example",
        }
    )

    name: CompanyName = Field(description="Name as in the commercial register.")
    legal_form: LegalForm = LegalForm.OTHER
    sector: Sector = Sector.OTHER
    staff_count: StaffCount | None = None
    municipality: Ags | None = Field(None, description="Municipality key (AGS) of the seat.")
    email: Email = ""
    phone: Phone = ""
    website: Website = Field("", description="An absolute http(s) address.")


class CompanyOut(OwnedOut):
    name: str
    legal_form: str
    sector: str
    staff_count: int | None
    is_sme: bool | None = Field(description="Fewer than 250 staff; null while unknown.")
    municipality: str | None = Field(description="Municipality key (AGS) of the seat.")
    email: str
    phone: str
    website: str

    @staticmethod
    def resolve_municipality(obj: Company) -> str | None:
        return obj.municipality.ags if obj.municipality else None


@router.get("/companies", response={200: Page[CompanyOut], **LIST_ERRORS}, tags=["companies"])
def company_list(request: WcrRequest, query: Query[PageQuery]) -> dict[str, Any]:
    """The companies the token's organisation may see, by name."""
    membership = casework_membership(request)
    companies = (
        selectors.companies_visible_to(membership)
        .select_related("organisation", "municipality")
        .order_by("name", "id")
    )
    result = page(companies, query)
    access_log_bulk_read(request, result["items"], purpose="api")
    return result


@router.get("/companies/{code}", response={200: CompanyOut, **READ_ERRORS}, tags=["companies"])
def company_detail(request: WcrRequest, code: str) -> Company:
    return access_company(request, code)


@router.post(
    "/companies",
    response={201: CompanyOut, **WRITE_ERRORS},
    tags=["companies"],
    openapi_extra=_link_to("company_detail"),
)
def company_create(request: WcrRequest, payload: CompanyIn) -> Status[Company]:
    """Create a company in the token's organisation."""
    casework_membership(request)
    assert request.organisation is not None
    errors: list[dict[str, Any]] = []
    municipality_id = _municipality(payload.municipality, errors)
    raise_field_errors(errors)
    data = services.CompanyInput(
        name=payload.name,
        legal_form=payload.legal_form.value,
        sector=payload.sector.value,
        staff_count=payload.staff_count,
        municipality_id=municipality_id,
        email=payload.email,
        phone=payload.phone,
        website=payload.website,
    )
    company = services.company_create(
        actor=request.user, organisation=request.organisation, data=data
    )
    return Status(201, company)


# --- Cases ----------------------------------------------------------------------------------------


class CaseIn(Schema):
    # A person, a company or both.
    model_config = _input(
        {
            "person": "0b0e6c2c-8f1a-4c1e-9a53-2d5c3b9f0a11",
            "title": "Anerkennung Pflege",
            "topics": ["recognition", "residence"],
            "channel": "phone",
            "location": "aachen",
            "opened_on": "2026-03-02",
        },
        anyOf=[
            {"required": ["person"], "properties": {"person": {"type": "string"}}},
            {"required": ["company"], "properties": {"company": {"type": "string"}}},
        ],
    )

    person: CodeIn | None = Field(None, description="Code of the person (or give a company).")
    company: CodeIn | None = Field(None, description="Code of the company.")
    recruitment_case: CodeIn | None = Field(
        None, description="Code of the company's recruitment case this worker case belongs to."
    )
    title: Title = ""
    topics: Annotated[list[Slug], AfterValidator(unique_items)] = Field(
        min_length=1,
        max_length=MAX_TOPICS,
        json_schema_extra={"uniqueItems": True},
        description="Topic codes, at least one, each once.",
    )
    channel: Channel = Channel.OTHER
    location: Slug = Field(description="Code of the WCR location.")
    counsellor: Username | None = Field(
        None, description="Username of the responsible counsellor; unassigned when left out."
    )
    opened_on: OpeningDate | None = Field(None, description="Defaults to today.")
    esf_participant: StrictBool = False


class CaseOut(OwnedOut):
    reference: str = Field(
        pattern=r"^[A-Z]{2,5}-[0-9]{4}-[0-9]{4,}$",
        description="The case's reference, read out on the phone: the organisation's prefix, "
        "the year of opening and the organisation's number in that year (KIA-2026-0042). "
        "Read only; given when the case is opened, never changed.",
        json_schema_extra={"readOnly": True, "examples": ["KIA-2026-0042"]},
    )
    status: str
    title: str
    opened_on: datetime.date
    closed_on: datetime.date | None
    closing_reason: str
    outcome: str
    person: uuid.UUID | None = Field(description="Code of the person.")
    company: uuid.UUID | None = Field(description="Code of the company.")
    counsellor: str | None = Field(description="Username of the responsible counsellor.")
    location: str | None = Field(description="Code of the location.")
    topics: list[str] = Field(description="Topic codes.")
    channel: str
    esf_participant: bool

    @staticmethod
    def resolve_person(obj: Case) -> uuid.UUID | None:
        return obj.person.code if obj.person else None

    @staticmethod
    def resolve_company(obj: Case) -> uuid.UUID | None:
        return obj.company.code if obj.company else None

    @staticmethod
    def resolve_counsellor(obj: Case) -> str | None:
        return obj.counsellor.get_username() if obj.counsellor else None

    @staticmethod
    def resolve_location(obj: Case) -> str | None:
        return obj.location.slug if obj.location else None

    @staticmethod
    def resolve_topics(obj: Case) -> list[str]:
        return [topic.slug for topic in obj.topics.all()]


@router.get("/cases", response={200: Page[CaseOut], **LIST_ERRORS}, tags=["cases"])
def case_list(request: WcrRequest, query: Query[PageQuery]) -> dict[str, Any]:
    """The cases the token's organisation may see, newest first."""
    membership = casework_membership(request)
    cases = (
        selectors.cases_visible_to(membership)
        .select_related("organisation", "person", "company", "counsellor", "location")
        .prefetch_related("topics")
        .order_by("-opened_on", "-id")
    )
    result = page(cases, query)
    access_log_bulk_read(request, selectors.shown_in_case_rows(result["items"]), purpose="api")
    return result


@router.get("/cases/{code}", response={200: CaseOut, **READ_ERRORS}, tags=["cases"])
def case_detail(request: WcrRequest, code: str) -> Case:
    """One case (the read is written to the access log)."""
    return access_case(request, code)


def _gated[T: Model](
    fetch: Callable[..., T],
    request: WcrRequest,
    code: uuid.UUID | None,
    field: str,
    errors: list[dict[str, Any]],
) -> T | None:
    """``fetch(request, code)`` through the gate; a code the caller may not see is a field error
    (422) here, not a 404: the endpoint itself exists."""
    if code is None:
        return None
    try:
        return fetch(request, code, write=True)
    except Http404:
        errors.append(field_error(field, f"No {field} with the code {code}."))
        return None


def _counsellor(
    membership: Membership, username: str | None, errors: list[dict[str, Any]]
) -> User | None:
    if not username:
        return None
    colleague = (
        # gate: colleagues of the acting organisation (for_org below)
        Membership.objects.active()
        .for_org(membership.organisation)
        .filter(role__in=CASE_ROLES, user__username=username)
        .select_related("user")
        .first()
    )
    if colleague is None:
        errors.append(
            field_error("counsellor", f"“{username}” is no counsellor of the organisation.")
        )
        return None
    return colleague.user


@router.post(
    "/cases",
    response={201: CaseOut, **WRITE_ERRORS},
    tags=["cases"],
    openapi_extra=_link_to("case_detail"),
)
def case_create(request: WcrRequest, payload: CaseIn) -> Status[Case]:
    """Open a case in the token's organisation for a person, a company or both."""
    membership = casework_membership(request)
    assert request.organisation is not None
    errors: list[dict[str, Any]] = []
    if payload.person is None and payload.company is None:
        errors.append(field_error("person", "A case needs a person, a company or both."))
    person = _gated(access_person, request, payload.person, "person", errors)
    company = _gated(access_company, request, payload.company, "company", errors)
    recruitment = _gated(access_case, request, payload.recruitment_case, "recruitment_case", errors)
    location = Location.objects.filter(slug=payload.location, is_active=True).first()
    if location is None:
        errors.append(field_error("location", f"No active location “{payload.location}”."))
    topics = list(Topic.objects.filter(slug__in=payload.topics))
    unknown = sorted(set(payload.topics) - {topic.slug for topic in topics})
    if unknown:
        errors.append(field_error("topics", f"Unknown topics: {', '.join(unknown)}."))
    counsellor = _counsellor(membership, payload.counsellor, errors)
    raise_field_errors(errors)
    try:
        case = services.case_open(
            actor=request.user,
            organisation=request.organisation,
            person=person,
            company=company,
            location=location,
            counsellor=counsellor,
            topics=topics,
            channel=payload.channel.value,
            title=payload.title,
            opened_on=payload.opened_on,
            recruitment_case=recruitment,
            esf_participant=payload.esf_participant,
        )
    except ValueError as error:
        # Seen through a referral but owned by another organisation: not usable for a new case.
        field = "person" if person else "company"
        raise ValidationError([field_error(field, str(error))]) from error
    return Status(201, case)
