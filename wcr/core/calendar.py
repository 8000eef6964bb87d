"""Calendar files (.ics) for appointment mails. PLACEHOLDER until the icalendar-based module
lands (branch mailics): same signature."""

from __future__ import annotations

import datetime
from typing import Literal


def ics_event(
    *,
    uid: str,
    sequence: int,
    method: Literal["REQUEST", "CANCEL"],
    start: datetime.datetime,
    end: datetime.datetime,
    summary: str,
    description: str,
    location: str,
    organizer_email: str,
    organizer_name: str,
    attendee_email: str,
    attendee_name: str,
    url: str = "",
    language: str = "de",
) -> bytes:
    utc = datetime.UTC
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//WCR Welcome Center KMU Rheinisches Revier//Termine//DE",
        f"METHOD:{method}",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"SEQUENCE:{sequence}",
        f"DTSTAMP:{datetime.datetime.now(utc):%Y%m%dT%H%M%SZ}",
        f"DTSTART:{start.astimezone(utc):%Y%m%dT%H%M%SZ}",
        f"DTEND:{end.astimezone(utc):%Y%m%dT%H%M%SZ}",
        f"SUMMARY:{summary}",
        f"STATUS:{'CANCELLED' if method == 'CANCEL' else 'CONFIRMED'}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(lines) + "\r\n").encode()
