"""The data protection officer's audit trail and access log: what each entry is about and what
changed, in words; filters by user, organisation, period and kind that keep to the officer's
organisations and survive the pager."""

from __future__ import annotations

import datetime
import re
from unittest import mock

from django.urls import reverse

from wcr.accounts.models import User
from wcr.cases import services as case_services
from wcr.cases.models import Case, Topic
from wcr.core.testing.base import WcrTestCase
from wcr.privacy.models import AccessLog, AuditEvent

EARLY = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def page_parts(html: str) -> str:
    """The filter form and the table of a log page (not the kind filter's option labels)."""
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"<select .*?</select>", "", main, flags=re.S)


class LogPagesTestCase(WcrTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        User.objects.filter(pk=cls.counsellor.pk).update(first_name="Berater", last_name="KIA")
        cls.counsellor.refresh_from_db()
        cls.topic = Topic.objects.get(slug="recognition")
        data = case_services.PersonInput(given_name="Amina", family_name="Yusuf")
        cls.person = case_services.person_create(
            actor=cls.counsellor, organisation=cls.org_a, data=data
        )
        with mock.patch("django.utils.timezone.now", return_value=EARLY):
            cls.case = case_services.case_open(
                actor=cls.counsellor,
                organisation=cls.org_a,
                person=cls.person,
                counsellor=cls.counsellor,
                topics=[cls.topic],
            )
        case_services.case_assign(actor=cls.team_lead, case=cls.case, counsellor=cls.team_lead)
        other = case_services.person_create(
            actor=cls.other_counsellor,
            organisation=cls.org_b,
            data=case_services.PersonInput(given_name="Olena", family_name="Shevchenko"),
        )
        cls.other_case = case_services.case_open(
            actor=cls.other_counsellor, organisation=cls.org_b, person=other
        )

    def audit(self, **params: str) -> str:
        self.sign_in(self.dpo)
        response = self.client.get(
            reverse("privacy:audit_trail"), params, headers={"accept-language": "de"}
        )
        self.assertIn(response.status_code, (200, 400))
        self.status = response.status_code
        return page_parts(response.content.decode())

    def seqs(self, html: str, action: str = "") -> set[int]:
        events = AuditEvent.objects.all()
        if action:
            events = events.filter(action=action)
        shown = set()
        for seq in events.values_list("seq", flat=True):
            if f'data-label="#">{seq}</td>' in html:
                shown.add(seq)
        return shown


class AuditTrailWordsTests(LogPagesTestCase):
    def test_an_entry_says_what_it_is_about_and_what_changed_in_words(self) -> None:
        html = self.audit()
        self.assertIn("Fall <a", html)
        self.assertIn(str(self.case.code), html)
        self.assertIn("Fall eröffnet von Berater KIA", html)
        self.assertIn("Status: neu", html)
        self.assertIn(f"Themen: {self.topic.name_de}", html)
        self.assertIn(f"Zuständige Beratung: Berater KIA → {self.team_lead}", html)
        self.assertIn("Person angelegt von Berater KIA", html)
        self.assertNotIn("cases.case", html)
        self.assertNotIn("case.opened", html)
        self.assertNotIn("['recognition']", html)
        self.assertNotIn("Unternehmen: –", html)  # opened without a company: nothing to say
        self.assertNotIn(">counsellor.a<", html)

    def test_the_other_organisations_entries_are_not_shown(self) -> None:
        html = self.audit()
        self.assertNotIn(str(self.other_case.code), html)
        self.assertNotIn("Shevchenko", html)


class AuditTrailFilterTests(LogPagesTestCase):
    def test_it_filters_by_user(self) -> None:
        html = self.audit(user=str(self.team_lead.code))
        self.assertEqual(self.seqs(html), self.seqs(html, "case.assigned"))
        self.assertTrue(self.seqs(html))

    def test_it_filters_by_kind(self) -> None:
        html = self.audit(kind="case.opened")
        shown = self.seqs(html)
        self.assertEqual(len(shown), 1)
        self.assertEqual(shown, self.seqs(html, "case.opened"))

    def test_it_filters_by_period(self) -> None:
        html = self.audit(date_from="2026-03-01", date_to="2026-03-02")
        self.assertEqual(self.seqs(html), self.seqs(html, "case.opened"))
        self.assertEqual(len(self.seqs(html)), 1)
        html = self.audit(date_from="2026-03-03")
        self.assertNotIn("Fall eröffnet", html)
        self.assertIn("Fall zugewiesen", html)

    def test_it_filters_by_organisation_within_the_officers_scope(self) -> None:
        html = self.audit(organisation=str(self.org_a.code))
        self.assertIn("Fall eröffnet", html)
        # Another organisation is not offered: the filter answers with the field's error.
        html = self.audit(organisation=str(self.org_b.code))
        self.assertEqual(self.status, 400)
        self.assertIn("Handelnde Organisation:", html)
        self.assertNotIn(str(self.other_case.code), html)

    def test_bad_dates_name_the_field_and_keep_what_was_typed(self) -> None:
        html = self.audit(date_from="2026-13-40")
        self.assertEqual(self.status, 400)
        self.assertIn("Von:", html)
        self.assertIn('value="2026-13-40"', html)
        html = self.audit(date_from="2026-03-05", date_to="2026-03-01")
        self.assertEqual(self.status, 400)
        self.assertIn("Bis: „Bis“ darf nicht vor „Von“ liegen.", html)
        html = self.audit(date_to="9999-12-31")
        self.assertEqual(self.status, 400)
        self.assertIn("Bis:", html)

    def test_the_pager_keeps_the_filters(self) -> None:
        for _ in range(55):
            case_services.case_assign(
                actor=self.team_lead, case=self.case, counsellor=self.counsellor
            )
        html = self.audit(kind="case.assigned")
        self.assertIn("?kind=case.assigned&amp;page=2", html)
        second = self.audit(kind="case.assigned", page="2")
        self.assertEqual(second.count("Fall zugewiesen von"), 56 - 50)
        self.assertNotIn("Fall eröffnet", second)

    def test_the_page_costs_the_same_queries_for_more_entries(self) -> None:
        before = self.queries()
        for _ in range(20):
            case_services.case_assign(
                actor=self.team_lead, case=self.case, counsellor=self.counsellor
            )
        self.assertEqual(self.queries(), before)

    def queries(self) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.sign_in(self.dpo)
        with CaptureQueriesContext(connection) as captured:
            self.client.get(reverse("privacy:audit_trail"))
        return len(captured.captured_queries)


class AccessLogTests(LogPagesTestCase):
    def access(self, **params: str) -> str:
        self.sign_in(self.dpo)
        response = self.client.get(
            reverse("privacy:access_log"), params, headers={"accept-language": "de"}
        )
        self.status = response.status_code
        return page_parts(response.content.decode())

    def read_case(self, user: User) -> None:
        self.sign_in(user)
        self.client.get(reverse("cases:detail", args=[self.case.code]))

    def test_an_entry_says_what_was_read_and_why_in_words(self) -> None:
        self.read_case(self.counsellor)
        html = self.access()
        self.assertIn("Fall <a", html)
        self.assertIn("Datensatz geöffnet", html)
        self.assertIn("Berater KIA", html)
        self.assertNotIn("cases.case", html)

    def test_it_filters_by_user_and_kind_and_keeps_the_record_filter(self) -> None:
        self.read_case(self.counsellor)
        self.read_case(self.team_lead)
        self.sign_in(self.counsellor)
        self.client.get(reverse("cases:list"))
        html = self.access(user=str(self.team_lead.code))
        self.assertIn(str(self.team_lead), html)
        self.assertNotIn("Berater KIA", html.split("<tbody")[1])
        html = self.access(kind="list")
        self.assertIn("in einer Liste", html)
        self.assertNotIn("Datensatz geöffnet<br>", html)
        html = self.access(object=str(self.case.code), user=str(self.counsellor.code))
        rows = html.split("<tbody")[1]
        self.assertIn("Berater KIA", rows)
        self.assertNotIn(str(self.team_lead), rows)

    def test_bad_dates_answer_400_naming_the_field(self) -> None:
        html = self.access(date_to="gestern")
        self.assertEqual(self.status, 400)
        self.assertIn("Bis:", html)
        self.assertIn('value="gestern"', html)

    def test_the_pager_keeps_the_filters(self) -> None:
        rows = [
            AccessLog.objects.filter(organisation=self.org_a).count(),
        ]
        for _ in range(51):
            self.read_case(self.counsellor)
        self.assertGreater(AccessLog.objects.count(), rows[0] + 50)
        html = self.access(user=str(self.counsellor.code), kind="read")
        self.assertIn(f"?user={self.counsellor.code}&amp;kind=read&amp;page=2", html)


class CaseModelIsNotImportedByPrivacyTests(WcrTestCase):
    def test_the_case_kind_comes_from_the_model_registry(self) -> None:
        from wcr.privacy.sentences import object_kind

        self.assertEqual(object_kind("cases.case"), str(Case._meta.verbose_name))
        self.assertEqual(object_kind("no.such"), "no.such")
