"""REST endpoints of consents and referrals (``shared/specs/interfaces.md``, "Referrals, consent
and sharing"), mounted by ``wcr.api``. The same gate, services and audit as the staff pages; a
service's refusal names its field (422), a state that no longer allows the step answers 409.
"""

from __future__ import annotations

import datetime
import enum
import re
import uuid
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import ValidationError
from ninja.responses import Status
from pydantic import ConfigDict, StrictBool

from wcr.accounts.models import Organisation
from wcr.api.common import (
    LIST_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    CodeIn,
    ErrorOut,
    Page,
    PageQuery,
    casework_membership,
    date_type,
    field_error,
    page,
    raise_field_errors,
    text_type,
)
from wcr.cases.access import access_case
from wcr.cases.models import Document, Topic
from wcr.core.request import WcrRequest
from wcr.partners.models import Partner
from wcr.partners.selectors import partner_by_code
from wcr.privacy.services import access_log_bulk_read
from wcr.referrals import selectors, services
from wcr.referrals.access import (
    access_consent,
    access_own_person,
    access_referral,
    referrals_visible_to,
)
from wcr.referrals.models import (
    Consent,
    ConsentPurpose,
    DataCategory,
    LetterField,
    Referral,
)

router = Router()

TEXT_MAX_LENGTH = 2000
MAX_TOPICS = 20
MAX_DOCUMENTS = 50
EARLIEST_CONSENT = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
UUID_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
STATE_ERRORS: dict[int, type[Schema]] = {**WRITE_ERRORS, 409: ErrorOut}
# A step without a body (accept, revoke): no body to be malformed or invalid.
STEP_ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


def _conflict(detail: str, **more: Any) -> dict[str, Any]:
    """The 409 answer of a step the item's state no longer allows, described with an example."""
    return {
        "responses": {
            "409": {
                "description": "The state no longer allows this step; `detail` says why.",
                "content": {"application/json": {"example": {"detail": detail}}},
            },
            **more,
        }
    }


# The accepted values, as the models' choices (test_referral_api pins that they agree).


class ReferralKindIn(enum.StrEnum):
    internal = "internal"
    transfer = "transfer"
    external = "external"


class ConsentChannelIn(enum.StrEnum):
    signed_form = "signed_form"
    in_person = "in_person"
    online = "online"
    phone = "phone"


class LegalBasisIn(enum.StrEnum):
    consent = "consent"
    explicit_consent = "explicit_consent"
    contract = "contract"
    legal_obligation = "legal_obligation"
    public_task = "public_task"


class DataCategoryIn(enum.StrEnum):
    identity = "identity"
    contact = "contact"
    residence = "residence"
    qualifications = "qualifications"
    case_summary = "case_summary"
    counselling_notes = "counselling_notes"
    documents = "documents"


class ReferralOutcomeIn(enum.StrEnum):
    got_help = "got_help"
    eligible = "eligible"
    referred_elsewhere = "referred_elsewhere"
    not_eligible = "not_eligible"
    no_capacity = "no_capacity"
    could_not_contact = "could_not_contact"
    no_longer_interested = "no_longer_interested"


class ReferralStatusIn(enum.StrEnum):
    sent = "sent"
    accepted = "accepted"
    declined = "declined"
    completed = "completed"
    unsuccessful = "unsuccessful"
    revoked = "revoked"
    expired = "expired"


class ExternalBasisIn(enum.StrEnum):
    consent = "consent"
    person_hands_over = "person_hands_over"


class LetterFieldIn(enum.StrEnum):
    name = "name"
    birth_date = "birth_date"
    contact = "contact"
    nationality = "nationality"
    residence = "residence"
    qualifications = "qualifications"
    language = "language"


class NoticeLanguageIn(enum.StrEnum):
    de = "de"
    en = "en"
    ar = "ar"
    uk = "uk"
    tr = "tr"


class ReferralDirection(enum.StrEnum):
    incoming = "incoming"
    outgoing = "outgoing"


