"""The person form: the native-script name is saved when edited, the original script has no
default, and German postal codes are checked (issue #9)."""

from __future__ import annotations

import datetime

from django.urls import reverse

from wcr.cases import services
from wcr.cases.models import Person, PersonName
from wcr.core.testing.base import WcrTestCase
from wcr.privacy.models import AuditEvent


class PersonFormTestCase(WcrTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.person = services.person_create(
            actor=cls.counsellor,
            organisation=cls.org_a,
            data=services.PersonInput(
                given_name="Mohammed",
                family_name="Al-Hassan",
                birth_date=datetime.date(1991, 3, 14),
            ),
            variants=[services.NameVariant("محمد", "الحسن", kind="native", script="arabic")],
        )

    def form(self, **overrides: object) -> dict[str, object]:
        return {
            "given_name": "Mohammed",
            "family_name": "Al-Hassan",
            "native_given_name": "محمد",
            "native_family_name": "الحسن",
            "native_script": "arabic",
            "birth_date": "1991-03-14",
            "birth_date_precision": "day",
            "gender": "m",
            "nationalities": "SY",
            "country_of_residence": "DE",
            "residence_status": "unknown",
            "preferred_language": "ar",
            "version": self.person.version,
        } | overrides

    def edit(self, **overrides: object):  # type: ignore[no-untyped-def]
        self.sign_in(self.counsellor)
        return self.client.post(
            reverse("cases:person_edit", args=[self.person.code]), self.form(**overrides)
        )


class NativeNameEditTests(PersonFormTestCase):
    def test_editing_an_existing_native_name_saves_it_and_audits_it(self) -> None:
        response = self.edit(native_given_name="محمّد", native_family_name="الحسن")
        self.assertEqual(response.status_code, 302)
        native = PersonName.objects.get(person=self.person, kind="native")
        self.assertEqual(native.given_name, "محمّد")
        self.assertEqual(PersonName.objects.filter(person=self.person, kind="native").count(), 1)
        event = AuditEvent.objects.filter(action="person.name_changed").latest("seq")
        self.assertEqual(event.changes["native_name"]["new"], "محمّد الحسن")
        self.person.refresh_from_db()
        self.assertIn(" ", self.person.search_keys)

    def test_changing_only_the_script_is_saved(self) -> None:
        self.edit(native_script="other")
        self.assertEqual(PersonName.objects.get(person=self.person, kind="native").script, "other")

    def test_clearing_the_native_name_removes_it(self) -> None:
        self.assertEqual(self.edit(native_given_name="", native_family_name="").status_code, 302)
        self.assertFalse(PersonName.objects.filter(person=self.person, kind="native").exists())

    def test_the_edit_form_shows_the_stored_native_name(self) -> None:
        self.sign_in(self.counsellor)
        response = self.client.get(reverse("cases:person_edit", args=[self.person.code]))
        self.assertContains(response, 'value="محمد"')


class OriginalScriptTests(PersonFormTestCase):
    def test_the_original_script_starts_empty(self) -> None:
        self.sign_in(self.counsellor)
        response = self.client.get(reverse("cases:person_new"))
        self.assertContains(response, '<option value="" selected>—</option>', html=False)
        self.assertNotContains(response, '<option value="arabic" selected>')

    def test_saving_without_a_native_name_stores_no_script(self) -> None:
        self.sign_in(self.counsellor)
        data = self.form(
            given_name="Olena",
            family_name="Kowalenko",
            native_given_name="",
            native_family_name="",
            native_script="arabic",
            birth_date="1990-05-01",
        )
        data.pop("version")
        self.client.post(reverse("cases:person_new"), data)
        person = Person.objects.get(family_name="Kowalenko")
        self.assertFalse(person.names.exists())

    def test_a_native_name_without_a_chosen_script_gets_the_script_of_its_letters(self) -> None:
        self.sign_in(self.counsellor)
        data = self.form(
            given_name="Olena",
            family_name="Kowalenko",
            native_given_name="Олена",
            native_family_name="Коваленко",
            native_script="",
            birth_date="1990-05-01",
        )
        data.pop("version")
        self.client.post(reverse("cases:person_new"), data)
        person = Person.objects.get(family_name="Kowalenko")
        self.assertEqual(person.names.get().script, "cyrillic")


class PostalCodeTests(PersonFormTestCase):
    def test_a_german_postal_code_must_have_five_digits(self) -> None:
        for value in ("ABCDE", "5206", "520621", "52 062"):
            with self.subTest(value=value):
                response = self.edit(postal_code=value)
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, "Postleitzahl:", status_code=400)
                self.assertContains(response, "fünf Ziffern", status_code=400)
                self.assertContains(response, f'value="{value}"', status_code=400)

    def test_a_german_postal_code_is_saved(self) -> None:
        self.assertEqual(self.edit(postal_code=" 52062 ").status_code, 302)
        self.person.refresh_from_db()
        self.assertEqual(self.person.postal_code, "52062")

    def test_a_foreign_postal_code_is_taken_when_the_person_lives_abroad(self) -> None:
        self.assertEqual(
            self.edit(postal_code="6211 AB", country_of_residence="NL").status_code, 302
        )
        self.person.refresh_from_db()
        self.assertEqual(self.person.postal_code, "6211 AB")

    def test_a_foreign_postal_code_still_needs_letters_or_digits(self) -> None:
        response = self.edit(postal_code="<>!", country_of_residence="NL")
        self.assertContains(response, "Postleitzahl:", status_code=400)
