"""Requests for counselling: the checks of a submitted request, its intake (stored first, then
routed, then confirmed by mail) and the retention of requests never accepted.

One set of checks serves the API (``POST /api/v1/portal/requests``) and the HTML form:
``request_check`` reads the raw values (JSON or form data, as strings and lists) and answers
either a ``RequestInput`` or the problems, each naming its field, worded in the requester's
language (the caller sets it with ``translation.override``). Outside the service area there is
no problem and no request: ``CheckedRequest.outside_area`` is set and ``outside_area_alternatives``
says who else can help.
"""

from __future__ import annotations

import csv
import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wcr.accounts.models import Location, Organisation
from wcr.api.common import text_problem
from wcr.cases.api import EMAIL_PATTERN
from wcr.cases.models import Topic
from wcr.core.mail import mail_send
from wcr.navigator.wizard.countries import country_name
from wcr.partners.models import Partner
from wcr.portal.models import IntakeItem, PortalRequest, PrivacyNotice, RequestReferenceCounter
from wcr.portal.models.notices import (
    NOTICE_LANGUAGES,
    privacy_notice_check,
    privacy_notice_in_force,
)
from wcr.portal.models.requests import IntakeStatus, RequestKind, RequestLink, RequestSector
from wcr.portal.routing import route_with_rule
from wcr.privacy.services import audit_record
from wcr.region.models import Municipality
from wcr.region.selectors import municipalities_for_postal_code, municipality_by_ags

LANGUAGES = NOTICE_LANGUAGES  # the portal's five languages, one list
FIELDS = (
    "kind",
    "given_name",
    "family_name",
    "company_name",
    "sector",
    "email",
    "phone",
    "country",
    "postal_code",
    "municipality",
    "link",
    "topics",
    "message",
    "language",
    "privacy_notice_version",
)
MAX_LENGTH = {
    "given_name": 100,
    "family_name": 100,
    "company_name": 200,
    "email": 254,
    "phone": 30,
    "message": 4000,
}
MAX_TOPICS = 20
PHONE_PATTERN = r"^\+?[0-9][0-9 ()/.-]{4,28}[0-9]$"
POSTAL_CODE_PATTERN = r"^[0-9]{5}$"
AGS_PATTERN = r"^[0-9]{8}$"
COUNTRY_PATTERN = r"^[A-Z]{2}$"
TOPIC_CODE_PATTERN = r"^[-a-zA-Z0-9_]{1,40}$"
_TOPIC_CODE = re.compile(TOPIC_CODE_PATTERN)
_EMAIL = re.compile(EMAIL_PATTERN)
_PHONE = re.compile(PHONE_PATTERN)
_POSTAL_CODE = re.compile(POSTAL_CODE_PATTERN)
_AGS = re.compile(AGS_PATTERN)
_COUNTRY = re.compile(COUNTRY_PATTERN)
# The municipality links a requester to the region: what it is when the request does not say.
DEFAULT_LINK: dict[str, str] = {
    RequestKind.PERSON: RequestLink.RESIDENCE,
    RequestKind.COMPANY: RequestLink.COMPANY_SEAT,
}
AUDIT_RECEIVED = "portal_request.received"
AUDIT_PURGED = "portal_request.purged"

_ALTERNATIVES_FILE = Path(__file__).resolve().parent / "data" / "outside_area_alternatives.csv"
_ALTERNATIVE_NAMES = {
    "welcome_center_ruhr": gettext_lazy(
        "Welcome Center Nördliches Ruhrgebiet (Bottrop, Dorsten, Gladbeck, Marl)"
    ),
    "make_it_in_germany": gettext_lazy(
        "Make it in Germany – the Federal Government's portal for skilled workers"
    ),
    "iq_network": gettext_lazy(
        "IQ network – counselling on the recognition of foreign qualifications"
    ),
}


@dataclass(frozen=True)
class Problem:
    """One field's problem: ``field`` is the request's field name, ``type`` a short code."""

    field: str
    message: str
    type: str
    choices: list[dict[str, str]] | None = None


