"""The navigator explains itself: comparisons as sentences in every language, absent facts that
decide, steps still to take apart from conditions that fail, public source titles.

No database: the engine and the knowledge base are pure Python."""

from __future__ import annotations

import copy
import re
from datetime import date
from typing import Any
from unittest import TestCase

from wcr.navigator.engine import Context, compile_expression, evaluate_raw, parse_facts
from wcr.navigator.kb import knowledge_base

TODAY = date(2026, 5, 1)
GRADUATE: dict[str, Any] = {
    "as_of": "2026-03-01",
    "nationalities": ["IN"],
    "residence_country": "IN",
    "age": 30,
    "goal": "employment",
    "qualification": {
        "level": "academic",
        "country": "IN",
        "state_recognised": True,
        "duration_years": 4,
        "german_recognition": "comparable",
        "occupation": "it",
        "regulated": False,
    },
    "experience_years_last_5": 3,
    "experience_years_last_7": 4,
    "german_level": "A1",
    "english_level": "C1",
    "job_offer": {
        "annual_gross_salary": 60000,
        "isco": "2512",
        "qualified": True,
        "regulated": False,
        "collective_agreement": False,
        "municipality": "05334002",
    },
    "stay_in_germany_months_last_5y": 0,
    "pension_provision": False,
    "anerkennungspartnerschaft": False,
    "spouse_applies_jointly": False,
}
# Operators a reader should never see in an explanation.
OPERATOR = re.compile(r">=|<=|≥|≤|(?<![\w])[<>](?![\w])")


def plain(text: str) -> str:
    """No-break spaces as plain spaces, to compare with readable expectations."""
    return text.replace("\u00a0", " ")


def pathway(result: dict[str, Any], pathway_id: str) -> dict[str, Any]:
    return next(p for p in result["pathways"] if p["id"] == pathway_id)


def explanations(result: dict[str, Any]) -> list[str]:
    return [
        plain(text)
        for p in result["pathways"]
        for key in ("met", "failed", "unknown")
        for text in p[key]
    ]


class ComparisonSentenceTests(TestCase):
    def setUp(self) -> None:
        self.kb = knowledge_base()

    def evaluate(self, facts: dict[str, Any], lang: str) -> dict[str, Any]:
        return evaluate_raw(facts, self.kb, lang=lang, today=TODAY)

    def test_the_salary_comparison_is_a_sentence_in_each_language(self) -> None:
        expected = {
            "en": "€60,000 a year is at least the €45,934.20 required in 2026",
            "de": "60.000 € im Jahr sind mindestens die 2026 geforderten 45.934,20 €",
            "ar": "راتب 60,000 يورو في السنة لا يقل عن الحد المطلوب لعام 2026 وهو 45,934.20 يورو",
            "uk": "60\u202f000 € на рік – не менше ніж 45\u202f934,20 €, потрібних у 2026 році",
            "tr": "Yıllık 60.000 €, 2026 için gereken 45.934,20 € tutarından az değil",
        }
        for lang, sentence in expected.items():
            with self.subTest(lang):
                met = pathway(self.evaluate(GRADUATE, lang), "aufenthg_18g_reduced")["met"]
                self.assertTrue(any(plain(item).endswith(sentence) for item in met), met)

    def test_a_salary_below_the_threshold_says_so_in_each_language(self) -> None:
        facts = copy.deepcopy(GRADUATE)
        facts["job_offer"]["annual_gross_salary"] = 40000.5
        expected = {
            "en": "€40,000.50 a year is less than the €45,934.20 required in 2026",
            "de": "40.000,50 € im Jahr sind weniger als die 2026 geforderten 45.934,20 €",
            "ar": "راتب 40,000.50 يورو في السنة أقل من الحد المطلوب لعام 2026 وهو 45,934.20 يورو",
            "uk": "40\u202f000,50 € на рік – менше ніж 45\u202f934,20 €, потрібних у 2026 році",
            "tr": "Yıllık 40.000,50 €, 2026 için gereken 45.934,20 € tutarından az",
        }
        for lang, sentence in expected.items():
            with self.subTest(lang):
                failed = pathway(self.evaluate(facts, lang), "aufenthg_18g_reduced")["failed"]
                self.assertTrue(any(plain(item).endswith(sentence) for item in failed), failed)

    def test_the_points_are_a_sentence_not_a_range(self) -> None:
        facts = copy.deepcopy(GRADUATE)
        facts["qualification"]["german_recognition"] = "partial"
        facts["job_offer"] = None
        for key in ("age", "german_level", "english_level"):
            del facts[key]
        result = self.evaluate(facts, "en")
        texts = plain(" ".join(pathway(result, "aufenthg_20a")["unknown"]))
        self.assertIn("between 6 and 13 points depending on the open answers", texts)
        self.assertIn("at least 6 are needed", texts)
        self.assertNotIn("–", texts.split(":", 1)[1])

    def test_no_explanation_in_any_language_shows_a_bare_operator(self) -> None:
        variants = [GRADUATE]
        low = copy.deepcopy(GRADUATE)
        low["job_offer"]["annual_gross_salary"] = 30000
        low["age"] = 50
        low["qualification"]["duration_years"] = 1.5
        low["qualification"]["level"] = "vocational"
        variants.append(low)
        searching = copy.deepcopy(GRADUATE)
        searching["job_offer"] = None
        searching["goal"] = "job_search"
        searching["qualification"]["german_recognition"] = "partial"
        variants.append(searching)
        for facts in variants:
            for lang in ("de", "en", "ar", "uk", "tr"):
                for text in explanations(self.evaluate(facts, lang)):
                    with self.subTest(lang=lang, text=text):
                        self.assertIsNone(OPERATOR.search(text))

    def test_every_comparison_kind_explains_what_was_given_and_what_is_required(self) -> None:
        facts = copy.deepcopy(GRADUATE)
        facts["qualification"]["level"] = "vocational"
        facts["qualification"]["duration_years"] = 1.5
        facts["age"] = 50
        facts["german_level"] = "A1"
        result = self.evaluate(facts, "en")
        texts = explanations(result)
        # fact comparison (gte) with its unit
        self.assertTrue(any("given: 1.5 years; required: at least 2 years" in t for t in texts))
        # fact comparison (lt)
        self.assertTrue(any("given: 50 years; required: under 45 years" in t for t in texts))
        # language level
        self.assertTrue(any("given: A1; required: at least A2" in t for t in texts))
        de = explanations(self.evaluate(facts, "de"))
        self.assertTrue(any("angegeben: 1,5 Jahre; verlangt: mindestens 2 Jahre" in t for t in de))

    def test_the_years_since_the_degree_are_explained(self) -> None:
        facts = copy.deepcopy(GRADUATE)
        facts["qualification"]["completed_on"] = "2024-07-01"
        facts["job_offer"]["isco"] = "2411"  # no shortage occupation: the degree's age counts
        texts = explanations(self.evaluate(facts, "en"))
        self.assertTrue(
            any("completed on 1 July 2024; counts until 1 July 2027" in t for t in texts), texts
        )
        texts = explanations(self.evaluate(facts, "de"))
        self.assertTrue(
            any("abgeschlossen am 01.07.2024; zählt bis 01.07.2027" in t for t in texts)
        )


