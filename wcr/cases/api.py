"""REST endpoints of the case workbench: persons, companies, cases (mounted by ``wcr.api``).

Thin on purpose: reads go through the tenancy gate (``wcr.cases.access``) and the selectors,
writes through the services, exactly as the staff pages do. Each endpoint has its own input and
output schema; the OpenAPI document is generated from them.
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Callable
from typing import Annotated, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import URLValidator, validate_email
from django.db.models import Model
from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError
from ninja.responses import Status
from pydantic import (
    BeforeValidator,
    ConfigDict,
    ValidationInfo,
    field_validator,
    model_validator,
)

from wcr.accounts.models import Location, Membership, User
from wcr.api.common import (
    READ_ERRORS,
    WRITE_ERRORS,
    PageQuery,
    casework_membership,
    field_error,
    page,
    raise_field_errors,
)
from wcr.cases import selectors, services
from wcr.cases.access import CASE_ROLES, access_case, access_company, access_person
from wcr.cases.forms import LANGUAGES
from wcr.cases.models import Case, Channel, Company, DatePrecision, Gender, Person, Topic
from wcr.cases.models.choices import LegalForm, NameKind, ResidenceStatus, Script, Sector
from wcr.core.request import WcrRequest
from wcr.privacy.services import access_log_bulk_read
from wcr.region.models import Municipality

router = Router()

_COUNTRY = re.compile(r"^[A-Z]{2}$")
_LANGUAGE_CODES = frozenset(code for code, _label in LANGUAGES)
WEBSITE_MAX_LENGTH = 200  # Company.website


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


def _email(value: str) -> str:
    if value:
        try:
            validate_email(value)
        except DjangoValidationError:
            raise ValueError("Enter a valid email address.") from None
    return value


def _country(value: str) -> str:
    code = value.strip().upper()
    if not _COUNTRY.match(code):
        raise ValueError(f"“{value}” is not a two-letter country code (ISO 3166-1, e.g. SY, UA).")
    return code


def _municipality(ags: str | None, errors: list[dict[str, Any]]) -> int | None:
    if not ags:
        return None
    municipality = Municipality.objects.filter(ags=ags).only("pk").first()
    if municipality is None:
        errors.append(field_error("municipality", f"No municipality with the key (AGS) “{ags}”."))
        return None
    return municipality.pk


class _Input(Schema):
    model_config = ConfigDict(extra="forbid")


def _clean_text(value: Any) -> Any:
    if not isinstance(value, str):
        return value  # the type check says what is wrong
    if "\x00" in value:
        raise ValueError("Text must not contain NUL characters.")
    return value.strip()


# Every text input: trimmed (before its length is checked), and without what PostgreSQL refuses
# to store. Lengths go into Field(), so that their error messages speak of characters.
Text = Annotated[str, BeforeValidator(_clean_text)]


# --- Persons --------------------------------------------------------------------------------------


class NameVariantIn(_Input):
    given_name: Text = Field("", max_length=150)
    family_name: Text = Field("", max_length=150)
    kind: NameKind = NameKind.TRANSLITERATION
    script: Script = Script.LATIN


class PersonIn(_Input):
    given_name: Text = Field(
        min_length=1, max_length=150, description="Given names as in the passport."
    )
    family_name: Text = Field(
        min_length=1, max_length=150, description="Family name as in the passport."
    )
    names: list[NameVariantIn] = Field(
        default_factory=list,
        description="Other spellings: the original script, other transliterations, birth name.",
    )
    birth_date_precision: DatePrecision | None = Field(
        None,
        description="How exact the date of birth is; by default `day` with a date, `unknown` without.",
    )
    birth_date: datetime.date | None = Field(None, validate_default=True)
    gender: Gender = Gender.UNKNOWN
    nationalities: list[Text] = Field(
        default_factory=list, description="Two-letter country codes (ISO 3166-1)."
    )
    email: Text = Field("", max_length=254)
    phone: Text = Field("", max_length=40)
    postal_code: Text = Field("", max_length=10)
    municipality: Text | None = Field(None, description="Municipality key (AGS, 8 digits).")
    country_of_residence: Text = "DE"
    residence_status: ResidenceStatus = ResidenceStatus.UNKNOWN
    residence_expiry: datetime.date | None = None
    preferred_language: Text = "de"

    @field_validator("birth_date")
    @classmethod
    def _check_birth_date(cls, value: datetime.date | None, info: ValidationInfo) -> Any:
        precision = info.data.get("birth_date_precision")
        if value is None:
            if precision not in (None, DatePrecision.UNKNOWN):
                raise ValueError(
                    "Enter the date of birth, or set birth_date_precision to “unknown”."
                )
            return value
        if value > timezone.localdate():
            raise ValueError("The date of birth lies in the future.")
        if value < datetime.date(1900, 1, 1):
            raise ValueError("Please check the year of birth.")
        return value

    @field_validator("email")
    @classmethod
    def _check_email(cls, value: str) -> str:
        return _email(value)

    @field_validator("nationalities")
    @classmethod
    def _check_nationalities(cls, value: list[str]) -> list[str]:
        return [_country(code) for code in value if code.strip()]

    @field_validator("country_of_residence")
    @classmethod
    def _check_country(cls, value: str) -> str:
        return _country(value)

    @field_validator("preferred_language")
    @classmethod
    def _check_language(cls, value: str) -> str:
        if value not in _LANGUAGE_CODES:
            raise ValueError(f"Choose one of: {', '.join(sorted(_LANGUAGE_CODES))}.")
        return value

    @model_validator(mode="after")
    def _derive_precision(self) -> PersonIn:
        # As the person form: "unknown" with a date means the date is a placeholder or exact.
        if self.birth_date is None:
            self.birth_date_precision = DatePrecision.UNKNOWN
        elif self.birth_date_precision in (None, DatePrecision.UNKNOWN):
            placeholder = self.birth_date.day == 1 and self.birth_date.month == 1
            explicit_unknown = self.birth_date_precision == DatePrecision.UNKNOWN
            self.birth_date_precision = (
                DatePrecision.YEAR if explicit_unknown and placeholder else DatePrecision.DAY
            )
        return self


class PersonOut(OwnedOut):
    given_name: str
    family_name: str
    birth_date: datetime.date | None
    birth_date_precision: str
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
    def resolve_municipality(obj: Person) -> str | None:
        return obj.municipality.ags if obj.municipality else None


class PersonList(Schema):
    items: list[PersonOut]
    count: int


class DuplicateOut(Schema):
    code: uuid.UUID
    score: float = Field(ge=0, le=1)
    reasons: list[str]


class DuplicateList(Schema):
    items: list[DuplicateOut]
    count: int


class DuplicateQuery(Schema):
    given_name: Text = Field(min_length=1, max_length=150)
    family_name: Text = Field(min_length=1, max_length=150)
    date_of_birth: datetime.date | None = Field(None, description="YYYY-MM-DD")


@router.get("/persons", response={200: PersonList, **READ_ERRORS}, tags=["persons"])
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


@router.get("/persons/duplicates", response={200: DuplicateList, **READ_ERRORS}, tags=["persons"])
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
    return {"items": items, "count": len(items)}


@router.get("/persons/{code}", response={200: PersonOut, **READ_ERRORS}, tags=["persons"])
def person_detail(request: WcrRequest, code: str) -> Person:
    """One person (the read is written to the access log)."""
    return access_person(request, code)


@router.post("/persons", response={201: PersonOut, **WRITE_ERRORS}, tags=["persons"])
def person_create(request: WcrRequest, payload: PersonIn) -> Status[Person]:
    """Create a person in the token's organisation. Run `/persons/duplicates` first: this
    endpoint does not refuse likely duplicates."""
    casework_membership(request)
    assert request.organisation is not None
    errors: list[dict[str, Any]] = []
    municipality_id = _municipality(payload.municipality, errors)
    raise_field_errors(errors)
    data = services.PersonInput(
        given_name=payload.given_name,
        family_name=payload.family_name,
        birth_date=payload.birth_date,
        birth_date_precision=(payload.birth_date_precision or DatePrecision.UNKNOWN).value,
        gender=payload.gender.value,
        nationalities=payload.nationalities,
        email=payload.email,
        phone=payload.phone,
        postal_code=payload.postal_code,
        municipality_id=municipality_id,
        country_of_residence=payload.country_of_residence,
        residence_status=payload.residence_status.value,
        residence_expiry=payload.residence_expiry,
        preferred_language=payload.preferred_language,
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


class CompanyIn(_Input):
    name: Text = Field(min_length=1, max_length=200)
    legal_form: LegalForm = LegalForm.OTHER
    sector: Sector = Sector.OTHER
    staff_count: int | None = Field(None, ge=0, le=1_000_000)
    municipality: Text | None = Field(None, description="Municipality key (AGS) of the seat.")
    email: Text = Field("", max_length=254)
    phone: Text = Field("", max_length=40)
    website: Text = Field("", max_length=WEBSITE_MAX_LENGTH)

    @field_validator("email")
    @classmethod
    def _check_email(cls, value: str) -> str:
        return _email(value)

    @field_validator("website")
    @classmethod
    def _check_website(cls, value: str) -> str:
        if not value:
            return value
        if "://" not in value:
            value = f"https://{value}"
        try:
            URLValidator(schemes=["http", "https"])(value)
        except DjangoValidationError:
            raise ValueError("Enter a valid web address.") from None
        if len(value) > WEBSITE_MAX_LENGTH:
            raise ValueError(f"At most {WEBSITE_MAX_LENGTH} characters.")
        return value


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


class CompanyList(Schema):
    items: list[CompanyOut]
    count: int


@router.get("/companies", response={200: CompanyList, **READ_ERRORS}, tags=["companies"])
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


@router.post("/companies", response={201: CompanyOut, **WRITE_ERRORS}, tags=["companies"])
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


class CaseIn(_Input):
    person: uuid.UUID | None = Field(None, description="Code of the person (or give a company).")
    company: uuid.UUID | None = Field(None, description="Code of the company.")
    recruitment_case: uuid.UUID | None = Field(
        None, description="Code of the company's recruitment case this worker case belongs to."
    )
    title: Text = Field("", max_length=200)
    topics: list[Text] = Field(min_length=1, description="Topic codes, at least one.")
    channel: Channel = Channel.OTHER
    location: Text = Field(description="Code of the WCR location.")
    counsellor: Text | None = Field(
        None, description="Username of the responsible counsellor; unassigned when left out."
    )
    opened_on: datetime.date | None = Field(None, description="Defaults to today.")
    esf_participant: bool = False

    @field_validator("opened_on")
    @classmethod
    def _check_opened_on(cls, value: datetime.date | None) -> datetime.date | None:
        if value is not None and value > timezone.localdate():
            raise ValueError("A case cannot be opened in the future.")
        return value


class CaseOut(OwnedOut):
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


class CaseList(Schema):
    items: list[CaseOut]
    count: int


@router.get("/cases", response={200: CaseList, **READ_ERRORS}, tags=["cases"])
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


@router.post("/cases", response={201: CaseOut, **WRITE_ERRORS}, tags=["cases"])
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
