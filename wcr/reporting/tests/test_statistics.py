"""The activity statistics: figures on built data, the filters, who sees what (the coordinator's
figures suppressed, the data protection officer and the administrator 404), the CSV of each
chart (suppressed, secondary suppression not recoverable from the total), the dashboard's
query count, and bad filter input reported by field in German."""

from __future__ import annotations

import csv
import datetime
import io
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from wcr.accounts.models import Organisation, User
from wcr.cases import services
from wcr.cases.models import Case, CaseStatus, Topic
from wcr.cases.tests.factories import CaseFactory, CompanyFactory, PersonFactory
from wcr.core.testing.base import WcrTestCase
from wcr.portal.models import IntakeItem
from wcr.referrals.models import Referral
from wcr.referrals.tests.data import refer
from wcr.reporting import statistics as stats
from wcr.reporting.suppression import suppress_distribution

PERIOD = {"start": "2026-01-01", "end": "2026-06-30"}
FILTERS_A = stats.Filters(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 6, 30))


def open_case(
    organisation: Organisation,
    actor: User,
    *,
    opened_on: datetime.date,
    location: Any = None,
    nationality: str = "UA",
    topics: tuple[str, ...] = (),
    company: Any = None,
    esf: bool = False,
) -> Case:
    person = PersonFactory(organisation=organisation, actor=actor, nationalities=[nationality])
    case: Case = CaseFactory(
        organisation=organisation,
        actor=actor,
        person=person,
        company=company,
        location=location,
        opened_on=opened_on,
        topics=Topic.objects.filter(slug__in=topics),
        esf_participant=esf,
    )
    return case


def contact(case: Case, actor: User, on: datetime.date, minutes: int) -> None:
    services.contact_log(
        actor=actor, case=case, happened_on=on, duration_minutes=minutes, channel="phone"
    )


def accepted_request(case: Case, received: datetime.datetime) -> IntakeItem:
    from wcr.portal.tests.test_inbox import person_request

    item = person_request()
    item.request.received_at = received
    item.request.save(update_fields=["received_at"])
    IntakeItem.objects.filter(pk=item.pk).update(
        status="accepted", case=case, decided_at=received, received_at=received
    )
    item.refresh_from_db()
    return item


