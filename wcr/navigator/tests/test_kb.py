"""The knowledge base files: schema, references, formulas, and what a broken file does."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any
from unittest import TestCase

from django.conf import settings

from wcr.navigator.kb import RULES_DIR, KnowledgeBaseError, knowledge_base, load_knowledge_base


class BrokenRules:
    """A copy of the rules directory to break one file in."""

    def __enter__(self) -> Path:
        self.tmp = tempfile.mkdtemp()
        self.path = Path(self.tmp) / "rules"
        shutil.copytree(RULES_DIR, self.path)
        return self.path

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.tmp)


def edit(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


class KnowledgeBaseTests(TestCase):
    def test_the_shipped_rules_load(self) -> None:
        kb = knowledge_base()
        self.assertEqual(len(kb.pathways), 16)
        self.assertRegex(kb.version, r"^2026\.\d+\+[0-9a-f]{10}$")

    def test_a_missing_translation_names_file_and_field(self) -> None:
        with BrokenRules() as rules:
            edit(
                rules / "pathways/aufenthg_18g.json",
                lambda d: d["conditions"][4]["label"].pop("en"),
            )
            with self.assertRaises(KnowledgeBaseError) as caught:
                load_knowledge_base(rules)
        self.assertEqual(caught.exception.file, "pathways/aufenthg_18g.json")
        self.assertEqual(caught.exception.field, "conditions.4.label")
        self.assertIn("'en' is a required property", str(caught.exception))

    def test_an_unknown_fact_in_a_condition_is_named(self) -> None:
        with BrokenRules() as rules:
            edit(
                rules / "pathways/aufenthg_18a.json",
                lambda d: d["conditions"][0].update(when={"fact": "salary", "gte": 1}),
            )
            with self.assertRaises(KnowledgeBaseError) as caught:
                load_knowledge_base(rules)
        self.assertEqual(caught.exception.field, "conditions.0.when.fact")

    def test_a_pathway_without_the_employer_guide_flag_is_named(self) -> None:
        with BrokenRules() as rules:
            edit(rules / "pathways/aufenthg_18a.json", lambda d: d.pop("employer_guide"))
            with self.assertRaises(KnowledgeBaseError) as caught:
                load_knowledge_base(rules)
        self.assertEqual(caught.exception.file, "pathways/aufenthg_18a.json")
        self.assertIn("'employer_guide' is a required property", str(caught.exception))

    def test_overlapping_threshold_periods_are_refused(self) -> None:
        def overlap(data: dict[str, Any]) -> None:
            data["parameters"]["blue_card_standard"]["values"][1]["valid_from"] = "2023-12-01"

        with BrokenRules() as rules:
            edit(rules / "parameters.json", overlap)
            with self.assertRaisesRegex(
                KnowledgeBaseError,
                "parameters.json: parameters.blue_card_standard.values: validity periods overlap",
            ):
                load_knowledge_base(rules)

    def test_invalid_json_names_line_and_column(self) -> None:
        with BrokenRules() as rules:
            (rules / "lists.json").write_text('{"lists": {,}}', encoding="utf-8")
            with self.assertRaisesRegex(
                KnowledgeBaseError, r"lists.json: line 1 column 12: not valid JSON"
            ):
                load_knowledge_base(rules)

    def test_a_missing_pathway_file_is_named(self) -> None:
        with BrokenRules() as rules:
            (rules / "pathways/aufenthg_21.json").unlink()
            with self.assertRaisesRegex(
                KnowledgeBaseError, "pathways/aufenthg_21.json: .*file is missing"
            ):
                load_knowledge_base(rules)

    def test_a_wrong_file_stops_the_start(self) -> None:
        with BrokenRules() as rules:
            edit(
                rules / "recognition.json",
                lambda d: d["occupations"]["crafts"].update(default_body="hwk_berlin"),
            )
            env = {**os.environ, "NAVIGATOR_RULES_DIR": str(rules), "DEBUG": "true"}
            run = subprocess.run(
                [sys.executable, "manage.py", "check"],
                cwd=settings.BASE_DIR,
                env=env,
                capture_output=True,
                text=True,
                timeout=60,
            )
        self.assertNotEqual(run.returncode, 0)
        self.assertIn(
            "recognition.json: occupations.crafts.default_body: unknown body 'hwk_berlin'",
            run.stderr,
        )

    def test_threshold_amounts_follow_their_formula(self) -> None:
        kb = knowledge_base()
        checked = 0
        for parameter in kb.parameters.values():
            if parameter.percent_of is None:
                continue
            base = kb.parameters[parameter.percent_of]
            for value in parameter.values:
                ceiling = base.at(value.valid_from)
                assert ceiling is not None and parameter.percent is not None
                expected = (ceiling.amount * parameter.percent / 100).quantize(
                    Decimal("0.01"), ROUND_HALF_UP
                )
                with self.subTest(f"{parameter.id} from {value.valid_from}"):
                    self.assertEqual(value.amount, expected)
                    checked += 1
        self.assertGreaterEqual(checked, 15)

    def test_every_pathway_names_dated_sources(self) -> None:
        for pathway in knowledge_base().pathways:
            with self.subTest(pathway["id"]):
                self.assertTrue(all(source["as_of"] for source in pathway["sources"]))
                self.assertTrue(pathway["legal_basis"])


class TranslationTests(TestCase):
    def test_every_text_of_the_knowledge_base_is_in_all_five_languages(self) -> None:
        missing: list[str] = []

        def walk(node: object, where: str) -> None:
            if isinstance(node, dict):
                if isinstance(node.get("de"), str) and isinstance(node.get("en"), str):
                    missing.extend(
                        f"{where} ({lang})" for lang in ("ar", "uk", "tr") if lang not in node
                    )
                    return
                for key, value in node.items():
                    walk(value, f"{where}.{key}")
            elif isinstance(node, list):
                for index, value in enumerate(node):
                    walk(value, f"{where}.{index}")

        for path in sorted(RULES_DIR.rglob("*.json")):
            if "schema" not in path.parts:
                walk(json.loads(path.read_text(encoding="utf-8")), path.name)
        self.assertEqual(missing, [])
