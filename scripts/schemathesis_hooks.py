"""Schemathesis hooks for scripts/schemathesis-run: what a valid request needs and JSON Schema
cannot state, filled in before each call in every phase.

- References must exist: a well-formed code, AGS, location, topic list or username in a request
  body is replaced by one of the seeded server (SCHEMATHESIS_WCR_* variables). Unknown ones
  answer 422, which wcr/api/tests pins.
- A person's postal code has five digits when `country_of_residence` is DE (the default; the
  field's description says so): a well-formed other code goes with DE only as 52062.
- A portal request (`POST /api/v1/portal/requests`, the rules across fields in its description):
  a well-formed privacy notice version becomes the one in force, well-formed topic codes known
  ones, a well-formed postal code one of the region's that names a single municipality (or one
  outside the region: 200), a well-formed municipality key Aachen's; when neither place is given,
  Aachen's postal code. A person's request loses its (well-formed) company fields and gets a
  family name when it has none that shows; a company's gets a name and a sector.
- The booking API: the slot list's location, organisation and topic become seeded ones and its
  `to` is moved into the range its description states (not before `from`, at most 62 days
  after); a well-formed slot code in a booking becomes one of the seeded schedule's (a day in
  the next seven weeks, 08:00 to 17:30: free, or taken by an earlier example, 409), a
  well-formed privacy notice version the one in force, and a well-formed request reference is
  dropped (none is seeded).
- The partner directory (`GET /api/v1/partners`): a well-formed topic becomes a known one.
- A referral (`POST /api/v1/referrals`): the seeded case, the other seeded organisation (or a
  seeded directory partner for `external`), known topics, no documents and no consent code
  (the seeded case is a company's: it needs none). The first is created (201), the next ones
  find it waiting (409).
- A consent (`POST /api/v1/persons/{code}/consents`): the seeded person, for sharing with the
  other seeded organisation, on notice version 2026-12, given on a day in the past.
- Two cross-field rules of the navigator's facts (its operation description names them):
  `experience_years_last_5` at most `experience_years_last_7`, `qualification.completed_on` not
  after `as_of`.

A value is only ever replaced by another the schema accepts, and only where the old one was
well-formed too, so a request meant to be invalid stays invalid.
"""

from __future__ import annotations

import datetime
import os
import re
from typing import Any
from zoneinfo import ZoneInfo

import schemathesis

UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
AGS = re.compile(r"[0-9]{8}")
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,40}")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
KNOWN_AGS = "05334002"  # Aachen, in the region data the migrations load
POSTAL_CODE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9 -]{0,8}[A-Za-z0-9])")
GERMAN_POSTAL_CODE = re.compile(r"[0-9]{5}")
VERSION = re.compile(r"[0-9]{1,4}(?:\.[0-9]{1,4}){0,2}")
TOPIC_CODE = re.compile(r"[-a-zA-Z0-9_]{1,40}")
KNOWN_TOPICS = ("recognition", "residence", "recruitment")
# Aachen, Neuss (one municipality each) and Berlin (not in the region data: 200, outside).
PORTAL_POSTAL_CODES = ("52062", "41460", "10115")
SECTORS = ("crafts", "industry", "commerce", "services", "health_care", "hospitality", "it")
SECTORS = (*SECTORS, "agriculture", "other")


def _env(name: str) -> str:
    return os.environ[f"SCHEMATHESIS_WCR_{name}"]


def _replace(body: dict[str, Any], key: str, pattern: re.Pattern[str], value: str) -> None:
    if isinstance(body.get(key), str) and pattern.fullmatch(body[key]):
        body[key] = value


def _case_references(body: dict[str, Any]) -> None:
    _replace(body, "person", UUID, _env("PERSON"))
    _replace(body, "company", UUID, _env("COMPANY"))
    _replace(body, "recruitment_case", UUID, _env("CASE"))
    _replace(body, "location", SLUG, "aachen")
    topics = body.get("topics")
    if (
        isinstance(topics, list)
        and 1 <= len(topics) <= 20
        and len(set(map(str, topics))) == len(topics)
        and all(isinstance(t, str) and SLUG.fullmatch(t) for t in topics)
    ):
        body["topics"] = ["recognition", "residence"][: len(topics)]
    counsellor = body.get("counsellor")
    text = re.compile(_env("TEXT_PATTERN"))
    if isinstance(counsellor, str) and len(counsellor) <= 150 and text.fullmatch(counsellor):
        body["counsellor"] = _env("COUNSELLOR")


