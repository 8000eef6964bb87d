"""A search term with nothing to search for (only brackets, dashes, dots…) finds nobody and says
so; it used to pass as a phone number without digits and match every person."""

from __future__ import annotations

from django.urls import reverse

from wcr.cases import selectors, services
from wcr.cases.tests.test_workbench import WorkbenchTestCase, make_person

NOTHING_TO_SEARCH = "Nichts zu suchen"


class EmptyKeysSearchTests(WorkbenchTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        services.person_update(
            actor=cls.counsellor,
            person=cls.person,
            expected_version=cls.person.version,
            changes={"phone": "+49 241 123456"},
        )
        make_person(cls.org_a, cls.counsellor, given="Amina", family="Yusuf", phone="0221 98765")

    def test_a_term_without_letters_or_digits_finds_nobody_and_says_so(self) -> None:
        self.sign_in(self.counsellor)
        for query in ("((((((", "------", "(( ))..//", "......."):
            with self.subTest(query=query):
                response = self.client.get(reverse("cases:search"), {"q": query})
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, reverse("cases:person", args=[self.person.code]))
                self.assertNotContains(response, "Yusuf")
                self.assertContains(response, NOTHING_TO_SEARCH)

    def test_the_selector_answers_an_empty_unsearchable_result(self) -> None:
        membership = self.counsellor.memberships.get()
        result = selectors.search(membership, "((((((")
        self.assertEqual((result.persons, result.companies, result.cases), ([], [], []))
        self.assertFalse(result.searchable)

    def test_a_real_phone_number_and_a_name_still_find_the_person(self) -> None:
        self.sign_in(self.counsellor)
        for query in ("(0241) 123456", "Al-Hassan"):
            with self.subTest(query=query):
                response = self.client.get(reverse("cases:search"), {"q": query})
                self.assertContains(response, reverse("cases:person", args=[self.person.code]))
                self.assertNotContains(response, NOTHING_TO_SEARCH)
