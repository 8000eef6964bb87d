"""The public request form (/anfrage/) with the Django test client: the two ways in, every
field's bad input named in the page's language with what was typed kept, the ambiguous postal
code, outside the area, success with its confirmation token, the honeypot, the rate limit, the
htmx lookup and the prefill from the navigator."""

from __future__ import annotations

import html
from typing import Any

from django.core import signing
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from wcr.core.mail import mail_unseal
from wcr.navigator import wizard
from wcr.navigator.tests.test_wizard import BLUE_CARD, WizardClient
from wcr.portal.intake import MAX_LENGTH
from wcr.portal.models import IntakeItem, PortalRequest
from wcr.portal.models.notices import privacy_notice_in_force
from wcr.portal.request_views import CONFIRMATION_SALT, LABELS, navigator_prefill
from wcr.portal.tests.test_routing import _partners

URL = "/anfrage/"


def form(**changes: Any) -> dict[str, Any]:
    notice = privacy_notice_in_force()
    assert notice is not None
    data: dict[str, Any] = {
        "kind": "company",
        "given_name": "Jana",
        "family_name": "Becker",
        "company_name": "Becker Sanitär GmbH",
        "sector": "crafts",
        "email": "jana.becker@example.org",
        "phone": "",
        "country": "DE",
        "postal_code": "52349",  # Düren
        "topics": ["recruitment"],
        "message": "Wir suchen zwei Anlagenmechaniker.",
        "language": "de",
        "privacy_notice_version": notice.version,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def label(name: str, language: str) -> str:
    with translation.override(language):
        return str(LABELS[name])


@override_settings(PORTAL_RATE_LIMIT=0)
class RequestFormTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        _partners()

    def post(self, page: str = "de", **changes: Any) -> Any:
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(URL, form(**changes), HTTP_ACCEPT_LANGUAGE=page)

    def test_the_two_ways_in_preselect_the_kind(self) -> None:
        for kind in ("company", "person"):
            with self.subTest(kind):
                response = self.client.get(f"{URL}?kind={kind}", HTTP_ACCEPT_LANGUAGE="de")
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, f'value="{kind}" checked')
                self.assertEqual(response["Cache-Control"].count("no-store"), 1)
        response = self.client.get(URL, HTTP_ACCEPT_LANGUAGE="de")
        self.assertNotContains(response, "checked>", html=False)
        self.assertContains(response, "Beratung anfragen")

    def test_the_form_has_labels_autocomplete_and_the_limits_of_the_checks(self) -> None:
        response = self.client.get(URL, HTTP_ACCEPT_LANGUAGE="de")
        content = response.content.decode()
        for name, limit in MAX_LENGTH.items():
            self.assertIn(f'name="{name}"', content)
            self.assertRegex(content, rf'name="{name}"[^>]*maxlength="{limit}"')
        for token in ("given-name", "family-name", "organization", "email", "tel", "country",
                      "postal-code"):  # fmt: skip
            self.assertIn(f'autocomplete="{token}"', content)
        notice = privacy_notice_in_force()
        assert notice is not None
        self.assertContains(response, f'name="privacy_notice_version" value="{notice.version}"')
        self.assertContains(response, 'href="/datenschutz/"')
        self.assertContains(response, '<option value="de" lang="de" selected>')
        # The honeypot is out of sight and out of the tab order.
        self.assertRegex(content, r'name="website" value="" tabindex="-1" autocomplete="off"')
        self.assertContains(response, 'class="wcr-hp" aria-hidden="true"')

    def test_each_select_offers_its_own_options_and_keeps_the_choice(self) -> None:
        # A re-rendered form (here: a bad email) keeps the chosen sector and country, and the
        # sector select lists sectors, not the countries (a cached-options slip sent every
        # company request back with "choose a sector").
        response = self.post("de", sector="health_care", country="AT", email="no-at-sign")
        self.assertEqual(response.status_code, 400)
        content = response.content.decode()
        sector = content.split('name="sector"', 1)[1].split("</select>", 1)[0]
        country = content.split('name="country"', 1)[1].split("</select>", 1)[0]
        self.assertIn('<option value="health_care" selected>', sector)
        self.assertNotIn('value="AT"', sector)
        self.assertIn('<option selected value="AT">', country)
        self.assertNotIn('value="crafts"', country)
        self.assertEqual([f.name for f in response.context["errors"]], ["email"])

    def test_the_reply_language_is_preselected_to_the_page_language(self) -> None:
        response = self.client.get(URL, HTTP_ACCEPT_LANGUAGE="ar")
        self.assertContains(response, '<html lang="ar" dir="rtl">')
        self.assertContains(response, '<option value="ar" lang="ar" selected>')

    def test_every_bad_field_is_named_in_the_page_language_and_what_was_typed_is_kept(
        self,
    ) -> None:
        cases: dict[str, dict[str, Any]] = {
            "kind": {"kind": "alien"},
            "company_name": {"company_name": ""},
            "sector": {"sector": "mining"},
            "given_name": {"given_name": "A\x00B"},
            "family_name": {"kind": "person", "family_name": ""},
            "email": {"email": "no-at-sign"},
            "phone": {"phone": "call me"},
            "country": {"country": "ZZ"},
            "postal_code": {"postal_code": "5234"},
            "municipality": {"municipality": "123"},
            "link": {"link": "holiday"},
            "topics": {"topics": ["astrology"]},
            "message": {"message": "x" * 4001},
            "language": {"language": "fr"},
            "privacy_notice_version": {"privacy_notice_version": "0.9"},
        }
        for language in ("de", "ar"):
            for name, change in cases.items():
                with self.subTest(language=language, field=name):
                    response = self.post(language, **change)
                    self.assertEqual(response.status_code, 400)
                    errors = response.context["errors"]
                    self.assertEqual([f.name for f in errors], [name])
                    named = f"{label(name, language)}: {errors[0].error}"
                    content = html.unescape(response.content.decode())
                    # Once in the error summary (a link to the field), once at the field.
                    self.assertEqual(content.count(named), 2, named)
                    self.assertIn(f'href="#{errors[0].anchor}"', content)
                    self.assertIn(f'id="{errors[0].anchor}"', content)
                    self.assertIn(f'<html lang="{language}"', content)
                    # Everything typed is kept.
                    self.assertIn('value="jana.becker@example.org"' if name != "email"
                                  else 'value="no-at-sign"', content)  # fmt: skip
                    self.assertIn("Wir suchen zwei Anlagenmechaniker." if name != "message"
                                  else "x" * 4001, content)  # fmt: skip
        self.assertFalse(PortalRequest.objects.exists())

    def test_a_field_with_a_message_is_invalid_and_described_by_it(self) -> None:
        response = self.post(email="nope", phone="call me")
        content = response.content.decode()
        self.assertIn(
            'aria-describedby="id_email-hint id_email-error" aria-invalid="true"', content
        )
        self.assertIn(
            'aria-describedby="id_phone-hint id_phone-error" aria-invalid="true"', content
        )
        self.assertIn('id="error-summary-title" tabindex="-1" autofocus', content)
        self.assertNotIn('id="id_given_name" name="given_name" value="Jana" maxlength="100" '
                         'autocomplete="given-name" aria-invalid', content)  # fmt: skip

    def test_an_ambiguous_postal_code_asks_for_the_municipality_and_keeps_the_rest(self) -> None:
        response = self.post(postal_code="52525")
        self.assertEqual(response.status_code, 400)
        self.assertContains(
            response,
            "Die Postleitzahl 52525 gehört zu mehreren Gemeinden: Welche ist Ihre?",
            status_code=400,
        )
        for number, ags in enumerate(("05370016", "05370032")):
            self.assertContains(
                response,
                f'name="municipality" id="id_municipality_{number}" value="{ags}"',
                status_code=400,
            )
        self.assertContains(response, 'value="Becker Sanitär GmbH"', status_code=400)
        self.assertFalse(PortalRequest.objects.exists())
        response = self.post(postal_code="52525", municipality="05370032")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(PortalRequest.objects.get().municipality.name, "Waldfeucht")

    def test_outside_the_area_the_page_names_who_else_helps_and_nothing_is_stored(self) -> None:
        for code in ("10115", "53879"):  # Berlin; Euskirchen (region data, outside the area)
            with self.subTest(code):
                response = self.post("de", postal_code=code)
                self.assertEqual(response.status_code, 200)
                self.assertTemplateUsed(response, "portal/request_outside.html")
                self.assertContains(response, "Make it in Germany")
                self.assertContains(response, f"Die Postleitzahl {code} liegt nicht im")
        self.assertFalse(PortalRequest.objects.exists())
        self.assertFalse(DBTaskResult.objects.exists())

    def test_a_valid_request_is_stored_and_redirected_to_its_confirmation(self) -> None:
        response = self.post()
        self.assertEqual(response.status_code, 302)
        item = IntakeItem.objects.select_related("request").get()
        self.assertEqual(item.request.company_name, "Becker Sanitär GmbH")
        self.assertEqual(item.request.language, "de")
        self.assertIsNone(item.request.navigator_result)
        location = response["Location"]
        self.assertNotIn(str(item.code), location)
        self.assertNotIn(item.request.reference, location)  # signed, compressed
        confirmation = self.client.get(location, HTTP_ACCEPT_LANGUAGE="de")
        self.assertEqual(confirmation.status_code, 200)
        self.assertContains(confirmation, item.request.reference)
        self.assertContains(confirmation, item.organisation.name)
        assert item.location is not None
        self.assertContains(confirmation, item.location.name)
        self.assertContains(confirmation, "Eine Bestätigung mit dem Aktenzeichen")

    def test_a_message_keeps_its_line_breaks(self) -> None:
        response = self.post(message="Guten Tag,\r\n\r\nwir suchen\tzwei Fachkräfte.")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            PortalRequest.objects.get().message, "Guten Tag,\n\nwir suchen\tzwei Fachkräfte."
        )

    def test_a_person_s_request_leaves_the_company_fields_behind(self) -> None:
        response = self.post(kind="person", sector="crafts")
        self.assertEqual(response.status_code, 302)
        request = PortalRequest.objects.get()
        self.assertEqual((request.kind, request.company_name, request.sector), ("person", "", ""))
        self.assertEqual(request.link, "residence")

    def test_a_tampered_or_expired_confirmation_shows_nothing(self) -> None:
        token = signing.dumps({"r": "WCR-2026-00001", "o": "hwk-aachen"}, salt="another")
        response = self.client.get(reverse("portal:request-done", args=[token]))
        self.assertEqual(response.status_code, 404)
        self.assertNotContains(response, "WCR-2026-00001", status_code=404)
        with self.settings(SECRET_KEY="x" * 60):
            token = signing.dumps({"r": "WCR-2026-00001"}, salt=CONFIRMATION_SALT)
        response = self.client.get(reverse("portal:request-done", args=[token]))
        self.assertEqual(response.status_code, 404)

    def test_the_confirmation_mail_is_enqueued_in_the_chosen_language(self) -> None:
        for language, topic in (("de", "Fachkräftegewinnung und Einwanderung"),
                                ("en", "Recruitment and immigration")):  # fmt: skip
            with self.subTest(language):
                DBTaskResult.objects.all().delete()
                page = "en" if language == "de" else "de"  # the page speaks the other one
                response = self.post(page, language=language)
                self.assertEqual(response.status_code, 302)
                task = DBTaskResult.objects.get()
                message = mail_unseal(task.args_kwargs["kwargs"]["sealed"])
                self.assertEqual(message["to"], ["jana.becker@example.org"])
                self.assertIn(topic, message["body"])
        self.assertEqual(
            list(PortalRequest.objects.order_by("received_at").values_list("language", flat=True)),
            ["de", "en"],
        )

    def test_a_filled_honeypot_answers_like_success_and_stores_nothing(self) -> None:
        response = self.post(website="https://spam.example")
        self.assertEqual(response.status_code, 302)
        self.assertFalse(PortalRequest.objects.exists())
        self.assertFalse(DBTaskResult.objects.exists())
        confirmation = self.client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="de")
        self.assertEqual(confirmation.status_code, 200)

    @override_settings(PORTAL_RATE_LIMIT=2)
    def test_too_many_requests_from_one_address_get_429_in_their_language(self) -> None:
        for _attempt in range(2):
            self.assertEqual(self.post("uk", email="nope").status_code, 400)
        response = self.post("uk")
        self.assertEqual(response.status_code, 429)
        self.assertGreaterEqual(int(response["Retry-After"]), 1)
        self.assertContains(response, '<html lang="uk"', status_code=429)
        self.assertContains(response, 'value="Becker Sanitär GmbH"', status_code=429)
        self.assertFalse(PortalRequest.objects.exists())
        # Showing the form is not counted.
        self.assertEqual(self.client.get(URL).status_code, 200)

    def test_the_municipality_lookup_fragment_asks_when_a_code_has_several(self) -> None:
        url = reverse("portal:request-municipalities")
        response = self.client.get(url, {"postal_code": "52525"}, HTTP_ACCEPT_LANGUAGE="de")
        self.assertContains(response, "gehört zu mehreren Gemeinden")
        self.assertContains(response, 'value="05370016"')
        self.assertNotContains(response, "<html")
        response = self.client.get(url, {"postal_code": "52349"}, HTTP_ACCEPT_LANGUAGE="de")
        self.assertContains(response, "Düren")
        self.assertNotContains(response, 'type="radio"')
        response = self.client.get(url, {"postal_code": "10115"}, HTTP_ACCEPT_LANGUAGE="de")
        self.assertContains(response, "liegt nicht im Rheinischen Revier")
        response = self.client.get(url, {"postal_code": "52"}, HTTP_ACCEPT_LANGUAGE="de")
        self.assertEqual(response.content.decode().strip(), "")

    def test_the_form_is_reached_from_the_start_page_and_the_navigation(self) -> None:
        response = self.client.get("/", HTTP_ACCEPT_LANGUAGE="de")
        self.assertContains(response, 'href="/anfrage/?kind=company"')
        self.assertContains(response, 'href="/anfrage/?kind=person"')
        self.assertContains(response, 'href="/anfrage/"')


