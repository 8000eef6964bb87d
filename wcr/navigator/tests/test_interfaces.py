"""The navigator's stable interfaces: the command and the public API (shared/specs/navigator.md)."""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.test import TestCase, override_settings

from wcr.navigator.kb import PATHWAY_IDS

SCENARIOS = json.loads((Path(__file__).parent / "data/scenarios.json").read_text(encoding="utf-8"))
BLUE_CARD = next(
    r["facts"] for r in SCENARIOS if r["name"] == "comparable degree in a non-regulated job"
)


def run_command(payload: str) -> subprocess.CompletedProcess[str]:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as handle:
        handle.write(payload)
    try:
        return subprocess.run(
            [sys.executable, "manage.py", "navigator_evaluate", handle.name, "--lang", "en"],
            cwd=settings.BASE_DIR,
            env={**_env(), "DEBUG": "true"},
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        Path(handle.name).unlink()


def _env() -> dict[str, str]:
    import os

    return dict(os.environ)


class CommandTests(TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        facts = [row["facts"] for row in SCENARIOS]
        cls.batch = [facts[i % len(facts)] for i in range(1000)]
        cls.batch_run = run_command(json.dumps(cls.batch))

    def test_a_list_of_1000_facts_gives_1000_results_in_order(self) -> None:
        self.assertEqual(self.batch_run.returncode, 0, self.batch_run.stderr)
        results = json.loads(self.batch_run.stdout)
        self.assertEqual(len(results), 1000)
        for index in (0, 1, 517, 999):
            self.assertEqual(results[index]["as_of"], self.batch[index].get("as_of"))
            self.assertEqual(
                sorted(p["id"] for p in results[index]["pathways"]), sorted(PATHWAY_IDS)
            )

    def test_one_object_gives_one_result(self) -> None:
        run = run_command(json.dumps(BLUE_CARD))
        self.assertEqual(run.returncode, 0, run.stderr)
        result = json.loads(run.stdout)
        self.assertIsInstance(result, dict)
        self.assertEqual(result["pathways"][0]["status"], "eligible")

    def test_a_bad_field_exits_2_naming_it_and_prints_nothing(self) -> None:
        run = run_command(
            json.dumps([{"age": 30}, {"job_offer": {"annual_gross_salary": "a lot"}}])
        )
        self.assertEqual(run.returncode, 2)
        self.assertEqual(run.stdout, "")
        self.assertIn("[1].job_offer.annual_gross_salary: must be a number", run.stderr)

    def test_a_date_out_of_range_exits_2_naming_it(self) -> None:
        run = run_command(json.dumps({"qualification": {"completed_on": "9999-12-31"}}))
        self.assertEqual(run.returncode, 2, run.stderr)
        self.assertEqual(run.stdout, "")
        self.assertIn(
            "qualification.completed_on: must be between 1900-01-01 and 2099-12-31", run.stderr
        )

    def test_invalid_json_exits_2(self) -> None:
        run = run_command('{"age": 30,')
        self.assertEqual(run.returncode, 2)
        self.assertEqual(run.stdout, "")
        self.assertIn("not valid JSON at line 1", run.stderr)


class ApiTests(TestCase):
    url = "/api/v1/navigator/evaluate"

    def setUp(self) -> None:
        cache.clear()

    def post(self, body: object, **extra: str):  # type: ignore[no-untyped-def]
        data = body if isinstance(body, str) else json.dumps(body)
        return self.client.post(self.url, data, content_type="application/json", **extra)

    def test_it_answers_without_a_token(self) -> None:
        response = self.post(SCENARIOS[0]["facts"])
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(len(body["pathways"]), 16)
        self.assertIn(body["procedure_81a"]["authority"]["id"], ("zfe_nrw",))

    def test_texts_follow_the_language_but_ids_do_not(self) -> None:
        german = self.post(BLUE_CARD, HTTP_ACCEPT_LANGUAGE="de").json()
        english = self.client.post(
            self.url + "?lang=en", json.dumps(BLUE_CARD), content_type="application/json"
        ).json()
        ukrainian = self.client.post(
            self.url + "?lang=uk", json.dumps(BLUE_CARD), content_type="application/json"
        ).json()
        self.assertEqual(
            [p["id"] for p in german["pathways"]], [p["id"] for p in english["pathways"]]
        )
        titles = {
            lang: {p["id"]: p["title"] for p in r["pathways"]}
            for lang, r in (("de", german), ("en", english))
        }
        self.assertEqual(titles["en"]["aufenthg_18g"], "EU Blue Card")
        self.assertEqual(titles["de"]["aufenthg_18g"], "Blaue Karte EU")
        self.assertEqual(ukrainian["lang"], "uk")

    def test_a_malformed_request_names_the_fields(self) -> None:
        response = self.post({"age": -1, "qualification": {"levle": "academic"}})
        self.assertEqual(response.status_code, 422)
        locations = [error["loc"] for error in response.json()["detail"]]
        self.assertIn(["body", "age"], locations)
        self.assertIn(["body", "qualification", "levle"], locations)

    def test_broken_json_and_a_list_are_422_not_500(self) -> None:
        self.assertEqual(self.post("{not json").status_code, 422)
        self.assertEqual(self.post([SCENARIOS[0]["facts"]]).status_code, 422)
        self.assertEqual(self.post("").status_code, 422)
        self.assertEqual(self.post("[" * 100_000 + "]" * 100_000).status_code, 422)
        self.assertEqual(self.post('{"age": 30, "age": "x"}').status_code, 422)

    def test_a_degree_completed_in_year_9999_is_422_naming_the_field(self) -> None:
        # Without as_of (today): the reduced Blue Card's "years since the degree" overflowed.
        body = {"qualification": {"level": "academic", "completed_on": "9999-12-31"}}
        response = self.post(body)
        self.assertEqual(response.status_code, 422)
        locations = [error["loc"] for error in response.json()["detail"]]
        self.assertEqual(locations, [["body", "qualification", "completed_on"]])

    def test_as_of_outside_the_range_is_422_naming_it(self) -> None:
        for value in ("2023-11-17", "2100-01-01", "0001-01-01"):
            with self.subTest(value):
                response = self.post({"as_of": value})
                self.assertEqual(response.status_code, 422)
                self.assertEqual(response.json()["detail"][0]["loc"], ["body", "as_of"])

    @override_settings(NAVIGATOR_RATE_LIMIT=3)
    def test_it_is_rate_limited_per_client(self) -> None:
        codes = [self.post({}).status_code for _ in range(4)]
        self.assertEqual(codes, [200, 200, 200, 429])
        other = self.post({}, REMOTE_ADDR="198.51.100.7")
        self.assertEqual(other.status_code, 200)

    def test_the_openapi_document_describes_it_as_public(self) -> None:
        document = self.client.get("/api/v1/openapi.json").json()
        operation = document["paths"][self.url]["post"]
        self.assertNotIn("security", operation)
        self.assertIn("422", operation["responses"])
