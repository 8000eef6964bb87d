from __future__ import annotations

import json
from typing import Any

from django.test import Client, SimpleTestCase

from wcr.api.tests.base import ApiTestCase


class OpenApiDocumentTest(SimpleTestCase):
    def test_it_describes_every_endpoint_with_bearer_auth(self) -> None:
        response = self.client.get("/api/v1/openapi.json")
        self.assertEqual(response.status_code, 200)
        document = json.loads(response.content)
        self.assertTrue(document["openapi"].startswith("3."))
        self.assertEqual(document["info"]["title"], "WCR API")
        self.assertEqual(document["info"]["version"], "1")
        paths = document["paths"]
        expected = {
            "/api/v1/persons": {"get", "post"},
            "/api/v1/persons/duplicates": {"get"},
            "/api/v1/persons/{code}": {"get"},
            "/api/v1/companies": {"get", "post"},
            "/api/v1/companies/{code}": {"get"},
            "/api/v1/cases": {"get", "post"},
            "/api/v1/cases/{code}": {"get"},
            "/api/v1/requests": {"get"},
        }
        for path, methods in expected.items():
            with self.subTest(path=path):
                self.assertEqual(set(paths[path]), methods)
                for method in methods:
                    self.assertIn("401", paths[path][method]["responses"])
        schemes = document["components"]["securitySchemes"]
        self.assertEqual(
            [s for s in schemes.values() if s == {"type": "http", "scheme": "bearer"}],
            [{"type": "http", "scheme": "bearer"}],
        )
        name = next(iter(schemes))
        for path, methods in expected.items():
            for method in methods:
                self.assertEqual(paths[path][method]["security"], [{name: []}])

    def test_it_documents_the_list_and_item_schemas(self) -> None:
        document = json.loads(self.client.get("/api/v1/openapi.json").content)
        schemas = document["components"]["schemas"]
        self.assertEqual(set(schemas["Page_CaseOut_"]["properties"]), {"items", "count"})
        for name in ("PersonOut", "CompanyOut", "CaseOut"):
            with self.subTest(schema=name):
                self.assertLessEqual(
                    {"code", "organisation", "shared"}, set(schemas[name]["properties"])
                )
        self.assertIn("date_of_birth", schemas["PersonIn"]["properties"])
        self.assertIn("date_of_birth", schemas["PersonOut"]["properties"])
        self.assertIn("score", schemas["DuplicateOut"]["properties"])
        reference = schemas["CaseOut"]["properties"]["reference"]
        self.assertEqual(reference["pattern"], "^[A-Z]{2,5}-[0-9]{4}-[0-9]{4,}$")
        self.assertIs(reference["readOnly"], True)
        self.assertIn("reference", schemas["CaseOut"]["required"])
        self.assertNotIn("reference", schemas["CaseIn"]["properties"])


# Operations anyone may call without a token. Every other operation of the document must answer
# 401 without one: an operation added without a token check fails here until it is listed.
PUBLIC_OPERATIONS = {
    ("post", "/api/v1/navigator/evaluate"),
    ("get", "/api/v1/portal/municipalities"),
    ("get", "/api/v1/portal/topics"),
    ("get", "/api/v1/portal/privacy-notice"),
    ("post", "/api/v1/portal/requests"),
    ("get", "/api/v1/portal/slots"),
    ("post", "/api/v1/portal/bookings"),
    ("get", "/api/v1/partners"),
    ("get", "/api/v1/partners/{code}"),
}
METHODS = {"get", "post", "put", "patch", "delete"}


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def unguarded(client: Client, document: dict[str, Any], public: set[tuple[str, str]]) -> list[str]:
    """The operations that answer anything but 401 without a token (or with a wrong one) and
    are not on the ``public`` list."""
    found = []
    for method, path, _operation in operations(document):
        if (method, path) in public:
            continue
        url = path.replace("{code}", "0b0e6c2c-8f1a-4c1e-9a53-2d5c3b9f0a11")
        for headers in ({}, {"Authorization": "Bearer wcr_unknown_token"}):
            response = getattr(client, method)(
                url, {}, content_type="application/json", headers=headers
            )
            if response.status_code != 401:
                found.append(f"{method.upper()} {path}: {response.status_code}")
    return found


