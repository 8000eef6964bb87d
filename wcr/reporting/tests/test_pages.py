"""The ESF+ pages: the questionnaire of a case (frozen entry data, Art. 9 items only for those
who need them, bad input by field), the worklists with the consent-bound follow-up mail, the
report on screen and as downloads by role."""

from __future__ import annotations

import datetime
import io

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from wcr.accounts.models import Role
from wcr.cases import services as case_services
from wcr.cases.models import Case, CaseStatus
from wcr.cases.tests.factories import CaseFactory, PersonFactory
from wcr.core.testing.base import WcrTestCase
from wcr.core.testing.factories import MembershipFactory, UserFactory
from wcr.core.testing.smtp import smtp_settings, smtp_sink
from wcr.core.testing.tasks import deliver_mail
from wcr.privacy.models import AccessLog
from wcr.referrals.tests.data import give_consent
from wcr.reporting.models import Participation
from wcr.reporting.services import (
    EntryInput,
    ExitInput,
    participation_record_entry,
    participation_record_exit,
)

TODAY = timezone.localdate()


def entry(**values: object) -> dict[str, object]:
    data: dict[str, object] = {
        "part": "entry",
        "entry_date": "2026-02-02",
        "gender": "f",
        "date_of_birth": "1990-05-01",
        "labour_status": "unemployed",
        "isced": "6",
        "nationalities": "SY",
        "foreign_background": "yes",
        "homeless": "",
        "rural": "no",
    }
    data.update(values)
    return data


