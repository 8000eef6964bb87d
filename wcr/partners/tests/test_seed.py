"""The directory's seed: every entry has a source, loading twice changes nothing, a person's
edits are kept, and the region data links the authorities to the municipalities they serve."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase

from wcr.core.testing.base import WcrTestCase
from wcr.partners.models import Partner
from wcr.partners.seed import AUDIT_LOADED, SeedError, partners_load, read_entries, resolve
from wcr.privacy.models import AuditEvent
from wcr.region.models import Confidence


class SeedFileTests(TestCase):
    def test_every_entry_has_a_source_and_a_known_confidence(self) -> None:
        for raw in read_entries():
            with self.subTest(key=raw["key"]):
                entry = resolve(raw)
                self.assertTrue(entry["source"].strip())
                self.assertIn(entry["confidence"], Confidence.values)

    def test_entries_the_reference_marks_unverified_say_so(self) -> None:
        for raw in read_entries():
            entry = resolve(raw)
            if entry["confidence"] == Confidence.UNVERIFIED:
                with self.subTest(key=raw["key"]):
                    self.assertIn("UNVERIFIED", entry["source"])


class LoaderTests(WcrTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.first = partners_load()

    def test_it_loads_every_entry_of_the_file(self) -> None:
        self.assertEqual(len(self.first.created), len(read_entries()))
        self.assertEqual(Partner.objects.count(), len(read_entries()))
        self.assertEqual(
            AuditEvent.objects.filter(action=AUDIT_LOADED).count(), len(self.first.created)
        )

    def test_loading_again_changes_nothing(self) -> None:
        codes = dict(Partner.objects.values_list("key", "code"))
        events = AuditEvent.objects.count()
        second = partners_load()
        self.assertEqual((second.created, second.updated, second.kept), ([], [], []))
        self.assertEqual(dict(Partner.objects.values_list("key", "code")), codes)
        self.assertEqual(AuditEvent.objects.count(), events)

    def test_a_changed_entry_is_updated_by_its_key(self) -> None:
        Partner.objects.filter(key="zfe-nrw").update(name="Alt")
        result = partners_load()
        self.assertEqual(result.updated, ["zfe-nrw"])
        self.assertTrue(Partner.objects.get(key="zfe-nrw").name.startswith("ZFE NRW"))

    def test_an_entry_a_person_checked_is_kept_unless_overwritten(self) -> None:
        Partner.objects.filter(key="zfe-nrw").update(name="Geprüft", checked_by=self.team_lead)
        self.assertEqual(partners_load().kept, ["zfe-nrw"])
        self.assertEqual(Partner.objects.get(key="zfe-nrw").name, "Geprüft")
        self.assertIn("zfe-nrw", partners_load(overwrite=True).updated)

    def test_region_authorities_serve_their_municipalities(self) -> None:
        office = Partner.objects.get(key="abh-kreis-heinsberg")
        self.assertEqual(office.municipalities.count(), 10)
        self.assertFalse(office.serves_all_nrw)
        location = office.locations.get()
        self.assertEqual(
            (location.street_address, location.postal_code, location.city),
            ("Valkenburger Straße 45", "52525", "Heinsberg"),
        )
        neuss = Partner.objects.get(key="abh-stadt-neuss")
        self.assertEqual([m.name for m in neuss.municipalities.all()], ["Neuss"])

    def test_nationwide_bodies_serve_all_nrw_and_no_municipality_by_name(self) -> None:
        for key in ("zfe-nrw", "zsba", "ihk-fosa", "zag-muenster", "zab", "iq-netzwerk-nrw"):
            with self.subTest(key=key):
                partner = Partner.objects.get(key=key)
                self.assertTrue(partner.serves_all_nrw)
                self.assertEqual(partner.municipalities.count(), 0)

    def test_no_address_or_phone_is_made_up(self) -> None:
        # The reference gives no phone numbers or opening hours at all.
        self.assertFalse(Partner.objects.exclude(phone="").exists())
        self.assertFalse(Partner.objects.filter(locations__opening_hours__gt="").exists())

    def test_the_command_loads_and_reports(self) -> None:
        out = io.StringIO()
        call_command("load_partners", stdout=out)
        self.assertIn("0 created", out.getvalue())

    def test_a_wrong_file_is_refused_naming_the_entry_and_nothing_is_stored(self) -> None:
        bad = [
            {
                "key": "neu",
                "name": "Neu",
                "kind": "nonsense",
                "source": "x",
                "confidence": "OFF",
                "serves_all_nrw": True,
            }
        ]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "partners.json"
            path.write_text(json.dumps({"partners": bad}), encoding="utf-8")
            with self.assertRaisesMessage(CommandError, "neu: kind"):
                call_command("load_partners", file=path, stdout=io.StringIO())
        self.assertFalse(Partner.objects.filter(key="neu").exists())

    def test_checks_name_what_is_wrong(self) -> None:
        base = {"key": "k", "name": "N", "kind": "other", "source": "s", "confidence": "OFF"}
        cases = {
            "source is missing": {**base, "source": "", "serves_all_nrw": True},
            "confidence 'X'": {**base, "confidence": "X", "serves_all_nrw": True},
            "exclude each other": {**base, "serves_all_nrw": True, "districts": ["05334"]},
            "serves no municipality": base,
            "region_authority 'nope'": {**base, "region_authority": "nope"},
        }
        for message, entry in cases.items():
            with self.subTest(message=message), self.assertRaisesMessage(SeedError, message):
                resolve(entry)
        with (
            self.assertRaisesMessage(SeedError, "unknown topics ['visa']"),
            tempfile.TemporaryDirectory() as folder,
        ):
            path = Path(folder) / "p.json"
            entry = {**base, "serves_all_nrw": True, "topics": ["visa"]}
            path.write_text(json.dumps({"partners": [entry]}), encoding="utf-8")
            partners_load(path=path)
