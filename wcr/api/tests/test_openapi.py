from __future__ import annotations

import json

from django.test import SimpleTestCase


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
