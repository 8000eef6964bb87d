"""Content pages: each public page in the five languages (``lang``/``dir``), the fallback to
German, sanitising, the staff editing flow (draft, preview, publish, history), who may edit, the
audit rows, new privacy notice versions, and the accessibility feedback form and its mail."""

from __future__ import annotations

import datetime
import io
import re

from django.core.management import call_command
from django.test import TestCase, TransactionTestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from wcr.core.testing.base import WcrTestCase
from wcr.core.testing.factories import OrganisationFactory
from wcr.core.testing.smtp import smtp_settings, smtp_sink
from wcr.core.testing.tasks import run_worker
from wcr.portal.content import content_draft_save, content_publish, render, sections
from wcr.portal.feedback import accessibility_feedback_purge
from wcr.portal.models import AccessibilityFeedback, ContentPage, ContentVersion, PrivacyNotice
from wcr.privacy.models import AuditEvent

PUBLIC_LANGUAGES = ("de", "en", "ar", "uk", "tr")
PAGES = {
    "/": "start",
    "/themen/": "topics",
    "/beratung/": "counselling",
    "/barrierefreiheit/": "accessibility",
    "/impressum/": "imprint",
    "/leichte-sprache/": "easy-language",
}
# A phrase of version 1 per language (from wcr/portal/data/content/).
START_WORDS = {
    "de": "Für Unternehmen",
    "en": "For companies",
    "ar": "للشركات",
    "uk": "Для підприємств",
    "tr": "Şirketler için",
}
COUNSELLING_WORDS = {
    "de": "Vertraulich",
    "en": "Confidential",
    "ar": "سرية",
    "uk": "Конфіденційно",
    "tr": "Gizli",
}


def get(client, url: str, language: str, **kwargs):  # type: ignore[no-untyped-def]
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language, **kwargs)


class PublicPagesTests(TestCase):
    def test_every_page_reads_in_every_language_with_lang_and_dir(self) -> None:
        for url in PAGES:
            for language in PUBLIC_LANGUAGES:
                with self.subTest(url=url, language=language):
                    response = get(self.client, url, language)
                    self.assertEqual(response.status_code, 200)
                    direction = "rtl" if language == "ar" else "ltr"
                    self.assertContains(response, f'<html lang="{language}" dir="{direction}">')

    def test_each_page_shows_its_own_text_in_the_readers_language(self) -> None:
        for language in PUBLIC_LANGUAGES:
            with self.subTest(language=language):
                self.assertContains(get(self.client, "/", language), START_WORDS[language])
                response = get(self.client, "/beratung/", language)
                self.assertContains(response, COUNSELLING_WORDS[language])
                # a page in its own language carries no extra lang attribute on the body
                self.assertContains(response, '<div class="wcr-content">')

    def test_the_start_page_keeps_its_two_ways_in_and_the_locations(self) -> None:
        response = get(self.client, "/", "de")
        self.assertContains(response, '<h3 class="kern-heading-small">Für Unternehmen</h3>')
        self.assertContains(response, '<h3 class="kern-heading-small">Für Fachkräfte</h3>')
        self.assertContains(response, 'href="/navigator/arbeitgeber/"')
        self.assertContains(response, "Unsere Standorte")

    def test_leichte_sprache_is_german_and_marked_so_in_every_language(self) -> None:
        response = get(self.client, "/leichte-sprache/", "de")
        self.assertContains(response, "Die Beratung kostet nichts.")
        self.assertContains(response, '<div class="wcr-content">')
        for language in ("en", "ar", "uk", "tr"):
            with self.subTest(language=language):
                response = get(self.client, "/leichte-sprache/", language)
                self.assertContains(response, "Die Beratung kostet nichts.")
                self.assertContains(response, '<div class="wcr-content" lang="de" dir="ltr">')

    def test_every_page_links_leichte_sprache_and_the_new_pages(self) -> None:
        for language in PUBLIC_LANGUAGES:
            with self.subTest(language=language):
                response = get(self.client, "/impressum/", language)
                self.assertContains(response, 'href="/leichte-sprache/" lang="de"')
                self.assertContains(response, ">Leichte Sprache</a>")
                self.assertContains(response, 'href="/themen/"')
                self.assertContains(response, 'href="/beratung/"')

    def test_the_accessibility_statement_names_the_enforcement_procedure(self) -> None:
        response = get(self.client, "/barrierefreiheit/", "de")
        self.assertContains(response, "teilweise vereinbar")
        self.assertContains(response, "Ombudsstelle")
        self.assertContains(response, "BITVNRW")
        self.assertContains(response, 'name="message"')

    def test_a_language_without_text_falls_back_to_german_then_english(self) -> None:
        page = ContentPage.objects.get(slug="topics")
        ContentVersion.objects.create(
            page=page,
            number=99,
            bodies={"de": "Nur Deutsch.", "en": "English too."},
            state="published",
            created_at=timezone.now(),
            published_at=timezone.now(),
        )
        response = get(self.client, "/themen/", "ar")
        self.assertContains(response, '<div class="wcr-content" lang="de" dir="ltr">')
        self.assertContains(response, "Nur Deutsch.")
        response = get(self.client, "/themen/", "en")
        self.assertContains(response, "English too.")
        version = ContentVersion.objects.get(page=page, number=99)
        version.bodies = {"en": "English only."}
        self.assertEqual(version.body_language("tr"), "en")
        self.assertEqual(version.body("tr"), "English only.")
        version.bodies = {}
        self.assertEqual(version.body_language("tr"), "tr")

    def test_an_arabic_reader_of_a_german_fallback_gets_ltr_and_a_german_reader_of_arabic_rtl(
        self,
    ) -> None:
        page = ContentPage.objects.get(slug="topics")
        ContentVersion.objects.create(
            page=page, number=98, bodies={"en": "Only English."}, state="published",
            created_at=timezone.now(), published_at=timezone.now(),
        )  # fmt: skip
        response = get(self.client, "/themen/", "ar")
        self.assertContains(response, '<div class="wcr-content" lang="en" dir="ltr">')

    def test_a_page_without_any_version_still_answers(self) -> None:
        ContentPage.objects.filter(slug="topics").delete()
        self.assertEqual(get(self.client, "/themen/", "de").status_code, 200)
        ContentVersion.objects.filter(page__slug="start").delete()
        response = get(self.client, "/", "de")
        self.assertContains(response, "Unsere Standorte")


