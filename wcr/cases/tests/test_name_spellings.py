"""Search and the duplicate check find the spellings people really use (issue 9): an article
written joined ("Alhassan", "Alkhatib") or apart ("Al-Hassan", "Al Khatib"), German spellings
("Achmed Alchatib"), a birth date with day and month swapped or one digit mistyped. On SQLite and
on PostgreSQL (the search answers from the name-key index there)."""

from __future__ import annotations

import datetime
import importlib

from django.apps import apps as django_apps
from django.urls import reverse

from wcr.cases import selectors
from wcr.cases.models import Company, Person
from wcr.cases.tests.test_workbench import WorkbenchTestCase, make_person

BORN = datetime.date(1987, 6, 9)


class JoinedArticleSearchTests(WorkbenchTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()  # cls.person: Mohammed Al-Hassan, born 14.03.1991
        cls.khatib = make_person(cls.org_a, cls.counsellor, "Ahmed", "Al Khatib", BORN)
        cls.joined = make_person(cls.org_a, cls.counsellor, "Omar", "Alhassan", BORN)

    def found(self, query: str) -> set[object]:
        membership = self.counsellor.memberships.get()
        return {p.code for p in selectors.person_search(membership, query)}

    def test_a_joined_article_finds_the_name_written_apart(self) -> None:
        self.assertIn(self.person.code, self.found("Alhassan"))
        self.assertIn(self.khatib.code, self.found("Alkhatib"))
        self.assertIn(self.khatib.code, self.found("Achmed Alchatib"))
        self.assertNotIn(self.person.code, self.found("Alkhatib"))

    def test_an_article_written_apart_finds_the_joined_name(self) -> None:
        self.assertIn(self.joined.code, self.found("Al-Hassan"))
        self.assertIn(self.joined.code, self.found("Omar Al Hassan"))
        self.assertIn(self.person.code, self.found("Al-Hassan"))

    def test_the_search_page_shows_them(self) -> None:
        self.sign_in(self.counsellor)
        response = self.client.get(reverse("cases:search"), {"q": "Achmed Alchatib"})
        self.assertContains(response, reverse("cases:person", args=[self.khatib.code]))

    def test_the_duplicate_check_finds_the_joined_spelling(self) -> None:
        membership = self.counsellor.memberships.get()
        found = selectors.duplicate_candidates(
            membership, given_name="Achmed", family_name="Alchatib", birth_date=BORN
        )
        self.assertEqual([d.person for d in found], [self.khatib])

    def test_the_key_migration_recomputes_stored_keys(self) -> None:
        Person.objects.filter(pk=self.khatib.pk).update(search_keys=" ahmd htb ")
        Company.objects.filter(pk=self.company.pk).update(search_keys="")
        migration = importlib.import_module(
            "wcr.cases.migrations.0007_recompute_name_keys_joined_articles"
        )
        migration.recompute_search_keys(django_apps, None)
        self.assertIn(" alhtb ", Person.objects.get(pk=self.khatib.pk).search_keys)
        self.assertNotEqual(Company.objects.get(pk=self.company.pk).search_keys, "")
        self.assertIn(self.khatib.code, self.found("Alkhatib"))


class MistypedBirthDateTests(WorkbenchTestCase):
    """The candidates are still read by index: a mistyped year adds a few exact dates."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.olena = make_person(
            cls.org_a, cls.counsellor, "Olena", "Kovalenko", datetime.date(1985, 11, 2)
        )

    def check(self, born: datetime.date) -> tuple[str, ...]:
        membership = self.counsellor.memberships.get()
        found = selectors.duplicate_candidates(
            membership, given_name="Olena", family_name="Kovalenko", birth_date=born
        )
        self.assertEqual([d.person for d in found], [self.olena], born)
        return found[0].reasons

    def test_day_and_month_swapped(self) -> None:
        self.assertIn("birth_day_month_swapped", self.check(datetime.date(1985, 2, 11)))

    def test_one_digit_mistyped_in_the_day_month_or_year(self) -> None:
        for born in (
            datetime.date(1985, 11, 3),
            datetime.date(1985, 1, 2),
            datetime.date(1986, 11, 2),
            datetime.date(1995, 11, 2),
            datetime.date(1958, 11, 2),  # year digits transposed
        ):
            with self.subTest(born=born):
                self.assertIn("birth_date_typo", self.check(born))

    def test_another_date_is_not_a_typo(self) -> None:
        membership = self.counsellor.memberships.get()
        found = selectors.duplicate_candidates(
            membership,
            given_name="Olena",
            family_name="Kovalenko",
            birth_date=datetime.date(1987, 4, 19),
        )
        self.assertEqual(found, [])
