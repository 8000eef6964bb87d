"""The duplicate warning of the person form: why in words, both records side by side, the choice
right beside them; and the one mapping from the scorer's reason codes to those words."""

from __future__ import annotations

import ast
import datetime
import re
from pathlib import Path

from django.urls import reverse
from django.utils import translation

from wcr.cases import duplicate_reasons, names
from wcr.cases.models import Person
from wcr.cases.tests.test_names import PAIRS, _records
from wcr.cases.tests.test_workbench import WorkbenchTestCase, make_person
from wcr.privacy.selectors import access_log_entries

NAMES_PY = Path(names.__file__)


def warning_block(html: str) -> str:
    """The duplicate warning: the section with id "duplicates" (it holds no other section)."""
    found = re.search(r'<section[^>]*id="duplicates".*?</section>', html, re.S)
    assert found, "no duplicate warning on the page"
    return found.group(0)


def text_of(html: str) -> str:
    """The text, tags dropped and white space collapsed."""
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


class DuplicateWarningTests(WorkbenchTestCase):
    def person_data(self, **overrides: object) -> dict[str, object]:
        return {
            "given_name": "Muhammad",
            "family_name": "Hasan",
            "native_given_name": "محمد",
            "native_family_name": "حسن",
            "native_script": "arabic",
            "birth_date": "1991-03-14",
            "birth_date_precision": "day",
            "gender": "m",
            "nationalities": "SY, TR",
            "phone": "0241 123456",
            "country_of_residence": "DE",
            "residence_status": "unknown",
            "preferred_language": "ar",
        } | overrides

    def post_new(self, language: str = "de", **overrides: object) -> str:
        self.sign_in(self.counsellor)
        response = self.client.post(
            reverse("cases:person_new"),
            self.person_data(**overrides),
            HTTP_ACCEPT_LANGUAGE=language,
        )
        self.assertEqual(response.status_code, 409)
        return response.content.decode()

    def test_the_warning_gives_its_reasons_and_the_match_in_words(self) -> None:
        block = text_of(warning_block(self.post_new()))
        self.assertIn("Vorname ähnlich geschrieben (Muhammad / Mohammed)", block)
        self.assertIn("Familienname ähnlich geschrieben (Hasan / Al-Hassan)", block)
        self.assertIn("Gleiches Geburtsdatum (14.03.1991)", block)
        self.assertIn("Sehr wahrscheinlich dieselbe Person", block)
        for code in ("given_name_variant", "family_name_variant", "same_birth_date", "0,9"):
            self.assertNotIn(code, block)

    def test_the_warning_speaks_english_too(self) -> None:
        block = text_of(warning_block(self.post_new(language="en")))
        self.assertIn("Given name spelt similarly (Muhammad / Mohammed)", block)
        self.assertIn("Same date of birth (", block)
        self.assertIn("Very likely the same person", block)
        self.assertIn("This is a different person: save anyway", block)

    def test_the_entered_and_the_existing_record_are_side_by_side(self) -> None:
        block = warning_block(self.post_new())
        table = re.search(r"<table.*?</table>", block, re.S)
        assert table is not None
        headers = text_of(" ".join(re.findall(r"<thead.*?</thead>", table.group(0), re.S)))
        self.assertIn("Ihre Eingabe", headers)
        self.assertIn("Vorhandener Datensatz", headers)
        rows = {
            text_of(row.split("</th>")[0]): [
                text_of(cell) for cell in re.findall(r"<td.*?</td>", row, re.S)
            ]
            for row in re.findall(r"<tr.*?</tr>", table.group(0), re.S)
            if "<td" in row
        }
        self.assertEqual(rows["Name laut Pass"], ["Hasan, Muhammad", "Al-Hassan, Mohammed"])
        self.assertEqual(rows["Name in Originalschrift"], ["محمد حسن", "محمد الحسن"])
        self.assertEqual(rows["Geburtsdatum"], ["14.03.1991", "14.03.1991"])
        self.assertEqual(rows["Staatsangehörigkeiten"], ["SY, TR", "SY"])
        # The existing record: its code, its cases, and a link to open it.
        self.assertIn(str(self.person.code), block)
        self.assertIn(reverse("cases:detail", args=[self.case.code]), block)
        self.assertIn("Anerkennung", text_of(block))
        self.assertIn(f'href="{reverse("cases:person", args=[self.person.code])}"', block)
        self.assertIn("Vorhandenen Datensatz öffnen", text_of(block))

    def test_the_choice_is_inside_the_warning_and_the_typed_data_is_kept(self) -> None:
        html = self.post_new()
        block = warning_block(html)
        button = re.search(r"<button[^>]*name=\"confirm_new\"[^>]*>", block)
        assert button is not None, "the 'different person' choice is not in the warning"
        self.assertIn('form="person-form"', button.group(0))
        self.assertIn('value="1"', button.group(0))
        self.assertIn('<form id="person-form"', html)
        # Focus moves to the warning's heading when the page loads.
        self.assertRegex(block, r'<h2 id="dup-heading"[^>]*tabindex="-1"[^>]*autofocus')
        self.assertLess(html.index('id="duplicates"'), html.index('<form id="person-form"'))
        for kept in ('value="Muhammad"', 'value="محمد"', 'value="0241 123456"', 'value="SY, TR"'):
            self.assertIn(kept, html.split('<form id="person-form"')[1])
        # The button posts the form as typed, with the confirmation: the person is created.
        response = self.client.post(reverse("cases:person_new"), self.person_data(confirm_new="1"))
        self.assertEqual(response.status_code, 302)
        created = Person.objects.get(organisation=self.org_a, given_name="Muhammad")
        self.assertEqual(created.phone, "0241 123456")

    def test_with_several_likely_duplicates_the_choice_follows_them_all(self) -> None:
        second = make_person(self.org_a, self.counsellor, given="Mohamed", family="Hassan")
        block = warning_block(self.post_new())
        self.assertEqual(block.count("<article"), 2)
        self.assertIn(reverse("cases:person", args=[second.code]), block)
        self.assertEqual(block.count('name="confirm_new"'), 1)
        self.assertGreater(block.index('name="confirm_new"'), block.rindex("</article>"))
        self.assertIn("2 vorhandene Datensätze ähneln Ihrer Eingabe", text_of(block))

    def test_the_warning_is_written_to_the_access_log_under_the_persons_it_named(self) -> None:
        self.post_new()
        entries = access_log_entries([self.org_a.pk], object_code=str(self.person.code))
        self.assertTrue([e for e in entries if e.object_code == "" and e.purpose == "duplicates"])

    def test_the_cases_shown_are_only_those_the_organisation_may_see(self) -> None:
        block = warning_block(self.post_new())
        self.assertNotIn(str(self.other_case.code), block)
        self.assertNotIn(str(self.other_person.code), block)

    def test_editing_a_person_into_a_likely_duplicate_warns_first(self) -> None:
        twin = make_person(self.org_a, self.counsellor, given="Muhamad", family="Hasan", birth=None)
        self.sign_in(self.counsellor)
        url = reverse("cases:person_edit", args=[twin.code])
        data = self.person_data(version=twin.version, birth_date="1991-03-14")
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 409)
        block = text_of(warning_block(response.content.decode()))
        self.assertIn("Al-Hassan, Mohammed", block)
        self.assertNotIn(str(twin.code), warning_block(response.content.decode()))
        twin.refresh_from_db()
        self.assertIsNone(twin.birth_date)
        response = self.client.post(url, data | {"confirm_new": "1"})
        self.assertEqual(response.status_code, 302)
        twin.refresh_from_db()
        self.assertEqual(twin.birth_date, datetime.date(1991, 3, 14))

    def test_editing_other_fields_of_a_known_duplicate_does_not_warn_again(self) -> None:
        twin = make_person(self.org_a, self.counsellor, given="Muhammad", family="Hassan")
        self.sign_in(self.counsellor)
        data = self.person_data(
            version=twin.version,
            given_name=twin.given_name,
            family_name=twin.family_name,
            native_given_name="",
            native_family_name="",
            email="neu@example.org",
        )
        response = self.client.post(reverse("cases:person_edit", args=[twin.code]), data)
        self.assertEqual(response.status_code, 302)