if TYPE_CHECKING:
    Slug = str
    PurposeSlug = str
    Text = str
    OptionalText = str
    Version = str
    AnyDate = datetime.date
else:
    Slug = text_type(40, pattern=r"^[-a-z0-9_]+$")  # Organisation.slug, Topic.slug: 40
    PurposeSlug = text_type(60, pattern=r"^[-a-z0-9_]+$")  # ConsentPurpose.slug
    Text = text_type(TEXT_MAX_LENGTH)
    OptionalText = text_type(TEXT_MAX_LENGTH, required=False)
    Version = text_type(20, pattern=r"^[-A-Za-z0-9._]+$")
    AnyDate = date_type(datetime.date(2000, 1, 1), datetime.date(2099, 12, 31))


def _input(example: dict[str, Any]) -> ConfigDict:
    return ConfigDict(extra="forbid", json_schema_extra={"examples": [example]})


# --- Consents -------------------------------------------------------------------------------------


class ConsentIn(Schema):
    model_config = _input(
        {
            "purpose": "share_with_organisation",
            "recipient": "kia",
            "notice_version": "2026-12",
            "language": "de",
            "channel": "signed_form",
            "given_at": "2026-12-01T10:00:00+01:00",
        }
    )
    purpose: PurposeSlug = Field(
        description="A purpose's code: share_with_organisation, six_month_follow_up or a configured one."
    )
    recipient: Slug | None = Field(None, description="The organisation's code (for sharing).")
    recipient_partner: CodeIn | None = Field(
        None,
        description="Instead of `recipient`: a cooperation partner's code (/partners), for an "
        "external referral.",
    )
    notice_version: Version = Field(description="The version of the notice text shown.")
    language: NoticeLanguageIn = Field(description="The language of the notice text shown.")
    channel: ConsentChannelIn
    given_at: datetime.datetime = Field(
        description="When it was given: not before 2000-01-01, not in the future (a time "
        "without offset is Europe/Berlin)."
    )
    legal_basis: LegalBasisIn = LegalBasisIn.consent
    data_categories: list[DataCategoryIn] = Field(
        default_factory=list, max_length=len(DataCategory.values)
    )
    refused: StrictBool = Field(
        False, description="True: the person refused (recorded as refused)."
    )


class ConsentOut(Schema):
    code: uuid.UUID
    organisation: str = Field(description="The controller: the organisation holding the record.")
    shared: bool = Field(description="Always false: consents are the controller's own records.")
    person: uuid.UUID
    purpose: str
    recipient: str | None
    recipient_partner: uuid.UUID | None
    legal_basis: str
    notice_version: str
    language: str
    notice_sha256: str
    data_categories: list[str]
    channel: str
    status: str = Field(description="given, refused, withdrawn, revoked or expired.")
    given_at: datetime.datetime
    expires_at: datetime.datetime | None
    withdrawn_at: datetime.datetime | None
    supersedes: uuid.UUID | None

    @staticmethod
    def resolve_organisation(obj: Consent) -> str:
        return obj.controller.slug

    @staticmethod
    def resolve_shared(obj: Consent) -> bool:
        return False

    @staticmethod
    def resolve_person(obj: Consent) -> uuid.UUID:
        return obj.person.code

    @staticmethod
    def resolve_purpose(obj: Consent) -> str:
        return obj.purpose.slug

    @staticmethod
    def resolve_recipient(obj: Consent) -> str | None:
        return obj.recipient.slug if obj.recipient else None

    @staticmethod
    def resolve_recipient_partner(obj: Consent) -> uuid.UUID | None:
        return obj.recipient_partner.code if obj.recipient_partner else None

    @staticmethod
    def resolve_language(obj: Consent) -> str:
        return obj.notice_language

    @staticmethod
    def resolve_supersedes(obj: Consent) -> uuid.UUID | None:
        return obj.supersedes.code if obj.supersedes else None


class WithdrawIn(Schema):
    model_config = _input({"channel": "phone"})
    channel: ConsentChannelIn
    note: OptionalText = ""


