"""The API tests' base class: the personas of ``WcrTestCase`` with a token each, and requests."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.test.client import Client

from wcr.accounts.models import Membership, Organisation, User
from wcr.api.tokens import api_token_create
from wcr.cases import services
from wcr.cases.models import Case, Company, Person, Topic
from wcr.core.testing.base import WcrTestCase

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response


def token_for(user: User) -> str:
    """A token for the user's (only) membership."""
    return api_token_create(actor=None, membership=Membership.objects.get(user=user))[1]


def make_person(user: User, organisation: Organisation, **fields: Any) -> Person:
    if "birth_date" not in fields:
        fields.setdefault("birth_date_precision", "unknown")
    data = services.PersonInput(**{"given_name": "Amina", "family_name": "Yusuf", **fields})
    return services.person_create(actor=user, organisation=organisation, data=data)


def make_company(user: User, organisation: Organisation, **fields: Any) -> Company:
    data = services.CompanyInput(**{"name": "Bäckerei Schmitz GmbH", **fields})
    return services.company_create(actor=user, organisation=organisation, data=data)


def make_case(
    user: User, organisation: Organisation, *, person: Person | None, **fields: Any
) -> Case:
    return services.case_open(
        actor=user,
        organisation=organisation,
        person=person,
        topics=Topic.objects.filter(slug__in=["recognition", "residence"]),
        **{"opened_on": datetime.date(2026, 3, 2), **fields},
    )


class ApiTestCase(WcrTestCase):
    """Tokens for the personas; ``self.get(url, token)`` and ``self.post(url, data, token)``."""

    tokens: dict[str, str]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.tokens = {
            "counsellor": token_for(cls.counsellor),
            "team_lead": token_for(cls.team_lead),
            "other_counsellor": token_for(cls.other_counsellor),
            "coordinator": token_for(cls.coordinator),
            "dpo": token_for(cls.dpo),
            "administrator": token_for(cls.administrator),
        }

    @staticmethod
    def auth(token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}

    def get(self, url: str, token: str, client: Client | None = None, **params: Any) -> Response:
        return (client or self.client).get(url, params, headers=self.auth(token))

    def post(self, url: str, data: dict[str, Any], token: str) -> Response:
        return self.client.post(
            url, data, content_type="application/json", headers=self.auth(token)
        )
