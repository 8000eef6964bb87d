"""``GET /api/v1/partners`` and ``/partners/{code}``: public, with or without a token, filters,
paging, the 422 naming the parameter, 429 and the document."""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.test import override_settings

from wcr.accounts.models import Membership
from wcr.api.tokens import api_token_create
from wcr.api.urls import api
from wcr.core.testing.base import WcrTestCase
from wcr.partners.models import Partner
from wcr.partners.seed import partners_load

URL = "/api/v1/partners"


class PartnerApiTests(WcrTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        partners_load()
        membership = Membership.objects.get(user=cls.counsellor)
        cls.token = api_token_create(actor=None, membership=membership)[1]

    def setUp(self) -> None:
        cache.clear()

    def test_it_answers_without_a_token(self) -> None:
        response = self.client.get(URL, {"limit": 5})
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(body["count"], Partner.objects.count())
        self.assertEqual(len(body["items"]), 5)
        item = body["items"][0]
        for key in (
            "code",
            "name",
            "kind",
            "website",
            "email",
            "phone",
            "topics",
            "municipalities",
            "serves_all_nrw",
            "services",
            "locations",
            "last_checked_on",
            "source",
            "confidence",
        ):
            self.assertIn(key, item)

    def test_it_answers_the_same_with_a_token(self) -> None:
        anonymous = self.client.get(URL, {"topic": "residence"}).json()
        with_token = self.client.get(
            URL, {"topic": "residence"}, HTTP_AUTHORIZATION=f"Bearer {self.token}"
        ).json()
        self.assertEqual(anonymous, with_token)

    def test_filters_by_topic_and_municipality(self) -> None:
        body = self.client.get(URL, {"topic": "residence", "municipality": "05370016"}).json()
        names = [item["name"] for item in body["items"]]
        self.assertEqual(names[0], "Ausländeramt des Kreises Heinsberg")
        nrw = [item for item in body["items"] if item["serves_all_nrw"]]
        self.assertTrue(nrw)
        self.assertTrue(all(item["municipalities"] == [] for item in nrw))
        self.assertTrue(
            all(
                "residence" in item["topics"]
                or any("residence" in s["topics"] for s in item["services"])
                for item in body["items"]
            )
        )

    def test_paging(self) -> None:
        everything = self.client.get(URL, {"limit": 200}).json()["items"]
        page = self.client.get(URL, {"limit": 2, "offset": 3}).json()
        self.assertEqual([i["code"] for i in page["items"]], [i["code"] for i in everything[3:5]])

    def test_bad_input_answers_422_naming_the_parameter(self) -> None:
        for query, field in (
            ({"topic": "visa"}, "topic"),
            ({"topic": "vi sa"}, "topic"),
            ({"municipality": "5334002"}, "municipality"),
            ({"limit": "0"}, "limit"),
            ({"offset": "1.0"}, "offset"),
        ):
            with self.subTest(query=query):
                response = self.client.get(URL, query)
                self.assertEqual(response.status_code, 422)
                self.assertEqual(response.json()["detail"][0]["loc"], ["query", field])

    def test_the_unknown_topic_message_comes_in_the_asked_language(self) -> None:
        response = self.client.get(URL, {"topic": "visa"}, HTTP_ACCEPT_LANGUAGE="de")
        self.assertEqual(response.json()["detail"][0]["msg"], "Unbekanntes Thema: visa.")

    @override_settings(PORTAL_RATE_LIMIT=2)
    def test_too_many_requests_answer_429_with_retry_after(self) -> None:
        for _ in range(2):
            self.assertEqual(self.client.get(URL).status_code, 200)
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 429)
        self.assertGreaterEqual(int(response["Retry-After"]), 1)
        code = Partner.objects.first().code
        self.assertEqual(self.client.get(f"{URL}/{code}").status_code, 429)

    def test_one_partner_by_code(self) -> None:
        partner = Partner.objects.get(key="ihk-fosa")
        body = self.client.get(f"{URL}/{partner.code}").json()
        self.assertEqual(body["name"], partner.name)
        self.assertEqual(body["locations"][0]["city"], "Nürnberg")
        self.assertIn("100–600 €", body["services"][0]["fees"])
        self.assertEqual(self.client.get(f"{URL}/{uuid.uuid4()}").status_code, 404)
        self.assertEqual(self.client.get(f"{URL}/nonsense").status_code, 404)
        Partner.objects.filter(pk=partner.pk).update(active=False)
        self.assertEqual(self.client.get(f"{URL}/{partner.code}").status_code, 404)

    def test_the_document_states_every_answer_and_the_topics(self) -> None:
        document = api.get_openapi_schema()
        operation = document["paths"]["/api/v1/partners"]["get"]
        self.assertLessEqual({"200", "422", "429"}, {str(s) for s in operation["responses"]})
        self.assertNotIn("security", operation)
        parameters = {p["name"]: p["schema"] for p in operation["parameters"]}
        self.assertEqual(parameters["topic"]["pattern"], "^[-a-zA-Z0-9_]{1,40}$")
        self.assertEqual(parameters["municipality"]["pattern"], "^[0-9]{8}$")
        self.assertEqual(parameters["limit"]["maximum"], 200)
        detail = document["paths"]["/api/v1/partners/{code}"]["get"]
        self.assertLessEqual({"200", "404", "429"}, {str(s) for s in detail["responses"]})
