"""Lists that cost the same at any caseload (seek pages, a count that stops), the case page's fixed
number of queries, and every list, search and API page written to the access log."""

from __future__ import annotations

import datetime
import shutil
import tempfile
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from wcr.accounts.models import Membership
from wcr.api.tests.base import token_for
from wcr.cases import selectors, services
from wcr.cases.models import Case, CaseStatus, Task
from wcr.cases.tests.test_workbench import PDF, TODAY, WorkbenchTestCase, make_person
from wcr.privacy.selectors import access_log_entries


def bulk_cases(test: WorkbenchTestCase, number: int, **fields: Any) -> list[Case]:
    """``number`` cases of organisation A opened on a few days (many share a day: the order's
    ties are broken by the id)."""
    person = make_person(test.org_a, test.counsellor, given="Viele", family="Fälle")
    references = services.case_reference_block(
        organisation=test.org_a, year=TODAY.year, count=number
    )
    return Case.objects.bulk_create(
        Case(
            organisation=test.org_a,
            reference=references[index],
            person=person,
            location=test.location,
            status=CaseStatus.COUNSELLING,
            opened_on=TODAY - datetime.timedelta(days=index % 4),
            **fields,
        )
        for index in range(number)
    )


class CaseListPageTests(WorkbenchTestCase):
    def membership(self) -> Membership:
        return Membership.objects.get(user=self.counsellor)

    def listed(self) -> Any:
        return selectors.case_list(self.membership(), selectors.CaseFilters(), today=TODAY)

    def test_next_pages_then_previous_pages_show_every_case_once_in_order(self) -> None:
        bulk_cases(self, 23)
        expected = [case.code for case in self.listed()]
        self.assertEqual(len(expected), 24)  # with the setup's case
        pages, after = [], ""
        while True:
            page = selectors.case_list_page(self.listed(), after=after, size=5)
            pages.append([case.code for case in page.cases])
            if not page.next_after:
                break
            after = page.next_after
        self.assertEqual([code for codes in pages for code in codes], expected)
        self.assertEqual([len(codes) for codes in pages], [5, 5, 5, 5, 4])
        back, before = [pages[-1]], str(pages[-1][0])
        while before:
            page = selectors.case_list_page(self.listed(), before=before, size=5)
            back.insert(0, [case.code for case in page.cases])
            before = page.previous_before
        self.assertEqual(back, pages)

    def test_the_count_stops_after_the_limit(self) -> None:
        page = selectors.case_list_page(self.listed())
        self.assertEqual((page.count, page.more), (1, False))
        bulk_cases(self, selectors.COUNT_LIMIT)
        page = selectors.case_list_page(self.listed())
        self.assertEqual((page.count, page.more), (selectors.COUNT_LIMIT, True))
        self.sign_in(self.counsellor)
        response = self.client.get(reverse("cases:list"), headers={"accept-language": "en"})
        self.assertContains(response, "More than 200 cases")
        self.assertContains(response, f"after={page.next_after}")

    def test_an_unknown_or_foreign_cursor_shows_the_first_page(self) -> None:
        first = selectors.case_list_page(self.listed())
        for cursor in ("not-a-code", str(self.other_case.code), "7" * 32):
            with self.subTest(cursor=cursor):
                for key in ("after", "before"):
                    page = selectors.case_list_page(self.listed(), **{key: cursor})
                    self.assertEqual(page.cases, first.cases)
        self.sign_in(self.counsellor)
        response = self.client.get(reverse("cases:list"), {"after": str(self.other_case.code)})
        self.assertEqual(response.context["page"].cases, [self.case])
        self.assertNotContains(response, "Shevchenko")

    def test_the_pager_links_walk_the_list(self) -> None:
        cases = bulk_cases(self, 60)
        self.sign_in(self.counsellor)
        url = reverse("cases:list")
        first = self.client.get(url, {"status": "counselling"})
        page = first.context["page"]
        self.assertEqual(len(page.cases), 50)
        self.assertEqual(page.previous_before, "")
        self.assertContains(first, f"status=counselling&amp;after={page.next_after}")
        second = self.client.get(url, {"status": "counselling", "after": page.next_after})
        self.assertEqual(len(second.context["page"].cases), 10)  # the setup's case is "new"
        self.assertEqual(second.context["page"].next_after, "")
        self.assertContains(second, "before=")
        self.assertEqual(len(cases), 60)


