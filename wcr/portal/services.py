"""What a counsellor does with a request in the inbox: accept it (a case opens), forward it to
another partner organisation, or decline it. Keyword-only, atomic, audited; the requester's
mails go out after the commit (``wcr.core.mail.mail_send``), in the request's language.

Each decision locks the item's row first (``select_for_update``) and refuses an item that is no
longer new (``IntakeDecided``): a second click or a stale form never opens a second case.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone, translation

from wcr.accounts.models import Location, Organisation
from wcr.cases import services as case_services
from wcr.cases.models import Case, Company, Person
from wcr.cases.models.choices import Channel, Sector
from wcr.core.mail import mail_send
from wcr.portal.intake import outside_area_alternatives, topic_name
from wcr.portal.models import IntakeItem
from wcr.portal.models.requests import IntakeStatus, RequestKind, RequestLink
from wcr.portal.routing import nearest_location
from wcr.privacy.services import audit_record

if TYPE_CHECKING:
    from wcr.accounts.models import User

AUDIT_ACCEPTED = "portal_request.accepted"
AUDIT_FORWARDED = "portal_request.forwarded"
AUDIT_DECLINED = "portal_request.declined"
REASON_MAX_LENGTH = 2000

# The portal's sectors (``RequestSector``) as the case workbench's (``cases.Sector``).
SECTOR_MAP = {
    "crafts": Sector.CRAFTS,
    "industry": Sector.INDUSTRY,
    "commerce": Sector.COMMERCE,
    "services": Sector.SERVICES,
    "health_care": Sector.HEALTH,
    "hospitality": Sector.HOSPITALITY,
    "it": Sector.IT,
    "agriculture": Sector.OTHER,
    "other": Sector.OTHER,
}


class IntakeDecided(Exception):
    """The item is no longer new: someone accepted, forwarded or declined it meanwhile."""

    def __init__(self, item: IntakeItem) -> None:
        super().__init__(f"intake item {item.code} is {item.status}")
        self.item = item


def _lock(item: IntakeItem) -> IntakeItem:
    locked = IntakeItem.objects.select_for_update().select_related("request").get(pk=item.pk)
    if locked.status != IntakeStatus.NEW:
        raise IntakeDecided(locked)
    return locked


def _decide(locked: IntakeItem, *, actor: User, status: str, reason: str = "") -> None:
    locked.status = status
    locked.decided_at = timezone.now()
    locked.decided_by = actor
    locked.reason = reason
    locked.save(
        update_fields=["status", "decided_at", "decided_by", "reason", "case", "updated_at"]
    )


def intake_case_title(item: IntakeItem) -> str:
    """The new case's short description: the request's reference and its topics (German)."""
    topics = ", ".join(topic.name_de for topic in item.request.topics.all())
    return f"{item.request.reference}: {topics}"[:200]


def _new_person(*, actor: User, item: IntakeItem) -> Person:
    request = item.request
    residence = request.link == RequestLink.RESIDENCE
    return case_services.person_create(
        actor=actor,
        organisation=item.organisation,
        data=case_services.PersonInput(
            given_name=request.given_name,
            family_name=request.family_name,
            email=request.email,
            phone=request.phone,
            country_of_residence=request.country,
            postal_code=request.postal_code if residence else "",
            municipality_id=request.municipality_id if residence else None,
            preferred_language=request.language,
        ),
    )


def _new_company(*, actor: User, item: IntakeItem) -> Company:
    """The company, with the named person as its contact (a company's request is the company's:
    the person named in it is its contact, not a client of their own)."""
    request = item.request
    contact_name = " ".join(p for p in (request.given_name, request.family_name) if p)
    company = case_services.company_create(
        actor=actor,
        organisation=item.organisation,
        data=case_services.CompanyInput(
            name=request.company_name,
            sector=SECTOR_MAP.get(request.sector, Sector.OTHER),
            municipality_id=(
                request.municipality_id if request.link == RequestLink.COMPANY_SEAT else None
            ),
            email="" if contact_name else request.email,
            phone="" if contact_name else request.phone,
        ),
    )
    if contact_name:
        case_services.company_add_contact(
            actor=actor,
            company=company,
            name=contact_name,
            role="",
            email=request.email,
            phone=request.phone,
        )
    return company


def intake_accept(
    *,
    actor: User,
    item: IntakeItem,
    person: Person | None = None,
    company: Company | None = None,
) -> Case:
    """Accept the request: open a case (channel "portal", the request's topics and location,
    the accepting counsellor responsible) for ``person`` / ``company`` when the duplicate check
    found them, else for a new person (a person's request) or a new company (a company's).
    ``IntakeDecided`` when the item is no longer new."""
    with transaction.atomic():
        locked = _lock(item)
        request = locked.request
        if request.kind == RequestKind.COMPANY:
            company = company or _new_company(actor=actor, item=locked)
            person = None
        else:
            person = person or _new_person(actor=actor, item=locked)
            company = None
        case = case_services.case_open(
            actor=actor,
            organisation=locked.organisation,
            person=person,
            company=company,
            location=locked.location,
            counsellor=actor,
            topics=list(request.topics.all()),
            channel=Channel.PORTAL,
            title=intake_case_title(locked),
        )
        locked.case = case
        _decide(locked, actor=actor, status=IntakeStatus.ACCEPTED)
        audit_record(
            actor=actor,
            organisation=locked.organisation,
            action=AUDIT_ACCEPTED,
            obj=locked,
            changes={
                "status": {"old": IntakeStatus.NEW, "new": IntakeStatus.ACCEPTED},
                "reference": {"old": None, "new": request.reference},
                "case": {"old": None, "new": case.reference},
            },
        )
    item.refresh_from_db()
    return case


def intake_forward(
    *, actor: User, item: IntakeItem, organisation: Organisation, reason: str
) -> IntakeItem:
    """Forward the request to another active partner organisation: this item is closed
    (forwarded), a new one opens at ``organisation`` (at the WCR location nearest the request's
    municipality), and the requester is told who has it now. Answers the new item."""
    reason = reason.strip()
    if not reason:
        raise ValueError("a forward needs a reason")
    if organisation.pk == item.organisation_id or not organisation.is_active:
        raise ValueError("forward to another, active organisation")
    with transaction.atomic():
        locked = _lock(item)
        _decide(locked, actor=actor, status=IntakeStatus.FORWARDED, reason=reason)
        location = Location.objects.filter(
            slug=nearest_location(locked.request.municipality.ags)
        ).first()
        forwarded = IntakeItem.objects.create(
            request=locked.request,
            organisation=organisation,
            location=location,
            forwarded_from=locked,
        )
        changes = {
            "status": {"old": IntakeStatus.NEW, "new": IntakeStatus.FORWARDED},
            "reference": {"old": None, "new": locked.request.reference},
            "to": {"old": locked.organisation.slug, "new": organisation.slug},
            "reason": {"old": None, "new": reason},
        }
        audit_record(
            actor=actor,
            organisation=locked.organisation,
            action=AUDIT_FORWARDED,
            obj=locked,
            changes=changes,
        )
        # The receiver's trail shows the request arriving too.
        audit_record(
            actor=actor,
            organisation=organisation,
            action=AUDIT_FORWARDED,
            obj=forwarded,
            changes=changes,
        )
        _tell_requester(
            item=forwarded,
            template="emails/portal_request_forwarded",
            context={"organisation": organisation, "location": location},
        )
    item.refresh_from_db()
    return forwarded


def intake_decline(*, actor: User, item: IntakeItem, reason: str, help_text: str = "") -> None:
    """Decline the request with a reason, which the requester is told together with who else
    can help: ``help_text`` when given, else the other Welcome Centers, Make it in Germany and
    the IQ network (``outside_area_alternatives``)."""
    reason = reason.strip()
    if not reason:
        raise ValueError("a decline needs a reason")
    with transaction.atomic():
        locked = _lock(item)
        _decide(locked, actor=actor, status=IntakeStatus.DECLINED, reason=reason)
        audit_record(
            actor=actor,
            organisation=locked.organisation,
            action=AUDIT_DECLINED,
            obj=locked,
            changes={
                "status": {"old": IntakeStatus.NEW, "new": IntakeStatus.DECLINED},
                "reference": {"old": None, "new": locked.request.reference},
                "reason": {"old": None, "new": reason},
            },
        )
        language = locked.request.language
        with translation.override(language):
            alternatives = [] if help_text.strip() else outside_area_alternatives()
        _tell_requester(
            item=locked,
            template="emails/portal_request_declined",
            context={
                "reason": reason,
                "help_text": help_text.strip(),
                "alternatives": alternatives,
            },
        )
    item.refresh_from_db()


def _tell_requester(*, item: IntakeItem, template: str, context: dict[str, object]) -> None:
    request = item.request
    with translation.override(request.language):
        mail_send(
            to=[request.email],
            template=template,
            context={
                "request": request,
                "topics": [topic_name(t, request.language) for t in request.topics.all()],
                **context,
            },
            language=request.language,
        )