@override_settings(PORTAL_RATE_LIMIT=0)
class NavigatorPrefillTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        _partners()

    def setUp(self) -> None:
        WizardClient(self.client).walk(BLUE_CARD)

    def test_the_result_page_links_to_the_form(self) -> None:
        response = self.client.get(reverse("navigator:result"), HTTP_ACCEPT_LANGUAGE="de")
        self.assertContains(response, 'href="/anfrage/?from=navigator"')
        self.assertContains(response, "Beratung anfragen")

    def test_the_form_is_prefilled_from_the_navigator_session(self) -> None:
        response = self.client.get(f"{URL}?from=navigator", HTTP_ACCEPT_LANGUAGE="de")
        self.assertEqual(response.status_code, 200)
        fields = response.context["fields"]
        self.assertEqual(fields["kind"].value, "person")
        self.assertEqual(fields["postal_code"].value, "52062")
        self.assertEqual(fields["country"].value, "IN")
        self.assertEqual(fields["link"].value, "workplace")
        self.assertEqual(fields["topics"].value, ["employment"])
        self.assertIn("Jährliches Bruttogehalt: 72000", fields["message"].value)
        self.assertContains(response, 'name="from" value="navigator"')
        self.assertContains(
            response, 'name="attach_navigator" id="id_attach_navigator" value="1" checked'
        )

    def test_without_from_navigator_nothing_is_prefilled(self) -> None:
        response = self.client.get(URL, HTTP_ACCEPT_LANGUAGE="de")
        self.assertEqual(response.context["fields"]["postal_code"].value, "")
        self.assertNotContains(response, 'name="from"')

    def test_an_employer_answering_for_a_candidate_asks_as_a_company(self) -> None:
        answers = dict(self.client.session[wizard.SESSION_KEY])
        values = navigator_prefill(wizard.answers_to_request(answers, wizard.EMPLOYER), answers)
        self.assertEqual(values["kind"], "company")
        self.assertEqual(values["topics"], ["recruitment", "employment"])
        self.assertNotIn("country", values)  # the candidate's residence, not the company's
        self.assertEqual((values["postal_code"], values["link"]), ("52062", "workplace"))

    def _send(self, **extra: Any) -> PortalRequest:
        prefilled = self.client.get(f"{URL}?from=navigator").context["fields"]
        data = form(
            kind="person",
            company_name=None,
            sector=None,
            postal_code=prefilled["postal_code"].value,
            topics=prefilled["topics"].value,
            message=prefilled["message"].value,
            **extra,
        )
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(URL, data, HTTP_ACCEPT_LANGUAGE="de")
        self.assertEqual(response.status_code, 302)
        return PortalRequest.objects.latest("received_at")

    def test_the_result_is_attached_from_the_session_not_from_the_browser(self) -> None:
        request = self._send(**{"from": "navigator", "attach_navigator": "1"})
        expected = wizard.answers_to_request(
            dict(self.client.session[wizard.SESSION_KEY]), wizard.SELF
        )
        assert request.navigator_result is not None
        self.assertEqual(request.navigator_result["facts"], expected["facts"])
        self.assertEqual(request.navigator_result["municipality"], "05334002")

    def test_the_result_is_not_attached_when_the_box_is_unticked(self) -> None:
        request = self._send(**{"from": "navigator"})
        self.assertIsNone(request.navigator_result)

    def test_a_browser_cannot_smuggle_a_result_in(self) -> None:
        self.client.post(reverse("navigator:delete"))
        request = self._send_without_session()
        self.assertIsNone(request.navigator_result)

    def _send_without_session(self) -> PortalRequest:
        data = form(**{"from": "navigator", "attach_navigator": "1",
                       "navigator_result": '{"facts": {"goal": "study"}}'})  # fmt: skip
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(URL, data, HTTP_ACCEPT_LANGUAGE="de")
        self.assertEqual(response.status_code, 302)
        return PortalRequest.objects.get()
