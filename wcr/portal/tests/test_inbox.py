"""The intake in the staff area: who sees a request, the inbox page and its count, accept (the
duplicate check, exactly one case), forward and decline (the requester is told, through a real
SMTP conversation and the worker), a double accept, and ``GET /api/v1/requests``."""

from __future__ import annotations

from typing import Any

from django.test import override_settings
from django.urls import reverse

from wcr.accounts.models import Organisation
from wcr.api.tests.base import ApiTestCase, make_person
from wcr.cases.models import Case
from wcr.core.testing.smtp import smtp_settings, smtp_sink
from wcr.core.testing.tasks import deliver_mail
from wcr.portal import services
from wcr.portal.intake import request_check, request_submit
from wcr.portal.models import IntakeItem
from wcr.portal.tests.test_intake import valid
from wcr.privacy.models import AccessLog, AuditEvent


def submit(**changes: Any) -> IntakeItem:
    checked = request_check(valid(**changes), language="de")
    assert checked.data is not None, checked.problems
    return request_submit(data=checked.data)


def person_request(**changes: Any) -> IntakeItem:
    data: dict[str, Any] = {
        "kind": "person",
        "company_name": None,
        "sector": None,
        "given_name": "Olena",
        "family_name": "Kovalenko",
        "email": "olena@example.org",
        "phone": "+49 241 123456",
        "country": "UA",
        "topics": ["recognition", "residence"],
        "message": "Ich bin Pflegefachkraft und suche Arbeit.",
    }
    return submit(**{**data, **changes})


@override_settings(PORTAL_RATE_LIMIT=0)
class IntakeTestCase(ApiTestCase):
    item: IntakeItem
    company_item: IntakeItem

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.item = person_request()
        cls.company_item = submit()
        assert cls.item.organisation == cls.org_a  # the lead partner catches the unknown slugs


class IntakeAccessTests(IntakeTestCase):
    def test_counsellors_and_team_leads_of_the_organisation_see_the_request(self) -> None:
        for persona in (self.counsellor, self.team_lead):
            self.sign_in(persona)
            response = self.client.get(reverse("intake:detail", args=[self.item.code]))
            self.assertContains(response, "Kovalenko")
            self.assertContains(response, "olena@example.org")
            self.assertContains(response, "Pflegefachkraft")

    def test_everyone_else_gets_404(self) -> None:
        urls = [
            reverse("intake:detail", args=[self.item.code]),
            reverse("intake:accept", args=[self.item.code]),
        ]
        for persona in (self.other_counsellor, self.coordinator, self.dpo, self.administrator):
            self.sign_in(persona)
            # The list: their own organisation's (empty) inbox, or 404 for the other roles.
            listed = self.client.get(reverse("intake:list"))
            if persona == self.other_counsellor:
                self.assertEqual(listed.context["rows"], [])
            else:
                self.assertEqual(listed.status_code, 404)
            for url in urls:
                with self.subTest(persona=persona.username, url=url):
                    self.assertEqual(self.client.get(url).status_code, 404)
        self.sign_in(self.counsellor)
        for code in ("not-a-code", "00000000-0000-0000-0000-000000000000"):
            response = self.client.get(reverse("intake:detail", args=[code]))
            self.assertEqual(response.status_code, 404)

    def test_reads_of_personal_data_go_to_the_access_log(self) -> None:
        self.sign_in(self.counsellor)
        self.client.get(reverse("intake:detail", args=[self.item.code]))
        entry = AccessLog.objects.get(object_code=str(self.item.code))
        self.assertEqual(entry.object_type, "portal.intakeitem")
        self.assertEqual(entry.owner_organisation, self.org_a)
        self.client.get(reverse("intake:list"))
        listed = AccessLog.objects.filter(purpose="list").latest("id")
        self.assertEqual(
            set(listed.subjects.values_list("object_code", flat=True)),
            {str(self.item.code), str(self.company_item.code)},
        )

    def test_after_a_forward_the_forwarder_keeps_the_item_without_personal_data(self) -> None:
        forwarded = services.intake_forward(
            actor=self.counsellor, item=self.item, organisation=self.org_b, reason="Zuständig"
        )
        self.sign_in(self.counsellor)
        before = AccessLog.objects.count()
        response = self.client.get(reverse("intake:detail", args=[self.item.code]))
        self.assertContains(response, self.item.request.reference)
        self.assertContains(response, "Organisation B")
        self.assertContains(response, "Zuständig")
        for personal in ("Kovalenko", "olena@example.org", "123456", "Pflegefachkraft"):
            self.assertNotContains(response, personal)
        self.assertEqual(AccessLog.objects.count(), before)  # nothing personal was read
        response = self.client.get(reverse("intake:list"))
        self.assertNotContains(response, "Kovalenko")
        self.assertContains(response, "Organisation B")
        # The receiver sees it all, and the forwarder's item answers 404 to the receiver.
        self.sign_in(self.other_counsellor)
        response = self.client.get(reverse("intake:detail", args=[forwarded.code]))
        self.assertContains(response, "Kovalenko")
        self.assertContains(response, "Organisation A")  # the history: forwarded by A
        response = self.client.get(reverse("intake:detail", args=[self.item.code]))
        self.assertEqual(response.status_code, 404)