def _consent_queryset() -> Any:
    # gate: re-reads (with related rows) a consent the gate already let through, by its key
    return Consent.objects.select_related(
        "controller", "person", "purpose", "recipient", "recipient_partner", "supersedes"
    )


@router.post(
    "/persons/{code}/consents", response={201: ConsentOut, **WRITE_ERRORS}, tags=["consents"]
)
def consent_create(request: WcrRequest, code: str, payload: ConsentIn) -> Status[Consent]:
    """Record a person's consent (or refusal) for a purpose, on the notice text shown."""
    person = access_own_person(request, code)
    errors: list[dict[str, Any]] = []
    purpose = ConsentPurpose.objects.filter(slug=payload.purpose).first()
    if purpose is None:
        errors.append(field_error("purpose", f"No consent purpose “{payload.purpose}”."))
    recipient = None
    partner = None
    if payload.recipient and payload.recipient_partner:
        errors.append(field_error("recipient_partner", "A consent names one recipient."))
    if payload.recipient_partner:
        partner = partner_by_code(payload.recipient_partner)
        if partner is None:
            errors.append(
                field_error(
                    "recipient_partner", f"No cooperation partner {payload.recipient_partner}."
                )
            )
    if payload.recipient:
        recipient = Organisation.objects.filter(slug=payload.recipient, is_active=True).first()
        if recipient is None:
            errors.append(
                field_error("recipient", f"No active organisation “{payload.recipient}”.")
            )
    notice = None
    if purpose is not None:
        notice = selectors.notice_by_version(
            purpose, payload.notice_version, payload.language.value
        )
        if notice is None:
            errors.append(
                field_error(
                    "notice_version",
                    f"No notice text of version “{payload.notice_version}” in “{payload.language.value}” for this purpose.",
                )
            )
    given_at = payload.given_at
    if given_at.tzinfo is None:
        given_at = (
            timezone.make_aware(given_at)
            if given_at.year > 1
            else given_at.replace(tzinfo=datetime.UTC)
        )
    if given_at < EARLIEST_CONSENT or given_at > timezone.now() + datetime.timedelta(minutes=5):
        errors.append(field_error("given_at", "Not before 2000-01-01 and not in the future."))
    raise_field_errors(errors)
    assert purpose is not None and notice is not None
    try:
        consent = services.consent_record(
            actor=request.user,
            person=person,
            data=services.ConsentInput(
                purpose=purpose,
                notice=notice,
                channel=payload.channel.value,
                given_at=given_at,
                recipient=recipient,
                recipient_partner=partner,
                legal_basis=payload.legal_basis.value,
                data_categories=[c.value for c in payload.data_categories],
                refused=payload.refused,
            ),
        )
    except services.ReferralProblem as problem:
        raise ValidationError([field_error(problem.field, problem.message)]) from problem
    return Status(201, _consent_queryset().get(pk=consent.pk))


@router.get(
    "/persons/{code}/consents", response={200: Page[ConsentOut], **LIST_ERRORS}, tags=["consents"]
)
def consent_list(request: WcrRequest, code: str, query: Query[PageQuery]) -> dict[str, Any]:
    """A person's consent records, newest first."""
    person = access_own_person(request, code)
    return page(_consent_queryset().filter(person=person).order_by("-given_at", "-id"), query)


@router.post(
    "/consents/{code}/withdraw",
    response={200: ConsentOut, **STATE_ERRORS},
    tags=["consents"],
    openapi_extra=_conflict("This consent is no longer in force."),
)
def consent_withdraw(request: WcrRequest, code: str, payload: WithdrawIn) -> Consent:
    """The person withdraws the consent: it ends now, with every share made on it; the
    recipients are told. 409 when it is no longer in force."""
    consent = access_consent(request, code)
    try:
        services.consent_withdraw(
            actor=request.user, consent=consent, channel=payload.channel.value, note=payload.note
        )
    except services.ReferralProblem as problem:
        raise Conflict(problem.message) from problem
    result: Consent = _consent_queryset().get(pk=consent.pk)
    return result


# --- Referrals ------------------------------------------------------------------------------------