# --- Absent facts fail, only missing answers are unknown ----------------------------------

POINTS_FACTS = {
    "qualification.german_recognition",
    "qualification.occupation",
    "experience_years_last_5",
    "experience_years_last_7",
    "german_level",
    "english_level",
    "age",
    "stay_in_germany_months_last_5y",
    "spouse_applies_jointly",
}


def referenced_facts(expr: dict[str, Any], definitions: dict[str, Any]) -> set[str]:
    """Every fact path a condition reads, through named conditions."""
    if "ref" in expr:
        return referenced_facts(definitions[expr["ref"]]["when"], definitions)
    if "all" in expr or "any" in expr:
        return set().union(
            *(referenced_facts(part, definitions) for part in expr.get("all", expr.get("any")))
        )
    if "not" in expr:
        return referenced_facts(expr["not"], definitions)
    if "fact" in expr:
        return {expr["fact"]}
    if "nationality_in" in expr:
        return {"nationalities"}
    if "isco_in" in expr:
        return {"job_offer.isco"}
    if "salary_at_least" in expr:
        return {"job_offer.annual_gross_salary"}
    if "years_since" in expr:
        return {expr["years_since"]}
    if "points_at_least" in expr:
        return set(POINTS_FACTS)
    raise AssertionError(f"unknown expression {expr}")


COMPLETE = copy.deepcopy(GRADUATE)
COMPLETE["qualification"]["completed_on"] = "2020-07-01"
COMPLETE["job_offer"]["duration_months"] = 24
COMPLETE["training_offer"] = {"qualified": True}
COMPLETE["residence_municipality"] = "05334002"


def variants() -> list[dict[str, Any]]:
    """Complete sets of facts (every fact known) that take the conditions' branches."""
    found = []
    for goal in ("employment", "training", "study", "job_search", "self_employment"):
        for level, recognition in (("academic", "comparable"), ("vocational", "none")):
            for nationality, residence in (("IN", "IN"), ("RS", "RS"), ("FR", "DE")):
                facts = copy.deepcopy(COMPLETE)
                facts.update(goal=goal, nationalities=[nationality], residence_country=residence)
                facts["qualification"].update(level=level, german_recognition=recognition)
                found.append(facts)
    return found


