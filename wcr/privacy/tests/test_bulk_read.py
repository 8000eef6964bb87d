"""Bulk reads (lists, search results, API pages, exports): one access-log entry per request,
naming its subjects, found by "who accessed this person" and covered by the chain."""

from __future__ import annotations

from django.test import RequestFactory

from wcr.accounts.models import Organisation, User
from wcr.cases import services as case_services
from wcr.cases.models import Person
from wcr.core.request import WcrRequest
from wcr.core.testing.base import WcrTestCase
from wcr.privacy.chain import verify
from wcr.privacy.models import AccessLog, AccessLogSubject
from wcr.privacy.selectors import access_log_entries
from wcr.privacy.services import access_log_bulk_read, access_log_read
from wcr.privacy.tests.tampering import tamper


def make_person(actor: User, organisation: Organisation, family_name: str) -> Person:
    data = case_services.PersonInput(given_name="Amina", family_name=family_name)
    return case_services.person_create(actor=actor, organisation=organisation, data=data)


def list_request(user: User, organisation: Organisation) -> WcrRequest:
    request = RequestFactory().get("/mitarbeitende/personen/?q=yusuf")
    request.user = user
    request.organisation = organisation
    return request  # type: ignore[return-value]


class BulkReadTests(WcrTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.persons = [
            make_person(cls.counsellor, cls.org_a, name) for name in ("Yusuf", "Haddad", "Kaya")
        ]
        cls.other_person = make_person(cls.other_counsellor, cls.org_b, "Okafor")

    def bulk_read(self, subjects: list[Person], **kwargs: str) -> None:
        access_log_bulk_read(list_request(self.counsellor, self.org_a), subjects, **kwargs)

    def test_it_writes_one_entry_naming_every_subject(self) -> None:
        before = AccessLog.objects.count()
        self.bulk_read(self.persons)
        self.assertEqual(AccessLog.objects.count(), before + 1)
        entry = AccessLog.objects.order_by("-seq").first()
        assert entry is not None
        self.assertEqual(
            sorted(entry.subjects.values_list("object_code", flat=True)),
            sorted(str(person.code) for person in self.persons),
        )
        self.assertEqual(entry.object_type, "cases.person")
        self.assertEqual(entry.purpose, "list")
        self.assertEqual(entry.owner_organisation, self.org_a)
        self.assertFalse(entry.cross_organisation)
        self.assertEqual(entry.actor, self.counsellor)
        self.assertIn("GET /mitarbeitende/personen/", entry.via)

    def test_it_costs_the_same_queries_for_one_subject_or_many(self) -> None:
        self.bulk_read(self.persons[:1])  # the chain head exists from here on
        # lock the head, the entry, its subjects, move the head (no savepoint)
        with self.assertNumQueries(4) as one:
            self.bulk_read(self.persons[:1])
        with self.assertNumQueries(len(one.captured_queries)):
            self.bulk_read([*self.persons, self.other_person])

    def test_it_finds_each_person_of_a_bulk_read_in_the_dpo_lookup(self) -> None:
        self.bulk_read(self.persons)
        entry = AccessLog.objects.order_by("-seq").first()
        for person in self.persons:
            found = access_log_entries([self.org_a.pk], object_code=str(person.code))
            self.assertIn(entry, list(found), person.family_name)

    def test_it_shows_the_bulk_read_on_the_dpo_page_filtered_by_each_person(self) -> None:
        self.bulk_read(self.persons)
        self.sign_in(self.dpo)
        for person in self.persons:
            response = self.client.get(
                "/mitarbeitende/datenschutz/zugriffe/", {"object": person.code}
            )
            self.assertContains(response, "GET /mitarbeitende/personen/")
            self.assertContains(response, "3 Datensätze in einer Liste")
        response = self.client.get(
            "/mitarbeitende/datenschutz/zugriffe/", {"object": self.other_person.code}
        )
        self.assertNotContains(response, "in einer Liste")

    def test_it_shows_the_owning_organisations_dpo_a_mixed_bulk_read(self) -> None:
        # Organisation B's counsellor sees a list with one of A's persons (shared) and their own.
        request = list_request(self.other_counsellor, self.org_b)
        access_log_bulk_read(request, [self.persons[0], self.other_person], purpose="search")
        entry = AccessLog.objects.order_by("-seq").first()
        assert entry is not None
        self.assertTrue(entry.cross_organisation)
        self.assertIsNone(entry.owner_organisation)
        self.assertEqual(entry.purpose, "search")
        found = access_log_entries([self.org_a.pk], object_code=str(self.persons[0].code))
        self.assertEqual(list(found), [entry])
        self.assertEqual(list(access_log_entries([self.org_a.pk])), [entry])

    def test_it_writes_nothing_for_an_empty_list(self) -> None:
        before = (AccessLog.objects.count(), AccessLogSubject.objects.count())
        with self.assertNumQueries(0):
            self.bulk_read([])
            access_log_bulk_read(list_request(self.counsellor, self.org_a), iter(()))
        self.assertEqual((AccessLog.objects.count(), AccessLogSubject.objects.count()), before)

    def test_it_keeps_the_chain_intact(self) -> None:
        self.bulk_read(self.persons)
        self.bulk_read([self.other_person])
        self.assertEqual(verify("access"), (2, None))

    def test_it_detects_an_altered_subject(self) -> None:
        self.bulk_read(self.persons)
        tamper(
            "UPDATE privacy_accesslogsubject SET object_code = %s WHERE object_code = %s",
            [str(self.other_person.code), str(self.persons[1].code)],
        )
        self.assertIn("access chain, entry #1: content was altered", str(verify("access")[1]))

    def test_it_detects_a_removed_subject(self) -> None:
        self.bulk_read(self.persons)
        tamper(
            "DELETE FROM privacy_accesslogsubject WHERE object_code = %s",
            [str(self.persons[2].code)],
        )
        self.assertIn("access chain, entry #1: content was altered", str(verify("access")[1]))

    def test_it_detects_a_subject_added_to_a_single_read(self) -> None:
        access_log_read(
            list_request(self.counsellor, self.org_a), self.persons[0], owner=self.org_a
        )
        entry = AccessLog.objects.get()
        tamper(
            "INSERT INTO privacy_accesslogsubject (entry_id, object_type, object_code, "
            "organisation_id) VALUES (%s, %s, %s, %s)",
            [entry.pk, "cases.person", str(self.other_person.code), self.org_b.pk],
        )
        self.assertIn("access chain, entry #1: content was altered", str(verify("access")[1]))

    def test_it_checks_subjects_across_verification_batches(self) -> None:
        for person in self.persons:
            self.bulk_read([person, self.other_person])
        self.assertEqual(verify("access", batch_size=2), (3, None))
        tamper(
            "DELETE FROM privacy_accesslogsubject WHERE object_code = %s",
            [str(self.persons[2].code)],
        )
        self.assertIn(
            "access chain, entry #3: content was altered", str(verify("access", batch_size=2)[1])
        )
