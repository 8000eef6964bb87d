"""The directory in the staff area: who may read and who may change, the edit form with bad
input, "Geprüft", the 12-month flag and the audit trail."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from wcr.core.testing.base import WcrTestCase
from wcr.partners.models import Partner
from wcr.partners.seed import partners_load
from wcr.partners.services import AUDIT_CHANGED, AUDIT_CHECKED
from wcr.privacy.models import AuditEvent
from wcr.privacy.sentences import describe

LIST = "/mitarbeitende/partner/"


def edit_url(partner: Partner) -> str:
    return f"{LIST}{partner.code}/bearbeiten/"


def checked_url(partner: Partner) -> str:
    return f"{LIST}{partner.code}/geprueft/"


def form_data(partner: Partner, **changes: Any) -> dict[str, Any]:
    """The edit form as the page sends it, with ``changes``."""
    data: dict[str, Any] = {
        "name": partner.name,
        "kind": partner.kind,
        "description": partner.description,
        "website": partner.website,
        "email": partner.email,
        "phone": partner.phone,
        "languages": partner.languages,
        "topics": [t.pk for t in partner.topics.all()],
        "serves_all_nrw": "on" if partner.serves_all_nrw else "",
        "municipalities": [m.pk for m in partner.municipalities.all()],
        "source": partner.source,
        "confidence": partner.confidence,
        "active": "on" if partner.active else "",
    }
    for prefix, parts in (
        ("services", partner.services.all()),
        ("locations", partner.locations.all()),
    ):
        data |= {
            f"{prefix}-TOTAL_FORMS": str(len(parts)),
            f"{prefix}-INITIAL_FORMS": str(len(parts)),
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
        for i, part in enumerate(parts):
            data[f"{prefix}-{i}-id"] = part.pk
            data[f"{prefix}-{i}-partner"] = partner.pk
            for name in (
                "name",
                "description",
                "eligibility",
                "fees",
                "application_process",
                "url",
                "languages",
                "street_address",
                "postal_code",
                "city",
                "opening_hours",
                "accessibility",
            ):
                if hasattr(part, name):
                    data[f"{prefix}-{i}-{name}"] = getattr(part, name)
    data = {k: v for k, v in data.items() if v != ""}
    return data | changes


class StaffDirectoryTests(WcrTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        partners_load()
        cls.partner = Partner.objects.get(key="ihk-fosa")

    def test_counsellors_and_the_coordinator_read_the_list_without_edit_buttons(self) -> None:
        for user in (self.counsellor, self.other_counsellor, self.coordinator):
            with self.subTest(user=user.username):
                self.sign_in(user)
                response = self.client.get(LIST)
                self.assertContains(response, self.partner.name)
                self.assertNotContains(response, edit_url(self.partner))

    def test_team_leads_of_any_organisation_maintain_entries(self) -> None:
        for user in (self.team_lead, self.other_team_lead):
            with self.subTest(user=user.username):
                self.sign_in(user)
                self.assertContains(self.client.get(LIST), edit_url(self.partner))
                self.assertEqual(self.client.get(edit_url(self.partner)).status_code, 200)

    def test_everyone_else_gets_404(self) -> None:
        for user in (self.dpo, self.administrator, self.no_membership):
            with self.subTest(user=user.username):
                self.sign_in(user)
                self.assertEqual(self.client.get(LIST).status_code, 404)
                self.assertEqual(self.client.get(edit_url(self.partner)).status_code, 404)
                self.assertEqual(self.client.post(checked_url(self.partner)).status_code, 404)
        for user in (self.counsellor, self.coordinator):
            with self.subTest(user=user.username):
                self.sign_in(user)
                self.assertEqual(self.client.get(edit_url(self.partner)).status_code, 404)
                self.assertEqual(self.client.post(edit_url(self.partner), {}).status_code, 404)
                self.assertEqual(self.client.post(checked_url(self.partner)).status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get(LIST).status_code, 302)

    def test_an_unknown_code_is_not_found(self) -> None:
        self.sign_in(self.team_lead)
        self.assertEqual(self.client.get(f"{LIST}kein-code/bearbeiten/").status_code, 404)

    def test_entries_unchecked_for_12_months_are_flagged(self) -> None:
        today = timezone.localdate()
        Partner.objects.update(last_checked_on=today)
        Partner.objects.filter(key="zab").update(last_checked_on=today - datetime.timedelta(366))
        Partner.objects.filter(key="zsba").update(last_checked_on=None)
        self.sign_in(self.counsellor)
        response = self.client.get(LIST)
        self.assertContains(response, 'data-testid="stale"', count=2)
        self.assertContains(response, "seit über 12 Monaten nicht geprüft")
        stale = self.client.get(LIST, {"stale": "on"}).context["rows"]
        self.assertEqual(sorted(r["partner"].key for r in stale), ["zab", "zsba"])

    def test_search_by_topic_and_place(self) -> None:
        self.sign_in(self.counsellor)
        rows = self.client.get(LIST, {"topic": "residence", "place": "41460"}).context["rows"]
        keys = {r["partner"].key for r in rows}
        self.assertIn("abh-stadt-neuss", keys)
        self.assertIn("zfe-nrw", keys)
        self.assertNotIn("abh-kreis-heinsberg", keys)
        self.assertNotIn("ihk-fosa", keys)
        response = self.client.get(LIST, {"place": "123"})
        self.assertContains(response, "Postleitzahl oder Gemeindeschlüssel: ", status_code=400)

    def test_mark_checked_sets_today_and_the_user_and_is_audited(self) -> None:
        self.sign_in(self.other_team_lead)
        response = self.client.post(checked_url(self.partner))
        self.assertRedirects(response, LIST)
        self.partner.refresh_from_db()
        self.assertEqual(self.partner.last_checked_on, timezone.localdate())
        self.assertEqual(self.partner.checked_by, self.other_team_lead)
        event = AuditEvent.objects.get(action=AUDIT_CHECKED)
        self.assertEqual(event.object_code, str(self.partner.code))
        self.assertIn("geprüft", str(describe([event])[0]).lower())
        self.assertEqual(self.client.get(checked_url(self.partner)).status_code, 405)

    def test_an_edit_is_saved_audited_and_kept_by_the_loader(self) -> None:
        self.sign_in(self.team_lead)
        data = form_data(self.partner, phone="+49 911 123456", **{"services-0-fees": "150 €"})
        response = self.client.post(edit_url(self.partner), data)
        self.assertRedirects(response, LIST)
        self.partner.refresh_from_db()
        self.assertEqual(self.partner.phone, "+49 911 123456")
        self.assertEqual(self.partner.services.get().fees, "150 €")
        self.assertIsNotNone(self.partner.edited_at)
        event = AuditEvent.objects.get(action=AUDIT_CHANGED)
        self.assertEqual(event.changes["phone"], {"old": "", "new": "+49 911 123456"})
        self.assertIn("services", event.changes)
        self.assertEqual(partners_load().kept, ["ihk-fosa"])
        self.assertEqual(Partner.objects.get(key="ihk-fosa").phone, "+49 911 123456")

    def test_a_new_location_and_a_changed_topic_are_saved(self) -> None:
        self.sign_in(self.team_lead)
        data = form_data(
            self.partner,
            topics=[],
            **{
                "locations-TOTAL_FORMS": "2",
                "locations-1-city": "Fürth",
                "locations-1-postal_code": "90762",
            },
        )
        self.assertRedirects(self.client.post(edit_url(self.partner), data), LIST)
        self.assertEqual(self.partner.locations.count(), 2)
        self.assertFalse(self.partner.topics.exists())
        event = AuditEvent.objects.get(action=AUDIT_CHANGED)
        self.assertEqual(event.changes["topics"]["new"], [])
        self.assertIn("locations", event.changes)

    def test_bad_input_names_the_field_and_keeps_the_input(self) -> None:
        self.sign_in(self.team_lead)
        cases: dict[str, dict[str, Any]] = {
            "E-Mail: ": {"email": "keine-adresse"},
            "Telefon: ": {"phone": "ruf mich an"},
            "Sprachen: ": {"languages": "Deutsch und Englisch"},
            "Bedient die Gemeinden: ": {"municipalities": ["1"]},  # besides serves_all_nrw
            "Postleitzahl: ": {"locations-0-postal_code": "9040"},
            "Name: ": {"name": ""},
        }
        for message, change in cases.items():
            with self.subTest(field=message):
                data = form_data(self.partner, **change)
                if change.get("name") == "":
                    data.pop("name")
                response = self.client.post(edit_url(self.partner), data)
                self.assertContains(response, message, status_code=400)
                self.assertContains(
                    response,
                    "keine-adresse" if "email" in change else self.partner.source[:20],
                    status_code=400,
                )
        self.partner.refresh_from_db()
        self.assertEqual(self.partner.email, "")
        self.assertFalse(AuditEvent.objects.filter(action=AUDIT_CHANGED).exists())

    def test_the_staff_navigation_links_the_directory(self) -> None:
        self.sign_in(self.counsellor)
        self.assertContains(self.client.get("/mitarbeitende/"), f'href="{LIST}"')


class MayMaintainTests(WcrTestCase):
    def test_only_team_leads_may_maintain(self) -> None:
        from wcr.accounts.models import Membership
        from wcr.partners.access import may_maintain

        self.assertFalse(may_maintain(None))
        self.assertTrue(may_maintain(Membership.objects.get(user=self.team_lead)))
        self.assertFalse(may_maintain(Membership.objects.get(user=self.counsellor)))

    def test_the_demo_seed_loads_the_directory(self) -> None:
        import io

        from django.core.management import call_command

        call_command("seed_partners_demo", stdout=io.StringIO())
        self.assertTrue(Partner.objects.filter(key="zfe-nrw").exists())