class CasePageQueryTests(WorkbenchTestCase):
    def test_the_case_page_costs_the_same_queries_however_much_the_case_holds(self) -> None:
        services.procedure_start(
            actor=self.counsellor, case=self.case, template="recognition", started_on=TODAY
        )
        self.sign_in(self.counsellor)
        url = reverse("cases:detail", args=[self.case.code])
        with override_settings(DATA_DIR=self.data_dir()):
            self.add_work(2)
            self.client.get(url)
            # session, user, memberships; the case; its access-log entry (chain
            # head, entry, head); contacts and their topics, milestones, tasks,
            # documents, audit events (the timeline); checklist; worker cases; the case's
            # topics; the contact form's topics; the task form's assignees; the session save
            # (savepoint, update, release); the cases shared with the organisation
            # (visibility) and those the case is shared with. The checklist's documents come
            # from the timeline's.
            with self.assertNumQueries(24):
                self.client.get(url)
            self.add_work(5)
            with self.assertNumQueries(24):
                response = self.client.get(url)
        self.assertContains(response, "nachweis4.pdf")
        self.assertEqual(Task.objects.filter(case=self.case).count(), 5)

    def add_work(self, total: int) -> None:
        """Contacts, tasks and documents (for the first checklist item): ``total`` of each."""
        item = self.case.checklist.order_by("id").first()
        for index in range(Task.objects.filter(case=self.case).count(), total):
            services.contact_log(
                actor=self.counsellor,
                case=self.case,
                happened_on=TODAY,
                duration_minutes=30,
                channel="phone",
                topics=[self.topic],
                note=f"Kontakt {index}",
            )
            services.task_create(
                actor=self.counsellor,
                case=self.case,
                title=f"Aufgabe {index}",
                assignee=self.counsellor,
                due_on=TODAY,
            )
            services.document_upload(
                actor=self.counsellor,
                case=self.case,
                upload=SimpleUploadedFile(
                    f"nachweis{index}.pdf", PDF, content_type="application/pdf"
                ),
                checklist_item=item,
            )

    def data_dir(self) -> str:
        path = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, path, True)
        return path


class BulkReadLogTests(WorkbenchTestCase):
    """ "Who accessed this person" finds every list, search result and API page that showed them."""

    def who_saw(self, code: object) -> list[str]:
        entries = access_log_entries([self.org_a.pk], object_code=str(code))
        return [entry.via for entry in entries if entry.object_code == ""]

    def test_case_lists_and_the_task_list_are_found_under_the_person_and_the_case(self) -> None:
        services.task_create(
            actor=self.counsellor,
            case=self.case,
            title="Unterlagen anfordern",
            assignee=self.counsellor,
            due_on=TODAY,
        )
        self.sign_in(self.counsellor)
        for route in ("cases:list", "cases:mine", "cases:tasks"):
            with self.subTest(route=route):
                self.assertEqual(self.client.get(reverse(route)).status_code, 200)
                self.assertIn(f"({route})", self.who_saw(self.person.code)[0])
                self.assertIn(f"({route})", self.who_saw(self.case.code)[0])

    def test_a_search_is_found_under_the_persons_it_showed_only(self) -> None:
        self.sign_in(self.counsellor)
        self.client.get(reverse("cases:search"), {"q": "Hassan, Mohammed"})
        self.assertEqual(len(self.who_saw(self.person.code)), 1)
        self.assertIn("(cases:search)", self.who_saw(self.person.code)[0])
        self.client.get(reverse("cases:search"), {"q": "Niemand Unbekannt"})
        self.assertEqual(len(self.who_saw(self.person.code)), 1)  # an empty result logs nothing
        self.assertEqual(self.who_saw(self.other_person.code), [])

    def test_api_lists_are_found_under_what_they_returned(self) -> None:
        headers = {"Authorization": f"Bearer {token_for(self.counsellor)}"}
        for url, code in (
            ("/api/v1/persons", self.person.code),
            ("/api/v1/companies", self.company.code),
            ("/api/v1/cases", self.case.code),
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url, headers=headers).status_code, 200)
                self.assertIn(f"GET {url}", self.who_saw(code)[0])
        self.assertEqual(len(self.who_saw(self.person.code)), 2)  # persons and cases lists

    def test_a_duplicate_check_is_found_under_the_persons_it_named(self) -> None:
        headers = {"Authorization": f"Bearer {token_for(self.counsellor)}"}
        query = {"given_name": "Muhammad", "family_name": "Hassan", "date_of_birth": "1991-03-14"}
        response = self.client.get("/api/v1/persons/duplicates", query, headers=headers)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["items"][0]["code"], str(self.person.code))
        self.assertIn("GET /api/v1/persons/duplicates", self.who_saw(self.person.code)[0])
        self.assertEqual(self.who_saw(self.other_person.code), [])