class SanitisingTests(TestCase):
    def test_a_script_never_reaches_the_page(self) -> None:
        html = render('Hallo <script>alert("x")</script>\n\n<img src="https://evil.example/x.png">')
        self.assertNotIn("<script", html)
        self.assertNotIn("<img", html)

    def test_raw_html_is_never_passed_through(self) -> None:
        # raw HTML is off in the Markdown parser, and nh3 would drop it anyway
        html = render('<a href="https://example.org" onclick="x()">a</a>')
        self.assertIsNone(re.search(r"<a[^>]*onclick", html))

    def test_a_javascript_link_loses_its_address(self) -> None:
        for source in ("[klick](javascript:alert(1))", "[klick](JaVaScRiPt:alert(1))",
                       '<a href="javascript:alert(1)">klick</a>'):  # fmt: skip
            with self.subTest(source=source):
                html = render(source).lower()
                self.assertIsNone(re.search(r"<a[^>]*javascript:", html))

    def test_no_inline_style_or_event_handler_and_no_image(self) -> None:
        html = render(
            '<p style="color:red" onclick="x()">a</p>\n\n![bild](https://evil.example/b.png)'
        )
        self.assertIsNone(re.search(r"<[a-z][^>]*\s(style|onclick)=", html))
        self.assertNotIn("<img", html)  # an image becomes at most a link to it

    def test_markdown_becomes_kern_styled_html(self) -> None:
        html = render("## Titel\n\n- eins\n\n[Link](/themen/) und [Mail](mailto:a@example.org)")
        self.assertIn('<h2 class="kern-heading-medium">Titel</h2>', html)
        self.assertIn('<ul class="kern-list kern-list--bullet">', html)
        self.assertIn('href="/themen/"', html)
        self.assertIn('href="mailto:a@example.org"', html)

    def test_the_start_page_sections_are_split_at_level_two_headings(self) -> None:
        intro, cards = sections("Einleitung\n\n## Eins <b>x</b>\n\nText eins\n\n## Zwei\n\nText")
        self.assertIn("Einleitung", intro)
        self.assertEqual([c.heading for c in cards], ["Eins x", "Zwei"])
        self.assertIn("Text eins", cards[0].body)

    def test_a_published_body_with_a_script_is_shown_without_it(self) -> None:
        page = ContentPage.objects.get(slug="counselling")
        ContentVersion.objects.create(
            page=page, number=50, state="published", created_at=timezone.now(),
            published_at=timezone.now(),
            bodies={"de": 'Text <script>alert(1)</script> [x](javascript:alert(2))'},
        )  # fmt: skip
        response = get(self.client, "/beratung/", "de")
        self.assertNotContains(response, "<script>alert(1)")
        self.assertNotContains(response, 'href="javascript:')


