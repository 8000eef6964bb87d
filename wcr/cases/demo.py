"""Demo cases for ``seed_demo``: every kind and state, people in several scripts and languages.

Idempotent: an organisation that already has its demo people is left alone. Dates are relative
to the day of seeding, so deadlines and overdue markers make sense whenever the demo starts.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from wcr.accounts.models import Location, Membership, Organisation, Role, User
from wcr.cases import services
from wcr.cases.models import Case, CaseStatus, Person, Topic
from wcr.region.models import Municipality

DEMO_DOMAIN = "demo.invalid"


@dataclass(frozen=True)
class DemoPerson:
    given: str
    family: str
    birth: str
    gender: str
    nationalities: tuple[str, ...]
    language: str
    native: tuple[str, str, str] | None = None  # (given, family, script)
    precision: str = "day"
    residence_status: str = "abroad"


PEOPLE = (
    DemoPerson(
        "Mohammed",
        "Al-Hassan",
        "1991-03-14",
        "m",
        ("SY",),
        "ar",
        ("محمد", "الحسن", "arabic"),
        residence_status="residence_permit",
    ),
    DemoPerson(
        "Olena",
        "Shevchenko",
        "1988-11-02",
        "f",
        ("UA",),
        "uk",
        ("Олена", "Шевченко", "cyrillic"),
        residence_status="other",
    ),
    DemoPerson("Ayşe", "Yılmaz", "1995-06-21", "f", ("TR",), "tr"),
    DemoPerson("Rahul", "Sharma", "1993-01-01", "m", ("IN",), "en", precision="year"),
    DemoPerson("Fatima", "Benali", "1990-09-09", "f", ("MA",), "ar", ("فاطمة", "بن علي", "arabic")),
    DemoPerson(
        "Dmytro",
        "Kovalenko",
        "1985-04-30",
        "m",
        ("UA",),
        "uk",
        ("Дмитро", "Коваленко", "cyrillic"),
        residence_status="fiction",
    ),
    DemoPerson("Maria", "Santos", "1998-12-12", "f", ("BR",), "en"),
    DemoPerson("Nguyen", "Van An", "1996-07-07", "d", ("VN",), "en"),
)

COMPANIES = (
    ("Elektro Schmitz GmbH", "gmbh", "crafts", 18, "05334002"),
    ("Pflegedienst Rurtal", "gmbh", "health", 64, "05358008"),
    ("Bäckerei Jansen e.K.", "sole", "crafts", 9, "05162024"),
)


def _user(organisation: Organisation, role: str) -> User | None:
    membership = (
        Membership.objects.filter(organisation=organisation, role=role, is_active=True)
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def seed_cases(organisation: Organisation, *, index: int) -> int:
    """Create the demo cases of one organisation; answer how many were created."""
    if Person.objects.filter(organisation=organisation, email__endswith=DEMO_DOMAIN).exists():
        return 0
    counsellor = _user(organisation, Role.COUNSELLOR)
    lead = _user(organisation, Role.TEAM_LEAD)
    if counsellor is None or lead is None:
        return 0
    location = (
        Location.objects.filter(memberships__organisation=organisation).first()
        or Location.objects.first()
    )
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    today = timezone.localdate()
    created = 0
    persons = []
    for number, spec in enumerate(PEOPLE):
        data = services.PersonInput(
            given_name=spec.given,
            family_name=spec.family,
            birth_date=datetime.date.fromisoformat(spec.birth),
            birth_date_precision=spec.precision,
            gender=spec.gender,
            nationalities=list(spec.nationalities),
            email=f"{spec.given.lower()}.{number}.{organisation.slug}@{DEMO_DOMAIN}".replace(
                " ", ""
            ),
            phone=f"+49 241 {index:02d}{number:02d}{number:03d}",
            country_of_residence="DE"
            if spec.residence_status != "abroad"
            else spec.nationalities[0],
            residence_status=spec.residence_status,
            residence_expiry=today + datetime.timedelta(days=40 + 30 * number)
            if spec.residence_status != "abroad"
            else None,
            preferred_language=spec.language,
        )
        if data.country_of_residence == "DE":
            municipality = Municipality.objects.filter(ags="05334002").first()
            data.municipality_id = municipality.pk if municipality else None
            data.postal_code = "52062"
        variants = []
        if spec.native:
            variants.append(
                services.NameVariant(
                    spec.native[0], spec.native[1], kind="native", script=spec.native[2]
                )
            )
        persons.append(
            services.person_create(
                actor=counsellor, organisation=organisation, data=data, variants=variants
            )
        )

    companies = []
    for name, legal_form, sector, staff, ags in COMPANIES:
        municipality = Municipality.objects.filter(ags=ags).first()
        companies.append(
            services.company_create(
                actor=counsellor,
                organisation=organisation,
                data=services.CompanyInput(
                    name=name,
                    legal_form=legal_form,
                    sector=sector,
                    staff_count=staff,
                    municipality_id=municipality.pk if municipality else None,
                    email=f"info.{organisation.slug}@{DEMO_DOMAIN}",
                ),
            )
        )

    def open_case(**kwargs: Any) -> Case:
        nonlocal created
        created += 1
        return services.case_open(
            actor=counsellor, organisation=organisation, location=location, **kwargs
        )

    # New requests in the inbox, unassigned.
    open_case(
        person=persons[2],
        topics=[topics["recognition"]],
        channel="portal",
        title="Anerkennung Pflegefachkraft",
        opened_on=today - datetime.timedelta(days=1),
        esf_participant=True,
    )
    open_case(
        company=companies[2],
        topics=[topics["recruitment"]],
        channel="phone",
        title="Bäckerin aus dem Ausland gesucht",
        opened_on=today,
    )
    # In counselling, with contacts and a recognition procedure (one deadline overdue).
    case = open_case(
        person=persons[0],
        counsellor=counsellor,
        topics=[topics["recognition"], topics["employment"]],
        channel="walk_in",
        title="Elektroniker: Anerkennung und Arbeitsplatz",
        opened_on=today - datetime.timedelta(days=70),
        esf_participant=True,
    )
    services.contact_log(
        actor=counsellor,
        case=case,
        happened_on=today - datetime.timedelta(days=70),
        duration_minutes=60,
        channel="in_person",
        language="ar",
        interpreter=True,
        topics=[topics["recognition"]],
        note="Erstgespräch mit Dolmetscher; Zeugnisse aus Damaskus liegen vor.",
    )
    services.contact_log(
        actor=counsellor,
        case=case,
        happened_on=today - datetime.timedelta(days=20),
        duration_minutes=20,
        channel="phone",
        language="de",
        topics=[topics["recognition"]],
        note="Übersetzungen beauftragt.",
    )
    procedure = services.procedure_start(
        actor=counsellor,
        case=case,
        template="recognition",
        started_on=today - datetime.timedelta(days=60),
    )
    first = procedure.milestones.get(key="application_submitted")
    services.milestone_complete(
        actor=counsellor, milestone=first, done_on=today - datetime.timedelta(days=45)
    )
    services.task_create(
        actor=counsellor,
        case=case,
        title="Eingangsbestätigung bei der HWK nachfragen",
        assignee=counsellor,
        due_on=today - datetime.timedelta(days=3),
    )
    # Recruitment case of a company with two candidates (§ 81a procedure on the company side).
    recruitment = open_case(
        company=companies[0],
        counsellor=lead,
        topics=[topics["recruitment"]],
        channel="email",
        title="Zwei Elektroniker aus der Ukraine",
        opened_on=today - datetime.timedelta(days=30),
    )
    services.contact_log(
        actor=lead,
        case=recruitment,
        happened_on=today - datetime.timedelta(days=28),
        duration_minutes=45,
        channel="video",
        language="de",
        topics=[topics["recruitment"]],
        note="Ablauf des beschleunigten Fachkräfteverfahrens erklärt.",
    )
    services.procedure_start(
        actor=lead,
        case=recruitment,
        template="accelerated_procedure",
        started_on=today - datetime.timedelta(days=25),
    )
    for worker in (persons[1], persons[5]):
        open_case(
            person=worker,
            company=companies[0],
            counsellor=lead,
            topics=[topics["recruitment"], topics["residence"]],
            channel="referral",
            title="Kandidat Elektroniker",
            opened_on=today - datetime.timedelta(days=29),
            recruitment_case=recruitment,
            esf_participant=True,
        )
    # Accompaniment after arrival.
    accompanied = open_case(
        person=persons[4],
        company=companies[1],
        counsellor=counsellor,
        topics=[topics["integration"], topics["residence"]],
        channel="referral",
        title="Ankommen in Düren",
        opened_on=today - datetime.timedelta(days=120),
        esf_participant=True,
    )
    services.case_change_status(
        actor=counsellor,
        case=accompanied,
        expected_version=accompanied.version,
        status=CaseStatus.ACCOMPANIMENT,
    )
    services.procedure_start(
        actor=counsellor,
        case=accompanied,
        template="residence_permit",
        started_on=today - datetime.timedelta(days=14),
    )
    # Closed with an outcome, and one reopened.
    closed = open_case(
        person=persons[6],
        counsellor=counsellor,
        topics=[topics["employment"]],
        channel="event",
        title="Jobsuche Hotellerie",
        opened_on=today - datetime.timedelta(days=200),
    )
    services.contact_log(
        actor=counsellor,
        case=closed,
        happened_on=today - datetime.timedelta(days=190),
        duration_minutes=30,
        channel="in_person",
        language="en",
    )
    services.case_change_status(
        actor=counsellor,
        case=closed,
        expected_version=closed.version,
        status=CaseStatus.CLOSED,
        closing_reason="goal_reached",
        outcome="employed",
        on=today - datetime.timedelta(days=100),
    )
    reopened = open_case(
        person=persons[3],
        counsellor=counsellor,
        topics=[topics["founding"]],
        channel="portal",
        title="Gründung IT-Beratung",
        opened_on=today - datetime.timedelta(days=90),
    )
    services.case_change_status(
        actor=counsellor,
        case=reopened,
        expected_version=reopened.version,
        status=CaseStatus.CLOSED,
        closing_reason="no_contact",
        on=today - datetime.timedelta(days=50),
    )
    services.case_change_status(
        actor=counsellor,
        case=reopened,
        expected_version=reopened.version,
        status=CaseStatus.COUNSELLING,
    )
    open_case(
        person=persons[7],
        counsellor=counsellor,
        topics=[topics["training"]],
        channel="phone",
        title="Ausbildungsplatz Pflege",
        opened_on=today - datetime.timedelta(days=5),
    )
    return created