class DenyByDefaultTest(ApiTestCase):
    def test_every_non_public_operation_answers_401_without_a_token(self) -> None:
        document = self.client.get("/api/v1/openapi.json").json()
        self.assertGreaterEqual(len(operations(document)), 8)
        self.assertEqual(unguarded(self.client, document, PUBLIC_OPERATIONS), [])
        for method, path, operation in operations(document):
            with self.subTest(operation=f"{method} {path}"):
                if (method, path) in PUBLIC_OPERATIONS:
                    self.assertNotIn("security", operation)
                else:
                    self.assertIn("401", operation["responses"])
                    self.assertTrue(operation["security"])

    def test_the_public_list_names_only_operations_that_exist(self) -> None:
        document = self.client.get("/api/v1/openapi.json").json()
        known = {(method, path) for method, path, _ in operations(document)}
        self.assertLessEqual(PUBLIC_OPERATIONS, known)

    def test_an_unlisted_public_operation_fails_the_check(self) -> None:
        # The test of the test: the public operations, taken off the list, are reported.
        document = self.client.get("/api/v1/openapi.json").json()
        self.assertEqual(
            sorted(unguarded(self.client, document, set())),
            sorted(
                [
                    "POST /api/v1/navigator/evaluate: 200",
                    "GET /api/v1/portal/municipalities: 422",
                    "GET /api/v1/portal/topics: 200",
                    "GET /api/v1/portal/privacy-notice: 200",
                    "POST /api/v1/portal/requests: 422",
                    "GET /api/v1/portal/slots: 422",
                    "POST /api/v1/portal/bookings: 422",
                    "GET /api/v1/partners: 200",
                    "GET /api/v1/partners/{code}: 404",
                ]
                * 2
            ),
        )