class Conflict(Exception):
    """The referral or consent is in a state that no longer allows the step (409)."""


class ReferralIn(Schema):
    model_config = _input(
        {
            "case": "3f2c1b9e-0000-4000-8000-000000000001",
            "kind": "internal",
            "to": "kia",
            "reason": "Recognition counselling for a nurse.",
            "topics": ["recognition"],
            "consent": None,
            "override_justification": None,
        }
    )
    case: CodeIn = Field(description="The case's code (of the token's organisation).")
    kind: ReferralKindIn = Field(
        description="internal (share) or transfer; external referrals to directory partners: see /partners."
    )
    to: Slug = Field(
        description="The receiving organisation's code (internal, transfer) or the cooperation "
        "partner's code from /partners (external)."
    )
    reason: Text
    topics: list[Slug] = Field(
        default_factory=list, max_length=MAX_TOPICS, json_schema_extra={"uniqueItems": True}
    )
    with_contacts: StrictBool = False
    documents: list[CodeIn] = Field(
        default_factory=list, max_length=MAX_DOCUMENTS, json_schema_extra={"uniqueItems": True}
    )
    consent: CodeIn | None = Field(
        None,
        description="A valid consent of the case's person for the recipient; null only for a company's case or with a team lead's override.",
    )
    override_justification: OptionalText | None = Field(
        None,
        description="A team lead's written justification for referring without consent (at least 20 characters).",
    )
    follow_up_on: AnyDate | None = None
    external_basis: ExternalBasisIn | None = Field(
        None,
        description="External only: consent (we send the letter; needs `consent`) or "
        "person_hands_over (the person takes it along; no consent needed).",
    )
    letter_fields: list[LetterFieldIn] = Field(
        default_factory=list,
        max_length=len(LetterField.values),
        json_schema_extra={"uniqueItems": True},
        description="External only: what the letter names about the person.",
    )


class ReferralOut(Schema):
    code: uuid.UUID
    organisation: str = Field(description="The sending organisation's code.")
    shared: bool = Field(description="True for the receiving organisation.")
    kind: str
    case: uuid.UUID | None = Field(
        description="The case's code; null for the receiver until it accepts (and after the sharing ended)."
    )
    to: str | None
    status: str = Field(
        description="sent, accepted, declined, completed, unsuccessful, revoked or expired."
    )
    reason: str
    topics: list[str]
    with_contacts: bool
    documents: list[uuid.UUID]
    consent: uuid.UUID | None
    override: bool = Field(description="Sent without consent on a team lead's justification.")
    answer_due_on: datetime.date
    sent_at: datetime.datetime
    answered_at: datetime.datetime | None
    ended_at: datetime.datetime | None
    decline_reason: str
    outcome: str

    @staticmethod
    def resolve_organisation(obj: Referral) -> str:
        return obj.from_organisation.slug

    @staticmethod
    def resolve_shared(obj: Referral, context: dict[str, Any]) -> bool:
        request: WcrRequest = context["request"]
        assert request.organisation is not None
        return obj.from_organisation_id != request.organisation.pk

    @staticmethod
    def resolve_case(obj: Referral, context: dict[str, Any]) -> uuid.UUID | None:
        request: WcrRequest = context["request"]
        assert request.membership is not None
        return obj.case.code if selectors.shows_person(obj, request.membership) else None

    @staticmethod
    def resolve_to(obj: Referral) -> str | None:
        if obj.to_organisation is not None:
            return obj.to_organisation.slug
        return str(obj.to_partner.code) if obj.to_partner else None

    @staticmethod
    def resolve_topics(obj: Referral) -> list[str]:
        return [t.slug for t in obj.topics.all()]

    @staticmethod
    def resolve_documents(obj: Referral) -> list[uuid.UUID]:
        return [d.code for d in obj.documents.all()]

    @staticmethod
    def resolve_consent(obj: Referral, context: dict[str, Any]) -> uuid.UUID | None:
        request: WcrRequest = context["request"]
        assert request.organisation is not None
        if obj.consent is None or obj.from_organisation_id != request.organisation.pk:
            return None
        return obj.consent.code

    @staticmethod
    def resolve_override(obj: Referral) -> bool:
        return bool(obj.override_justification)