def _codes_in_names_py() -> set[str]:
    """The reason codes written in names.py: the strings appended to (or listed in) a ``reasons``
    list, and the ``_FLAG_REASONS`` templates with every field they are formatted with."""
    tree = ast.parse(NAMES_PY.read_text(encoding="utf-8"))
    codes: set[str] = set()
    templates: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "_FLAG_REASONS" for t in node.targets
        ):
            assert isinstance(node.value, ast.Dict)
            templates += [
                v.value
                for v in node.value.values
                if isinstance(v, ast.Constant) and isinstance(v.value, str)
            ]
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("append", "extend", "insert")
            and isinstance(node.func.value, ast.Name)
            and "reason" in node.func.value.id
        ):
            codes |= {
                c.value
                for arg in node.args
                for c in ast.walk(arg)
                if isinstance(c, ast.Constant) and isinstance(c.value, str)
            }
        if isinstance(node, ast.List) and any(isinstance(e, ast.Starred) for e in node.elts):
            codes |= {
                e.value
                for e in node.elts
                if isinstance(e, ast.Constant) and isinstance(e.value, str)
            }
        if isinstance(node, ast.List) and len(node.elts) == 1:
            only = node.elts[0]
            if isinstance(only, ast.Constant) and isinstance(only.value, str):
                codes.add(only.value)
    fields = ("given_name", "family_name", "name")
    codes |= {t.format(field=f) for t in templates for f in fields}
    return codes


