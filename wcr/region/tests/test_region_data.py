"""The region's municipalities, postal codes and authorities, loaded from the verified tables."""

from __future__ import annotations

import csv
from pathlib import Path

from django.test import TestCase, override_settings
from django.urls import reverse

from wcr.core.testing.base import WcrTestCase
from wcr.region.models import (
    AUTHORITY_FIELDS,
    Authority,
    Confidence,
    District,
    Municipality,
    PostalCode,
)
from wcr.region.selectors import municipalities_for_postal_code, municipality_by_ags

DATA = Path(__file__).resolve().parent.parent / "data"
DISTRICT_COUNTS = {
    "05334": 10,  # StädteRegion Aachen
    "05358": 15,  # Kreis Düren
    "05366": 11,  # Kreis Euskirchen
    "05370": 10,  # Kreis Heinsberg
    "05362": 10,  # Rhein-Erft-Kreis
    "05162": 8,  # Rhein-Kreis Neuss
    "05116": 1,  # Stadt Mönchengladbach
}


class RegionDataTests(TestCase):
    def test_it_holds_the_65_municipalities_of_the_seven_districts(self) -> None:
        self.assertEqual(Municipality.objects.count(), 65)
        for district_ags, count in DISTRICT_COUNTS.items():
            with self.subTest(district=district_ags):
                self.assertEqual(
                    Municipality.objects.filter(district__ags=district_ags).count(), count
                )

    def test_every_postal_code_of_the_source_table_is_loaded(self) -> None:
        with (DATA / "municipalities.csv").open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                expected = set(row["postal_codes"].split(";"))
                loaded = set(
                    PostalCode.objects.filter(municipality__ags=row["ags"]).values_list(
                        "code", flat=True
                    )
                )
                self.assertEqual(loaded, expected, row["municipality"])

    def test_every_municipality_has_every_authority_and_a_source(self) -> None:
        for municipality in Municipality.objects.with_overlays():
            with self.subTest(municipality=municipality.name):
                for field in AUTHORITY_FIELDS:
                    self.assertIsNotNone(getattr(municipality, field), field)
                self.assertIn(municipality.wcr_location, {"aachen", "moenchengladbach", "neuss"})
                self.assertTrue(municipality.sources)
                self.assertNotEqual(municipality.confidence, Confidence.UNVERIFIED)

    def test_the_chambers_follow_the_reference_districts(self) -> None:
        expected = {
            "05334": ("hwk_aachen", "ihk_aachen", "bezreg_koeln"),
            "05358": ("hwk_aachen", "ihk_aachen", "bezreg_koeln"),
            "05366": ("hwk_aachen", "ihk_aachen", "bezreg_koeln"),
            "05370": ("hwk_aachen", "ihk_aachen", "bezreg_koeln"),
            "05362": ("hwk_koeln", "ihk_koeln", "bezreg_koeln"),
            "05162": ("hwk_duesseldorf", "ihk_mittlerer_niederrhein", "bezreg_duesseldorf"),
            "05116": ("hwk_duesseldorf", "ihk_mittlerer_niederrhein", "bezreg_duesseldorf"),
        }
        for municipality in Municipality.objects.with_overlays():
            crafts, commerce, social = expected[municipality.district.ags]
            with self.subTest(municipality=municipality.name):
                self.assertEqual(municipality.chamber_of_crafts.slug, crafts)
                self.assertEqual(municipality.chamber_of_commerce.slug, commerce)
                self.assertEqual(municipality.social_professions_authority.slug, social)

    def test_the_foreigners_office_table_has_the_city_exceptions(self) -> None:
        own_office = {
            "Neuss": "abh_stadt_neuss",
            "Dormagen": "abh_stadt_dormagen",
            "Kerpen": "abh_kolpingstadt_kerpen",
            "Bergheim": "abh_stadt_bergheim",
        }
        for name, slug in own_office.items():
            self.assertEqual(
                Municipality.objects.get(name=name).foreigners_office.slug,
                slug,
            )
        self.assertEqual(
            Municipality.objects.get(name="Aachen").foreigners_office.slug,
            "abh_staedteregion_aachen",
        )

    def test_every_authority_names_its_source(self) -> None:
        for authority in Authority.objects.all():
            self.assertTrue(authority.source, authority.slug)


class RegionLookupTests(TestCase):
    def test_it_finds_a_municipality_by_ags(self) -> None:
        municipality = municipality_by_ags("05334002")
        assert municipality is not None
        self.assertEqual(municipality.name, "Aachen")
        self.assertEqual(municipality.district.name, "StädteRegion Aachen")

    def test_it_answers_none_for_unknown_or_malformed_keys(self) -> None:
        for key in ["05111000", "0533400", "abc", ""]:
            self.assertIsNone(municipality_by_ags(key), key)

    def test_a_shared_postal_code_finds_both_municipalities(self) -> None:
        names = [m.name for m in municipalities_for_postal_code("52525")]
        self.assertEqual(names, ["Heinsberg", "Waldfeucht"])
        names = [m.name for m in municipalities_for_postal_code("52538")]
        self.assertEqual(names, ["Gangelt", "Selfkant"])

    def test_a_postal_code_finds_its_municipality(self) -> None:
        self.assertEqual([m.name for m in municipalities_for_postal_code("41460")], ["Neuss"])
        self.assertEqual(
            [m.name for m in municipalities_for_postal_code(" 41061 ")], ["Mönchengladbach"]
        )

    def test_a_postal_code_outside_the_region_or_malformed_finds_nothing(self) -> None:
        for code in ["10115", "4146", "41x60", ""]:
            self.assertEqual(municipalities_for_postal_code(code), [], code)

    def test_euskirchen_is_outside_the_service_area_by_default(self) -> None:
        euskirchen = District.objects.get(ags="05366")
        self.assertFalse(euskirchen.in_service_area)
        self.assertEqual(Municipality.objects.in_service_area().count(), 54)

    @override_settings(
        SERVICE_AREA_DISTRICTS=["05334", "05358", "05366", "05370", "05362", "05162", "05116"]
    )
    def test_the_service_area_is_a_setting(self) -> None:
        self.assertTrue(District.objects.get(ags="05366").in_service_area)
        self.assertEqual(Municipality.objects.in_service_area().count(), 65)


class RegionPageTests(WcrTestCase):
    def test_staff_look_up_a_postal_code(self) -> None:
        self.sign_in(self.counsellor)
        response = self.client.get(reverse("region:overview"), {"q": "52525"})
        self.assertContains(response, "Heinsberg (05370016)")
        self.assertContains(response, "Waldfeucht (05370032)")

    def test_a_malformed_query_names_the_field_and_keeps_the_input(self) -> None:
        self.sign_in(self.counsellor)
        response = self.client.get(reverse("region:overview"), {"q": "Aachen"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(
            response, "Postleitzahl oder Gemeindeschlüssel: Geben Sie", status_code=400
        )
        self.assertContains(response, 'value="Aachen"', status_code=400)

    def test_the_page_lists_all_municipalities_in_a_constant_number_of_queries(self) -> None:
        self.sign_in(self.counsellor)
        # session, user, memberships, municipalities with all authorities, the navigation's
        # count of new requests, session save (3)
        with self.assertNumQueries(8):
            response = self.client.get(reverse("region:overview"))
        self.assertContains(response, "Zülpich")
        self.assertContains(response, "außerhalb des Einzugsgebiets")
