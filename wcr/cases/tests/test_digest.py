"""The daily digest reaches each counsellor by mail, with only their own organisation's work."""

from __future__ import annotations

import datetime

from django.core.management import call_command
from django.test import TransactionTestCase, override_settings

from wcr.accounts.models import Role
from wcr.cases import services
from wcr.cases.digest import digest_for
from wcr.core.testing.factories import (
    LocationFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from wcr.core.testing.smtp import smtp_settings, smtp_sink
from wcr.core.testing.tasks import run_worker

TODAY = datetime.date(2026, 11, 24)


class DigestTests(TransactionTestCase):
    def setUp(self) -> None:
        LocationFactory(slug="aachen")
        self.org = OrganisationFactory(slug="digest-a")
        self.other_org = OrganisationFactory(slug="digest-b")
        self.counsellor = MembershipFactory(
            user=UserFactory(username="c.digest", email="c@example.org"),
            organisation=self.org,
            role=Role.COUNSELLOR,
        )
        self.idle = MembershipFactory(
            user=UserFactory(username="idle", email="idle@example.org"),
            organisation=self.org,
            role=Role.COUNSELLOR,
        )
        self.other = MembershipFactory(
            user=UserFactory(username="o.digest", email="o@example.org"),
            organisation=self.other_org,
            role=Role.COUNSELLOR,
        )
        user = self.counsellor.user
        person = services.person_create(
            actor=user,
            organisation=self.org,
            data=services.PersonInput(
                given_name="Olena",
                family_name="Shevchenko",
                birth_date=datetime.date(1988, 11, 2),
                residence_expiry=TODAY + datetime.timedelta(days=30),
            ),
        )
        self.case = services.case_open(
            actor=user, organisation=self.org, person=person, counsellor=user
        )
        services.task_create(
            actor=user,
            case=self.case,
            title="Zeugnis anfordern",
            assignee=user,
            due_on=TODAY - datetime.timedelta(days=2),
        )
        services.task_create(
            actor=user, case=self.case, title="Heute anrufen", assignee=user, due_on=TODAY
        )
        services.task_create(
            actor=user,
            case=self.case,
            title="Später",
            assignee=user,
            due_on=TODAY + datetime.timedelta(days=10),
        )
        procedure = services.procedure_start(
            actor=user,
            case=self.case,
            template="visa",
            started_on=TODAY - datetime.timedelta(days=20),
        )
        entry = procedure.milestones.get(key="entry")
        services.milestone_complete(
            actor=user, milestone=entry, done_on=TODAY - datetime.timedelta(days=10)
        )
        other_person = services.person_create(
            actor=self.other.user,
            organisation=self.other_org,
            data=services.PersonInput(given_name="Geheim", family_name="Person"),
        )
        other_case = services.case_open(
            actor=self.other.user,
            organisation=self.other_org,
            person=other_person,
            counsellor=self.other.user,
        )
        services.task_create(
            actor=self.other.user,
            case=other_case,
            title="Fremde Aufgabe",
            assignee=self.other.user,
            due_on=TODAY,
        )

    def test_the_digest_holds_overdue_and_due_work_deadlines_and_expiring_titles(self) -> None:
        digest = digest_for(self.counsellor, today=TODAY)
        self.assertEqual([t.title for t in digest.overdue_tasks], ["Zeugnis anfordern"])
        self.assertEqual([t.title for t in digest.tasks_today], ["Heute anrufen"])
        self.assertEqual(
            [m.key for m in digest.deadlines], ["registration"]
        )  # two weeks after entry
        self.assertEqual([p.family_name for p in digest.expiring], ["Shevchenko"])
        self.assertTrue(digest_for(self.idle, today=TODAY).is_empty())

    def test_the_digest_is_mailed_through_the_worker_to_each_counsellor_with_work(self) -> None:
        with smtp_sink() as (port, received), override_settings(**smtp_settings(port)):
            from unittest import mock

            with mock.patch(
                "wcr.cases.management.commands.send_task_digest.timezone.localdate",
                return_value=TODAY,
            ):
                call_command("send_task_digest", "--base-url", "https://wcr.example.org")
            run_worker()
        recipients = sorted(message["To"] for message in received)
        self.assertEqual(recipients, ["c@example.org", "o@example.org"])
        mine = (
            next(m for m in received if m["To"] == "c@example.org")
            .get_body(("plain",))
            .get_content()
        )
        self.assertIn("Zeugnis anfordern", mine)
        self.assertIn("§ 17 Abs. 1 BMG", mine)
        self.assertIn(f"https://wcr.example.org/mitarbeitende/faelle/{self.case.code}/", mine)
        self.assertNotIn("Fremde Aufgabe", mine)