class IntakeListTests(IntakeTestCase):
    def test_new_items_come_first_and_the_filters_work(self) -> None:
        services.intake_decline(actor=self.counsellor, item=self.company_item, reason="Nein")
        newest = person_request(given_name="Zeynep", family_name="Demir")
        services.intake_decline(actor=self.counsellor, item=newest, reason="Nein")
        self.sign_in(self.counsellor)
        response = self.client.get(reverse("intake:list"))
        rows = [row.item for row in response.context["rows"]]
        self.assertEqual(rows[0], self.item)
        self.assertEqual(rows[1:], [newest, self.company_item])
        response = self.client.get(reverse("intake:list"), {"status": "declined"})
        self.assertEqual(len(response.context["rows"]), 2)
        response = self.client.get(reverse("intake:list"), {"location": "neuss"})
        self.assertEqual(response.context["rows"], [])

    def test_the_navigation_counts_the_new_requests(self) -> None:
        self.sign_in(self.counsellor)
        response = self.client.get(reverse("staff:home"))
        self.assertContains(response, "Anfragen (2)")
        self.sign_in(self.other_counsellor)
        self.assertContains(self.client.get(reverse("staff:home")), "Anfragen (0)")

    def test_the_list_costs_the_same_queries_for_10_or_50_items(self) -> None:
        for _number in range(8):
            person_request()
        services.intake_forward(
            actor=self.counsellor, item=self.item, organisation=self.org_b, reason="B"
        )
        self.sign_in(self.counsellor)
        url = reverse("intake:list")
        self.client.get(url)
        with self.assertNumQueries(17) as few:
            self.client.get(url)
        for _number in range(40):
            person_request()
        with self.assertNumQueries(len(few.captured_queries)):
            self.client.get(url)


