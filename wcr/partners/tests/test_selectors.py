"""``partners_for`` and ``partner_by_code``: topic and municipality filters, NRW-wide bodies."""

from __future__ import annotations

import uuid

from django.test import TestCase

from wcr.partners.models import Partner
from wcr.partners.seed import partners_load
from wcr.partners.selectors import partner_by_code, partners_for

AACHEN, NEUSS, MUNICH = "05334002", "05162024", "09162000"


class SelectorTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        partners_load()

    def keys(self, topic: str | None = None, ags: str | None = None) -> list[str]:
        return [p.key for p in partners_for(topic, ags)]

    def test_without_filters_every_active_partner(self) -> None:
        Partner.objects.filter(key="zab").update(active=False)
        keys = self.keys()
        self.assertEqual(len(keys), Partner.objects.filter(active=True).count())
        self.assertNotIn("zab", keys)

    def test_a_municipality_gets_its_own_bodies_then_the_nrw_wide(self) -> None:
        keys = self.keys(ags=NEUSS)
        self.assertIn("abh-stadt-neuss", keys)
        self.assertNotIn("abh-rhein-kreis-neuss", keys)  # Neuss has its own office
        self.assertNotIn("abh-staedteregion-aachen", keys)
        self.assertIn("zfe-nrw", keys)
        first_nrw_wide = keys.index("zfe-nrw")
        local = {p.key for p in Partner.objects.filter(municipalities__ags=NEUSS)}
        self.assertEqual(set(keys[:first_nrw_wide]), local)

    def test_a_topic_filters_by_the_partners_or_their_services_topics(self) -> None:
        keys = self.keys(topic="residence", ags=AACHEN)
        self.assertEqual(keys[0], "abh-staedteregion-aachen")
        self.assertIn("zfe-nrw", keys)
        self.assertNotIn("ihk-fosa", keys)
        Partner.objects.get(key="zab").topics.clear()  # "recognition" stays on its services
        self.assertIn("zab", self.keys(topic="recognition"))

    def test_a_municipality_outside_nrw_gets_no_nrw_wide_body(self) -> None:
        self.assertEqual(self.keys(ags=MUNICH), [])

    def test_unknown_topics_and_malformed_keys_find_nothing(self) -> None:
        self.assertEqual(self.keys(topic="visa"), [])
        self.assertEqual(self.keys(ags="123"), [])

    def test_the_list_costs_the_same_queries_for_any_number_of_rows(self) -> None:
        with self.assertNumQueries(7):
            partners = partners_for(None, AACHEN)
            [(p.topics.all(), p.services.all(), p.locations.all()) for p in partners]

    def test_partner_by_code(self) -> None:
        partner = Partner.objects.get(key="zsba")
        self.assertEqual(partner_by_code(str(partner.code)), partner)
        self.assertIsNone(partner_by_code("not-a-code"))
        self.assertIsNone(partner_by_code(uuid.uuid4()))
        Partner.objects.filter(pk=partner.pk).update(active=False)
        self.assertIsNone(partner_by_code(partner.code))
        self.assertEqual(partner_by_code(partner.code, active_only=False), partner)
