"""``generate_synthetic`` adds ESF+ participations (through the extension registered in
``ReportingConfig.ready``) whose derived columns follow ``rules.py``, so that the SQL report over
them equals the pure-Python rules over the same rows."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from wcr.cases.models import Case
from wcr.reporting import rules
from wcr.reporting.indicators import PARTICIPANT_CODES, esf_report
from wcr.reporting.models import Participation, Source


class GenerateSyntheticParticipationsTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.output = StringIO()
        call_command("generate_synthetic", persons=120, seed=7, batch_size=50, stdout=cls.output)
        cls.rows = list(Participation.objects.order_by("id"))
        cls.today = timezone.localdate()

    def test_each_participant_case_with_a_person_gets_one_participation(self) -> None:
        cases = Case.objects.filter(esf_participant=True, person__isnull=False)
        self.assertEqual(
            sorted(row.case_id for row in self.rows), sorted(cases.values_list("pk", flat=True))
        )
        self.assertTrue(all(row.source == Source.CASE for row in self.rows))
        self.assertIn(f"{len(self.rows)} participations", self.output.getvalue())

    def test_entry_and_exit_follow_the_case(self) -> None:
        cases = {case.pk: case for case in Case.objects.filter(esf_participant=True)}
        for row in self.rows:
            case = cases[row.case_id]
            with self.subTest(case=case.pk):
                self.assertEqual(row.entry_date, case.opened_on)
                self.assertEqual(row.exit_date, case.closed_on)
                self.assertEqual(row.person_id, case.person_id)
                self.assertEqual(row.organisation_id, case.organisation_id)

    def test_the_derived_columns_agree_with_the_rules(self) -> None:
        for row in self.rows:
            with self.subTest(row=row.pk):
                assert row.date_of_birth is not None
                self.assertEqual(row.age_at_entry, rules.age_on(row.date_of_birth, row.entry_date))
                self.assertTrue(16 <= (row.age_at_entry or 0) <= 67)
                self.assertEqual(row.third_country, rules.third_country_national(row.nationalities))
                self.assertEqual(row.complete, not rules.missing(row.as_rule_participant()))

    def test_the_data_cover_what_the_report_distinguishes(self) -> None:
        self.assertTrue(any(not row.complete for row in self.rows))
        self.assertTrue(any(row.special_categories for row in self.rows))
        self.assertTrue(any(row.exit_date for row in self.rows))
        self.assertTrue(any(row.exit_situation for row in self.rows))
        self.assertTrue(any(not row.third_country for row in self.rows))
        self.assertEqual({row.gender for row in self.rows} - {"f", "m", "d"}, set())

    def test_the_report_equals_the_rules_over_the_same_rows(self) -> None:
        periods = [
            (self.today - datetime.timedelta(days=365), self.today),
            (self.today - datetime.timedelta(days=900), self.today),
        ]
        organisations = [None, self.rows[0].organisation]
        for start, end in periods:
            for organisation in organisations:
                with self.subTest(start=start, organisation=organisation):
                    report = esf_report(start=start, end=end, organisation=organisation)
                    mine = [
                        row.as_rule_participant()
                        for row in self.rows
                        if organisation is None or row.organisation_id == organisation.pk
                    ]
                    expected: Any = rules.participant_indicators(mine, start, end)
                    for code in PARTICIPANT_CODES:
                        self.assertEqual(
                            report["indicators"][code], expected["indicators"][code], code
                        )
                    self.assertEqual(
                        sorted(report["incomplete"]["participants"], key=lambda p: p["id"]),
                        sorted(expected["incomplete"]["participants"], key=lambda p: p["id"]),
                    )
                    self.assertGreater(report["indicators"]["EECO01"]["total"], 0)