def table(response: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


class StatisticsData(WcrTestCase):
    """Organisation A: seven cases in Aachen opened in 2026 (one in July, outside the period),
    contacts, two companies, three accepted requests, a referral to B. Organisation B: two cases
    (one in Neuss)."""

    cases: list[Case]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        a, actor = cls.org_a, cls.counsellor
        small = CompanyFactory(organisation=a, actor=actor, sector="crafts", staff_count=5)
        large = CompanyFactory(organisation=a, actor=actor, sector="health", staff_count=300)
        day = datetime.date(2026, 1, 10)
        specs: list[dict[str, Any]] = [
            {"opened_on": day, "topics": ("recognition",), "company": small, "esf": True},
            {"opened_on": day, "topics": ("recognition", "residence"), "nationality": "SY"},
            {"opened_on": datetime.date(2026, 2, 3), "company": large},
            {"opened_on": datetime.date(2026, 2, 4), "nationality": "SY"},
            {"opened_on": datetime.date(2026, 3, 5), "esf": True},
            {"opened_on": datetime.date(2026, 3, 6)},
            {"opened_on": datetime.date(2026, 7, 1)},
        ]
        cls.cases = [open_case(a, actor, location=cls.location, **spec) for spec in specs]
        contact(cls.cases[0], actor, datetime.date(2026, 1, 12), 90)
        contact(cls.cases[0], actor, datetime.date(2026, 2, 2), 60)  # 150 min: a participant
        contact(cls.cases[4], actor, datetime.date(2026, 3, 9), 30)  # ESF+, too short
        contact(cls.cases[2], actor, datetime.date(2026, 2, 20), 45)
        received = datetime.datetime(2026, 1, 5, 9, tzinfo=datetime.UTC)
        accepted_request(cls.cases[0], received)  # first contact 7 days later
        accepted_request(cls.cases[2], received)  # 46 days
        accepted_request(cls.cases[5], received)  # no contact yet
        Case.objects.filter(pk=cls.cases[3].pk).update(
            status="closed", closed_on=datetime.date(2026, 3, 1)
        )
        b = cls.org_b
        open_case(b, cls.other_counsellor, opened_on=day, location=cls.other_location)
        open_case(b, cls.other_counsellor, opened_on=day)
        referral = refer(cls.cases[1], b, actor=cls.team_lead, justification="Eilt: Frist läuft ab")
        sent = datetime.datetime(2026, 3, 2, 8, tzinfo=datetime.UTC)
        Referral.objects.filter(pk=referral.pk).update(sent_at=sent)


class FigureTests(StatisticsData):
    """In English: the msgids (the German catalogue is merged separately)."""

    def setUp(self) -> None:
        self.enterContext(translation.override("en"))

    def figure(self, slug: str, filters: stats.Filters | None = None) -> stats.Figure:
        filters = filters or stats.Filters(
            **{**FILTERS_A.__dict__, "organisation_id": self.org_a.pk}
        )
        spec = next(spec for spec in stats.FIGURES if spec.slug == slug)
        return spec.compute(filters)

    def rows(self, figure: stats.Figure) -> dict[str, Any]:
        return {row.label: row.values[0] for row in figure.rows}

    def test_cases_by_month_count_the_cases_opened_in_each_month_of_the_period(self) -> None:
        figure = self.figure("cases-by-month")
        self.assertEqual([row.values[0] for row in figure.rows], [2, 2, 2, 0, 0, 0])
        self.assertEqual(figure.total, (6,))
        self.assertEqual(figure.chart, "column")

    def test_cases_by_status_topic_and_location(self) -> None:
        # A logged contact moves a new case into counselling.
        statuses = self.rows(self.figure("cases-by-status"))
        self.assertEqual(statuses, {"in counselling": 3, "new": 2, "closed": 1})
        topics = self.rows(self.figure("cases-by-topic"))
        recognition = Topic.objects.get(slug="recognition").name_en
        self.assertEqual(topics[recognition], 2)
        self.assertEqual(topics["not recorded"], 4)
        self.assertIsNone(self.figure("cases-by-topic").total)  # topics overlap
        self.assertEqual(self.rows(self.figure("cases-by-location")), {"Aachen": 6})

    def test_the_network_figures_count_every_organisation(self) -> None:
        figure = self.figure("cases-by-organisation", FILTERS_A)
        self.assertEqual(self.rows(figure), {"Organisation A": 6, "Organisation B": 2})

    def test_the_location_filter(self) -> None:
        neuss = stats.Filters(**{**FILTERS_A.__dict__, "location_id": self.other_location.pk})
        self.assertEqual(
            self.rows(self.figure("cases-by-organisation", neuss)), {"Organisation B": 1}
        )

    def test_the_period_filter(self) -> None:
        march = stats.Filters(
            start=datetime.date(2026, 3, 1),
            end=datetime.date(2026, 3, 31),
            organisation_id=self.org_a.pk,
        )
        # Open in March: the four still open from before, the closed one (1 March), two new.
        self.assertEqual(self.figure("cases-by-status", march).total, (6,))
        self.assertEqual([r.values[0] for r in self.figure("cases-by-month", march).rows], [2])

    def test_waiting_time_from_request_to_first_contact(self) -> None:
        figure = self.figure("waiting-time")
        self.assertEqual(
            self.rows(figure),
            {"0–3": 0, "4–7": 1, "8–14": 0, "15–30": 0, "> 30": 1, "no contact yet": 1},
        )
        self.assertEqual(dict(figure.notes), {"Median (days)": 26.5, "Mean (days)": 26.5})

    def test_counselling_hours_by_month(self) -> None:
        figure = self.figure("hours-by-month")
        self.assertEqual([row.values for row in figure.rows[:3]], [(1.5, 1), (1.8, 2), (0.5, 1)])
        self.assertEqual(figure.total, (3.8, 4))  # 225 minutes

    def test_caseload_per_counsellor(self) -> None:
        self.assertEqual(self.rows(self.figure("caseload")), {"Test Counsellor.A": 6})

    def test_referrals_by_recipient_and_status(self) -> None:
        self.assertEqual(self.rows(self.figure("referrals-by-recipient")), {"Organisation B": 1})
        self.assertEqual(
            self.rows(self.figure("referrals-by-status")), {"sent, waiting for an answer": 1}
        )

    def test_companies_by_sector_and_size(self) -> None:
        self.assertEqual(
            self.rows(self.figure("companies-by-sector")),
            {"crafts": 1, "health and care": 1},
        )
        sizes = self.figure("companies-by-size")
        self.assertEqual([row.values[0] for row in sizes.rows], [1, 0, 0, 1, 0])

    def test_people_by_nationality_and_the_other_persons_reached(self) -> None:
        self.assertEqual(
            self.rows(self.figure("people-by-nationality")), {"Ukraine": 4, "Syria": 2}
        )
        reached = self.rows(self.figure("people-reached"))
        self.assertEqual(reached, {"ESF+ participants": 1, "other persons reached": 5})


class SuppressionTests(WcrTestCase):
    def test_a_single_small_count_takes_the_next_smallest_with_it(self) -> None:
        total, shown = suppress_distribution(20, [3, 7, 10])
        self.assertEqual((total, shown), (20, [None, None, 10]))
        # The blanked count is not the total less the shown ones: two cells share the rest.
        self.assertNotEqual(20 - sum(v for v in shown if v is not None), 3)

    def test_without_a_total_only_the_small_counts_are_blanked(self) -> None:
        self.assertEqual(suppress_distribution(None, [3, 7, 0]), (None, [None, 7, 0]))

    def test_a_small_total_is_blanked(self) -> None:
        self.assertEqual(suppress_distribution(4, [4, 0]), (None, [None, 0]))

    def test_hours_follow_the_suppression_of_their_contacts(self) -> None:
        figure = stats.Figure(
            slug="hours",
            title="t",
            description="d",
            label_header="l",
            headers=("Hours", "Contacts"),
            rows=(stats.Row("a", (2.0, 2)), stats.Row("b", (9.5, 8)), stats.Row("c", (20.0, 12))),
            unit="hours",
            total=(31.5, 22),
            basis=(1, None),
        )
        shown = stats.suppressed(figure)
        self.assertEqual(
            [row.values for row in shown.rows], [(None, None), (None, None), (20.0, 12)]
        )
        self.assertEqual(shown.total, (31.5, 22))


class DashboardTests(StatisticsData):
    def get(self, **params: str) -> Any:
        return self.client.get(reverse("reporting:statistics"), {**PERIOD, **params})

    def test_a_team_lead_sees_the_exact_figures_of_the_own_organisation(self) -> None:
        self.sign_in(self.team_lead)
        response = self.get(organisation="org-b")  # ignored: the organisation is fixed
        self.assertEqual(response.status_code, 200)
        figures = {
            entry["figure"].slug: entry["figure"]
            for section in response.context["sections"]
            for entry in section["entries"]
        }
        self.assertEqual(figures["cases-by-status"].total, (6,))
        self.assertIn("caseload", figures)
        self.assertNotIn("cases-by-organisation", figures)
        self.assertFalse(figures["cases-by-status"].is_suppressed)
        self.assertNotContains(response, 'name="organisation"')
        self.assertNotContains(response, "Neuss</th>")  # B's case in Neuss nowhere
        self.assertContains(response, "Test Counsellor.A")

    def test_the_coordinator_sees_the_network_suppressed_and_no_names(self) -> None:
        self.sign_in(self.coordinator)
        response = self.get()
        self.assertEqual(response.status_code, 200)
        figures = {
            entry["figure"].slug: entry["figure"]
            for section in response.context["sections"]
            for entry in section["entries"]
        }
        self.assertNotIn("caseload", figures)
        self.assertNotContains(response, "Counsellor.A")
        organisations = figures["cases-by-organisation"]
        self.assertTrue(organisations.is_suppressed)
        # A: 6, B: 2 → B blanked, A with it (else 8 - 6 gives B), the total shown.
        self.assertEqual([row.values[0] for row in organisations.rows], [None, None])
        self.assertEqual(organisations.total, (8,))
        self.assertContains(response, "&lt; 5")
        one = self.get(organisation="org-b")
        self.assertEqual(one.status_code, 200)
        self.assertNotContains(one, "cases-by-organisation-heading")

    def test_the_data_protection_officer_and_the_administrator_get_404(self) -> None:
        for persona in (self.dpo, self.administrator):
            self.sign_in(persona)
            with self.subTest(persona=persona.username):
                self.assertEqual(self.get().status_code, 404)
                url = reverse("reporting:statistics_csv", args=["cases-by-status"])
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_bad_filter_input_is_named_by_field_in_german_and_keeps_the_rest(self) -> None:
        self.sign_in(self.coordinator)
        response = self.client.get(
            reverse("reporting:statistics"),
            {
                "start": "31.02.2026",
                "end": "2026-06-30",
                "location": "aachen",
                "organisation": "gibt-es-nicht",
            },
            HTTP_ACCEPT_LANGUAGE="de",
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Von: Bitte ein gültiges Datum eingeben.", status_code=400)
        self.assertContains(
            response, "Organisation: Bitte eine gültige Auswahl treffen.", status_code=400
        )
        self.assertContains(response, 'value="2026-06-30"', status_code=400)
        self.assertContains(response, 'value="aachen" selected', status_code=400)
        backwards = self.client.get(
            reverse("reporting:statistics"), {"start": "2026-06-30", "end": "2026-01-01"}
        )
        with translation.override("de"):
            message = _("The end of the period lies before its start.")
        self.assertContains(backwards, f"Bis: {message}", status_code=400)

    def test_the_dashboard_costs_the_same_queries_for_7_and_30_cases(self) -> None:
        self.sign_in(self.team_lead)
        url = reverse("reporting:statistics")
        with CaptureQueriesContext(connection) as few:
            self.client.get(url, PERIOD)
        for n in range(23):
            case = open_case(
                self.org_a,
                self.counsellor,
                opened_on=datetime.date(2026, 4, 1),
                location=self.location,
                topics=("recognition",),
                company=CompanyFactory(organisation=self.org_a, actor=self.counsellor),
                nationality=("FR", "PL", "IN")[n % 3],
            )
            contact(case, self.counsellor, datetime.date(2026, 4, 2), 30)
        self.assertEqual(Case.objects.filter(organisation=self.org_a).count(), 30)
        with self.assertNumQueries(DASHBOARD_QUERIES):
            self.client.get(url, PERIOD)
        self.assertEqual(len(few), DASHBOARD_QUERIES)


# The session, the user, the membership (with its organisation), one aggregate for each of the
# team lead's 19 figures, the navigation's count of new requests, the location choices, and the
# session's save (its last-seen time) in a savepoint.
DASHBOARD_QUERIES = 27


class CsvTests(StatisticsData):
    def csv(self, slug: str, **params: str) -> Any:
        return self.client.get(
            reverse("reporting:statistics_csv", args=[slug]), {**PERIOD, **params}
        )

    def test_the_csv_is_utf8_with_a_header_and_suppressed_cells(self) -> None:
        self.sign_in(self.team_lead)
        response = self.csv("cases-by-status")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn("attachment", response["Content-Disposition"])
        # in counselling 3, new 2, closed 1: all small, the total 6 shown.
        with translation.override("de"):
            header = [_("Status"), _("cases").capitalize()]
            labels = [
                str(CaseStatus.COUNSELLING.label),
                str(CaseStatus.NEW.label),
                str(CaseStatus.CLOSED.label),
            ]
            total = _("Total")
        self.assertEqual(
            table(response),
            [header, [labels[0], "< 5"], [labels[1], "< 5"], [labels[2], "< 5"], [total, "6"]],
        )

    def test_the_blanked_cell_is_not_recoverable_from_the_total(self) -> None:
        self.sign_in(self.coordinator)
        rows = table(self.csv("cases-by-organisation"))
        # A 6, B 2: B blanked, and A with it, else 8 - 6 would give B away.
        self.assertEqual([row[1] for row in rows[1:]], ["< 5", "< 5", "8"])
        self.assertEqual([row[0] for row in rows[1:3]], ["Organisation A", "Organisation B"])

    def test_an_unknown_or_hidden_chart_is_404_and_bad_input_400(self) -> None:
        self.sign_in(self.coordinator)
        self.assertEqual(self.csv("nothing").status_code, 404)
        self.assertEqual(self.csv("caseload").status_code, 404)  # names staff
        bad = self.csv("cases-by-status", end="morgen")
        self.assertEqual(bad.status_code, 400)
        self.assertIn("Bis: Bitte ein gültiges Datum eingeben.", bad.content.decode())

    def test_other_organisations_get_their_own_figures(self) -> None:
        self.sign_in(self.other_team_lead)
        rows = table(self.csv("cases-by-status"))[1:]
        self.assertEqual([row[1] for row in rows], ["< 5", "< 5"])  # B's two new cases