class ParticipationPageTests(WcrTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.person = PersonFactory(
            organisation=cls.org_a,
            actor=cls.counsellor,
            given_name="Amina",
            family_name="Yusuf",
            gender="f",
            birth_date=datetime.date(1990, 5, 1),
            nationalities=["SY"],
        )
        cls.case = CaseFactory(organisation=cls.org_a, actor=cls.counsellor, person=cls.person)
        Case.objects.filter(pk=cls.case.pk).update(opened_on=datetime.date(2026, 2, 2))
        cls.colleague = UserFactory(username="colleague.a")
        MembershipFactory(user=cls.colleague, organisation=cls.org_a, role=Role.COUNSELLOR)

    def url(self) -> str:
        return reverse("reporting:participation", args=[self.case.code])

    def test_first_answers_come_from_the_person_and_stay_frozen(self) -> None:
        self.sign_in(self.counsellor)
        page = self.client.get(self.url())
        self.assertContains(page, 'value="1990-05-01"')
        self.assertContains(page, 'value="SY"')
        self.assertContains(page, 'value="2026-02-02"')
        response = self.client.post(self.url(), entry(disability="yes", minority=""))
        self.assertRedirects(response, self.url())
        record = Participation.objects.get(case=self.case)
        self.assertTrue(record.complete)
        self.assertEqual(record.special(), (True, None))
        self.assertEqual(record.age_at_entry, 35)
        # The person's details change later: the entry data stay as they were.
        case_services.person_update(
            actor=self.counsellor,
            person=self.person,
            expected_version=self.person.version,
            changes={"nationalities": ["DE"], "birth_date": datetime.date(1991, 1, 1)},
        )
        record.refresh_from_db()
        self.assertEqual(record.nationalities, ["SY"])
        self.assertEqual(record.date_of_birth, datetime.date(1990, 5, 1))
        self.assertTrue(record.third_country)

    def test_bad_input_names_the_field_in_german_and_keeps_the_rest(self) -> None:
        self.sign_in(self.counsellor)
        response = self.client.post(
            self.url(),
            entry(entry_date="", nationalities="SYR", date_of_birth="2999-01-01"),
            HTTP_ACCEPT_LANGUAGE="de",
        )
        self.assertEqual(response.status_code, 400)
        form = response.context["entry_form"]
        self.assertEqual(set(form.errors), {"entry_date", "nationalities", "date_of_birth"})
        self.assertContains(
            response, "Die Eintrittsdaten wurden nicht gespeichert", status_code=400
        )
        self.assertContains(response, 'value="unemployed" selected', status_code=400)
        self.assertFalse(Participation.objects.exists())

    def test_special_categories_only_for_the_counsellor_and_team_leads(self) -> None:
        participation_record_entry(
            actor=self.counsellor,
            case=self.case,
            data=EntryInput(entry_date=datetime.date(2026, 2, 2), gender="f", disability=True),
        )
        self.sign_in(self.colleague)
        page = self.client.get(self.url())
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("disability", page.context["entry_form"].fields)
        # The colleague completes the rest; the sealed items stay as they were.
        self.client.post(self.url(), entry())
        record = Participation.objects.get(case=self.case)
        self.assertEqual(record.special(), (True, None))
        self.assertTrue(record.complete)
        self.sign_in(self.team_lead)
        self.assertIn("disability", self.client.get(self.url()).context["entry_form"].fields)

    def test_exit_data(self) -> None:
        self.sign_in(self.counsellor)
        self.client.post(self.url(), entry())
        bad = self.client.post(self.url(), {"part": "exit", "exit_date": "2026-01-01"})
        self.assertEqual(bad.status_code, 400)
        self.assertIn("exit_date", bad.context["exit_form"].errors)
        no_date = self.client.post(self.url(), {"part": "exit", "exit_situation": ["employed"]})
        self.assertIn("exit_date", no_date.context["exit_form"].errors)
        good = self.client.post(
            self.url(),
            {
                "part": "exit",
                "exit_date": "2026-06-30",
                "exit_situation": ["employed", "qualification_gained"],
            },
        )
        self.assertRedirects(good, self.url())
        record = Participation.objects.get(case=self.case)
        self.assertEqual(record.exit_situation, ["qualification_gained", "employed"])
        self.assertIsNotNone(record.exit_recorded_at)

    def test_reads_are_in_the_access_log(self) -> None:
        self.sign_in(self.counsellor)
        self.client.get(self.url())
        self.assertTrue(AccessLog.objects.filter(object_code=str(self.case.code)).exists())

    def test_company_case_has_no_participant_data(self) -> None:
        from wcr.cases.tests.factories import CompanyFactory

        company = CompanyFactory(organisation=self.org_a, actor=self.counsellor)
        case = CaseFactory(
            organisation=self.org_a, actor=self.counsellor, person=None, company=company
        )
        self.sign_in(self.counsellor)
        self.assertEqual(
            self.client.get(reverse("reporting:participation", args=[case.code])).status_code, 404
        )


class WorklistTests(WcrTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        counsellor = cls.counsellor

        def case(name: str, email: str = "") -> Case:
            person = PersonFactory(
                organisation=cls.org_a, actor=counsellor, given_name=name, email=email
            )
            opened: Case = CaseFactory(organisation=cls.org_a, actor=counsellor, person=person)
            return opened

        # Marked as participant, 3 hours of counselling, no entry data yet.
        cls.waiting = case("Waiting")
        Case.objects.filter(pk=cls.waiting.pk).update(esf_participant=True)
        case_services.contact_log(
            actor=counsellor,
            case=cls.waiting,
            happened_on=TODAY,
            duration_minutes=180,
            channel="in_person",
        )
        # Below the threshold: another person reached, not on the list.
        cls.short = case("Short")
        Case.objects.filter(pk=cls.short.pk).update(esf_participant=True)
        case_services.contact_log(
            actor=counsellor,
            case=cls.short,
            happened_on=TODAY,
            duration_minutes=30,
            channel="phone",
        )
        # Incomplete entry data.
        cls.incomplete = participation_record_entry(
            actor=counsellor, case=case("Incomplete"), data=EntryInput(entry_date=TODAY, gender="m")
        )
        # Closed five weeks ago, no exit data.
        closed = case("Closed")
        cls.closed = participation_record_entry(
            actor=counsellor,
            case=closed,
            data=EntryInput(
                entry_date=TODAY - datetime.timedelta(days=90),
                gender="f",
                date_of_birth=datetime.date(1980, 1, 1),
                labour_status="employed",
                isced=4,
            ),
        )
        Case.objects.filter(pk=closed.pk).update(
            status=CaseStatus.CLOSED, closed_on=TODAY - datetime.timedelta(days=35)
        )
        # Left seven months ago, status unknown; one with consent to be asked by mail.
        cls.follow_ups = []
        for name, email in (("Asked", "asked@example.org"), ("NotAsked", "not@example.org")):
            record = participation_record_entry(
                actor=counsellor,
                case=case(name, email),
                data=EntryInput(
                    entry_date=TODAY - datetime.timedelta(days=400),
                    gender="f",
                    date_of_birth=datetime.date(1980, 1, 1),
                    labour_status="employed",
                    isced=4,
                ),
            )
            participation_record_exit(
                actor=counsellor,
                participation=record,
                data=ExitInput(exit_date=TODAY - datetime.timedelta(days=215)),
            )
            cls.follow_ups.append(record)
        give_consent(cls.follow_ups[0].person, None, actor=counsellor)

    def test_the_four_lists(self) -> None:
        self.sign_in(self.counsellor)
        page = self.client.get(reverse("reporting:worklists"))
        lists = page.context["lists"]
        self.assertEqual([c.pk for c in lists["without_entry"]], [self.waiting.pk])
        self.assertEqual([p.pk for p in lists["incomplete"]], [self.incomplete.pk])
        self.assertEqual([p.pk for p in lists["exits_overdue"]], [self.closed.pk])
        self.assertEqual(
            {p.pk: p.has_consent for p in lists["follow_ups"]},
            {self.follow_ups[0].pk: True, self.follow_ups[1].pk: False},
        )
        self.assertContains(page, "Geburtsdatum, Erwerbsstatus, ISCED-Stufe")
        self.assertEqual(
            page.content.decode().count('action="/mitarbeitende/berichte/esf/teilnahme/'), 1
        )
        log = AccessLog.objects.filter(purpose="ESF+ worklists").latest("at")
        self.assertEqual(log.subjects.count(), 5)
        overview = self.client.get(reverse("reporting:overview"))
        self.assertEqual(
            overview.context["counts"],
            {"without_entry": 1, "incomplete": 1, "exits_overdue": 1, "follow_ups": 2},
        )

    def test_a_code_that_is_not_one_is_not_found(self) -> None:
        self.sign_in(self.counsellor)
        url = reverse("reporting:follow_up_send", args=["not-a-code"])
        self.assertEqual(self.client.post(url).status_code, 404)

    def test_other_organisations_see_none_of_it(self) -> None:
        self.sign_in(self.other_counsellor)
        lists = self.client.get(reverse("reporting:worklists")).context["lists"]
        self.assertEqual(
            {name: len(items) for name, items in lists.items()}, dict.fromkeys(lists, 0)
        )
        for persona in (self.coordinator, self.dpo, self.administrator):
            self.sign_in(persona)
            self.assertEqual(self.client.get(reverse("reporting:worklists")).status_code, 404)

    def test_follow_up_mail_only_with_consent(self) -> None:
        self.sign_in(self.counsellor)
        asked, not_asked = self.follow_ups
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("reporting:follow_up_send", args=[asked.code]))
            self.client.post(reverse("reporting:follow_up_send", args=[not_asked.code]))
        self.assertRedirects(response, reverse("reporting:worklists"))
        with smtp_sink() as (port, received), override_settings(**smtp_settings(port)):
            deliver_mail()
        self.assertEqual([m["To"] for m in received], ["asked@example.org"])
        self.assertIn("sechs Monate", received[0]["Subject"] + received[0].get_content())
        asked.refresh_from_db()
        not_asked.refresh_from_db()
        self.assertIsNotNone(asked.follow_up_mailed_at)
        self.assertIsNone(not_asked.follow_up_mailed_at)


class ReportPageTests(WcrTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for n, gender in enumerate("ffffffmmm"):
            person = PersonFactory(organisation=cls.org_a, actor=cls.counsellor)
            case = CaseFactory(organisation=cls.org_a, actor=cls.counsellor, person=person)
            participation_record_entry(
                actor=cls.counsellor,
                case=case,
                data=EntryInput(
                    entry_date=datetime.date(2026, 3, 1 + n),
                    gender=gender,
                    date_of_birth=datetime.date(1990, 1, 1),
                    labour_status="unemployed",
                    isced=3,
                ),
            )
        person = PersonFactory(organisation=cls.org_b, actor=cls.other_counsellor)
        case = CaseFactory(organisation=cls.org_b, actor=cls.other_counsellor, person=person)
        participation_record_entry(
            actor=cls.other_counsellor,
            case=case,
            data=EntryInput(
                entry_date=datetime.date(2026, 3, 1),
                gender="m",
                date_of_birth=datetime.date(1990, 1, 1),
                labour_status="inactive",
                isced=3,
            ),
        )

    def url(self, **params: str) -> str:
        query = {"start": "2026-01-01", "end": "2026-12-31", **params}
        return reverse("reporting:report") + "?" + "&".join(f"{k}={v}" for k, v in query.items())

    def test_counsellor_sees_the_exact_figures_of_the_organisation(self) -> None:
        self.sign_in(self.counsellor)
        page = self.client.get(self.url())
        self.assertEqual(
            page.context["report"]["indicators"]["EECO01"],
            {"total": 9, "women": 6, "men": 3, "non_binary": 0},
        )
        self.assertEqual(page.context["report"]["organisation"], "org-a")

    def test_coordinator_sees_network_figures_suppressed(self) -> None:
        self.sign_in(self.coordinator)
        page = self.client.get(self.url())
        figures = page.context["report"]["indicators"]["EECO01"]
        # 4 men, 6 women: the men are < 5, and the women too (else 10 - 6 gives them away).
        self.assertEqual(figures, {"total": 10, "women": None, "men": None, "non_binary": 0})
        self.assertContains(page, "&lt; 5")
        one = self.client.get(self.url(organisation="org-b"))
        self.assertEqual(one.context["report"]["indicators"]["EECO01"]["total"], None)

    def test_dpo_and_administrator_get_404(self) -> None:
        for persona in (self.dpo, self.administrator, self.no_membership):
            self.sign_in(persona)
            self.assertEqual(self.client.get(self.url()).status_code, 404)

    def test_bad_period(self) -> None:
        self.sign_in(self.counsellor)
        page = self.client.get(
            self.url(start="2026-12-01", end="2026-01-01"), HTTP_ACCEPT_LANGUAGE="de"
        )
        self.assertEqual(page.status_code, 400)
        self.assertIn("end", page.context["form"].errors)
        page = self.client.get(self.url(start="gestern"))
        self.assertIn("start", page.context["form"].errors)

    def test_downloads_are_suppressed_except_a_team_leads_exact_one(self) -> None:
        self.sign_in(self.counsellor)
        csv = self.client.get(self.url(download="csv")).content.decode()
        self.assertIn("EECO01,Total number of participants,9,< 5,< 5,0", csv)
        self.sign_in(self.team_lead)
        exact = self.client.get(self.url(download="xlsx", exact="1"))
        workbook = load_workbook(io.BytesIO(exact.content))
        rows = {
            row[0]: row for row in workbook["indicators"].iter_rows(min_row=2, values_only=True)
        }
        self.assertEqual(rows["EECO01"][2:], (9, 6, 3, 0))
        self.assertTrue(AccessLog.objects.filter(purpose="ESF+ report xlsx exact").exists())
        self.sign_in(self.counsellor)
        not_exact = self.client.get(self.url(download="csv", exact="1")).content.decode()
        self.assertIn("< 5", not_exact)
        self.assertEqual(self.client.get(self.url(download="pdf")).status_code, 404)