class IntakeAcceptTests(IntakeTestCase):
    def accept(self, item: IntakeItem, choice: str = "new") -> Any:
        self.sign_in(self.counsellor)
        return self.client.post(reverse("intake:accept", args=[item.code]), {"choice": choice})

    def test_without_duplicates_it_opens_one_portal_case_for_a_new_person(self) -> None:
        self.sign_in(self.counsellor)
        response = self.client.get(reverse("intake:accept", args=[self.item.code]))
        self.assertContains(response, "keinen ähnlichen Datensatz")
        response = self.accept(self.item)
        case = Case.objects.get()
        self.assertRedirects(response, reverse("cases:detail", args=[case.code]))
        self.assertEqual(case.channel, "portal")
        self.assertEqual(case.organisation, self.org_a)
        self.assertEqual(case.counsellor, self.counsellor)
        self.assertEqual(case.location, self.item.location)
        self.assertEqual(
            sorted(case.topics.values_list("slug", flat=True)), ["recognition", "residence"]
        )
        self.assertIn(self.item.request.reference, case.title)
        assert case.person is not None
        self.assertEqual(
            (case.person.given_name, case.person.family_name, case.person.email),
            ("Olena", "Kovalenko", "olena@example.org"),
        )
        self.assertEqual(case.person.country_of_residence, "UA")
        self.item.refresh_from_db()
        self.assertEqual((self.item.status, self.item.case), ("accepted", case))
        self.assertTrue(AuditEvent.objects.filter(action="portal_request.accepted").exists())

    def test_it_offers_the_duplicates_and_uses_the_chosen_person(self) -> None:
        existing = make_person(
            self.counsellor, self.org_a, given_name="Olena", family_name="Kovalenko"
        )
        make_person(self.other_counsellor, self.org_b, given_name="Olena", family_name="Kovalenko")
        self.sign_in(self.counsellor)
        response = self.client.get(reverse("intake:accept", args=[self.item.code]))
        self.assertEqual(
            [d["person"] for d in response.context["duplicates"]], [existing]
        )  # not the other organisation's namesake
        self.assertContains(response, str(existing.code))
        self.assertTrue(AccessLog.objects.filter(purpose="duplicates").exists())
        self.accept(self.item, choice=str(existing.code))
        case = Case.objects.get()
        self.assertEqual(case.person, existing)
        self.assertEqual(case.channel, "portal")

    def test_a_new_person_is_created_even_when_duplicates_were_offered(self) -> None:
        existing = make_person(
            self.counsellor, self.org_a, given_name="Olena", family_name="Kovalenko"
        )
        self.accept(self.item, choice="new")
        case = Case.objects.get()
        self.assertNotEqual(case.person, existing)

    def test_a_company_request_opens_a_case_for_the_company_with_its_contact(self) -> None:
        self.accept(self.company_item)
        case = Case.objects.get()
        self.assertIsNone(case.person)
        assert case.company is not None
        self.assertEqual(
            (case.company.name, case.company.sector), ("Becker Sanitär GmbH", "crafts")
        )
        contact = case.company.contacts.get()
        self.assertEqual((contact.name, contact.email), ("Jana Becker", "jana.becker@example.org"))

    def test_another_organisations_person_cannot_be_chosen(self) -> None:
        foreign = make_person(self.other_counsellor, self.org_b)
        response = self.accept(self.item, choice=str(foreign.code))
        self.assertEqual(response.status_code, 404)
        self.assertFalse(Case.objects.exists())

    def test_a_second_accept_answers_a_message_and_opens_no_second_case(self) -> None:
        self.accept(self.item)
        response = self.accept(self.item)
        self.assertRedirects(
            response,
            reverse("intake:detail", args=[self.item.code]),
            fetch_redirect_response=False,
        )
        response = self.client.get(response["Location"])
        self.assertContains(response, "bereits entschieden")
        self.assertEqual(Case.objects.count(), 1)
        # A stale object in hand: the service refuses too (the row is locked and re-read).
        stale = IntakeItem.objects.get(pk=self.company_item.pk)
        services.intake_accept(actor=self.counsellor, item=self.company_item)
        with self.assertRaises(services.IntakeDecided):
            services.intake_accept(actor=self.counsellor, item=stale)
        self.assertEqual(Case.objects.count(), 2)

    def test_an_empty_choice_is_refused(self) -> None:
        self.sign_in(self.counsellor)
        response = self.client.post(reverse("intake:accept", args=[self.item.code]))
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Case.objects.exists())


class IntakeForwardAndDeclineTests(IntakeTestCase):
    def test_forward_opens_the_targets_item_and_mails_the_requester(self) -> None:
        self.sign_in(self.counsellor)
        with smtp_sink() as (port, received), override_settings(**smtp_settings(port)):
            with self.captureOnCommitCallbacks(execute=True):
                response = self.client.post(
                    reverse("intake:forward", args=[self.item.code]),
                    {"organisation": "org-b", "reason": "Handwerk: besser bei B"},
                )
            self.assertRedirects(response, reverse("intake:list"))
            deliver_mail()
        self.item.refresh_from_db()
        self.assertEqual(
            (self.item.status, self.item.reason), ("forwarded", "Handwerk: besser bei B")
        )
        target = IntakeItem.objects.get(forwarded_from=self.item)
        self.assertEqual((target.organisation, target.status), (self.org_b, "new"))
        self.assertIsNotNone(target.location)
        (message,) = [m for m in received if m["To"] == "olena@example.org"]
        body = message.get_body(("plain",)).get_content()
        self.assertIn("Organisation B", body)
        self.assertIn(self.item.request.reference, message["Subject"])

    def test_forward_needs_a_reason_and_another_organisation(self) -> None:
        self.sign_in(self.counsellor)
        url = reverse("intake:forward", args=[self.item.code])
        self.assertEqual(self.client.post(url, {"organisation": "org-b"}).status_code, 400)
        self.assertEqual(
            self.client.post(url, {"organisation": "org-a", "reason": "x"}).status_code, 400
        )
        Organisation.objects.filter(pk=self.org_b.pk).update(is_active=False)
        self.assertEqual(
            self.client.post(url, {"organisation": "org-b", "reason": "x"}).status_code, 400
        )
        self.assertEqual(IntakeItem.objects.filter(request=self.item.request).count(), 1)
        with self.assertRaises(ValueError):
            services.intake_forward(
                actor=self.counsellor, item=self.item, organisation=self.org_a, reason="x"
            )
        with self.assertRaises(ValueError):
            services.intake_decline(actor=self.counsellor, item=self.item, reason=" ")

    def test_decline_mails_the_reason_in_the_requests_language(self) -> None:
        english = person_request(language="en")
        self.sign_in(self.counsellor)
        with smtp_sink() as (port, received), override_settings(**smtp_settings(port)):
            with self.captureOnCommitCallbacks(execute=True):
                self.client.post(
                    reverse("intake:decline", args=[english.code]),
                    {"reason": "We only counsel companies in the crafts."},
                )
            deliver_mail()
        english.refresh_from_db()
        self.assertEqual(english.status, "declined")
        (message,) = received
        body = message.get_body(("plain",)).get_content()
        self.assertIn("We only counsel companies in the crafts.", body)
        self.assertIn("Make it in Germany", body)
        self.assertIn("Who else can help", body)
        self.assertTrue(AuditEvent.objects.filter(action="portal_request.declined").exists())

    def test_decline_with_a_free_text_names_it_instead_of_the_list(self) -> None:
        self.sign_in(self.counsellor)
        with smtp_sink() as (port, received), override_settings(**smtp_settings(port)):
            with self.captureOnCommitCallbacks(execute=True):
                self.client.post(
                    reverse("intake:decline", args=[self.item.code]),
                    {"reason": "Nicht zuständig", "help_text": "Die Caritas in Düren hilft."},
                )
            deliver_mail()
        body = received[0].get_body(("plain",)).get_content()
        self.assertIn("Die Caritas in Düren hilft.", body)
        self.assertNotIn("Make it in Germany", body)

    def test_a_decided_item_refuses_forward_and_decline(self) -> None:
        services.intake_decline(actor=self.counsellor, item=self.item, reason="Nein")
        self.sign_in(self.counsellor)
        for name, data in (
            ("intake:forward", {"organisation": "org-b", "reason": "x"}),
            ("intake:decline", {"reason": "x"}),
        ):
            response = self.client.post(reverse(name, args=[self.item.code]), data)
            self.assertRedirects(response, reverse("intake:detail", args=[self.item.code]))
        self.assertEqual(IntakeItem.objects.filter(request=self.item.request).count(), 1)


