"""Schemathesis hooks for scripts/schemathesis-run: what a valid request needs and JSON Schema
cannot state, filled in before each call in every phase.

- References must exist: a well-formed code, AGS, location, topic list or username in a request
  body is replaced by one of the seeded server (SCHEMATHESIS_WCR_* variables). Unknown ones
  answer 422, which wcr/api/tests pins.
- A person's postal code has five digits when `country_of_residence` is DE (the default; the
  field's description says so): a well-formed other code goes with DE only as 52062.
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

import schemathesis

UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
AGS = re.compile(r"[0-9]{8}")
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,40}")
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
KNOWN_AGS = "05334002"  # Aachen, in the region data the migrations load
POSTAL_CODE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9 -]{0,8}[A-Za-z0-9])")
GERMAN_POSTAL_CODE = re.compile(r"[0-9]{5}")


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


def _german_postal_code(body: dict[str, Any]) -> None:
    code = body.get("postal_code")
    if (
        body.get("country_of_residence", "DE") == "DE"
        and isinstance(code, str)
        and POSTAL_CODE.fullmatch(code)
        and not GERMAN_POSTAL_CODE.fullmatch(code)
    ):
        body["postal_code"] = "52062"


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
