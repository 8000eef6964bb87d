"""The engine from data files: one row per scenario (tests/data/*.json, *.csv).

These tests need no database: the engine and the knowledge base are pure Python."""

import copy
import csv
import json
from datetime import date
from pathlib import Path
from unittest import TestCase

from wcr.navigator.engine import FACT_PATHS, FactsError, evaluate, evaluate_raw, parse_facts
from wcr.navigator.kb import CONDITION_FACTS, PATHWAY_IDS, knowledge_base

DATA = Path(__file__).parent / "data"
SCENARIOS = json.loads((DATA / "scenarios.json").read_text(encoding="utf-8"))


class ScenarioTests(TestCase):
    def test_there_are_at_least_80_scenarios(self) -> None:
        self.assertGreaterEqual(len(SCENARIOS), 80)

    def test_every_pathway_has_its_eligible_failed_and_unknown_rows(self) -> None:
        seen = {
            (pid, status)
            for row in SCENARIOS
            for pid, status in row["expect"].get("pathways", {}).items()
        }
        for pathway_id in PATHWAY_IDS:
            for status in ("eligible", "possible", "not_eligible"):
                self.assertIn((pathway_id, status), seen, f"no scenario for {pathway_id} {status}")

    def test_scenarios(self) -> None:
        kb = knowledge_base()
        for row in SCENARIOS:
            with self.subTest(row["name"]):
                result = evaluate_raw(row["facts"], kb, lang="en")
                statuses = {p["id"]: p for p in result["pathways"]}
                expect = row["expect"]
                for pathway_id, status in expect.get("pathways", {}).items():
                    pathway = statuses[pathway_id]
                    self.assertEqual(
                        pathway["status"],
                        status,
                        f"{pathway_id}: met={pathway['met']} failed={pathway['failed']} unknown={pathway['unknown']}",
                    )
                for pathway_id, flag in expect.get("discretionary", {}).items():
                    self.assertIs(statuses[pathway_id]["discretionary"], flag)
                if "recognition_needed" in expect:
                    self.assertIs(
                        result["recognition"]["needed"],
                        expect["recognition_needed"],
                        result["recognition"]["reason"],
                    )
                if "recognition_body" in expect:
                    body = result["recognition"]["body"]
                    self.assertEqual(
                        body and body["id"],
                        expect["recognition_body"],
                        result["recognition"]["reason"],
                    )
                if "recognition_alternative" in expect:
                    self.assertEqual(
                        result["recognition"]["alternative"]["id"],
                        expect["recognition_alternative"],
                    )
                if "procedure_81a" in expect:
                    self.assertIs(
                        result["procedure_81a"]["available"],
                        expect["procedure_81a"],
                        result["procedure_81a"]["reason"],
                    )
                if "authority" in expect:
                    authority = result["procedure_81a"]["authority"]
                    self.assertEqual(authority and authority["id"], expect["authority"])

    def test_recognition_body_for_every_occupation_group_in_every_district(self) -> None:
        kb = knowledge_base()
        with (DATA / "recognition_bodies.csv").open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        self.assertEqual(len(rows), 9 * 7)
        for row in rows:
            with self.subTest(f"{row['occupation']} in {row['district']}"):
                facts = {
                    "as_of": "2026-03-01",
                    "nationalities": ["IN"],
                    "residence_country": "IN",
                    "qualification": {
                        "level": row["level"],
                        "country": row["qualification_country"],
                        "occupation": row["occupation"],
                        "german_recognition": "none",
                    },
                    "job_offer": {"municipality": row["municipality"]},
                }
                result = evaluate_raw(facts, kb, lang="de")
                self.assertEqual(result["recognition"]["body"]["id"], row["expected_body"])


