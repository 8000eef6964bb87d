"""Dates in the reader's language: English pages read "1 December 2026", never 12/01/2026; German
ones "01.12.2026" or "1. Dezember 2026"; and a date field's hint names a format the field takes."""

from __future__ import annotations

import datetime

from django import forms
from django.template import Context, Template
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from wcr.cases.forms import DateInput
from wcr.core.dates import date_input_hint
from wcr.core.testing.factories import LocationFactory

DAY = datetime.date(2026, 12, 1)
LANGUAGES = ("de", "en", "ar", "uk", "tr")


def render(template: str, language: str) -> str:
    with translation.override(language):
        moment = datetime.datetime(2026, 12, 1, 9, 30)  # noqa: DTZ001 (a wall-clock time to format)
        return Template(template).render(Context({"day": DAY, "moment": moment}))


class DateField(forms.Form):
    on = forms.DateField(widget=DateInput)


class DisplayTests(TestCase):
    def test_english_long_and_short_dates_name_the_day_first(self) -> None:
        self.assertEqual(render('{{ day|date:"DATE_FORMAT" }}', "en"), "1 December 2026")
        self.assertEqual(render('{{ day|date:"SHORT_DATE_FORMAT" }}', "en"), "1 Dec 2026")
        self.assertEqual(
            render('{{ moment|date:"SHORT_DATETIME_FORMAT" }}', "en"), "1 Dec 2026, 09:30"
        )

    def test_german_dates(self) -> None:
        self.assertEqual(render('{{ day|date:"SHORT_DATE_FORMAT" }}', "de"), "01.12.2026")
        self.assertEqual(render('{{ day|date:"DATE_FORMAT" }}', "de"), "1. Dezember 2026")

    def test_no_language_shows_the_american_month_first(self) -> None:
        for language in LANGUAGES:
            with self.subTest(language=language):
                for value, name in (
                    ("day", "DATE_FORMAT"),
                    ("day", "SHORT_DATE_FORMAT"),
                    ("moment", "SHORT_DATETIME_FORMAT"),
                ):
                    text = render(f'{{{{ {value}|date:"{name}" }}}}', language)
                    self.assertNotIn("12/01", text.replace("\u200f", ""))

    def test_an_english_page_shows_the_long_date(self) -> None:
        LocationFactory(slug="aachen", address="Sandkaulbach 21", contact_retrieved_on=DAY)
        english = self.client.get(reverse("portal:locations"), HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(english, "1 December 2026")
        self.assertNotContains(english, "12/01/2026")
        german = self.client.get(reverse("portal:locations"), HTTP_ACCEPT_LANGUAGE="de")
        self.assertContains(german, "1. Dezember 2026")


class InputHintTests(TestCase):
    def test_the_hint_is_written_in_the_language(self) -> None:
        expected = {"de": "TT.MM.JJJJ", "en": "DD/MM/YYYY"}
        for language, hint in expected.items():
            with self.subTest(language=language), translation.override(language):
                self.assertEqual(date_input_hint(), hint)
                self.assertIn(f'placeholder="{hint}"', str(DateField()["on"]))

    def test_the_field_takes_a_date_typed_as_the_hint_shows(self) -> None:
        typed = {"de": "01.12.2026", "en": "01/12/2026", "ar": "01/12/2026", "tr": "01/12/2026"}
        for language, text in typed.items():
            with self.subTest(language=language), translation.override(language):
                form = DateField({"on": text})
                self.assertTrue(form.is_valid(), form.errors)
                self.assertEqual(form.cleaned_data["on"], DAY)

    def test_every_language_takes_what_its_own_hint_describes(self) -> None:
        tokens = {"%d": "01", "%m": "12", "%Y": "2026"}
        for language in LANGUAGES:
            with self.subTest(language=language), translation.override(language):
                from django.utils.formats import get_format

                first = get_format("DATE_INPUT_FORMATS")[0]
                text = first
                for token, value in tokens.items():
                    text = text.replace(token, value)
                form = DateField({"on": text})
                self.assertTrue(form.is_valid(), (first, form.errors))
                self.assertEqual(form.cleaned_data["on"], DAY)

    def test_the_date_picker_still_sends_iso_dates_in_every_language(self) -> None:
        for language in LANGUAGES:
            with self.subTest(language=language), translation.override(language):
                form = DateField({"on": "2026-12-01"})
                self.assertTrue(form.is_valid(), form.errors)
                self.assertEqual(form.cleaned_data["on"], DAY)


class BirthDateTests(TestCase):
    def test_a_birth_date_reads_in_the_language_of_the_page(self) -> None:
        from wcr.cases.models import Person

        person = Person(birth_date=datetime.date(1991, 3, 14), birth_date_precision="day")
        with translation.override("de"):
            self.assertEqual(person.birth_date_display(), "14.03.1991")
        with translation.override("en"):
            self.assertEqual(person.birth_date_display(), "14 Mar 1991")