def _referral(body: dict[str, Any]) -> None:
    """A referral of the seeded case (a company's recruitment case: no person, so no consent
    needed) to the other seeded organisation or to a seeded directory partner; its topics
    known ones, its documents none (the case has none), no consent code (none is seeded)."""
    _replace(body, "case", UUID, _env("CASE"))
    if body.get("kind") == "external":
        _replace(body, "to", SLUG, _env("PARTNER"))
    else:
        other = "org-b" if _env("COUNSELLOR").endswith(".a") else "org-a"
        _replace(body, "to", SLUG, other)
    topics = body.get("topics")
    if (
        isinstance(topics, list)
        and 1 <= len(topics) <= 20
        and len(set(map(str, topics))) == len(topics)
        and all(isinstance(t, str) and SLUG.fullmatch(t) for t in topics)
    ):
        body["topics"] = list(KNOWN_TOPICS[: len(topics)])
    documents = body.get("documents")
    if isinstance(documents, list) and all(
        isinstance(d, str) and UUID.fullmatch(d) for d in documents
    ):
        body["documents"] = []
    if isinstance(body.get("consent"), str) and UUID.fullmatch(body["consent"]):
        body["consent"] = None


PURPOSE = re.compile(r"[-a-z0-9_]{1,60}")
NOTICE_VERSION = re.compile(r"[-A-Za-z0-9._]{1,20}")


def _consent(case: Any, body: dict[str, Any]) -> None:
    """A consent of the seeded person for sharing with the other seeded organisation, on the
    notice version in force, given in the past (``given_at``'s range is in its description)."""
    if isinstance(case.path_parameters, dict) and UUID.fullmatch(
        str(case.path_parameters.get("code", ""))
    ):
        case.path_parameters["code"] = _env("PERSON")
    if isinstance(body.get("purpose"), str) and PURPOSE.fullmatch(body["purpose"]):
        body["purpose"] = "share_with_organisation"
    if body.get("purpose") == "share_with_organisation":
        other = "org-b" if _env("COUNSELLOR").endswith(".a") else "org-a"
        if body.get("recipient") is None or (
            isinstance(body["recipient"], str) and SLUG.fullmatch(body["recipient"])
        ):
            body["recipient"] = other
        if isinstance(body.get("recipient_partner"), str) or body.get("recipient_partner") is None:
            body["recipient_partner"] = None
    _replace(body, "notice_version", NOTICE_VERSION, "2026-12")
    if isinstance(body.get("given_at"), str):
        try:
            datetime.datetime.fromisoformat(body["given_at"])
        except ValueError:
            return
        body["given_at"] = "2026-11-02T10:00:00+01:00"


def _german_postal_code(body: dict[str, Any]) -> None:
    code = body.get("postal_code")
    if (
        body.get("country_of_residence", "DE") == "DE"
        and isinstance(code, str)
        and POSTAL_CODE.fullmatch(code)
        and not GERMAN_POSTAL_CODE.fullmatch(code)
    ):
        body["postal_code"] = "52062"


def _no_control_text(value: Any, limit: int) -> bool:
    """A value the schema takes for an optional text: ``null`` or a string without control
    characters, within the limit."""
    if value is None:
        return True
    return (
        isinstance(value, str)
        and len(value) <= limit
        and not any(ord(c) <= 0x1F or 0x7F <= ord(c) <= 0x9F for c in value)
    )


def _shows_nothing(value: Any, limit: int) -> bool:
    """Absent, ``null`` or a well-formed text without a visible character."""
    text = re.compile(_env("TEXT_PATTERN"))
    return _no_control_text(value, limit) and not (isinstance(value, str) and text.fullmatch(value))


def _portal_request(body: dict[str, Any]) -> None:
    _replace(body, "privacy_notice_version", VERSION, _env("PRIVACY_NOTICE"))
    topics = body.get("topics")
    if (
        isinstance(topics, list)
        and 1 <= len(topics) <= 20
        and all(isinstance(t, str) and TOPIC_CODE.fullmatch(t) for t in topics)
    ):
        body["topics"] = [KNOWN_TOPICS[i % len(KNOWN_TOPICS)] for i in range(len(topics))]
    postal_code, municipality = body.get("postal_code"), body.get("municipality")
    wellformed_code = isinstance(postal_code, str) and GERMAN_POSTAL_CODE.fullmatch(postal_code)
    if isinstance(municipality, str) and AGS.fullmatch(municipality):
        body["municipality"] = KNOWN_AGS
        if wellformed_code:
            body["postal_code"] = "52062"
    elif wellformed_code:
        body["postal_code"] = PORTAL_POSTAL_CODES[int(postal_code) % len(PORTAL_POSTAL_CODES)]
    elif postal_code in (None, "") and municipality in (None, ""):
        body["postal_code"] = "52062"
    kind = body.get("kind")
    if kind == "person":
        if "company_name" in body and _no_control_text(body["company_name"], 200):
            del body["company_name"]
        if "sector" in body and body["sector"] in (None, "", *SECTORS):
            del body["sector"]
        if _shows_nothing(body.get("family_name"), 100):
            body["family_name"] = "Muster"
    elif kind == "company":
        if _shows_nothing(body.get("company_name"), 200):
            body["company_name"] = "Muster GmbH"
        if body.get("sector") in (None, ""):
            body["sector"] = "other"


