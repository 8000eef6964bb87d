"""Calendar files: written by ics_event, read back by icalendar's parser."""

from __future__ import annotations

import datetime
from typing import Any

from django.test import SimpleTestCase
from icalendar import Calendar, Event

from wcr.core.calendar import PRODID, ics_event

UTC = datetime.UTC
SUMMER = datetime.datetime(2027, 7, 1, 8, 0, tzinfo=UTC)  # 10:00 in Berlin (CEST)
WINTER = datetime.datetime(2027, 1, 14, 8, 0, tzinfo=UTC)  # 09:00 in Berlin (CET)


def invitation(**overrides: Any) -> bytes:
    arguments: dict[str, Any] = {
        "uid": "3f2c8a1e-appointment@wcr",
        "sequence": 0,
        "method": "REQUEST",
        "start": SUMMER,
        "end": SUMMER + datetime.timedelta(minutes=45),
        "summary": "Beratungstermin",
        "description": "Bitte bringen Sie Ihren Pass mit.",
        "location": "Welcome Center, Markt 1, 52062 Aachen",
        "organizer_email": "termine@example.org",
        "organizer_name": "Welcome Center KMU",
        "attendee_email": "olena@example.org",
        "attendee_name": "Olena Kovalenko",
        "url": "https://example.org/termin/3f2c8a1e",
    }
    arguments.update(overrides)
    return ics_event(**arguments)


def parse(data: bytes) -> tuple[Calendar, Event]:
    calendar = Calendar.from_ical(data)
    (event,) = calendar.events
    return calendar, event