@dataclass(frozen=True)
class RequestInput:
    kind: str
    given_name: str
    family_name: str
    company_name: str
    sector: str
    email: str
    phone: str
    country: str
    postal_code: str
    municipality: Municipality
    link: str
    topics: list[Topic]
    message: str
    language: str
    privacy_notice: PrivacyNotice
    navigator_result: dict[str, Any] | None = None


@dataclass
class CheckedRequest:
    data: RequestInput | None = None
    problems: list[Problem] = field(default_factory=list)
    outside_area: bool = False


def text_field(
    raw: Mapping[str, Any],
    name: str,
    problems: list[Problem],
    *,
    required: bool,
    multiline: bool = False,
    limit: int | None = None,
) -> str:
    """A text field; a ``multiline`` one (the message) keeps its line breaks and tabs, with a
    form's CRLF line breaks stored as LF (so they count once against the limit). ``limit``:
    the longest it may be; default the field's ``MAX_LENGTH``."""
    value = raw.get(name)
    if value is None:
        value = ""
    if not isinstance(value, str):
        problems.append(Problem(name, _("Enter text."), "string_type"))
        return ""
    checked = value
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        checked = value.replace("\n", " ").replace("\t", " ")
    problem = text_problem(checked, required=required)
    if problem == "text_control":
        problems.append(Problem(name, _("Remove the control characters."), problem))
        return ""
    # The limit counts what was sent, spaces around it too (as a form's maxlength does and as
    # the API's maxLength states).
    if limit is None:
        limit = MAX_LENGTH.get(name)
    if limit is not None and len(value) > limit:
        problems.append(
            Problem(
                name,
                _("At most %(limit)d characters (now %(count)d).")
                % {"limit": limit, "count": len(value)},
                "string_too_long",
            )
        )
        return ""
    value = "" if problem == "text_invisible" else value.strip()
    if required and not value:
        problems.append(Problem(name, _("This field is required."), "missing"))
        return ""
    return value


def choice_field(
    raw: Mapping[str, Any],
    name: str,
    allowed: tuple[str, ...],
    problems: list[Problem],
    *,
    default: str | None = None,
) -> str:
    value = raw.get(name)
    if value in (None, "") and default == "":
        return ""
    if value in (None, "") and default is not None:
        return default
    if value in (None, ""):
        problems.append(Problem(name, _("Choose one."), "missing"))
        return ""
    if not isinstance(value, str) or value not in allowed:
        problems.append(
            Problem(
                name,
                _("Choose one of: %(allowed)s.") % {"allowed": ", ".join(allowed)},
                "enum",
            )
        )
        return ""
    return value


def email_field(raw: Mapping[str, Any], problems: list[Problem]) -> str:
    """The required ``email``: the API's pattern (narrower than Django's validator) and Django's
    validator; ``""`` with its problem when it is neither."""
    email = text_field(raw, "email", problems, required=True)
    if email:
        try:
            if not _EMAIL.fullmatch(email):
                raise ValidationError("pattern")
            validate_email(email)
        except ValidationError:
            problems.append(
                Problem("email", _("Enter an email address such as name@example.org."), "email")
            )
            return ""
    return email


def privacy_notice_field(raw: Mapping[str, Any], problems: list[Problem]) -> PrivacyNotice | None:
    """The notice ``privacy_notice_version`` names if it is the one in force; ``None`` with the
    problem otherwise."""
    version = raw.get("privacy_notice_version")
    notice = privacy_notice_in_force()
    if version in (None, ""):
        problems.append(
            Problem(
                "privacy_notice_version",
                _("Name the version of the privacy notice you were shown."),
                "missing",
            )
        )
        return None
    if notice is None or not privacy_notice_check(version, in_force=notice):
        problems.append(
            Problem(
                "privacy_notice_version",
                _(
                    "This is not the privacy notice in force (version %(version)s): read it and send again."
                )
                % {"version": notice.version if notice else "–"},
                "outdated",
            )
        )
        return None
    return notice