class EditingTests(WcrTestCase):
    url = "/mitarbeitende/inhalte/"

    def test_the_list_shows_every_page_with_its_published_version(self) -> None:
        response = self.sign_in(self.team_lead).get(self.url)
        self.assertContains(response, "Portalseiten")
        for slug in PAGES.values():
            self.assertContains(response, f'href="/mitarbeitende/inhalte/{slug}/"')
        self.assertContains(response, 'href="/mitarbeitende/inhalte/datenschutz/"')

    def test_the_staff_navigation_links_the_pages_for_those_who_may_edit(self) -> None:
        response = self.sign_in(self.coordinator).get("/mitarbeitende/")
        self.assertContains(response, 'href="/mitarbeitende/inhalte/"')
        response = self.sign_in(self.counsellor).get("/mitarbeitende/")
        self.assertNotContains(response, 'href="/mitarbeitende/inhalte/"')

    def test_edit_preview_publish_and_history(self) -> None:
        client = self.sign_in(self.team_lead)
        edit = self.url + "topics/bearbeiten/"
        form = client.get(edit)
        self.assertContains(form, "Fachkräfte gewinnen und einwandern")  # version 1 pre-filled
        response = client.post(
            edit,
            {
                "body_de": "## Neu\n\nNeuer Text.",
                "body_en": "## New\n\nNew text.",
                "body_ar": "",
                "to_review": ["ar", "en"],
            },
            follow=True,
        )
        self.assertContains(response, "Entwurf Fassung 2 gespeichert")
        draft = ContentVersion.objects.get(page__slug="topics", number=2)
        self.assertEqual(draft.state, "draft")
        self.assertEqual(draft.bodies, {"de": "## Neu\n\nNeuer Text.", "en": "## New\n\nNew text."})
        self.assertEqual(draft.to_review, ["en"])  # no Arabic text, nothing to review
        self.assertEqual(draft.author, self.team_lead)
        # the public still sees version 1
        self.assertNotContains(get(self.client, "/themen/", "de"), "Neuer Text.")
        preview = client.get(self.url + "topics/fassung/2/vorschau/", {"sprache": "ar"})
        self.assertContains(preview, "Vorschau" if False else "معاينة")
        self.assertContains(preview, '<html lang="ar" dir="rtl">')
        self.assertContains(preview, '<div class="wcr-content" lang="de" dir="ltr">')
        self.assertContains(preview, "Neuer Text.")
        preview = client.get(self.url + "topics/fassung/2/vorschau/")
        self.assertContains(preview, "<strong>Vorschau</strong>")
        response = client.post(self.url + "topics/fassung/2/veroeffentlichen/", follow=True)
        self.assertContains(response, "Fassung 2 ist veröffentlicht")
        self.assertContains(get(self.client, "/themen/", "de"), "Neuer Text.")
        draft.refresh_from_db()
        self.assertEqual((draft.state, draft.published_by), ("published", self.team_lead))
        history = client.get(self.url + "topics/")
        self.assertContains(history, "lead.a")
        self.assertContains(history, 'data-testid="content-history"')
        # publishing again changes nothing
        client.post(self.url + "topics/fassung/2/veroeffentlichen/")
        self.assertEqual(AuditEvent.objects.filter(action="content.published").count(), 1)

    def test_an_older_draft_cannot_replace_a_newer_published_version(self) -> None:
        page = ContentPage.objects.get(slug="imprint")
        old = content_draft_save(
            actor=self.coordinator, page=page, bodies={"de": "Alt"}, to_review=[]
        )
        new = content_draft_save(
            actor=self.coordinator, page=page, bodies={"de": "Neu"}, to_review=[]
        )
        content_publish(actor=self.coordinator, version=new)
        response = self.sign_in(self.coordinator).post(
            self.url + f"imprint/fassung/{old.number}/veroeffentlichen/", follow=True
        )
        self.assertContains(response, "Nur ein Entwurf, der neuer")
        old.refresh_from_db()
        self.assertEqual(old.state, "draft")

    def test_a_draft_without_german_or_too_long_is_refused_and_keeps_the_text(self) -> None:
        client = self.sign_in(self.team_lead)
        response = client.post(self.url + "start/bearbeiten/", {"body_de": " ", "body_en": "Kept"})
        self.assertContains(response, "Deutsch: Der deutsche Text ist Pflicht", status_code=400)
        self.assertContains(response, ">Kept</textarea>", status_code=400)
        response = client.post(
            self.url + "start/bearbeiten/", {"body_de": "x", "body_tr": "y" * 40_001}
        )
        self.assertContains(response, "bitte höchstens 40000 Zeichen", status_code=400)
        self.assertEqual(ContentVersion.objects.filter(page__slug="start").count(), 1)

    def test_the_easy_language_page_has_only_a_german_field(self) -> None:
        response = self.sign_in(self.team_lead).get(self.url + "easy-language/bearbeiten/")
        self.assertContains(response, 'name="body_de"')
        self.assertNotContains(response, 'name="body_en"')

    def test_unknown_pages_and_versions_are_404(self) -> None:
        client = self.sign_in(self.team_lead)
        for url in ("nope/", "nope/bearbeiten/", "topics/fassung/x/vorschau/",
                    "topics/fassung/77/vorschau/"):  # fmt: skip
            with self.subTest(url=url):
                self.assertEqual(client.get(self.url + url).status_code, 404)

    def test_everyone_else_gets_404(self) -> None:
        urls = ["", "datenschutz/", "topics/", "topics/bearbeiten/", "topics/fassung/1/vorschau/"]
        for user in (self.counsellor, self.other_team_lead, self.other_counsellor, self.dpo,
                     self.administrator, self.no_membership):  # fmt: skip
            client = self.sign_in(user)
            for url in urls:
                with self.subTest(user=user.username, url=url):
                    self.assertEqual(client.get(self.url + url).status_code, 404)
            with self.subTest(user=user.username, action="post"):
                self.assertEqual(client.post(self.url + "topics/bearbeiten/",
                                             {"body_de": "x"}).status_code, 404)  # fmt: skip
                self.assertEqual(
                    client.post(self.url + "topics/fassung/1/veroeffentlichen/").status_code, 404
                )
        self.assertEqual(ContentVersion.objects.filter(page__slug="topics").count(), 1)

    def test_every_change_is_audited_under_the_lead_partner(self) -> None:
        client = self.sign_in(self.coordinator)
        client.post(self.url + "imprint/bearbeiten/", {"body_de": "Neu", "body_en": ""})
        client.post(self.url + "imprint/fassung/2/veroeffentlichen/")
        saved = AuditEvent.objects.get(action="content.draft_saved")
        self.assertEqual(saved.actor, self.coordinator)
        self.assertEqual(saved.organisation, self.org_a)
        self.assertEqual(saved.changes["page"]["new"], "imprint")
        self.assertEqual(saved.changes["version"], {"old": 1, "new": 2})
        self.assertIn("de", saved.changes["languages"]["new"])
        published = AuditEvent.objects.get(action="content.published")
        self.assertEqual(published.changes["version"], {"old": 1, "new": 2})

    def test_the_audit_trail_shows_the_content_events_in_words(self) -> None:
        client = self.sign_in(self.coordinator)
        client.post(self.url + "imprint/bearbeiten/", {"body_de": "Neu"})
        response = self.sign_in(self.dpo).get(reverse("privacy:audit_trail"))
        self.assertContains(response, "Entwurf einer Portalseite gespeichert")