# What "known to be absent" looks like for each group of facts, and its fields.
ABSENT = {
    "qualification": ({"level": "none"}, "qualification."),
    "job_offer": (None, "job_offer."),
    "training_offer": (None, "training_offer."),
}


class AbsentFactTests(TestCase):
    def setUp(self) -> None:
        self.kb = knowledge_base()
        self.conditions = [
            (data["id"], condition["id"], condition["when"])
            for data in self.kb.pathways
            for condition in data["conditions"]
        ]

    def value(self, when: dict[str, Any], facts: dict[str, Any]) -> bool | None:
        ctx = Context(facts=parse_facts(facts, today=TODAY), kb=self.kb, lang="en")
        return compile_expression(when, self.kb.definitions)(ctx)[0]

    def test_a_condition_that_needs_an_absent_fact_is_decided(self) -> None:
        checked = 0
        for group, (marker, prefix) in ABSENT.items():
            for pathway_id, condition_id, when in self.conditions:
                needed = referenced_facts(when, self.kb.definitions)
                if not any(path == group or path.startswith(prefix) for path in needed):
                    continue
                for facts in variants():
                    facts = copy.deepcopy(facts)
                    facts[group] = copy.deepcopy(marker)
                    checked += 1
                    with self.subTest(group=group, pathway=pathway_id, condition=condition_id):
                        self.assertIsNotNone(self.value(when, facts))
        self.assertGreater(checked, 300)

    def test_a_missing_answer_leaves_a_condition_unknown_when_it_could_go_either_way(
        self,
    ) -> None:
        """With one fact missing, a condition is unknown unless every answer gives the same."""
        alternatives: dict[str, list[Any]] = {
            "qualification.level": ["none", "vocational", "academic"],
            "qualification.german_recognition": ["none", "partial", "full", "comparable"],
            "qualification.country": ["DE", "IN"],
            "qualification.state_recognised": [True, False],
            "qualification.duration_years": [1, 3],
            "job_offer.annual_gross_salary": [20000, 80000],
            "job_offer.qualified": [True, False],
            "job_offer.regulated": [True, False],
            "job_offer.isco": ["2512", "9112"],
            "training_offer.qualified": [True, False],
            "german_level": ["none", "B2"],
            "age": [30, 50],
        }
        for path, options in alternatives.items():
            head, _dot, tail = path.partition(".")
            for pathway_id, condition_id, when in self.conditions:
                if path not in referenced_facts(when, self.kb.definitions):
                    continue
                for base in variants():
                    outcomes = set()
                    for option in options:
                        facts = copy.deepcopy(base)
                        if tail:
                            facts[head][tail] = option
                        else:
                            facts[head] = option
                        outcomes.add(self.value(when, facts))
                    facts = copy.deepcopy(base)
                    if tail:
                        del facts[head][tail]
                    else:
                        del facts[head]
                    missing = self.value(when, facts)
                    with self.subTest(path=path, pathway=pathway_id, condition=condition_id):
                        if len(outcomes) > 1:
                            self.assertIsNone(missing)
                        else:
                            self.assertIn(missing, outcomes | {None})

    def test_someone_without_any_qualification_gets_no_opportunity_card(self) -> None:
        facts = {
            "as_of": "2026-03-01",
            "nationalities": ["IN"],
            "residence_country": "IN",
            "goal": "job_search",
            "qualification": {"level": "none"},
            "german_level": "B1",
            "english_level": "B2",
        }
        result = evaluate_raw(facts, self.kb, lang="en", today=TODAY)
        card = pathway(result, "aufenthg_20a")
        self.assertEqual(card["status"], "not_eligible", card)


# --- A step still to take is no condition that fails -----------------------------------------