def _topics(raw: Mapping[str, Any], problems: list[Problem]) -> list[Topic]:
    value = raw.get("topics")
    if value is None or value == [] or value == "":
        problems.append(Problem("topics", _("Choose at least one topic."), "missing"))
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        problems.append(Problem("topics", _("Give the topics as a list of codes."), "list_type"))
        return []
    # Counted as sent (the API's maxItems), repeats too; a repeat is then taken once.
    if len(value) > MAX_TOPICS:
        problems.append(
            Problem("topics", _("At most %(limit)d topics.") % {"limit": MAX_TOPICS}, "too_long")
        )
        return []
    codes = list(dict.fromkeys(value))
    # Only well-formed codes reach the database (no query with characters it cannot store).
    wellformed = [code for code in codes if _TOPIC_CODE.fullmatch(code)]
    topics = {topic.slug: topic for topic in Topic.objects.filter(slug__in=wellformed)}
    unknown = [code for code in codes if code not in topics]
    if unknown:
        problems.append(
            Problem(
                "topics",
                _("Unknown topic: %(codes)s.") % {"codes": ", ".join(unknown[:5])},
                "enum",
            )
        )
        return []
    return [topics[code] for code in codes]


def _municipality(
    raw: Mapping[str, Any], problems: list[Problem]
) -> tuple[str, Municipality | None, bool]:
    """(postal code, municipality, outside the area). The municipality may be given by its key
    alone; with a postal code it must be one of the code's."""
    postal_code = raw.get("postal_code")
    ags = raw.get("municipality")
    postal_code = "" if postal_code is None else postal_code
    ags = "" if ags is None else ags
    if not isinstance(postal_code, str) or (
        postal_code and not _POSTAL_CODE.fullmatch(postal_code)
    ):
        problems.append(
            Problem(
                "postal_code",
                _("Enter a German postal code of five digits."),
                "string_pattern_mismatch",
            )
        )
        return "", None, False
    if not isinstance(ags, str) or (ags and not _AGS.fullmatch(ags)):
        problems.append(
            Problem(
                "municipality",
                _("Choose the municipality from the list."),
                "string_pattern_mismatch",
            )
        )
        return postal_code, None, False
    if not postal_code and not ags:
        problems.append(
            Problem(
                "postal_code",
                _("Enter the postal code of the place that links you to the region."),
                "missing",
            )
        )
        return "", None, False
    if not postal_code:
        municipality = municipality_by_ags(ags)
        if municipality is None:
            problems.append(Problem("municipality", _("Unknown municipality key."), "enum"))
            return "", None, False
        return "", municipality, not municipality.in_service_area
    candidates = municipalities_for_postal_code(postal_code, authorities=False)
    if not candidates:
        return postal_code, None, True
    if ags:
        chosen = [m for m in candidates if m.ags == ags]
        if not chosen:
            problems.append(
                Problem(
                    "municipality",
                    _(
                        "This municipality does not use the postal code %(code)s; choose one of the list."
                    )
                    % {"code": postal_code},
                    "enum",
                    choices=[{"ags": m.ags, "name": m.name} for m in candidates],
                )
            )
            return postal_code, None, False
        return postal_code, chosen[0], not chosen[0].in_service_area
    if len(candidates) > 1:
        problems.append(
            Problem(
                "municipality",
                _("The postal code %(code)s is used by several municipalities: choose yours.")
                % {"code": postal_code},
                "ambiguous",
                choices=[{"ags": m.ags, "name": m.name} for m in candidates],
            )
        )
        return postal_code, None, False
    return postal_code, candidates[0], not candidates[0].in_service_area