def test_every_reason_code_of_the_scorer_has_words() -> None:
    written = _codes_in_names_py()
    emitted = {reason for row in PAIRS for reason in names.duplicate_score(*_records(row)).reasons}
    assert {"same_birth_date", "given_name_variant", "names_swapped"} <= written
    assert emitted <= written | set(duplicate_reasons.REASON_LABELS)
    missing = sorted(
        (written | emitted | names.REASON_CODES) - set(duplicate_reasons.REASON_LABELS)
    )
    assert not missing, f"reason codes without words in duplicate_reasons.REASON_LABELS: {missing}"


def test_the_birth_date_slips_have_words() -> None:
    with translation.override("de"):
        assert (
            str(duplicate_reasons.reason_label("birth_day_month_swapped"))
            == "Tag und Monat des Geburtsdatums vertauscht"
        )
        assert (
            str(duplicate_reasons.reason_label("birth_date_typo"))
            == "Geburtsdatum weicht in einer Ziffer ab"
        )


def test_an_unknown_reason_code_gives_a_general_sentence_not_the_code() -> None:
    with translation.override("de"):
        label = str(duplicate_reasons.reason_label("moon_phase_equal"))
        assert label == "Eine weitere Ähnlichkeit, die die Prüfung gefunden hat"
    assert "moon_phase" not in label


def test_every_label_is_translated_to_german() -> None:
    for code, label in duplicate_reasons.REASON_LABELS.items():
        with translation.override("de"):
            german = str(label)
        with translation.override("en"):
            english = str(label)
        assert german != english, f"{code}: no German words ({english})"


def test_match_levels_in_words() -> None:
    with translation.override("de"):
        assert (
            str(duplicate_reasons.match_level(0.95).label) == "Sehr wahrscheinlich dieselbe Person"
        )
        assert str(duplicate_reasons.match_level(0.8).label) == "Wahrscheinlich dieselbe Person"
        assert (
            str(duplicate_reasons.match_level(names.DUPLICATE_THRESHOLD).label)
            == "Möglicherweise dieselbe Person"
        )
