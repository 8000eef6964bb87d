"""The navigator inside a case: run, save with the knowledge-base version, read back; other
organisations and other roles see nothing."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from wcr.cases import services as case_services
from wcr.cases.tests.test_workbench import make_person
from wcr.core.testing.base import WcrTestCase
from wcr.navigator import wizard
from wcr.navigator.kb import knowledge_base
from wcr.navigator.models import Assessment
from wcr.navigator.services import assessment_save
from wcr.privacy.models import AccessLog, AuditEvent

ANSWERS = {"nationality": {"answer": "IN"}, "residence": {"answer": "IN"}}


class CaseNavigatorTests(WcrTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        person = make_person(cls.org_a, cls.counsellor, nationalities=["IN"])
        cls.case = case_services.case_open(
            actor=cls.counsellor,
            organisation=cls.org_a,
            person=person,
            location=cls.location,
            counsellor=cls.counsellor,
            topics=[],
            channel="walk_in",
            title="Blaue Karte",
        )
        cls.saved = assessment_save(
            actor=cls.counsellor, case=cls.case, facts={"nationalities": ["FR"]}, language="de"
        )
        cls.page = reverse("navigator_staff:case", args=[cls.case.code])
        cls.detail = reverse("navigator_staff:assessment", args=[cls.case.code, cls.saved.code])

    def run_wizard_for_case(self) -> None:
        response = self.client.post(
            reverse("navigator_staff:start", args=[self.case.code]), {"fresh": "1"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertIn("/navigator/frage/", response["Location"])
        session = self.client.session
        session[wizard.SESSION_KEY] = dict(ANSWERS)
        session.save()

    def test_the_wizard_starts_from_what_the_case_knows_about_the_person(self) -> None:
        person = self.case.person
        case_services.person_add_language(
            actor=self.counsellor, person=person, language="de", level="B1"
        )
        self.sign_in(self.counsellor)
        response = self.client.post(
            reverse("navigator_staff:start", args=[self.case.code]), {"fresh": "1"}
        )
        answers = self.client.session[wizard.SESSION_KEY]
        facts = wizard.answers_to_facts(answers)
        self.assertEqual(facts["nationalities"], ["IN"])
        self.assertEqual(facts["german_level"], "B1")
        self.assertIsInstance(facts["age"], int)
        # The first question the case does not answer comes next.
        self.assertNotIn("/frage/nationality/", response["Location"])

    def test_the_case_page_links_to_the_navigator(self) -> None:
        self.sign_in(self.counsellor)
        response = self.client.get(reverse("cases:detail", args=[self.case.code]))
        self.assertContains(response, self.page)

    def test_a_counsellor_saves_the_result_with_the_knowledge_base_version(self) -> None:
        self.sign_in(self.counsellor)
        self.run_wizard_for_case()
        preview = self.client.get(self.page)
        self.assertContains(preview, "Ergebnis der aktuellen Antworten")
        facts = wizard.answers_to_facts(self.client.session[wizard.SESSION_KEY])
        response = self.client.post(
            reverse("navigator_staff:save", args=[self.case.code]), {"note": "Mit Dolmetscherin"}
        )
        self.assertRedirects(response, self.page)
        assessment = Assessment.objects.filter(case=self.case).exclude(pk=self.saved.pk).get()
        self.assertEqual(assessment.kb_version, knowledge_base().version)
        self.assertEqual(assessment.facts, facts)
        self.assertEqual(assessment.note, "Mit Dolmetscherin")
        self.assertEqual(assessment.organisation, self.org_a)
        self.assertEqual(len(assessment.result["pathways"]), 16)
        self.assertNotIn(wizard.SESSION_KEY, self.client.session)
        self.assertTrue(
            AuditEvent.objects.filter(
                action="navigator.assessment_saved", object_code=str(self.case.code)
            ).exists()
        )

    def test_saving_without_answers_loses_nothing_and_says_why(self) -> None:
        self.sign_in(self.counsellor)
        before = Assessment.objects.count()
        response = self.client.post(
            reverse("navigator_staff:save", args=[self.case.code]), follow=True
        )
        self.assertContains(response, "kein Navigator-Ergebnis")
        self.assertEqual(Assessment.objects.count(), before)

    def test_a_saved_result_reads_back_and_the_read_is_logged(self) -> None:
        self.sign_in(self.counsellor)
        before = AccessLog.objects.filter(object_code=str(self.case.code)).count()
        response = self.client.get(self.detail)
        self.assertContains(response, self.saved.kb_version)
        self.assertContains(response, "Freizügigkeit")
        self.assertGreater(
            AccessLog.objects.filter(object_code=str(self.case.code)).count(), before
        )

    def test_another_organisation_sees_nothing(self) -> None:
        self.sign_in(self.other_counsellor)
        for url in (self.page, self.detail):
            self.assertEqual(self.client.get(url).status_code, 404)
        for name in ("navigator_staff:start", "navigator_staff:save"):
            self.assertEqual(
                self.client.post(reverse(name, args=[self.case.code])).status_code, 404
            )
        self.assertEqual(Assessment.objects.filter(case=self.case).count(), 1)

    def test_roles_without_case_access_get_404(self) -> None:
        for user in (self.coordinator, self.dpo, self.administrator):
            self.sign_in(user)
            with self.subTest(user.username):
                self.assertEqual(self.client.get(self.page).status_code, 404)

    def test_an_assessment_of_another_case_is_not_found_under_this_case(self) -> None:
        other_person = make_person(self.org_a, self.counsellor, given="Olena", family="Koval")
        other_case = case_services.case_open(
            actor=self.counsellor,
            organisation=self.org_a,
            person=other_person,
            location=self.location,
            counsellor=self.counsellor,
            topics=[],
            channel="walk_in",
            title="x",
        )
        self.sign_in(self.counsellor)
        url = reverse("navigator_staff:assessment", args=[other_case.code, self.saved.code])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_anonymous_visitors_are_sent_to_the_login(self) -> None:
        response = self.client.get(self.page)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])

    def test_the_wizard_result_offers_to_save_to_the_linked_case(self) -> None:
        self.sign_in(self.counsellor)
        self.run_wizard_for_case()
        response = self.client.get(reverse("navigator:result"))
        self.assertContains(response, reverse("navigator_staff:save", args=[self.case.code]))
        self.client.logout()
        anonymous = self.client.get(reverse("navigator:result"), follow=True)
        self.assertNotContains(anonymous, "navigator/speichern")

    def test_the_staff_area_stays_german_for_a_reader_of_the_arabic_portal(self) -> None:
        self.sign_in(self.counsellor)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
        public = self.client.get(reverse("navigator:start"))
        self.assertContains(public, 'lang="ar" dir="rtl"')
        staff = self.client.get(self.page)
        self.assertContains(staff, 'lang="de" dir="ltr"')
        self.assertContains(staff, "Zurück zum Fall")