class DocumentedAnswersTest(SimpleTestCase):
    def test_every_operation_documents_its_error_answers_with_examples(self) -> None:
        document = self.client.get("/api/v1/openapi.json").json()
        # A referral's or consent's step: the write errors, and 409 when its state forbids it.
        STATE = ("400", "401", "403", "404", "409", "422")
        expected = {
            ("get", "/api/v1/persons"): {"200", "401", "404", "422"},
            ("get", "/api/v1/persons/duplicates"): {"200", "401", "404", "422"},
            ("get", "/api/v1/persons/{code}"): {"200", "401", "404"},
            ("post", "/api/v1/persons"): {"201", "400", "401", "403", "404", "422"},
            ("get", "/api/v1/companies"): {"200", "401", "404", "422"},
            ("get", "/api/v1/companies/{code}"): {"200", "401", "404"},
            ("post", "/api/v1/companies"): {"201", "400", "401", "403", "404", "422"},
            ("get", "/api/v1/cases"): {"200", "401", "404", "422"},
            ("get", "/api/v1/cases/{code}"): {"200", "401", "404"},
            ("post", "/api/v1/cases"): {"201", "400", "401", "403", "404", "422"},
            ("get", "/api/v1/requests"): {"200", "401", "404", "422"},
            ("post", "/api/v1/navigator/evaluate"): {"200", "422", "429"},
            ("get", "/api/v1/portal/municipalities"): {"200", "422", "429"},
            ("get", "/api/v1/portal/topics"): {"200", "422", "429"},
            ("get", "/api/v1/portal/privacy-notice"): {"200", "404", "422", "429"},
            ("post", "/api/v1/portal/requests"): {"200", "201", "413", "422", "429"},
            ("get", "/api/v1/portal/slots"): {"200", "422", "429"},
            ("post", "/api/v1/portal/bookings"): {"201", "409", "413", "422", "429"},
            ("get", "/api/v1/persons/{code}/consents"): {"200", "401", "404", "422"},
            ("post", "/api/v1/persons/{code}/consents"): {"201", "400", "401", "403", "404", "422"},
            ("post", "/api/v1/consents/{code}/withdraw"): {"200", *STATE},
            ("get", "/api/v1/referrals"): {"200", "401", "404", "422"},
            ("post", "/api/v1/referrals"): {"201", *STATE},
            ("get", "/api/v1/referrals/{code}"): {"200", "401", "404"},
            ("post", "/api/v1/referrals/{code}/accept"): {"200", "401", "403", "404", "409"},
            ("post", "/api/v1/referrals/{code}/decline"): {"200", *STATE},
            ("post", "/api/v1/referrals/{code}/complete"): {"200", *STATE},
            ("post", "/api/v1/referrals/{code}/revoke"): {"200", "401", "403", "404", "409"},
            ("get", "/api/v1/partners"): {"200", "422", "429"},
            ("get", "/api/v1/partners/{code}"): {"200", "404", "429"},
        }
        self.assertEqual({(m, p) for m, p, _ in operations(document)}, set(expected))
        for (method, path), statuses in expected.items():
            responses = document["paths"][path][method]["responses"]
            with self.subTest(operation=f"{method} {path}"):
                self.assertEqual(set(responses), statuses | {"414", "431"})
                for status in ("414", "431"):
                    self.assertEqual(set(responses[status]["content"]), {"text/html"})
                for status in statuses - {"200", "201"}:
                    content = responses[status]["content"]["application/json"]
                    self.assertIn("example", content)
                    self.assertIn("detail", content["example"])
                if method == "post" and not path.endswith(("/accept", "/revoke")):
                    body = document["paths"][path][method]["requestBody"]["content"]
                    self.assertTrue(body["application/json"]["schema"])

    def test_the_server_limits_it_documents_are_gunicorns(self) -> None:
        from gunicorn.config import Config

        config = Config()
        document = self.client.get("/api/v1/openapi.json").json()
        answers = document["paths"]["/api/v1/cases"]["get"]["responses"]
        self.assertIn(
            f"{config.limit_request_line:,}".replace(",", " "), answers["414"]["description"]
        )
        header_answer = answers["431"]["description"]
        self.assertIn(f"{config.limit_request_field_size:,}".replace(",", " "), header_answer)
        self.assertIn(str(config.limit_request_fields), header_answer)

    def test_inputs_have_examples_and_refuse_unknown_fields(self) -> None:
        schemas = self.client.get("/api/v1/openapi.json").json()["components"]["schemas"]
        for name in ("PersonIn", "CompanyIn", "CaseIn", "NameVariantIn"):
            with self.subTest(schema=name):
                self.assertTrue(schemas[name]["examples"])
                self.assertIs(schemas[name]["additionalProperties"], False)

    def test_it_uses_only_json_schema_keywords_for_limits(self) -> None:
        # pydantic writes "ge"/"le" where a validator wraps a type; JSON Schema ignores them.
        text = self.client.get("/api/v1/openapi.json").content.decode()
        for keyword in ('"ge":', '"le":', '"gt":', '"lt":'):
            self.assertNotIn(keyword, text)

    def test_collections_share_one_page_schema(self) -> None:
        schemas = self.client.get("/api/v1/openapi.json").json()["components"]["schemas"]
        pages = sorted(name for name in schemas if name.startswith("Page_"))
        self.assertEqual(
            pages,
            [
                "Page_CaseOut_",
                "Page_CompanyOut_",
                "Page_ConsentOut_",
                "Page_DuplicateOut_",
                "Page_IntakeItemOut_",
                "Page_PartnerOut_",
                "Page_PersonOut_",
                "Page_ReferralOut_",
            ],
        )
        self.assertFalse([name for name in schemas if name.endswith("List")])