class RequestApiTests(IntakeTestCase):
    def test_it_lists_the_organisations_items_as_the_spec_says(self) -> None:
        response = self.get("/api/v1/requests", self.tokens["counsellor"])
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(body["count"], 2)
        first = body["items"][0]
        self.assertEqual(
            set(first),
            {
                "code",
                "reference",
                "organisation",
                "location",
                "kind",
                "status",
                "received_at",
                "topics",
            },
        )
        self.assertEqual(first["code"], str(self.company_item.code))
        self.assertEqual(first["organisation"], "org-a")
        self.assertEqual(first["status"], "new")
        self.assertEqual(first["kind"], "company")
        self.assertEqual(first["topics"], ["recruitment"])
        self.assertTrue(AccessLog.objects.filter(purpose="api").exists())

    def test_it_pages_and_scopes(self) -> None:
        body = self.get("/api/v1/requests", self.tokens["counsellor"], limit=1, offset=1).json()
        self.assertEqual((body["count"], len(body["items"])), (2, 1))
        self.assertEqual(body["items"][0]["code"], str(self.item.code))
        services.intake_forward(
            actor=self.counsellor, item=self.item, organisation=self.org_b, reason="B"
        )
        body = self.get("/api/v1/requests", self.tokens["other_counsellor"]).json()
        self.assertEqual([i["status"] for i in body["items"]], ["new"])
        self.assertEqual(body["items"][0]["organisation"], "org-b")
        statuses = {
            i["code"]: i["status"]
            for i in self.get("/api/v1/requests", self.tokens["counsellor"]).json()["items"]
        }
        self.assertEqual(statuses[str(self.item.code)], "forwarded")

    def test_other_roles_get_404_and_no_token_401(self) -> None:
        for persona in ("coordinator", "dpo", "administrator"):
            with self.subTest(persona):
                response = self.get("/api/v1/requests", self.tokens[persona])
                self.assertEqual(response.status_code, 404)
        self.assertEqual(self.client.get("/api/v1/requests").status_code, 401)
        response = self.get("/api/v1/requests", self.tokens["counsellor"], limit=0)
        self.assertEqual(response.status_code, 422)


@override_settings(PORTAL_RATE_LIMIT=0)
class DemoRequestTests(ApiTestCase):
    def test_the_demo_adds_requests_in_each_state_once(self) -> None:
        from wcr.portal.demo import seed_requests

        self.assertEqual(seed_requests(), 6)
        self.assertEqual(seed_requests(), 0)
        statuses = set(IntakeItem.objects.values_list("status", flat=True))
        self.assertEqual(statuses, {"new", "accepted", "forwarded", "declined"})
