"""The engine from data files: one row per scenario (tests/data/*.json, *.csv).

These tests need no database: the engine and the knowledge base are pure Python."""

import copy
import csv
import json
from datetime import date
from pathlib import Path
from unittest import TestCase

from wcr.navigator.engine import (
    DATE_MAX,
    DATE_MIN,
    FACT_PATHS,
    FactsError,
    evaluate,
    evaluate_raw,
    parse_facts,
)
from wcr.navigator.kb import CONDITION_FACTS, PATHWAY_IDS, knowledge_base

DATA = Path(__file__).parent / "data"
TODAY = date(2026, 5, 1)  # "today" is always passed in: the tests fix it
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
                result = evaluate_raw(row["facts"], kb, lang="en", today=TODAY)
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
                result = evaluate_raw(facts, kb, lang="de", today=TODAY)
                self.assertEqual(result["recognition"]["body"]["id"], row["expected_body"])


class ResultShapeTests(TestCase):
    def setUp(self) -> None:
        self.kb = knowledge_base()
        self.facts = SCENARIOS[0]["facts"]

    def test_every_pathway_appears_in_every_result(self) -> None:
        for facts in ({}, self.facts, {"nationalities": ["US"]}):
            result = evaluate_raw(facts, self.kb, today=TODAY)
            self.assertEqual(sorted(p["id"] for p in result["pathways"]), sorted(PATHWAY_IDS))

    def test_fitting_pathways_come_first(self) -> None:
        result = evaluate_raw(SCENARIOS[0]["facts"], self.kb, today=TODAY)
        order = [p["status"] for p in result["pathways"]]
        rank = {"eligible": 0, "possible": 1, "not_eligible": 2}
        self.assertEqual(order, sorted(order, key=rank.__getitem__))
        self.assertEqual(order[0], "eligible")

    def test_ids_and_statuses_do_not_change_with_the_language(self) -> None:
        results = {
            lang: evaluate_raw(self.facts, self.kb, lang=lang, today=TODAY)
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
        result = evaluate_raw(facts, self.kb, lang="en", today=TODAY)
        blue_card = next(p for p in result["pathways"] if p["id"] == "aufenthg_18g")
        self.assertIn(
            "Salary at least €50,700 a year: €52,000 a year is at least the €50,700 required in 2026",
            blue_card["met"],
        )
        self.assertEqual(blue_card["legal_basis"], "§ 18g Abs. 1 Satz 1 AufenthG")
        self.assertTrue(blue_card["sources"][0]["url"].startswith("https://"))

    def test_it_is_deterministic(self) -> None:
        first = json.dumps(evaluate_raw(self.facts, self.kb, today=TODAY), sort_keys=True)
        self.assertEqual(
            first, json.dumps(evaluate_raw(self.facts, self.kb, today=TODAY), sort_keys=True)
        )

    def test_as_of_defaults_to_today(self) -> None:
        result = evaluate(parse_facts({}, today=date(2026, 2, 3)), self.kb)
        self.assertEqual(result["as_of"], "2026-02-03")

    def test_the_result_carries_the_knowledge_base_version(self) -> None:
        self.assertEqual(evaluate_raw({}, self.kb, today=TODAY)["kb_version"], self.kb.version)


class FactsValidationTests(TestCase):
    def errors(self, raw: object) -> dict[str, str]:
        with self.assertRaises(FactsError) as caught:
            evaluate_raw(raw, knowledge_base(), today=TODAY)
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
        facts = parse_facts({"age": None, "job_offer": None}, today=TODAY)
        self.assertNotIn("age", facts.values)
        self.assertIs(facts.values["job_offer"], False)

    def test_the_engine_and_the_knowledge_base_name_the_same_facts(self) -> None:
        self.assertEqual(FACT_PATHS, CONDITION_FACTS)


class TodayTests(TestCase):
    def test_today_is_a_required_keyword(self) -> None:
        with self.assertRaises(TypeError):
            parse_facts({})  # type: ignore[call-arg]
        with self.assertRaises(TypeError):
            evaluate_raw({}, knowledge_base())  # type: ignore[call-arg]

    def test_the_engine_never_reads_the_clock(self) -> None:
        engine = Path(__file__).resolve().parents[1] / "engine"
        for module in sorted(engine.glob("*.py")):
            text = module.read_text(encoding="utf-8")
            for call in ("date.today(", "datetime.now(", "datetime.today(", "time.time("):
                self.assertNotIn(call, text, module.name)

    def test_a_given_as_of_wins_over_today(self) -> None:
        self.assertEqual(parse_facts({"as_of": "2025-01-02"}, today=TODAY).as_of, date(2025, 1, 2))


class DateRangeTests(TestCase):
    """Every date fact lies between DATE_MIN and DATE_MAX inclusive; ``as_of`` not before the
    knowledge base (2023-11-18). Outside: a FactsError naming the field, never a crash."""

    def errors(self, raw: dict[str, object]) -> dict[str, str]:
        with self.assertRaises(FactsError) as caught:
            evaluate_raw(raw, knowledge_base(), today=TODAY)
        return dict(caught.exception.errors)

    def test_the_bounds_are_the_published_ones(self) -> None:
        self.assertEqual((DATE_MIN, DATE_MAX), (date(1900, 1, 1), date(2099, 12, 31)))

    def test_a_degree_completed_in_year_9999_is_a_named_error_not_a_crash(self) -> None:
        facts = {"qualification": {"level": "academic", "completed_on": "9999-12-31"}}
        errors = self.errors({**facts, "as_of": "2026-03-01"})
        self.assertEqual(list(errors), ["qualification.completed_on"])
        self.assertIn("1900-01-01 and 2099-12-31", errors["qualification.completed_on"])
        self.assertIn("qualification.completed_on", self.errors(facts))

    def test_every_date_fact_outside_the_range_is_named(self) -> None:
        for value in ("1899-12-31", "2100-01-01", "0001-01-01", "9999-12-31"):
            with self.subTest(value):
                errors = self.errors({"as_of": value, "qualification": {"completed_on": value}})
                self.assertEqual(set(errors), {"as_of", "qualification.completed_on"})

    def test_as_of_may_not_lie_before_the_knowledge_base(self) -> None:
        self.assertIn("2023-11-18", self.errors({"as_of": "2023-11-17"})["as_of"])
        self.assertIn("as_of", self.errors({"as_of": "1900-01-01"}))
        parse_facts({"as_of": "2023-11-18"}, today=TODAY)

    def test_the_bounds_themselves_are_accepted(self) -> None:
        kb = knowledge_base()
        low = {"as_of": "2023-11-18", "qualification": {"completed_on": "1900-01-01"}}
        high = {"as_of": "2099-12-31", "qualification": {"completed_on": "2099-12-31"}}
        for facts in (low, high):
            with self.subTest(facts["as_of"]):
                result = evaluate_raw(facts, kb, today=TODAY)
                self.assertEqual(result["as_of"], facts["as_of"])

    def test_a_degree_completed_at_the_upper_bound_is_evaluated_for_the_reduced_threshold(
        self,
    ) -> None:
        facts = {
            "as_of": "2099-12-31",
            "qualification": {"level": "academic", "completed_on": "2099-12-31"},
        }
        result = evaluate_raw(facts, knowledge_base(), lang="en", today=TODAY)
        reduced = next(p for p in result["pathways"] if p["id"] == "aufenthg_18g_reduced")
        self.assertIn(reduced["status"], ("possible", "not_eligible"))

    def test_today_outside_the_range_is_refused_as_as_of(self) -> None:
        with self.assertRaises(FactsError) as caught:
            parse_facts({}, today=date(2100, 1, 1))
        self.assertEqual([field for field, _message in caught.exception.errors], ["as_of"])


class TextFormatTests(TestCase):
    """Codes and dates are ASCII digits and letters and nothing after them."""

    def errors(self, raw: dict[str, object]) -> dict[str, str]:
        with self.assertRaises(FactsError) as caught:
            parse_facts(raw, today=TODAY)
        return dict(caught.exception.errors)

    def test_a_trailing_newline_is_not_part_of_a_code(self) -> None:
        errors = self.errors(
            {
                "nationalities": ["DE\n"],
                "residence_country": "DE\n",
                "residence_municipality": "05334002\n",
                "job_offer": {"isco": "2511\n"},
                "as_of": "2026-03-01\n",
            }
        )
        self.assertEqual(
            set(errors),
            {
                "nationalities",
                "residence_country",
                "residence_municipality",
                "job_offer.isco",
                "as_of",
            },
        )

    def test_digits_of_other_scripts_are_not_digits_of_a_code(self) -> None:
        arabic = "٠٥٣٣٤٠٠٢"  # 05334002 in Arabic-Indic digits
        errors = self.errors(
            {
                "residence_municipality": arabic,
                "job_offer": {"isco": "٢٥١١"},
                "as_of": "٢٠٢٦-٠٣-٠١",
            }
        )
        self.assertEqual(set(errors), {"residence_municipality", "job_offer.isco", "as_of"})