class IcsEventTests(SimpleTestCase):
    def test_an_invitation_carries_method_uid_sequence_and_confirmed_status(self) -> None:
        calendar, event = parse(invitation(sequence=2))
        self.assertEqual(calendar["METHOD"], "REQUEST")
        self.assertEqual(calendar["PRODID"], PRODID)
        self.assertEqual(calendar["VERSION"], "2.0")
        self.assertEqual(event["UID"], "3f2c8a1e-appointment@wcr")
        self.assertEqual(event.decoded("SEQUENCE"), 2)
        self.assertEqual(event["STATUS"], "CONFIRMED")
        self.assertEqual(event["SUMMARY"], "Beratungstermin")
        self.assertEqual(event["SUMMARY"].params["LANGUAGE"], "de")
        self.assertEqual(event["DESCRIPTION"], "Bitte bringen Sie Ihren Pass mit.")
        self.assertEqual(event["LOCATION"], "Welcome Center, Markt 1, 52062 Aachen")
        self.assertEqual(event["URL"], "https://example.org/termin/3f2c8a1e")

    def test_a_cancellation_keeps_the_uid_and_is_cancelled(self) -> None:
        calendar, event = parse(invitation(method="CANCEL", sequence=3))
        self.assertEqual(calendar["METHOD"], "CANCEL")
        self.assertEqual(event["UID"], "3f2c8a1e-appointment@wcr")
        self.assertEqual(event.decoded("SEQUENCE"), 3)
        self.assertEqual(event["STATUS"], "CANCELLED")

    def test_organizer_and_attendee_are_mailto_addresses_with_names(self) -> None:
        _, event = parse(invitation())
        organizer, attendee = event["ORGANIZER"], event["ATTENDEE"]
        self.assertEqual(organizer, "mailto:termine@example.org")
        self.assertEqual(organizer.params["CN"], "Welcome Center KMU")
        self.assertEqual(attendee, "mailto:olena@example.org")
        self.assertEqual(attendee.params["CN"], "Olena Kovalenko")
        self.assertEqual(attendee.params["ROLE"], "REQ-PARTICIPANT")
        self.assertEqual(attendee.params["RSVP"], "FALSE")

    def test_times_are_written_in_berlin_time_and_mean_the_given_instant(self) -> None:
        for start, local_hour in ((SUMMER, 10), (WINTER, 9)):
            with self.subTest(start=start):
                data = invitation(start=start, end=start + datetime.timedelta(hours=1))
                _, event = parse(data)
                self.assertEqual(event["DTSTART"].params["TZID"], "Europe/Berlin")
                self.assertEqual(event["DTEND"].params["TZID"], "Europe/Berlin")
                self.assertEqual(event.decoded("DTSTART"), start)
                self.assertEqual(event.decoded("DTEND"), start + datetime.timedelta(hours=1))
                self.assertIn(
                    f"DTSTART;TZID=Europe/Berlin:{start:%Y%m%d}T{local_hour:02d}0000".encode(),
                    data,
                )

    def test_a_time_given_in_another_zone_is_converted_to_berlin(self) -> None:
        new_york = datetime.timezone(datetime.timedelta(hours=-5))
        start = datetime.datetime(2027, 1, 14, 3, 0, tzinfo=new_york)  # 09:00 in Berlin
        data = invitation(start=start, end=start + datetime.timedelta(minutes=30))
        self.assertIn(b"DTSTART;TZID=Europe/Berlin:20270114T090000", data)
        self.assertEqual(parse(data)[1].decoded("DTSTART"), start)

    def test_the_berlin_vtimezone_has_both_cet_and_cest_and_gives_the_right_offsets(self) -> None:
        for start in (SUMMER, WINTER):
            with self.subTest(start=start):
                calendar, event = parse(
                    invitation(start=start, end=start + datetime.timedelta(hours=1))
                )
                (timezone,) = calendar.timezones
                self.assertEqual(timezone["TZID"], "Europe/Berlin")
                names = {(part.name, str(part["TZNAME"])) for part in timezone.subcomponents}
                self.assertIn(("STANDARD", "CET"), names)
                self.assertIn(("DAYLIGHT", "CEST"), names)
                # the rules in the file alone (not the machine's zoneinfo) give the right offset
                rules = timezone.to_tz()
                local = event.decoded("DTSTART").replace(tzinfo=None)
                expected = datetime.timedelta(hours=2 if start is SUMMER else 1)
                self.assertEqual(rules.utcoffset(local), expected)

    def test_dtstamp_is_now_in_utc(self) -> None:
        before = datetime.datetime.now(UTC).replace(microsecond=0)
        _, event = parse(invitation())
        stamp = event.decoded("DTSTAMP")
        self.assertEqual(stamp.utcoffset(), datetime.timedelta(0))
        self.assertLessEqual(before, stamp)
        self.assertLessEqual(stamp, datetime.datetime.now(UTC))

    def test_no_url_property_without_a_url(self) -> None:
        _, event = parse(invitation(url=""))
        self.assertNotIn("URL", event)

    def test_arabic_and_ukrainian_text_round_trips(self) -> None:
        summary = "موعد استشارة في مركز الترحيب، آخن"
        description = (
            "Будь ласка, візьміть паспорт; диплом і переклад.\nДругий рядок: «Ґанок» — їжак"
        )
        _, event = parse(
            invitation(
                summary=summary,
                description=description,
                location="Markt 1; Aachen, Raum 2",
                attendee_name="Олена Коваленко",
                organizer_name="مركز الترحيب",
                language="uk",
            )
        )
        self.assertEqual(event["SUMMARY"], summary)
        self.assertEqual(event["SUMMARY"].params["LANGUAGE"], "uk")
        self.assertEqual(event["DESCRIPTION"], description)
        self.assertEqual(event["LOCATION"], "Markt 1; Aachen, Raum 2")
        self.assertEqual(event["ATTENDEE"].params["CN"], "Олена Коваленко")
        self.assertEqual(event["ORGANIZER"].params["CN"], "مركز الترحيب")

    def test_long_lines_are_folded_between_characters_not_inside_one(self) -> None:
        summary = "موعد استشارة " * 12 + "Консультація " * 12
        data = invitation(summary=summary, description="ї" * 200)
        self.assertTrue(data.endswith(b"\r\n"))
        lines = data.split(b"\r\n")[:-1]
        self.assertNotIn(b"\n", b"".join(lines))  # every line ends with CRLF
        continuations = [line for line in lines if line.startswith(b" ")]
        self.assertGreater(len(continuations), 10)  # the long texts were folded
        for line in lines:
            with self.subTest(line=line[:20]):
                self.assertLessEqual(len(line), 75)
                line.decode("utf-8")  # no multi-byte character split across a fold
        _, event = parse(data)
        self.assertEqual(event["SUMMARY"], summary)
        self.assertEqual(event["DESCRIPTION"], "ї" * 200)

    def test_it_refuses_naive_times_an_empty_span_and_other_methods(self) -> None:
        naive = datetime.datetime(2027, 7, 1, 10, 0)  # noqa: DTZ001 - naive on purpose
        with self.assertRaises(ValueError):
            invitation(start=naive, end=naive + datetime.timedelta(hours=1))
        with self.assertRaises(ValueError):
            invitation(end=SUMMER)
        with self.assertRaises(ValueError):
            invitation(method="PUBLISH")