class DeclineIn(Schema):
    model_config = _input({"reason": "No capacity before March."})
    reason: Text


class CompleteIn(Schema):
    model_config = _input({"outcome": "got_help"})
    outcome: ReferralOutcomeIn
    note: OptionalText = ""


class ReferralQuery(PageQuery):
    direction: ReferralDirection | None = None
    status: ReferralStatusIn | None = None


def _referral_queryset() -> Any:
    # gate: re-reads a referral the gate let through, or filters by referrals_visible_to
    return Referral.objects.select_related(
        "from_organisation",
        "to_organisation",
        "to_partner",
        "case__organisation",
        "case__person",
        "consent",
        "share",
    ).prefetch_related("topics", "documents")


def _link(operation: str) -> dict[str, Any]:
    return {
        "operationId": f"wcr_referrals_api_{operation}",
        "parameters": {"code": "$response.body#/code"},
    }


@router.post(
    "/referrals",
    response={201: ReferralOut, **STATE_ERRORS},
    tags=["referrals"],
    openapi_extra=_conflict(
        "A referral of this case to this organisation is waiting for an answer.",
        **{
            "201": {"links": {"read": _link("referral_detail"), "revoke": _link("referral_revoke")}}
        },
    ),
)
def referral_create(request: WcrRequest, payload: ReferralIn) -> Status[Referral]:
    """Refer a case of the token's organisation to another network organisation (share or
    transfer). 404 when the case is not the token's; 422 on `consent` without a valid consent of
    the case's person for that recipient (a team lead may override with a justification); 409
    when a referral of the case to that organisation is still waiting for an answer."""
    membership = casework_membership(request)
    case = access_case(request, payload.case, write=True)
    errors: list[dict[str, Any]] = []
    recipient: Organisation | None = None
    partner: Partner | None = None
    if payload.kind == ReferralKindIn.external:
        partner = partner_by_code(payload.to) if UUID_TEXT.fullmatch(payload.to) else None
        if partner is None:
            errors.append(
                field_error("to", f"No cooperation partner with the code “{payload.to}”.")
            )
    else:
        recipient = Organisation.objects.filter(slug=payload.to, is_active=True).first()
        if recipient is None:
            errors.append(field_error("to", f"No active organisation “{payload.to}”."))
    topics = list(Topic.objects.filter(slug__in=payload.topics))
    unknown = sorted(set(payload.topics) - {t.slug for t in topics})
    if unknown:
        errors.append(field_error("topics", f"Unknown topics: {', '.join(unknown)}."))
    # gate: documents of the case that passed access_case above
    documents = list(Document.objects.filter(case=case, code__in=payload.documents))
    if len(documents) != len(set(payload.documents)):
        errors.append(field_error("documents", "Only documents of this case can be shared."))
    consent = None
    if payload.consent is not None:
        consent = (
            # gate: only the acting organisation's own consent records (it is the controller)
            Consent.objects.filter(code=payload.consent, controller_id=membership.organisation_id)
            .select_related("purpose")
            .first()
        )
        if consent is None:
            errors.append(field_error("consent", f"No consent with the code {payload.consent}."))
    raise_field_errors(errors)
    # gate: referrals of the case that passed access_case above
    waiting = Referral.objects.filter(case=case, status="sent")
    waiting = (
        waiting.filter(to_partner=partner) if partner else waiting.filter(to_organisation=recipient)
    )
    if waiting.exists():
        raise Conflict("A referral of this case to this organisation is waiting for an answer.")
    try:
        referral = services.referral_send(
            actor=request.user,
            membership=membership,
            case=case,
            data=services.ReferralInput(
                kind=payload.kind.value,
                to_organisation=recipient,
                reason=payload.reason,
                topics=topics,
                with_contacts=payload.with_contacts,
                documents=documents,
                consent=consent,
                override_justification=payload.override_justification or "",
                follow_up_on=payload.follow_up_on,
                to_partner=partner,
                external_basis=payload.external_basis.value if payload.external_basis else "",
                letter_fields=[f.value for f in payload.letter_fields],
            ),
        )
    except services.ReferralProblem as problem:
        field = {"case": "case", "to": "to", "reason": "reason"}.get(problem.field, problem.field)
        raise ValidationError([field_error(field, problem.message)]) from problem
    return Status(201, _referral_queryset().get(pk=referral.pk))