SLOT_CODE = re.compile(r"[0-9a-f]{32}-[0-9]{12}")
REFERENCE = re.compile(r"WCR-[0-9]{4}-[0-9]{5,10}")
ORGANISATIONS = ("org-a", "org-b")
MAX_RANGE_DAYS = 62
BERLIN = ZoneInfo("Europe/Berlin")


def _slots_query(query: dict[str, Any]) -> None:
    _replace(query, "location", SLUG, "aachen")
    if isinstance(query.get("organisation"), str) and SLUG.fullmatch(query["organisation"]):
        query["organisation"] = ORGANISATIONS[len(query["organisation"]) % 2]
    if isinstance(query.get("topic"), str) and TOPIC_CODE.fullmatch(query["topic"]):
        query["topic"] = KNOWN_TOPICS[len(query["topic"]) % len(KNOWN_TOPICS)]
    first, last = _date(query.get("from")), _date(query.get("to"))
    if first and last:
        if last < first:
            query["to"] = first.isoformat()
        elif (last - first).days > MAX_RANGE_DAYS:
            query["to"] = (first + datetime.timedelta(days=MAX_RANGE_DAYS)).isoformat()


def _booking(body: dict[str, Any]) -> None:
    _replace(body, "privacy_notice_version", VERSION, _env("PRIVACY_NOTICE"))
    if isinstance(body.get("request"), str) and REFERENCE.fullmatch(body["request"]):
        del body["request"]
    code = body.get("slot")
    if isinstance(code, str) and SLOT_CODE.fullmatch(code):
        windows = _env("WINDOWS").split()
        seed = int(code[-12:]) + int(code[:8], 16)
        day = datetime.datetime.now(BERLIN).date() + datetime.timedelta(days=1 + seed % 49)
        minutes = 8 * 60 + 30 * (seed // 49 % 20)
        start = f"{day:%Y%m%d}{minutes // 60:02d}{minutes % 60:02d}"
        body["slot"] = f"{windows[day.weekday()]}-{start}"


def _in_range(value: Any, high: float) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value <= high


def _facts(body: dict[str, Any]) -> None:
    last_5, last_7 = body.get("experience_years_last_5"), body.get("experience_years_last_7")
    if _in_range(last_5, 5) and _in_range(last_7, 7) and last_5 > last_7:
        body["experience_years_last_5"] = last_7 if last_7 <= 5 else 5
    qualification = body.get("qualification")
    if isinstance(qualification, dict):
        as_of, completed = _date(body.get("as_of")), _date(qualification.get("completed_on"))
        if as_of and completed and as_of >= datetime.date(2023, 11, 18) and completed > as_of:
            qualification["completed_on"] = as_of.isoformat()


def _date(value: Any) -> datetime.date | None:
    if not isinstance(value, str) or not DATE.fullmatch(value):
        return None
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        return None
    return day if datetime.date(1900, 1, 1) <= day <= datetime.date(2099, 12, 31) else None


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    body = case.body
    if case.method.upper() == "GET" and case.operation.path.endswith("/portal/slots"):
        if isinstance(case.query, dict):
            _slots_query(case.query)
        return
    if case.method.upper() == "GET" and case.operation.path.endswith("/partners"):
        if isinstance(case.query, dict):
            _replace(case.query, "topic", TOPIC_CODE, KNOWN_TOPICS[0])
        return
    if case.method.upper() != "POST" or not isinstance(body, dict):
        return
    path = case.operation.path
    if path.endswith("/cases"):
        _case_references(body)
    elif path.endswith(("/persons", "/companies")):
        _replace(body, "municipality", AGS, KNOWN_AGS)
        _german_postal_code(body)
    elif path.endswith("/navigator/evaluate"):
        _facts(body)
    elif path.endswith("/portal/requests"):
        _portal_request(body)
    elif path.endswith("/portal/bookings"):
        _booking(body)
    elif path.endswith("/referrals"):
        _referral(body)
    elif path.endswith("/persons/{code}/consents"):
        _consent(case, body)