class ResultShapeTests(TestCase):
    def setUp(self) -> None:
        self.kb = knowledge_base()
        self.facts = SCENARIOS[0]["facts"]

    def test_every_pathway_appears_in_every_result(self) -> None:
        for facts in ({}, self.facts, {"nationalities": ["US"]}):
            result = evaluate_raw(facts, self.kb, today=date(2026, 5, 1))
            self.assertEqual(sorted(p["id"] for p in result["pathways"]), sorted(PATHWAY_IDS))

    def test_fitting_pathways_come_first(self) -> None:
        result = evaluate_raw(SCENARIOS[0]["facts"], self.kb)
        order = [p["status"] for p in result["pathways"]]
        rank = {"eligible": 0, "possible": 1, "not_eligible": 2}
        self.assertEqual(order, sorted(order, key=rank.__getitem__))
        self.assertEqual(order[0], "eligible")

    def test_ids_and_statuses_do_not_change_with_the_language(self) -> None:
        results = {
            lang: evaluate_raw(self.facts, self.kb, lang=lang)
            for lang in ("de", "en", "ar", "uk", "tr")
        }
        shapes = {
            lang: [(p["id"], p["status"]) for p in r["pathways"]] for lang, r in results.items()
        }
        self.assertEqual(len({tuple(s) for s in shapes.values()}), 1)
        self.assertNotEqual(
            results["de"]["pathways"][0]["title"], results["en"]["pathways"][0]["title"]
        )

    def test_the_salary_condition_explains_the_comparison_and_the_year(self) -> None:
        facts = copy.deepcopy(SCENARIOS[0]["facts"])
        facts.update({"nationalities": ["IN"], "as_of": "2026-03-01"})
        facts["job_offer"]["annual_gross_salary"] = 52000
        result = evaluate_raw(facts, self.kb, lang="en")
        blue_card = next(p for p in result["pathways"] if p["id"] == "aufenthg_18g")
        self.assertIn("Salary at least €50,700 a year: 52000 >= 50700 (2026)", blue_card["met"])
        self.assertEqual(blue_card["legal_basis"], "§ 18g Abs. 1 Satz 1 AufenthG")
        self.assertTrue(blue_card["sources"][0]["url"].startswith("https://"))

    def test_it_is_deterministic(self) -> None:
        first = json.dumps(evaluate_raw(self.facts, self.kb), sort_keys=True)
        self.assertEqual(first, json.dumps(evaluate_raw(self.facts, self.kb), sort_keys=True))

    def test_as_of_defaults_to_today(self) -> None:
        result = evaluate(parse_facts({}, today=date(2026, 2, 3)), self.kb)
        self.assertEqual(result["as_of"], "2026-02-03")

    def test_the_result_carries_the_knowledge_base_version(self) -> None:
        self.assertEqual(evaluate_raw({}, self.kb)["kb_version"], self.kb.version)


class FactsValidationTests(TestCase):
    def errors(self, raw: object) -> dict[str, str]:
        with self.assertRaises(FactsError) as caught:
            evaluate_raw(raw, knowledge_base())
        return dict(caught.exception.errors)

    def test_unknown_fields_are_rejected_with_their_path(self) -> None:
        self.assertEqual(self.errors({"agee": 30}), {"agee": "unknown field"})
        self.assertEqual(
            self.errors({"job_offer": {"salary": 1}}), {"job_offer.salary": "unknown field"}
        )

    def test_every_bad_field_is_named_at_once(self) -> None:
        errors = self.errors(
            {
                "age": "thirty",
                "nationalities": ["india"],
                "goal": "holiday",
                "german_level": "B3",
                "job_offer": {"annual_gross_salary": -5, "isco": "1", "municipality": "5334002"},
                "qualification": {"completed_on": "2024-13-01", "state_recognised": "yes"},
                "as_of": "01.03.2026",
            }
        )
        self.assertEqual(
            set(errors),
            {
                "age",
                "nationalities",
                "goal",
                "german_level",
                "job_offer.annual_gross_salary",
                "job_offer.isco",
                "job_offer.municipality",
                "qualification.completed_on",
                "qualification.state_recognised",
                "as_of",
            },
        )
        self.assertIn("number", errors["age"])
        self.assertIn("true or false", errors["qualification.state_recognised"])

    def test_booleans_are_not_numbers(self) -> None:
        self.assertIn("age", self.errors({"age": True}))

    def test_the_root_must_be_an_object(self) -> None:
        self.assertEqual(self.errors([1]), {"(root)": "must be a JSON object"})

    def test_inconsistent_experience_is_rejected(self) -> None:
        self.assertIn(
            "experience_years_last_5",
            self.errors({"experience_years_last_5": 4, "experience_years_last_7": 3}),
        )

    def test_dates_before_the_knowledge_base_are_rejected(self) -> None:
        self.assertIn("2023-11-18", self.errors({"as_of": "2023-11-17"})["as_of"])

    def test_null_is_unknown_but_a_null_offer_is_no_offer(self) -> None:
        facts = parse_facts({"age": None, "job_offer": None})
        self.assertNotIn("age", facts.values)
        self.assertIs(facts.values["job_offer"], False)

    def test_the_engine_and_the_knowledge_base_name_the_same_facts(self) -> None:
        self.assertEqual(FACT_PATHS, CONDITION_FACTS)
