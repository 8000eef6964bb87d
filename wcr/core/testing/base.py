"""The base test class: personas built once per class, and signing them in."""

from __future__ import annotations

import time

from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.test import Client, TestCase

from wcr.accounts.models import Location, Membership, Organisation, Role, User
from wcr.core.middleware import MFA_OK_KEY
from wcr.core.testing.factories import (
    LocationFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)


def sign_in(client: Client, user: User) -> Client:
    """Sign ``user`` in as if they had passed password and second factor."""
    client.force_login(user)
    session = client.session
    session[MFA_OK_KEY] = user.pk
    session.save()
    return client


def give_totp(user: User) -> str:
    """Give ``user`` an authenticator app; answer its secret."""
    secret: str = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str) -> str:
    """The current code of ``secret``, taken early enough in its 30 s window to be used in time."""
    remaining = 30 - time.time() % 30
    if remaining < 3:
        time.sleep(remaining)
    counter = next(yield_hotp_counters_from_time())
    code: str = format_hotp_value(hotp_value(secret, counter))
    return code


class WcrTestCase(TestCase):
    """Personas: a counsellor and a team lead of organisation A, a counsellor and a team lead of
    organisation B (who must see nothing of A), a network coordinator, a data protection officer
    of A, a platform administrator, and a user without any membership."""

    org_a: Organisation
    org_b: Organisation
    counsellor: User
    team_lead: User
    other_counsellor: User
    other_team_lead: User
    coordinator: User
    dpo: User
    administrator: User
    no_membership: User
    location: Location
    other_location: Location

    @classmethod
    def setUpTestData(cls) -> None:
        cls.location = LocationFactory(slug="aachen", name="Aachen")
        cls.other_location = LocationFactory(slug="neuss", name="Neuss")
        cls.org_a = OrganisationFactory(slug="org-a", name="Organisation A", is_lead=True)
        cls.org_b = OrganisationFactory(slug="org-b", name="Organisation B")
        cls.counsellor = cls._persona("counsellor.a", cls.org_a, Role.COUNSELLOR)
        cls.team_lead = cls._persona("lead.a", cls.org_a, Role.TEAM_LEAD)
        cls.other_counsellor = cls._persona("counsellor.b", cls.org_b, Role.COUNSELLOR)
        cls.other_team_lead = cls._persona("lead.b", cls.org_b, Role.TEAM_LEAD)
        cls.coordinator = cls._persona("coordinator", cls.org_a, Role.COORDINATOR)
        cls.dpo = cls._persona("dpo.a", cls.org_a, Role.DATA_PROTECTION)
        cls.administrator = cls._persona("admin", cls.org_a, Role.ADMINISTRATOR)
        cls.administrator.is_staff = True
        cls.administrator.save(update_fields=["is_staff"])
        cls.no_membership = UserFactory(username="nobody")

    @classmethod
    def _persona(cls, username: str, organisation: Organisation, role: str) -> User:
        membership: Membership = MembershipFactory(
            user=UserFactory(username=username), organisation=organisation, role=role
        )
        membership.locations.set([cls.location])
        return membership.user

    def sign_in(self, user: User) -> Client:
        return sign_in(self.client, user)
