"""seed_demo leaves a saved navigator result on a demo case of every partner, idempotently."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.test import TestCase, override_settings

from wcr.accounts.models import Organisation
from wcr.navigator.kb import knowledge_base
from wcr.navigator.models import Assessment


@override_settings(DEBUG=True, DEMO_MODE=True, DEMO_PASSWORD="Demo-Passwort-2026")
class NavigatorDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.output = StringIO()
        call_command("seed_demo", stdout=cls.output)

    def test_every_partner_has_a_saved_result_on_a_case_of_its_own(self) -> None:
        self.assertIn("Navigator results saved on demo cases: 6", self.output.getvalue())
        for organisation in Organisation.objects.all():
            assessment = Assessment.objects.get(organisation=organisation)
            self.assertEqual(assessment.case.organisation, organisation)
            self.assertEqual(assessment.kb_version, knowledge_base().version)
            self.assertEqual(len(assessment.result["pathways"]), 16)

    def test_seeding_twice_adds_nothing(self) -> None:
        call_command("seed_demo", stdout=StringIO())
        self.assertEqual(Assessment.objects.count(), 6)
