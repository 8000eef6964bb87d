"""Case references a person can read out on the phone (``KIA-2026-0042``): allocated per
organisation and year, shown wherever a case is shown, found by search."""

from __future__ import annotations

import datetime
import importlib
import re
import threading
import time
from typing import Any
from unittest import mock

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction
from django.template.loader import render_to_string
from django.test import TestCase, TransactionTestCase
from django.urls import reverse
from django.utils import timezone

from wcr.accounts.models import Membership, Organisation
from wcr.accounts.services import derive_reference_prefix, organisation_reference_prefix
from wcr.cases import selectors, services
from wcr.cases.digest import digest_for
from wcr.cases.models import Case, CaseReferenceCounter, Person
from wcr.cases.tests.test_workbench import TODAY, WorkbenchTestCase, make_person
from wcr.core.testing.factories import MembershipFactory, OrganisationFactory

REFERENCE = re.compile(r"^[A-Z]{2,5}-\d{4}-\d{4,}$")


class ReferencePrefixTests(WorkbenchTestCase):
    def test_the_prefix_is_derived_from_the_short_code(self) -> None:
        self.assertEqual(derive_reference_prefix("kia", taken=set()), "KIA")
        self.assertEqual(derive_reference_prefix("hwk-aachen", taken=set()), "HWK")
        self.assertEqual(derive_reference_prefix("stadt-aachen", taken=set()), "STADT")
        self.assertEqual(derive_reference_prefix("handwerkskammer", taken=set()), "HANDW")
        self.assertEqual(derive_reference_prefix("hwk-koeln", taken={"HWK"}), "HWKK")
        self.assertEqual(derive_reference_prefix("x-1", taken=set()), "XX")
        self.assertEqual(derive_reference_prefix("42", taken=set()), "ORG")
        taken = {"ORG", *(f"ORG{c}" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ")}
        self.assertRegex(derive_reference_prefix("org-a", taken=taken), r"^[A-Z]{2,5}$")
        self.assertNotIn(derive_reference_prefix("org-a", taken=taken), taken)

    def test_two_organisations_sharing_a_first_word_get_different_prefixes(self) -> None:
        self.assertEqual(organisation_reference_prefix(organisation=self.org_a), "ORG")
        self.assertEqual(organisation_reference_prefix(organisation=self.org_b), "ORGB")
        self.org_a.refresh_from_db()
        self.assertEqual(self.org_a.reference_prefix, "ORG")

    def test_a_prefix_must_be_two_to_five_capital_letters(self) -> None:
        for bad in ("K", "kia", "KIA1", "TOOLONG", "KÄ"):
            with self.subTest(prefix=bad):
                self.org_a.reference_prefix = bad
                with self.assertRaises(ValidationError) as raised:
                    self.org_a.full_clean()
                self.assertIn("reference_prefix", raised.exception.message_dict)

    def test_two_organisations_cannot_share_a_prefix(self) -> None:
        Organisation.objects.filter(pk=self.org_a.pk).update(reference_prefix="ABC")
        with self.assertRaises(IntegrityError), transaction.atomic():
            Organisation.objects.filter(pk=self.org_b.pk).update(reference_prefix="ABC")

    def test_the_administrator_edits_the_prefix_until_the_first_case_has_a_reference(
        self,
    ) -> None:
        fresh = OrganisationFactory(slug="neu-partner", name="Neuer Partner")
        self.administrator.is_superuser = True
        self.administrator.save(update_fields=["is_superuser"])
        self.sign_in(self.administrator)
        url = reverse("admin:accounts_organisation_change", args=[fresh.pk])
        page = self.client.get(url)
        self.assertContains(page, 'name="reference_prefix"')
        data = {
            "slug": fresh.slug,
            "name": fresh.name,
            "short_name": "",
            "kind": fresh.kind,
            "is_active": "on",
            "reference_prefix": "np",
        }
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302)
        fresh.refresh_from_db()
        self.assertEqual(fresh.reference_prefix, "NP")
        refused = self.client.post(url, {**data, "reference_prefix": "N1"})
        self.assertContains(refused, "2 bis 5 Großbuchstaben")
        Organisation.objects.filter(pk=self.org_b.pk).update(reference_prefix="ORGB")
        taken = self.client.post(url, {**data, "reference_prefix": "orgb"})
        self.assertContains(taken, "eine andere Organisation verwendet es bereits")
        # An organisation with cases keeps its prefix: the references read out stay valid.
        page = self.client.get(reverse("admin:accounts_organisation_change", args=[self.org_a.pk]))
        self.assertNotContains(page, 'name="reference_prefix"')
        self.assertContains(page, "ORG")


class ReferenceAllocationTests(WorkbenchTestCase):
    def open(self, organisation: Organisation, opened_on: datetime.date) -> Case:
        actor = self.counsellor if organisation == self.org_a else self.other_counsellor
        return services.case_open(
            actor=actor,
            organisation=organisation,
            person=make_person(organisation, actor, given="Anna", family="Beispiel"),
            opened_on=opened_on,
        )

    def test_cases_of_one_organisation_and_year_get_consecutive_references(self) -> None:
        year = TODAY.year
        self.assertEqual(self.case.reference, f"ORG-{year}-0001")
        second = self.open(self.org_a, TODAY)
        third = self.open(self.org_a, TODAY)
        self.assertEqual(second.reference, f"ORG-{year}-0002")
        self.assertEqual(third.reference, f"ORG-{year}-0003")
        before = Case.objects.filter(organisation=self.org_b, opened_on__year=year).count()
        other = self.open(self.org_b, TODAY)  # its own sequence, not continuing A's
        self.assertEqual(other.reference, f"ORGB-{year}-{before + 1:04d}")
        earlier = self.open(self.org_a, datetime.date(2024, 12, 31))
        self.assertEqual(earlier.reference, "ORG-2024-0001")
        counter = CaseReferenceCounter.objects.get(organisation=self.org_a, year=year)
        self.assertEqual(counter.last_number, 3)

    def test_the_number_grows_past_four_digits(self) -> None:
        CaseReferenceCounter.objects.filter(organisation=self.org_a, year=TODAY.year).update(
            last_number=9999
        )
        self.assertEqual(self.open(self.org_a, TODAY).reference, f"ORG-{TODAY.year}-10000")

    def test_the_database_refuses_a_second_case_with_the_same_reference(self) -> None:
        second = self.open(self.org_a, TODAY)
        with self.assertRaises(IntegrityError), transaction.atomic():
            Case.objects.filter(pk=second.pk).update(reference=self.case.reference)

    def test_the_database_refuses_a_second_counter_for_an_organisation_and_year(self) -> None:
        with self.assertRaises(IntegrityError), transaction.atomic():
            CaseReferenceCounter.objects.create(organisation=self.org_a, year=TODAY.year)

    def test_references_are_unique_and_required_in_the_schema(self) -> None:
        field = Case._meta.get_field("reference")
        self.assertTrue(field.unique)
        self.assertFalse(field.null)
        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(cursor, Case._meta.db_table)
        self.assertTrue(
            any(c["unique"] and c["columns"] == ["reference"] for c in constraints.values())
        )

    def test_a_block_of_references_for_bulk_inserts_continues_the_sequence(self) -> None:
        block = services.case_reference_block(organisation=self.org_a, year=TODAY.year, count=3)
        self.assertEqual(
            block, [f"ORG-{TODAY.year}-{n:04d}" for n in (2, 3, 4)]
        )  # the setup's case has 0001
        self.assertEqual(self.open(self.org_a, TODAY).reference, f"ORG-{TODAY.year}-0005")

    def test_the_data_migration_numbers_existing_cases_in_order_of_opening(self) -> None:
        later = self.open(self.org_a, TODAY)
        first = self.open(self.org_a, datetime.date(2025, 3, 1))
        second = self.open(self.org_a, datetime.date(2025, 3, 1))
        other = self.open(self.org_b, datetime.date(2025, 1, 2))
        # As before the migration: no references, no counters, no prefixes.
        for case in Case.objects.all():
            Case.objects.filter(pk=case.pk).update(reference=f"tmp{case.pk}")
        CaseReferenceCounter.objects.all().delete()
        Organisation.objects.update(reference_prefix="")
        migration = importlib.import_module("wcr.cases.migrations.0009_case_reference_assign")
        migration.assign_references(apps, None)
        refs = dict(Case.objects.values_list("pk", "reference"))
        self.assertEqual(refs[first.pk], "ORG-2025-0001")
        self.assertEqual(refs[second.pk], "ORG-2025-0002")
        self.assertEqual(refs[self.case.pk], f"ORG-{TODAY.year}-0001")
        self.assertEqual(refs[later.pk], f"ORG-{TODAY.year}-0002")
        self.assertEqual(refs[other.pk], "ORGB-2025-0001")
        self.assertEqual(
            CaseReferenceCounter.objects.get(organisation=self.org_a, year=2025).last_number, 2
        )
        self.assertEqual(self.open(self.org_a, TODAY).reference, f"ORG-{TODAY.year}-0003")


class ReferenceShownAndFoundTests(WorkbenchTestCase):
    def test_the_case_page_header_shows_the_reference(self) -> None:
        self.sign_in(self.counsellor)
        response = self.client.get(reverse("cases:detail", args=[self.case.code]))
        self.assertContains(
            response, f'<span class="wcr-reference__value">{self.case.reference}</span>', html=True
        )
        self.assertContains(response, "Aktenzeichen")

    def test_the_lists_show_the_reference(self) -> None:
        services.case_assign(actor=self.team_lead, case=self.case, counsellor=None)
        inbox_case = services.case_open(
            actor=self.counsellor,
            organisation=self.org_a,
            person=make_person(self.org_a, self.counsellor, given="Olena", family="Koval"),
        )
        self.sign_in(self.counsellor)
        self.assertContains(self.client.get(reverse("cases:list")), self.case.reference)
        self.assertContains(self.client.get(reverse("cases:inbox")), inbox_case.reference)
        services.case_assign(actor=self.team_lead, case=self.case, counsellor=self.counsellor)
        self.assertContains(self.client.get(reverse("cases:mine")), self.case.reference)
        person_page = self.client.get(reverse("cases:person", args=[self.person.code]))
        self.assertContains(person_page, self.case.reference)

    def test_the_task_list_and_the_digest_show_the_reference(self) -> None:
        services.task_create(
            actor=self.counsellor,
            case=self.case,
            title="Zeugnis anfordern",
            assignee=self.counsellor,
            due_on=TODAY,
        )
        self.sign_in(self.counsellor)
        self.assertContains(self.client.get(reverse("cases:tasks")), self.case.reference)
        digest = digest_for(Membership.objects.get(user=self.counsellor), today=TODAY)
        text = render_to_string(
            "emails/task_digest.txt",
            {"digest": digest, "today": TODAY, "base_url": "", "user": self.counsellor},
        )
        self.assertIn(f"({self.case.reference}, Al-Hassan, Mohammed)", text)

    def test_search_finds_the_case_by_its_reference_however_it_is_typed(self) -> None:
        membership = Membership.objects.get(user=self.counsellor)
        year = TODAY.year
        for typed in (
            f"ORG-{year}-0001",
            f"org-{year}-0001",
            f"ORG{year}0001",
            f" org {year} 1 ",
            f"Org-{year}-1",
        ):
            with self.subTest(typed=typed):
                result = selectors.search(membership, typed)
                self.assertEqual([c.pk for c in result.cases], [self.case.pk])
        self.assertEqual(selectors.search(membership, f"ORG-{year}-0002").cases, [])
        other = Membership.objects.get(user=self.other_counsellor)
        self.assertEqual(selectors.search(other, f"ORG-{year}-0001").cases, [])

    def test_the_search_page_shows_the_reference_of_a_found_case(self) -> None:
        self.sign_in(self.counsellor)
        response = self.client.get(reverse("cases:search"), {"q": self.case.reference.lower()})
        self.assertContains(response, reverse("cases:detail", args=[self.case.code]))
        self.assertContains(response, self.case.reference)

    def test_every_case_has_a_reference_in_the_reference_format(self) -> None:
        self.assertRegex(self.case.reference, REFERENCE)


class SyntheticReferenceTests(TestCase):
    def test_synthetic_cases_get_consecutive_references_in_order_of_opening(self) -> None:
        from wcr.cases import synthetic

        before = set(Case.objects.values_list("pk", flat=True))
        synthetic.generate(persons=40, seed=7, batch_size=25)
        new = list(
            Case.objects.exclude(pk__in=before)
            .select_related("organisation")
            .order_by("organisation_id", "opened_on", "reference")
        )
        self.assertGreaterEqual(len(new), 40)
        numbers: dict[tuple[int, int], list[int]] = {}
        for case in new:
            self.assertRegex(case.reference, REFERENCE)
            prefix, year, number = case.reference.split("-")
            self.assertEqual(prefix, case.organisation.reference_prefix)
            self.assertEqual(int(year), case.opened_on.year)
            numbers.setdefault((case.organisation_id, case.opened_on.year), []).append(int(number))
        for key, found in numbers.items():
            with self.subTest(key=key):
                self.assertEqual(sorted(found), list(range(1, len(found) + 1)))


class ConcurrentReferenceTests(TransactionTestCase):
    """Cases opened at the same moment in parallel threads (own connections) get consecutive
    references: the counter row is locked (PostgreSQL) or the writers are serialised (SQLite)."""

    def test_two_cases_opened_at_once_get_consecutive_references(self) -> None:
        organisation = OrganisationFactory(slug="parallel")
        membership = MembershipFactory(organisation=organisation, role="counsellor")
        actor = membership.user
        persons = [
            services.person_create(
                actor=actor,
                organisation=organisation,
                data=services.PersonInput(given_name=given, family_name="Parallel"),
            )
            for given in ("Anna", "Berta", "Clara", "Dora")
        ]
        services.case_open(actor=actor, organisation=organisation, person=persons[0])
        year = timezone.localdate().year
        start = threading.Barrier(3)
        references: list[str] = []
        errors: list[BaseException] = []
        real_save = CaseReferenceCounter.save

        def slow_save(counter: CaseReferenceCounter, *args: Any, **kwargs: Any) -> None:
            time.sleep(0.2)  # widen the window between reading the number and writing it
            real_save(counter, *args, **kwargs)

        def open_case(person: Person) -> None:
            try:
                start.wait()
                case = services.case_open(actor=actor, organisation=organisation, person=person)
                references.append(case.reference)
            except BaseException as exc:  # collected for the assertion below
                errors.append(exc)
            finally:
                connections.close_all()

        with mock.patch.object(CaseReferenceCounter, "save", slow_save):
            threads = [threading.Thread(target=open_case, args=(p,)) for p in persons[1:]]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        self.assertEqual(errors, [])
        prefix = Organisation.objects.get(pk=organisation.pk).reference_prefix
        self.assertEqual(sorted(references), [f"{prefix}-{year}-{n:04d}" for n in (2, 3, 4)])