class PrivacyNoticeEditingTests(WcrTestCase):
    url = "/mitarbeitende/inhalte/datenschutz/"

    def test_a_new_version_is_created_sanitised_and_audited(self) -> None:
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        response = self.sign_in(self.team_lead).post(
            self.url,
            {
                "version": "2",
                "published_on": tomorrow.isoformat(),
                "body_de": "## Verantwortlich\n\nText <script>x()</script>",
                "body_ar": "نص",
            },
            follow=True,
        )
        self.assertContains(response, "Fassung 2 der Datenschutzerklärung gespeichert")
        notice = PrivacyNotice.objects.get(version="2")
        self.assertEqual(notice.published_on, tomorrow)
        self.assertEqual(sorted(notice.bodies), ["ar", "de"])
        self.assertNotIn("<script", notice.bodies["de"])
        self.assertIn('<h2 class="kern-heading-medium">Verantwortlich</h2>', notice.bodies["de"])
        event = AuditEvent.objects.get(action="privacy_notice.version_created")
        self.assertEqual(event.changes["version"]["new"], "2")
        # not in force before its day: the public still sees version 1
        self.assertContains(get(self.client, "/datenschutz/", "de"), "Fassung 1")

    def test_a_published_version_is_never_changed_and_dates_are_checked(self) -> None:
        client = self.sign_in(self.coordinator)
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        before = PrivacyNotice.objects.get(version="1").bodies
        for data, error in (
            ({"version": "1", "published_on": timezone.localdate().isoformat(), "body_de": "x"},
             "Diese Fassung gibt es schon"),
            ({"version": "abc", "published_on": timezone.localdate().isoformat(), "body_de": "x"},
             "Zahlen wie 2 oder 2.1"),
            ({"version": "3", "published_on": yesterday.isoformat(), "body_de": "x"},
             "heute oder später"),
            ({"version": "3", "published_on": "morgen", "body_de": "x"}, "Bitte geben Sie ein Datum"),
            ({"version": "3", "published_on": timezone.localdate().isoformat(), "body_de": ""},
             "Der deutsche Text ist Pflicht"),
            ({"version": "3", "published_on": timezone.localdate().isoformat(), "body_de": "x",
              "body_uk": "y" * 40_001}, "bitte höchstens 40000 Zeichen"),
        ):  # fmt: skip
            with self.subTest(error=error):
                response = client.post(self.url, data)
                self.assertContains(response, error, status_code=400)
        self.assertEqual(PrivacyNotice.objects.get(version="1").bodies, before)
        self.assertFalse(PrivacyNotice.objects.filter(version="3").exists())

    def test_the_page_lists_the_versions(self) -> None:
        response = self.sign_in(self.coordinator).get(self.url)
        self.assertContains(response, "Fassungen der Datenschutzerklärung")
        self.assertContains(response, '<th class="kern-table__cell" scope="row">1</th>')