@router.get("/referrals", response={200: Page[ReferralOut], **LIST_ERRORS}, tags=["referrals"])
def referral_list(request: WcrRequest, query: Query[ReferralQuery]) -> dict[str, Any]:
    """The referrals the token's organisation sent or received, newest first."""
    membership = casework_membership(request)
    org = membership.organisation_id
    referrals = _referral_queryset().filter(pk__in=referrals_visible_to(membership).values("pk"))
    if query.direction == ReferralDirection.incoming:
        referrals = referrals.filter(to_organisation_id=org)
    elif query.direction == ReferralDirection.outgoing:
        referrals = referrals.filter(from_organisation_id=org)
    if query.status is not None:
        referrals = referrals.filter(status=query.status.value)
    result = page(referrals.order_by("-sent_at", "-id"), query)
    access_log_bulk_read(
        request,
        [r.case for r in result["items"] if selectors.shows_person(r, membership)],
        purpose="api",
    )
    return result


def _one(referral: Referral) -> Referral:
    result: Referral = _referral_queryset().get(pk=referral.pk)
    return result


@router.get("/referrals/{code}", response={200: ReferralOut, **READ_ERRORS}, tags=["referrals"])
def referral_detail(request: WcrRequest, code: str) -> Referral:
    """One referral (sent or received by the token's organisation)."""
    return _one(access_referral(request, code))


def _step(request: WcrRequest, code: str, side: str, step: Any, **kwargs: Any) -> Referral:
    referral = access_referral(request, code, side=side)  # type: ignore[arg-type]
    try:
        step(actor=request.user, referral=referral, **kwargs)
    except services.ReferralProblem as problem:
        raise Conflict(problem.message) from problem
    return _one(referral)


@router.post(
    "/referrals/{code}/accept",
    response={200: ReferralOut, **STEP_ERRORS},
    tags=["referrals"],
    openapi_extra=_conflict("This referral is no longer waiting for an answer."),
)
def referral_accept(request: WcrRequest, code: str) -> Referral:
    """The receiving organisation accepts: it sees the shared case from now on (a transfer
    moves the case to it). 409 when it is no longer waiting, or the consent ended meanwhile."""
    return _step(request, code, "receiver", services.referral_accept)


@router.post(
    "/referrals/{code}/decline",
    response={200: ReferralOut, **STATE_ERRORS},
    tags=["referrals"],
    openapi_extra=_conflict("This referral is no longer waiting for an answer."),
)
def referral_decline(request: WcrRequest, code: str, payload: DeclineIn) -> Referral:
    """The receiving organisation declines, saying why."""
    return _step(request, code, "receiver", services.referral_decline, reason=payload.reason)


@router.post(
    "/referrals/{code}/complete",
    response={200: ReferralOut, **STATE_ERRORS},
    tags=["referrals"],
    openapi_extra=_conflict("Only an accepted referral can be completed."),
)
def referral_complete(request: WcrRequest, code: str, payload: CompleteIn) -> Referral:
    """The receiving organisation records the outcome; the sharing ends."""
    return _step(
        request,
        code,
        "receiver",
        services.referral_complete,
        outcome=payload.outcome.value,
        note=payload.note,
    )


@router.post(
    "/referrals/{code}/revoke",
    response={200: ReferralOut, **STEP_ERRORS},
    tags=["referrals"],
    openapi_extra=_conflict("This referral has already ended."),
)
def referral_revoke(request: WcrRequest, code: str) -> Referral:
    """The sending organisation revokes the referral: the receiver sees nothing of it at once."""
    return _step(request, code, "sender", services.referral_revoke)