def request_check(
    raw: Mapping[str, Any], *, language: str, navigator_result: dict[str, Any] | None = None
) -> CheckedRequest:
    """Check a submitted request. ``language`` is the form's (or ``?lang=``) language, the
    default of the ``language`` field; the messages are worded in the active language."""
    problems: list[Problem] = [
        Problem(name, _("This field is not part of a request."), "extra_forbidden")
        for name in raw
        if name not in FIELDS
    ]
    kind = choice_field(raw, "kind", tuple(RequestKind.values), problems)
    given_name = text_field(raw, "given_name", problems, required=False)
    family_name = text_field(raw, "family_name", problems, required=kind == RequestKind.PERSON)
    company = kind == RequestKind.COMPANY
    company_name = text_field(raw, "company_name", problems, required=company)
    sector = ""
    if company:
        sector = choice_field(raw, "sector", tuple(RequestSector.values), problems)
    elif kind:
        problems.extend(
            Problem(name, _("Only for a company's request."), "company_only")
            for name in ("company_name", "sector")
            if raw.get(name) not in (None, "")
        )
    email = email_field(raw, problems)
    phone = text_field(raw, "phone", problems, required=False)
    if phone and not _PHONE.fullmatch(phone):
        problems.append(
            Problem(
                "phone",
                _("Enter a phone number with digits, e.g. +49 241 123456."),
                "string_pattern_mismatch",
            )
        )
    country = raw.get("country")
    if country in (None, ""):
        country = "DE"
    if (
        not isinstance(country, str)
        or not _COUNTRY.fullmatch(country)
        or country_name(country) == country
    ):
        problems.append(
            Problem("country", _("Choose a country (two-letter code such as DE)."), "enum")
        )
        country = ""
    postal_code, municipality, outside = _municipality(raw, problems)
    # Without a valid kind there is no default to name; the kind's own problem is enough.
    link = choice_field(
        raw, "link", tuple(RequestLink.values), problems, default=DEFAULT_LINK.get(kind, "")
    )
    topics = _topics(raw, problems)
    message = text_field(raw, "message", problems, required=False, multiline=True)
    reply_language = choice_field(
        raw, "language", LANGUAGES, problems, default=language if language in LANGUAGES else "de"
    )
    notice = privacy_notice_field(raw, problems)
    if problems:
        return CheckedRequest(problems=problems)
    if outside or municipality is None:
        return CheckedRequest(outside_area=True)
    assert notice is not None
    return CheckedRequest(
        data=RequestInput(
            kind=kind,
            given_name=given_name,
            family_name=family_name,
            company_name=company_name,
            sector=sector,
            email=email,
            phone=phone,
            country=country,
            postal_code=postal_code,
            municipality=municipality,
            link=link,
            topics=topics,
            message=message,
            language=reply_language,
            privacy_notice=notice,
            navigator_result=navigator_result,
        )
    )


@cache
def _alternatives_table() -> list[dict[str, str]]:
    with _ALTERNATIVES_FILE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def outside_area_alternatives() -> list[dict[str, str]]:
    """Who else can help outside the service area, named in the active language. A row that
    names a directory entry (column ``partner``) links to that entry's page in the directory
    ("Wer noch helfen kann", ``SITE_URL``) while the entry is active, else to its own address."""
    keys = [row["partner"] for row in _alternatives_table() if row.get("partner")]
    entries = dict(Partner.objects.active().filter(key__in=keys).values_list("key", "code"))
    alternatives = []
    for row in _alternatives_table():
        url = row["url"]
        code = entries.get(row.get("partner") or "")
        if code is not None:
            url = settings.SITE_URL + reverse("partners:detail", args=[code])
        alternatives.append(
            {"name": str(_ALTERNATIVE_NAMES.get(row["key"], row["key"])), "url": url}
        )
    return alternatives


def topic_name(topic: Topic, language: str) -> str:
    """The topic's name in ``language``: German and English from the data, the other portal
    languages from the translation catalogue (msgid: the English name)."""
    if language == "de":
        return topic.name_de
    with translation.override(language):
        return _(topic.name_en)


def request_reference(*, year: int) -> str:
    """The next request reference of ``year`` (``WCR-2026-00042``).

    Taken in a transaction of its own (one ``UPDATE … RETURNING``), so the counter row is
    locked only for that statement, not while the request is stored: concurrent requests do
    not queue behind each other. A store that fails afterwards leaves a gap in the numbers
    (references are unique and increasing, not gapless). Inside a caller's transaction (tests)
    the row stays locked until that transaction ends."""
    table = connection.ops.quote_name(RequestReferenceCounter._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET last_number = last_number + 1 WHERE year = %s "  # noqa: S608
            "RETURNING last_number",
            [year],
        )
        row = cursor.fetchone()
        if row is None:  # the first request of the year (or of the platform)
            counter, _created = RequestReferenceCounter.objects.select_for_update().get_or_create(
                year=year
            )
            counter.last_number += 1
            counter.save(update_fields=["last_number"])
            number = counter.last_number
        else:
            number = int(row[0])
    return f"{settings.PORTAL_REFERENCE_PREFIX}-{year}-{number:05d}"