class StepStillToTakeTests(TestCase):
    def setUp(self) -> None:
        self.kb = knowledge_base()

    def evaluate(self, facts: dict[str, Any], lang: str = "en") -> dict[str, Any]:
        return evaluate_raw(facts, self.kb, lang=lang, today=TODAY)

    def test_a_blue_card_awaiting_the_comparability_of_the_degree_is_possible(self) -> None:
        for recognition in ("none", "pending"):
            facts = copy.deepcopy(GRADUATE)
            facts["qualification"]["german_recognition"] = recognition
            facts["job_offer"]["annual_gross_salary"] = 60000
            result = self.evaluate(facts)
            with self.subTest(recognition):
                blue_card = pathway(result, "aufenthg_18g")
                self.assertEqual(blue_card["status"], "possible", blue_card)
                self.assertEqual(blue_card["failed"], [])
                self.assertEqual(len(blue_card["pending"]), 1)
                self.assertIn(
                    "Fits once anabin (H+) or the ZAB confirms that the degree is comparable",
                    blue_card["pending"][0],
                )
                self.assertIn("anabin", blue_card["next_steps"][0])
                self.assertIn("ZAB", blue_card["next_steps"][0])

    def test_a_condition_that_really_fails_stays_a_failure(self) -> None:
        facts = copy.deepcopy(GRADUATE)
        facts["qualification"]["german_recognition"] = "none"
        facts["job_offer"]["annual_gross_salary"] = 30000
        blue_card = pathway(self.evaluate(facts), "aufenthg_18g")
        self.assertEqual(blue_card["status"], "not_eligible")
        self.assertEqual(len(blue_card["failed"]), 1)
        self.assertEqual(len(blue_card["pending"]), 1)
        german_degree = copy.deepcopy(GRADUATE)
        german_degree["qualification"].update(level="vocational", german_recognition="partial")
        self.assertEqual(pathway(self.evaluate(german_degree), "aufenthg_18g")["pending"], [])

    def test_every_pathway_separates_steps_from_failures(self) -> None:
        """One profile per step kind: each pathway with a step becomes possible through it."""
        vocational = copy.deepcopy(GRADUATE)
        vocational["qualification"].update(
            level="vocational", german_recognition="none", occupation="crafts"
        )
        vocational["job_offer"].update(regulated=True, isco="7411")
        vocational["german_level"] = "B1"
        partnership = copy.deepcopy(vocational)
        partnership["job_offer"]["regulated"] = False
        expected = {
            "aufenthg_18a": (vocational, 2),
            "aufenthg_16d_1": (vocational, 1),
            "aufenthg_16d_3": (partnership, 1),
        }
        graduate = copy.deepcopy(GRADUATE)
        graduate["qualification"]["german_recognition"] = "pending"
        graduate["job_offer"]["regulated"] = True
        for pathway_id in ("aufenthg_18b", "aufenthg_18g", "aufenthg_18g_reduced"):
            expected[pathway_id] = (graduate, 2)
        with_steps = {
            data["id"]
            for data in self.kb.pathways
            if any("step" in condition for condition in data["conditions"])
        }
        self.assertEqual(with_steps, set(expected))
        for pathway_id, (facts, count) in expected.items():
            for lang in ("de", "en", "ar", "uk", "tr"):
                with self.subTest(pathway_id, lang=lang):
                    found = pathway(self.evaluate(facts, lang), pathway_id)
                    self.assertEqual(found["status"], "possible", found)
                    self.assertEqual(len(found["pending"]), count, found)


# --- Sources: public titles, never internal file names ----------------------------------------


class SourceTests(TestCase):
    def setUp(self) -> None:
        self.kb = knowledge_base()

    def test_no_source_names_an_internal_file(self) -> None:
        for lang in ("de", "en", "ar", "uk", "tr"):
            result = evaluate_raw(GRADUATE, self.kb, lang=lang, today=TODAY)
            for found in result["pathways"]:
                for source in found["sources"]:
                    with self.subTest(lang=lang, pathway=found["id"], title=source["title"]):
                        self.assertNotRegex(source["title"], r"\.md\b|Wissensbasis|WCR")
                        self.assertNotIn("welcome-rheinisches-revier.de", source["url"])
                        self.assertTrue(source["url"].startswith("https://"))

    def test_a_source_comes_in_the_readers_language_where_translated_else_marked_german(
        self,
    ) -> None:
        english = evaluate_raw(GRADUATE, self.kb, lang="en", today=TODAY)
        blue_card = pathway(english, "aufenthg_18g")["sources"]
        law = next(s for s in blue_card if "__18g" in s["url"])
        self.assertEqual(law["title"], "Section 18g Residence Act (AufenthG) – EU Blue Card")
        self.assertEqual(law["lang"], "en")
        self.assertEqual(law["hreflang"], "de")
        arabic = pathway(evaluate_raw(GRADUATE, self.kb, lang="ar", today=TODAY), "aufenthg_18g")
        law = next(s for s in arabic["sources"] if "__18g" in s["url"])
        self.assertEqual(law["lang"], "ar")
        german = pathway(evaluate_raw(GRADUATE, self.kb, lang="de", today=TODAY), "aufenthg_18g")
        law = next(s for s in german["sources"] if "__18g" in s["url"])
        self.assertEqual(law["title"], "§ 18g AufenthG – Blaue Karte EU")
        self.assertEqual(law["lang"], "de")
        # Untranslated titles stay German and say so.
        for lang in ("de", "en", "ar", "uk", "tr"):
            result = evaluate_raw(GRADUATE, self.kb, lang=lang, today=TODAY)
            for found in result["pathways"]:
                for source in found["sources"]:
                    self.assertIn(source["lang"], (lang, "de"))