class FeedbackFormTests(TestCase):
    url = "/barrierefreiheit/"

    @classmethod
    def setUpTestData(cls) -> None:
        OrganisationFactory(slug="whkt", name="WHKT", is_lead=True, email="wcr@example.org")

    def test_bad_input_names_the_field_in_german_and_keeps_what_was_typed(self) -> None:
        cases = (
            ({"message": "", "email": "a@example.org"}, "Nachricht: Bitte beschreiben Sie", 'value="a@example.org"'),
            ({"message": "x" * 4001}, "Nachricht: Bitte schreiben Sie höchstens 4000 Zeichen", "x" * 4001),
            ({"message": "Kontrast", "email": "kein-at"}, "E-Mail: Bitte geben Sie eine gültige", ">Kontrast</textarea>"),
            ({"message": "Kontrast", "page": "/" + "p" * 300}, "Seite: Bitte geben Sie höchstens 300", ">Kontrast</textarea>"),
        )  # fmt: skip
        for data, error, kept in cases:
            with self.subTest(error=error):
                response = self.client.post(self.url, data, HTTP_ACCEPT_LANGUAGE="de")
                self.assertContains(response, error, status_code=400)
                self.assertContains(response, kept, status_code=400)
                self.assertContains(response, 'aria-invalid="true"', status_code=400)
        self.assertFalse(AccessibilityFeedback.objects.exists())

    def test_bad_input_names_the_field_in_arabic(self) -> None:
        cases = (
            ({"message": ""}, "الرسالة: يرجى وصف العائق."),
            ({"message": "x" * 4001}, "الرسالة: يرجى كتابة 4000 حرف كحد أقصى"),
            ({"message": "تباين", "email": "خطأ"}, "البريد الإلكتروني: يرجى إدخال"),
            ({"message": "تباين", "page": "p" * 301}, "الصفحة: يرجى إدخال 300 حرف"),
        )
        for data, error in cases:
            with self.subTest(error=error):
                response = self.client.post(self.url, data, HTTP_ACCEPT_LANGUAGE="ar")
                self.assertContains(response, error, status_code=400)
                self.assertContains(response, '<html lang="ar" dir="rtl">', status_code=400)
        response = self.client.post(self.url, {"message": "تباين", "email": "خطأ"},
                                    HTTP_ACCEPT_LANGUAGE="ar")  # fmt: skip
        self.assertContains(response, ">تباين</textarea>", status_code=400)

    def test_a_report_is_stored_and_thanked(self) -> None:
        response = self.client.post(
            self.url, {"message": "Kontrast zu schwach", "page": "/themen/"},
            HTTP_ACCEPT_LANGUAGE="de", follow=True,
        )  # fmt: skip
        self.assertContains(response, "Vielen Dank. Ihre Nachricht ist angekommen")
        feedback = AccessibilityFeedback.objects.get()
        self.assertEqual((feedback.message, feedback.page, feedback.email, feedback.language),
                         ("Kontrast zu schwach", "/themen/", "", "de"))  # fmt: skip

    def test_the_page_field_is_prefilled_from_the_link(self) -> None:
        response = self.client.get(self.url, {"seite": "/beratung/"})
        self.assertContains(response, 'value="/beratung/"')

    def test_the_honeypot_stores_nothing_but_answers_as_usual(self) -> None:
        response = self.client.post(self.url, {"message": "Spam", "website": "http://spam"})
        self.assertEqual(response.status_code, 302)
        self.assertFalse(AccessibilityFeedback.objects.exists())

    @override_settings(PORTAL_RATE_LIMIT=2)
    def test_the_rate_limit_answers_429_in_the_readers_language(self) -> None:
        for _ in range(2):
            self.client.post(self.url, {"message": "a"})
        response = self.client.post(self.url, {"message": "kept text"}, HTTP_ACCEPT_LANGUAGE="de")
        self.assertContains(response, "Zu viele Nachrichten", status_code=429)
        self.assertContains(response, ">kept text</textarea>", status_code=429)
        self.assertIn("Retry-After", response)
        self.assertEqual(AccessibilityFeedback.objects.count(), 2)

    def test_reports_older_than_a_year_are_deleted_by_the_daily_command(self) -> None:
        now = timezone.now()
        for days in (366, 364):
            AccessibilityFeedback.objects.create(
                message=f"{days}", language="de", created_at=now - datetime.timedelta(days=days)
            )
        out = io.StringIO()
        call_command("portal_feedback_purge", stdout=out)
        self.assertIn("Deleted 1", out.getvalue())
        self.assertEqual(
            list(AccessibilityFeedback.objects.values_list("message", flat=True)), ["364"]
        )
        self.assertEqual(accessibility_feedback_purge(now=now + datetime.timedelta(days=2)), 1)


class FeedbackMailTests(TransactionTestCase):
    def test_the_lead_partner_gets_the_report_by_mail(self) -> None:
        OrganisationFactory(slug="whkt-mail", name="WHKT", is_lead=True, email="wcr@example.org")
        with smtp_sink() as (port, received), override_settings(**smtp_settings(port)):
            self.client.post(
                "/barrierefreiheit/",
                {
                    "message": "Der Knopf ist ohne Tastatur nicht erreichbar",
                    "email": "r@example.org",
                    "page": "/themen/",
                },
                HTTP_ACCEPT_LANGUAGE="ar",
            )
            run_worker()
        self.assertEqual(len(received), 1)
        self.assertEqual(received[0]["To"], "wcr@example.org")
        self.assertIn("Barriere", received[0]["Subject"])
        body = received[0].get_body(("plain",)).get_content()
        self.assertIn("Der Knopf ist ohne Tastatur nicht erreichbar", body)
        self.assertIn("r@example.org", body)
        self.assertIn("/themen/", body)