def request_submit(*, data: RequestInput) -> IntakeItem:
    """Store the request, route it, put it in the target organisation's inbox and enqueue the
    confirmation mail (sent by the task worker after the commit; retried while the mail server
    is down). Audited under the receiving organisation."""
    now = timezone.now()
    # Its own short transaction (see request_reference): the counter is not held while storing.
    reference = request_reference(year=timezone.localdate(now).year)
    with transaction.atomic():
        request = PortalRequest.objects.create(
            reference=reference,
            kind=data.kind,
            given_name=data.given_name,
            family_name=data.family_name,
            company_name=data.company_name,
            sector=data.sector,
            email=data.email,
            phone=data.phone,
            country=data.country,
            postal_code=data.postal_code,
            municipality=data.municipality,
            link=data.link,
            message=data.message,
            language=data.language,
            privacy_notice=data.privacy_notice,
            navigator_result=data.navigator_result,
            received_at=now,
        )
        request.topics.through.objects.bulk_create(
            request.topics.through(portalrequest=request, topic=topic) for topic in data.topics
        )
        rule, organisation_slug, location_slug = route_with_rule(
            data.kind,
            data.sector,
            data.municipality.district.ags,
            data.municipality.ags,
            [topic.slug for topic in data.topics],
        )
        # A rule naming an organisation since removed falls back to the lead partner: the
        # request is never lost for want of a rule.
        organisation = (
            Organisation.objects.filter(slug=organisation_slug, is_active=True).first()
            or Organisation.objects.filter(is_lead=True).first()
            or Organisation.objects.filter(is_active=True).order_by("pk").first()
        )
        if organisation is None:
            raise RuntimeError("no active organisation to receive the request")
        location = Location.objects.filter(slug=location_slug).first()
        item = IntakeItem.objects.create(
            request=request,
            organisation=organisation,
            location=location,
            received_at=now,
            rule_priority=rule.priority if rule else None,
        )
        # The mail first, the audit entry last: the audit chain's head row is locked from the
        # entry to the commit, so that span holds nothing else.
        request_confirm(item=item, topics=data.topics)
        audit_record(
            actor=None,
            organisation=organisation,
            action=AUDIT_RECEIVED,
            obj=item,
            changes={
                "reference": {"old": None, "new": request.reference},
                "organisation": {"old": None, "new": organisation.slug},
                "location": {"old": None, "new": location.slug if location else None},
                "rule": {"old": None, "new": item.rule_priority},
                "topics": {"old": None, "new": sorted(t.slug for t in data.topics)},
            },
        )
    return item


def request_confirm(*, item: IntakeItem, topics: list[Topic] | None = None) -> None:
    """The confirmation mail, in the request's language, with its reference (``topics``: the
    request's, when the caller has them at hand)."""
    request = item.request
    if topics is None:
        topics = list(request.topics.all())
    with translation.override(request.language):
        mail_send(
            to=[request.email],
            template="emails/portal_request_received",
            context={
                "request": request,
                "organisation": item.organisation,
                "location": item.location,
                "retention_days": settings.PORTAL_REQUEST_RETENTION_DAYS,
                "topics": [topic_name(topic, request.language) for topic in topics],
            },
            language=request.language,
        )


def requests_purge_expired(*, now: datetime.datetime | None = None) -> int:
    """Delete the requests received before the retention period
    (``PORTAL_REQUEST_RETENTION_DAYS``) that were never accepted; answer how many."""
    now = now or timezone.now()
    before = now - datetime.timedelta(days=settings.PORTAL_REQUEST_RETENTION_DAYS)
    expired = PortalRequest.objects.filter(received_at__lt=before).exclude(
        intake__status=IntakeStatus.ACCEPTED
    )
    _total, per_model = expired.delete()
    count = per_model.get("portal.PortalRequest", 0)
    if count:
        audit_record(
            actor=None,
            organisation=Organisation.objects.filter(is_lead=True).first(),
            action=AUDIT_PURGED,
            obj=PortalRequest(),
            changes={
                "deleted": {"old": None, "new": count},
                "received_before": {"old": None, "new": before.date().isoformat()},
            },
        )
    return count
