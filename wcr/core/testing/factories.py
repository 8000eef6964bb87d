"""factory_boy factories for the foundation's models."""

from __future__ import annotations

import factory
from django.contrib.auth.hashers import make_password
from factory.declarations import LazyAttribute, Sequence, SubFactory

from wcr.accounts.models import Location, Membership, Organisation, Role, User

TEST_PASSWORD = "Correct-Horse-Battery-9"  # noqa: S105
_TEST_PASSWORD_HASH = make_password(TEST_PASSWORD)  # hashed once per test process


class OrganisationFactory(factory.django.DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    slug = Sequence(lambda n: f"org-{n}")
    name = LazyAttribute(lambda o: f"Organisation {o.slug}")
    kind = Organisation.Kind.CHAMBER_OF_CRAFTS


class LocationFactory(factory.django.DjangoModelFactory[Location]):
    class Meta:
        model = Location
        django_get_or_create = ("slug",)

    slug = Sequence(lambda n: f"location-{n}")
    name = LazyAttribute(lambda o: o.slug.title())


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = LazyAttribute(lambda o: o.username.title())
    email = LazyAttribute(lambda o: f"{o.username}@example.org")
    password = _TEST_PASSWORD_HASH


class MembershipFactory(factory.django.DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = SubFactory(UserFactory)
    organisation = SubFactory(OrganisationFactory)
    role = Role.COUNSELLOR
