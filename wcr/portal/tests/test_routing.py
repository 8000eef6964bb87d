"""Routing rules as data: the default set (one sample request per rule), refusals naming row and
column, the management command's round trip and the staff page."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import TestCase

from wcr.accounts.models import Location
from wcr.core.testing.base import WcrTestCase
from wcr.core.testing.factories import LocationFactory, OrganisationFactory
from wcr.portal.models import RoutingRule
from wcr.portal.routing import (
    RuleError,
    parse_rules,
    parse_rules_checked,
    route,
    route_with_rule,
    routing_rules_export,
    routing_rules_replace,
)
from wcr.privacy.models import AuditEvent
from wcr.region.models import Municipality

DEFAULT_CSV = Path(__file__).resolve().parent.parent / "data" / "routing_rules.csv"
HEADER = "priority,kind,sector,district,municipality,topic,organisation,location\n"
PARTNERS = ("whkt", "hwk-aachen", "kia", "vuv", "stadt-aachen", "ihk-mn")

# One sample request per rule of the default set: (kind, sector, AGS, topics) → the rule it
# must hit, the organisation and the location.
TABLE = [
    (("company", "crafts", "05334004", []), 10, "hwk-aachen", "aachen"),  # Alsdorf
    (("company", "crafts", "05358008", []), 11, "hwk-aachen", "aachen"),  # Düren
    (("company", "crafts", "05366004", []), 12, "hwk-aachen", "aachen"),  # Bad Münstereifel
    (("company", "crafts", "05370004", []), 13, "hwk-aachen", "aachen"),  # Erkelenz
    (("company", "industry", "05116000", []), 20, "ihk-mn", "moenchengladbach"),
    (("company", "commerce", "05116000", []), 21, "ihk-mn", "moenchengladbach"),
    (("company", "industry", "05162004", []), 22, "ihk-mn", "neuss"),  # Dormagen
    (("company", "commerce", "05162004", []), 23, "ihk-mn", "neuss"),
    (("company", "services", "05334002", []), 30, "stadt-aachen", "aachen"),  # city of Aachen
    (("company", "it", "05334004", []), 40, "vuv", "aachen"),
    (("company", "health_care", "05358008", []), 41, "vuv", "aachen"),
    (("company", "hospitality", "05366004", []), 42, "vuv", "aachen"),
    (("company", "other", "05370004", []), 43, "vuv", "aachen"),
    (("person", "other", "05334002", ["recognition"]), 50, "kia", "aachen"),
    (("person", "other", "05162004", []), 1000, "whkt", "neuss"),  # nearest: Neuss
]


def _partners() -> None:
    for slug in PARTNERS:
        OrganisationFactory(slug=slug, name=slug.upper())
    for slug, name in (("aachen", "Aachen"), ("moenchengladbach", "Mönchengladbach"),
                       ("neuss", "Neuss")):  # fmt: skip
        Location.objects.get_or_create(slug=slug, defaults={"name": name})


def _refusal(csv_text: str, **known: set[str]) -> RuleError:
    try:
        parse_rules(csv_text, **known)
    except RuleError as error:
        return error
    raise AssertionError("the rule set was accepted")


class DefaultRuleSetTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        _partners()

    def test_the_migration_loaded_the_default_set(self) -> None:
        self.assertEqual(routing_rules_export(), DEFAULT_CSV.read_text(encoding="utf-8"))

    def test_every_default_rule_is_hit_by_its_sample_request(self) -> None:
        self.assertEqual(
            sorted(p for _s, p, _o, _l in TABLE),
            list(RoutingRule.objects.values_list("priority", flat=True)),
        )
        for (kind, sector, ags, topics), priority, organisation, location in TABLE:
            with self.subTest(priority=priority):
                rule, org, loc = route_with_rule(kind, sector, "", ags, topics)
                self.assertEqual(rule.priority if rule else None, priority)
                self.assertEqual((org, loc), (organisation, location))
                self.assertEqual(route(kind, sector, ags[:5], ags, topics), (org, loc))

    def test_requests_at_the_edges_of_the_area(self) -> None:
        # Outside the area (Düsseldorf): the catch-all; the region data names no location for
        # it, so the first active location by name.
        self.assertEqual(route("company", "crafts", "", "05111000", []), ("whkt", "aachen"))
        # A person abroad with a workplace in the region is routed by the workplace's
        # municipality (Düren: no person rule for Kreis Düren, so the catch-all, Aachen).
        self.assertEqual(route("person", "other", "", "05358008", []), ("whkt", "aachen"))
        # An ambiguous postal code (52525: Heinsberg and Waldfeucht): both municipalities are
        # in Kreis Heinsberg, so either choice goes to the same partner and location.
        self.assertEqual(
            route("company", "crafts", "", "05370016", []),
            route("company", "crafts", "", "05370032", []),
        )
        self.assertEqual(route("company", "crafts", "", "05370032", []), ("hwk-aachen", "aachen"))

    def test_the_crafts_rules_cover_exactly_the_districts_of_hwk_aachen(self) -> None:
        districts = set(
            Municipality.objects.filter(chamber_of_crafts__slug="hwk_aachen").values_list(
                "district__ags", flat=True
            )
        )
        crafts = set(
            RoutingRule.objects.filter(sector="crafts", organisation="hwk-aachen").values_list(
                "district", flat=True
            )
        )
        self.assertEqual(crafts, districts)
        ihk_mn = set(
            Municipality.objects.filter(
                chamber_of_commerce__slug="ihk_mittlerer_niederrhein"
            ).values_list("district__ags", flat=True)
        )
        self.assertEqual(
            set(
                RoutingRule.objects.filter(organisation="ihk-mn").values_list("district", flat=True)
            ),
            ihk_mn,
        )

    def test_the_default_set_names_only_known_partners_and_locations(self) -> None:
        rows = parse_rules_checked(DEFAULT_CSV.read_text(encoding="utf-8"))
        self.assertEqual(len(rows), len(TABLE))

    def test_nearest_without_a_named_location_falls_back_to_the_first_by_name(self) -> None:
        Municipality.objects.filter(ags="05162004").update(wcr_location="")
        self.assertEqual(route("person", "other", "", "05162004", []), ("whkt", "aachen"))

    def test_a_topic_rule_matches_when_the_request_has_that_topic(self) -> None:
        rows = parse_rules(
            HEADER + "5,person,*,*,*,recognition,hwk-aachen,aachen\n9,*,*,*,*,*,whkt,nearest\n"
        )
        routing_rules_replace(None, rows)
        self.assertEqual(route("person", "other", "", "05116000", ["recognition"])[0], "hwk-aachen")
        self.assertEqual(
            route("person", "other", "", "05116000", ["residence"]), ("whkt", "moenchengladbach")
        )


class RefusalTests(TestCase):
    def test_each_invalid_cell_is_named_by_row_and_column(self) -> None:
        cases = [
            ("x,*,*,*,*,*,whkt,nearest", "priority"),
            ("1,firm,*,*,*,*,whkt,nearest", "kind"),
            ("1,company,mining,*,*,*,whkt,nearest", "sector"),
            ("1,company,*,5334,*,*,whkt,nearest", "district"),
            ("1,company,*,*,0533400,*,whkt,nearest", "municipality"),
            ("1,company,*,*,*,astrology,whkt,nearest", "topic"),
            ("1,company,*,*,*,*,nobody,nearest", "organisation"),
            ("1,company,*,*,*,*,whkt,berlin", "location"),
        ]
        known = {"organisations": {"whkt"}, "locations": {"aachen"}, "topics": {"recognition"}}
        for line, column in cases:
            with self.subTest(column=column):
                error = _refusal(HEADER + "5,*,*,*,*,*,whkt,aachen\n" + line + "\n", **known)
                self.assertEqual((error.row, error.column), (3, column))
                self.assertIn("Zeile 3", str(error))
                self.assertIn(f"„{column}“", str(error))

    def test_a_duplicate_priority_names_both_rows(self) -> None:
        error = _refusal(HEADER + "5,person,*,*,*,*,kia,aachen\n5,*,*,*,*,*,whkt,nearest\n")
        self.assertEqual((error.row, error.column), (3, "priority"))
        self.assertIn("2", error.problem)

    def test_no_catch_all_at_the_end_is_refused(self) -> None:
        error = _refusal(HEADER + "900,*,*,*,*,*,whkt,nearest\n10,person,*,05334,*,*,kia,aachen\n"
                         "950,company,crafts,*,*,*,hwk-aachen,aachen\n")  # fmt: skip
        self.assertEqual((error.row, error.column), (4, "kind"))
        self.assertIn("Auffangregel", str(error))

    def test_a_catch_all_before_the_end_is_refused(self) -> None:
        error = _refusal(
            HEADER + "10,*,*,*,*,*,whkt,nearest\n20,person,*,05334,*,*,kia,aachen\n"
            "30,*,*,*,*,*,whkt,aachen\n"
        )
        self.assertEqual((error.row, error.column), (2, "priority"))
        self.assertIn("Auffangregel", str(error))

    def test_an_empty_set_and_a_missing_column_are_refused(self) -> None:
        self.assertEqual(_refusal(HEADER).row, 2)
        error = _refusal("priority,kind\n1,*\n")
        self.assertEqual((error.row, error.column), (1, "sector"))


class CommandTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        _partners()

    def _export(self) -> str:
        out = io.StringIO()
        call_command("routing_rules", "--export", stdout=out)
        return out.getvalue()

    def test_export_load_export_is_identical(self) -> None:
        first = self._export()
        path = Path(self.enterContext(_tmp())) / "rules.csv"
        path.write_text(first, encoding="utf-8")
        call_command("routing_rules", "--load", str(path), stdout=io.StringIO())
        self.assertEqual(self._export(), first)
        self.assertFalse(AuditEvent.objects.filter(action="routing.rules_replaced").exists())

    def test_load_replaces_and_audits(self) -> None:
        path = Path(self.enterContext(_tmp())) / "rules.csv"
        path.write_text(HEADER + "7,*,*,*,*,*,whkt,nearest\n", encoding="utf-8")
        call_command("routing_rules", "--load", str(path), stdout=io.StringIO())
        self.assertEqual(self._export(), HEADER + "7,*,*,*,*,*,whkt,nearest\n")
        event = AuditEvent.objects.get(action="routing.rules_replaced")
        self.assertEqual(event.changes["rule_count"], {"old": 15, "new": 1})
        self.assertEqual(event.changes["added"]["new"], ["7;*;*;*;*;*;whkt;nearest"])

    def test_a_refused_load_names_row_and_column_and_changes_nothing(self) -> None:
        before = self._export()
        path = Path(self.enterContext(_tmp())) / "rules.csv"
        path.write_text(HEADER + "7,*,*,*,*,*,whkt,nearest\n8,person,*,*,*,*,kia,aachen\n")
        with self.assertRaisesMessage(CommandError, "Zeile 3, Spalte „kind“"):
            call_command("routing_rules", "--load", str(path))
        self.assertEqual(self._export(), before)


def _tmp() -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory()


class StaffPageTests(WcrTestCase):
    url = "/mitarbeitende/weiterleitung/"

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        _partners()

    def test_only_lead_partner_team_leads_and_the_coordinator_see_it(self) -> None:
        for user in (self.team_lead, self.coordinator):
            with self.subTest(user=user.username):
                response = self.sign_in(user).get(self.url)
                self.assertContains(response, "Weiterleitungsregeln")
                self.assertContains(response, 'href="/mitarbeitende/weiterleitung/"')
                self.assertEqual(self.client.get(self.url + "regeln.csv").status_code, 200)
        for user in (self.counsellor, self.other_team_lead, self.other_counsellor, self.dpo,
                     self.administrator, self.no_membership):  # fmt: skip
            with self.subTest(user=user.username):
                client = self.sign_in(user)
                self.assertEqual(client.get(self.url).status_code, 404)
                self.assertEqual(client.get(self.url + "regeln.csv").status_code, 404)
                self.assertEqual(client.post(self.url, {"rules": HEADER}).status_code, 404)
                if user is not self.no_membership:
                    home = client.get("/mitarbeitende/")
                    self.assertNotContains(home, 'href="/mitarbeitende/weiterleitung/"')
        self.assertEqual(RoutingRule.objects.count(), 15)

    def test_the_preview_says_where_a_crafts_company_in_dueren_goes(self) -> None:
        response = self.sign_in(self.team_lead).get(
            self.url, {"kind": "company", "sector": "crafts", "municipality": "05358008"}
        )
        self.assertContains(response, "geht an HWK-AACHEN, Standort Aachen")
        self.assertContains(response, "Regel mit Priorität 11")

    def test_a_person_without_a_sector_can_be_previewed(self) -> None:
        response = self.sign_in(self.coordinator).get(
            self.url, {"kind": "person", "sector": "", "municipality": "05334002"}
        )
        self.assertContains(response, "geht an KIA, Standort Aachen")
        self.assertContains(response, "Regel mit Priorität 50")

    def test_a_preview_with_a_bad_field_names_it(self) -> None:
        response = self.sign_in(self.team_lead).get(
            self.url, {"kind": "company", "sector": "crafts", "municipality": "99999999"}
        )
        self.assertContains(response, "Gemeinde:", status_code=400)

    def test_a_refused_upload_names_row_and_column_and_keeps_the_text(self) -> None:
        pasted = HEADER + "7,*,*,*,*,*,whkt,nearest\n8,person,*,*,*,*,kia,paris\n"
        response = self.sign_in(self.coordinator).post(self.url, {"rules": pasted})
        self.assertContains(response, "Zeile 3, Spalte „location“", status_code=400)
        self.assertContains(response, "8,person,*,*,*,*,kia,paris", status_code=400)
        self.assertEqual(RoutingRule.objects.count(), 15)

    def test_an_accepted_upload_replaces_the_rules_and_is_audited(self) -> None:
        upload = SimpleUploadedFile("rules.csv", (HEADER + "7,*,*,*,*,*,whkt,nearest\n").encode())
        response = self.sign_in(self.team_lead).post(self.url, {"file": upload}, follow=True)
        self.assertContains(response, "1 Weiterleitungsregeln gespeichert")
        self.assertEqual(list(RoutingRule.objects.values_list("priority", flat=True)), [7])
        event = AuditEvent.objects.get(action="routing.rules_replaced")
        self.assertEqual(event.actor_label, self.team_lead.username)
        self.assertEqual(event.organisation, self.org_a)  # the lead partner

    def test_a_file_that_is_not_utf8_is_refused_and_the_pasted_text_kept(self) -> None:
        upload = SimpleUploadedFile("rules.csv", "priorität".encode("utf-16"))
        response = self.sign_in(self.team_lead).post(
            self.url, {"file": upload, "rules": "pasted text"}
        )
        self.assertContains(response, "Datei: Bitte laden Sie eine CSV-Datei", status_code=400)
        self.assertContains(response, ">pasted text</textarea>", status_code=400)
        self.assertEqual(RoutingRule.objects.count(), 15)

    def test_nothing_pasted_is_refused(self) -> None:
        response = self.sign_in(self.team_lead).post(self.url, {"rules": "  "})
        self.assertContains(response, "Regeln: Bitte fügen Sie", status_code=400)

    def test_the_download_is_the_export(self) -> None:
        response = self.sign_in(self.coordinator).get(self.url + "regeln.csv")
        self.assertEqual(response.content.decode(), routing_rules_export())
        self.assertIn("attachment", response["Content-Disposition"])


class NoLocationTests(TestCase):
    def test_nearest_is_empty_without_any_active_location(self) -> None:
        Location.objects.update(is_active=False)
        LocationFactory(slug="closed", name="Closed", is_active=False)
        self.assertEqual(route("person", "other", "", "05162004", []), ("whkt", ""))


class EnglishPageTests(WcrTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        _partners()

    def test_the_page_and_a_refusal_read_in_english(self) -> None:
        client = self.sign_in(self.coordinator)
        client.cookies["django_language"] = "en"
        response = client.post(
            "/mitarbeitende/weiterleitung/",
            {"rules": HEADER + "5,person,*,05334,*,*,kia,aachen\n"},
            headers={"accept-language": "en"},
        )
        self.assertContains(response, "Routing rules: where new requests go", status_code=400)
        self.assertContains(response, "Row 2, column “kind”: no catch-all rule", status_code=400)


class MayEditRoutingTests(TestCase):
    def test_no_membership_may_not_edit(self) -> None:
        from wcr.portal.access import may_edit_routing

        self.assertFalse(may_edit_routing(None))
