"""factory_boy factories for the case workbench, built through its services (so each record has
its audit row, search keys and version exactly as the application makes them).

``create()`` calls the service; ``build()`` answers the service's input (``PersonInput``, …)
without saving. Pass ``organisation`` and ``actor`` (a member of it) for realistic records::

    person = PersonFactory(organisation=org, actor=counsellor, given_name="Amina")
    case = CaseFactory(organisation=org, actor=counsellor, person=person)
"""

from __future__ import annotations

import datetime
from typing import Any

from factory.base import Factory
from factory.declarations import Iterator, LazyFunction, SelfAttribute, Sequence, SubFactory

from wcr.cases import services
from wcr.cases.models import Case, Company, Person
from wcr.core.testing.factories import OrganisationFactory, UserFactory

GIVEN_NAMES = ("Amina", "Olena", "Mehmet", "Ana", "Rahul", "Fatima", "Jonas", "Leyla")
FAMILY_NAMES = ("Yusuf", "Kovalenko", "Yilmaz", "Silva", "Sharma", "Haddad", "Becker", "Aliyeva")


class _ServiceFactory(Factory[Any]):
    """Common part: ``organisation`` and ``actor`` go to the service, the rest to its input."""

    organisation = SubFactory(OrganisationFactory)
    actor = SubFactory(UserFactory)

    class Meta:
        abstract = True

    @classmethod
    def _build(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        kwargs.pop("organisation")
        kwargs.pop("actor")
        return model_class(**kwargs)


class PersonFactory(_ServiceFactory):
    given_name = Iterator(GIVEN_NAMES)
    family_name = Iterator(FAMILY_NAMES)
    birth_date = Sequence(lambda n: datetime.date(1975 + n % 30, 1 + n % 12, 1 + n % 28))
    nationalities = LazyFunction(lambda: ["UA"])

    class Meta:
        model = services.PersonInput

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Person:
        organisation, actor = kwargs.pop("organisation"), kwargs.pop("actor")
        return services.person_create(
            actor=actor, organisation=organisation, data=model_class(**kwargs)
        )


class CompanyFactory(_ServiceFactory):
    name = Sequence(lambda n: f"Handwerksbetrieb {n} GmbH")
    legal_form = "gmbh"
    sector = "crafts"
    staff_count = 12

    class Meta:
        model = services.CompanyInput

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Company:
        organisation, actor = kwargs.pop("organisation"), kwargs.pop("actor")
        return services.company_create(
            actor=actor, organisation=organisation, data=model_class(**kwargs)
        )


class CaseFactory(_ServiceFactory):
    """A case opened through ``services.case_open``; by default about a new person of the same
    organisation, with the actor as counsellor."""

    person = SubFactory(
        PersonFactory,
        organisation=SelfAttribute("..organisation"),
        actor=SelfAttribute("..actor"),
    )
    company = None
    counsellor = SelfAttribute("actor")
    location = None
    topics: tuple[Any, ...] = ()
    channel = "walk_in"
    title = Sequence(lambda n: f"Beratung {n}")

    class Meta:
        model = Case

    @classmethod
    def _build(cls, model_class: Any, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("a case exists only once opened: use CaseFactory()")

    @classmethod
    def _create(cls, model_class: Any, *args: Any, **kwargs: Any) -> Case:
        return services.case_open(**kwargs)
