"""Synthetic data at scale for benchmarks: people with name variants in several scripts,
companies, cases, counselling contacts, milestones and tasks, bulk-inserted.

Deterministic for a given seed. Nothing here is personal data: names are drawn from small pools
of common names per origin, combined at random.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from wcr.accounts.models import Location, Organisation, User
from wcr.cases.models import (
    Case,
    Company,
    Contact,
    Milestone,
    Person,
    PersonName,
    Task,
    Topic,
)
from wcr.cases.services import case_reference_block, person_search_keys
from wcr.core.synthetic import SyntheticBatch, synthetic_extensions

# (given names, family names, native script name pairs, nationality, language, script)
ORIGINS = {
    "arabic": (
        [
            "Mohammed",
            "Muhammad",
            "Mohamad",
            "Ahmed",
            "Ahmad",
            "Ali",
            "Omar",
            "Umar",
            "Youssef",
            "Yusuf",
            "Fatima",
            "Fatma",
            "Aisha",
            "Ayesha",
            "Mariam",
            "Maryam",
            "Khaled",
            "Khalid",
            "Hassan",
            "Hasan",
            "Layla",
            "Leila",
            "Ibrahim",
            "Abdullah",
        ],
        [
            "Al-Hassan",
            "Hassan",
            "El Hasan",
            "Haddad",
            "Khalil",
            "Al-Khatib",
            "Nasser",
            "Nassar",
            "Saleh",
            "Salih",
            "Mansour",
            "Mansur",
            "Abdallah",
            "Ibrahim",
            "Darwish",
            "Al-Masri",
            "Benali",
            "Ben Ali",
        ],
        [
            ("محمد", "الحسن"),
            ("أحمد", "حداد"),
            ("فاطمة", "خليل"),
            ("يوسف", "ناصر"),
            ("علي", "منصور"),
            ("مريم", "درويش"),
            ("خالد", "صالح"),
            ("عائشة", "إبراهيم"),
        ],
        ["SY", "IQ", "MA", "EG", "JO", "LB", "TN", "DZ"],
        "ar",
        "arabic",
    ),
    "ukrainian": (
        [
            "Olena",
            "Olha",
            "Oleksandr",
            "Oleksander",
            "Dmytro",
            "Dmitro",
            "Iryna",
            "Irina",
            "Andrii",
            "Andriy",
            "Yulia",
            "Julia",
            "Serhii",
            "Sergiy",
            "Nataliia",
            "Natalia",
            "Mykola",
            "Taras",
            "Kateryna",
        ],
        [
            "Shevchenko",
            "Schewtschenko",
            "Kovalenko",
            "Kowalenko",
            "Bondarenko",
            "Tkachenko",
            "Tkatschenko",
            "Kravchenko",
            "Kravtschenko",
            "Melnyk",
            "Melnik",
            "Boyko",
            "Bojko",
            "Koval",
            "Oliynyk",
            "Polishchuk",
            "Lysenko",
        ],
        [
            ("Олена", "Шевченко"),
            ("Дмитро", "Коваленко"),
            ("Ірина", "Бондаренко"),
            ("Андрій", "Ткаченко"),
            ("Юлія", "Мельник"),
            ("Сергій", "Бойко"),
            ("Наталія", "Лисенко"),
        ],
        ["UA"],
        "uk",
        "cyrillic",
    ),
    "turkish": (
        [
            "Ayşe",
            "Ayse",
            "Mehmet",
            "Emre",
            "Zeynep",
            "Elif",
            "Mustafa",
            "Hüseyin",
            "Huseyin",
            "Fatma",
            "Emine",
            "Murat",
            "Özlem",
            "Ozlem",
            "Burak",
            "Gül",
        ],
        [
            "Yılmaz",
            "Yilmaz",
            "Kaya",
            "Demir",
            "Şahin",
            "Sahin",
            "Çelik",
            "Celik",
            "Yıldız",
            "Yildiz",
            "Öztürk",
            "Ozturk",
            "Aydın",
            "Aydin",
            "Arslan",
            "Doğan",
            "Dogan",
        ],
        [],
        ["TR"],
        "tr",
        "latin",
    ),
    "south_asian": (
        [
            "Rahul",
            "Priya",
            "Amit",
            "Anjali",
            "Vikram",
            "Sunita",
            "Arjun",
            "Deepika",
            "Ravi",
            "Neha",
            "Sandeep",
            "Pooja",
        ],
        [
            "Sharma",
            "Patel",
            "Singh",
            "Kumar",
            "Gupta",
            "Reddy",
            "Nair",
            "Iyer",
            "Das",
            "Chowdhury",
            "Choudhary",
        ],
        [],
        ["IN", "PK", "BD", "LK"],
        "en",
        "latin",
    ),
    "latin_american": (
        [
            "María",
            "Maria",
            "José",
            "Jose",
            "Juan",
            "Ana",
            "Luis",
            "Carmen",
            "Carlos",
            "Lucía",
            "Lucia",
            "Javier",
        ],
        [
            "García",
            "Garcia",
            "Rodríguez",
            "Rodriguez",
            "Santos",
            "Silva",
            "Pérez",
            "Perez",
            "Gómez",
            "Gomez",
            "Oliveira",
            "Souza",
            "da Silva",
            "dos Santos",
        ],
        [],
        ["BR", "CO", "MX", "PE", "AR"],
        "es",
        "latin",
    ),
    "east_asian": (
        ["Nguyen", "Minh", "Linh", "Thanh", "Hoa", "Wei", "Li", "Jun", "Mei", "Hiroshi", "Yuki"],
        ["Nguyen", "Tran", "Le", "Pham", "Wang", "Zhang", "Liu", "Chen", "Tanaka", "Suzuki"],
        [],
        ["VN", "CN", "PH", "ID"],
        "en",
        "latin",
    ),
}
COMPANY_WORDS = (
    [
        "Elektro",
        "Sanitär",
        "Bäckerei",
        "Pflegedienst",
        "Metallbau",
        "Logistik",
        "Hotel",
        "Softwarehaus",
        "Dachdeckerei",
        "Autohaus",
        "Tischlerei",
        "Gebäudetechnik",
        "Klinik",
        "Spedition",
    ],
    [
        "Schmitz",
        "Jansen",
        "Müller",
        "Wagner",
        "Becker",
        "Hoffmann",
        "Rurtal",
        "Eifel",
        "Niederrhein",
        "Erft",
        "Aachen",
        "Neuss",
        "Wurm",
        "Inde",
    ],
    ["GmbH", "e.K.", "GmbH & Co. KG", "UG", "AG", "OHG"],
)
STATUSES = ["new"] * 8 + ["counselling"] * 40 + ["accompaniment"] * 17 + ["closed"] * 35
CHANNELS = ["portal", "phone", "email", "walk_in", "referral", "event"]
CONTACT_CHANNELS = ["in_person", "phone", "video", "email"]


@dataclass
class Counts:
    persons: int = 0
    names: int = 0
    companies: int = 0
    cases: int = 0
    contacts: int = 0
    milestones: int = 0
    tasks: int = 0
    # Rows the registered extensions added (``wcr.core.synthetic``), by kind.
    extra: dict[str, int] = field(default_factory=dict)


def ensure_network() -> tuple[list[Organisation], list[Location], dict[int, list[User]]]:
    """The demo organisations and locations (created without users if missing)."""
    from wcr.accounts.demo import LOCATIONS, ORGANISATIONS

    locations = [
        Location.objects.get_or_create(slug=slug, defaults={"name": name, "city": city})[0]
        for slug, name, city in LOCATIONS
    ]
    organisations = []
    for spec in ORGANISATIONS:
        org, _ = Organisation.objects.get_or_create(
            slug=spec.slug,
            defaults={
                "name": spec.name,
                "short_name": spec.short_name,
                "kind": spec.kind,
                "is_lead": spec.is_lead,
                "is_public_body": spec.is_public_body,
            },
        )
        organisations.append(org)
    staff: dict[int, list[User]] = {}
    for org in organisations:
        users = list(
            User.objects.filter(
                memberships__organisation=org, memberships__role__in=["counsellor", "team_lead"]
            ).distinct()
        )
        if not users:
            users = [
                User.objects.get_or_create(
                    username=f"synthetic.{org.slug}",
                    defaults={"first_name": "Synthetic", "last_name": org.short_name or org.slug},
                )[0]
            ]
            from wcr.accounts.models import Membership

            Membership.objects.get_or_create(
                user=users[0], organisation=org, defaults={"role": "counsellor"}
            )
        staff[org.pk] = users
    return organisations, locations, staff


def assign_references(cases: list[Case], organisations: dict[int, Organisation]) -> None:
    """References for a batch of new cases, numbered in order of opening within each
    organisation and year: one block of numbers per organisation and year (one locked counter
    update each), not one per case."""
    groups: dict[tuple[int, int], list[Case]] = {}
    for case in cases:
        groups.setdefault((case.organisation_id, case.opened_on.year), []).append(case)
    for (organisation_id, year), group in groups.items():
        group.sort(key=lambda case: case.opened_on)
        references = case_reference_block(
            organisation=organisations[organisation_id], year=year, count=len(group)
        )
        for case, reference in zip(group, references, strict=True):
            case.reference = reference


def generate(
    *,
    persons: int,
    seed: int,
    batch_size: int = 5000,
    progress: Callable[[str], None] | None = None,
) -> Counts:
    rng = random.Random(seed)  # noqa: S311 (synthetic data, not security)
    counts = Counts()
    organisations, locations, staff = ensure_network()
    topics = list(Topic.objects.all())
    today = timezone.localdate()
    origin_keys = list(ORIGINS)
    now = timezone.now()

    for chunk_start in range(0, persons, batch_size):
        size = min(batch_size, persons - chunk_start)
        with transaction.atomic():
            people: list[Person] = []
            variants: list[tuple[int, PersonName]] = []
            for index in range(size):
                origin = ORIGINS[rng.choice(origin_keys)]
                given_pool, family_pool, native_pool, nationalities, language, script = origin
                org = organisations[rng.randrange(len(organisations))]
                given = rng.choice(given_pool)
                if rng.random() < 0.25:
                    given = f"{given} {rng.choice(given_pool)}"
                family = rng.choice(family_pool)
                placeholder = rng.random() < 0.08
                birth = (
                    datetime.date(rng.randint(1960, 2006), 1, 1)
                    if placeholder
                    else datetime.date(
                        rng.randint(1960, 2006), rng.randint(1, 12), rng.randint(1, 28)
                    )
                )
                native = rng.choice(native_pool) if native_pool and rng.random() < 0.5 else None
                other_given, other_family = native if native else ("", "")
                person = Person(
                    organisation=org,
                    given_name=given,
                    family_name=family,
                    birth_date=birth,
                    birth_date_precision="year" if placeholder else "day",
                    gender=rng.choice("fmfmfmd"),
                    nationalities=[rng.choice(nationalities)],
                    email=f"p{seed}.{chunk_start + index}@example.org"
                    if rng.random() < 0.7
                    else "",
                    phone=f"+49 {rng.randint(151, 179)} {rng.randint(1000000, 9999999)}"
                    if rng.random() < 0.6
                    else "",
                    country_of_residence="DE" if rng.random() < 0.6 else rng.choice(nationalities),
                    residence_status=rng.choice(
                        [
                            "abroad",
                            "residence_permit",
                            "visa",
                            "blue_card",
                            "fiction",
                            "eu",
                            "unknown",
                        ]
                    ),
                    preferred_language=language,
                    search_keys=person_search_keys([given, other_given], [family, other_family]),
                    created_at=now,
                    updated_at=now,
                )
                people.append(person)
                if native:
                    variants.append(
                        (
                            index,
                            PersonName(
                                kind="native",
                                script=script,
                                given_name=native[0],
                                family_name=native[1],
                            ),
                        )
                    )
            Person.objects.bulk_create(people, batch_size=batch_size)
            for index, variant in variants:
                variant.person = people[index]
            PersonName.objects.bulk_create([v for _, v in variants], batch_size=batch_size)
            counts.persons += len(people)
            counts.names += len(variants)

            companies: list[Company] = []
            for _ in range(max(1, size // 20)):
                org = organisations[rng.randrange(len(organisations))]
                name = f"{rng.choice(COMPANY_WORDS[0])} {rng.choice(COMPANY_WORDS[1])} {rng.choice(COMPANY_WORDS[2])}"
                companies.append(
                    Company(
                        organisation=org,
                        name=name,
                        legal_form=rng.choice(["gmbh", "sole", "kg", "ug"]),
                        sector=rng.choice(
                            [
                                "crafts",
                                "industry",
                                "health",
                                "services",
                                "hospitality",
                                "logistics",
                                "it",
                            ]
                        ),
                        staff_count=rng.choice([3, 8, 15, 40, 90, 180, 260]),
                        search_keys=person_search_keys([], [name]),
                        created_at=now,
                        updated_at=now,
                    )
                )
            Company.objects.bulk_create(companies, batch_size=batch_size)
            counts.companies += len(companies)
            companies_by_org: dict[int, list[Company]] = {}
            for new_company in companies:
                companies_by_org.setdefault(new_company.organisation_id, []).append(new_company)

            cases: list[Case] = []
            for person in people:
                for _ in range(1 if rng.random() < 0.8 else 2):
                    status = rng.choice(STATUSES)
                    opened = today - datetime.timedelta(days=rng.randint(0, 900))
                    org_companies = companies_by_org.get(person.organisation_id) or []
                    company = (
                        rng.choice(org_companies) if org_companies and rng.random() < 0.25 else None
                    )
                    counsellors = staff[person.organisation_id]
                    cases.append(
                        Case(
                            organisation_id=person.organisation_id,
                            person=person,
                            company=company,
                            location=rng.choice(locations),
                            counsellor=rng.choice(counsellors) if status != "new" else None,
                            channel=rng.choice(CHANNELS),
                            status=status,
                            opened_on=opened,
                            closed_on=min(
                                today, opened + datetime.timedelta(days=rng.randint(10, 300))
                            )
                            if status == "closed"
                            else None,
                            closing_reason="goal_reached" if status == "closed" else "",
                            esf_participant=rng.random() < 0.6,
                            created_at=now,
                            updated_at=now,
                        )
                    )
            assign_references(cases, {org.pk: org for org in organisations})
            Case.objects.bulk_create(cases, batch_size=batch_size)
            counts.cases += len(cases)
            through = Case.topics.through
            links = [
                through(case_id=case.pk, topic_id=topic.pk)
                for case in cases
                for topic in rng.sample(topics, rng.randint(1, 2))
            ]
            through.objects.bulk_create(links, batch_size=batch_size)

            contacts: list[Contact] = []
            milestones: list[Milestone] = []
            tasks: list[Task] = []
            for case in cases:
                for _ in range(rng.randint(0, 4)):
                    contacts.append(  # noqa: PERF401 (one random draw per field, in order)
                        Contact(
                            organisation_id=case.organisation_id,
                            case=case,
                            happened_on=min(
                                today, case.opened_on + datetime.timedelta(days=rng.randint(0, 120))
                            ),
                            duration_minutes=rng.choice([10, 15, 20, 30, 45, 60, 90]),
                            channel=rng.choice(CONTACT_CHANNELS),
                            language=rng.choice(["de", "en", "ar", "uk", "tr"]),
                            interpreter=rng.random() < 0.1,
                            note="Beratung zu Anerkennung und Aufenthalt."
                            if rng.random() < 0.5
                            else "",
                            counsellor=case.counsellor,
                            created_at=now,
                            updated_at=now,
                        )
                    )
                if case.status in ("counselling", "accompaniment") and rng.random() < 0.3:
                    for position, key in enumerate(
                        ("application_submitted", "receipt_confirmed", "decision")
                    ):
                        milestones.append(
                            Milestone(
                                organisation_id=case.organisation_id,
                                case=case,
                                key=key,
                                title=key.replace("_", " "),
                                due_on=case.opened_on
                                + datetime.timedelta(days=30 * (position + 1)),
                                done_on=case.opened_on
                                + datetime.timedelta(days=25 * (position + 1))
                                if rng.random() < 0.5
                                else None,
                                position=position,
                                created_at=now,
                                updated_at=now,
                            )
                        )
                    if case.counsellor is not None:
                        tasks.append(
                            Task(
                                organisation_id=case.organisation_id,
                                case=case,
                                title="Nachfassen",
                                assignee=case.counsellor,
                                due_on=today + datetime.timedelta(days=rng.randint(-20, 30)),
                                created_at=now,
                                updated_at=now,
                            )
                        )
            Contact.objects.bulk_create(contacts, batch_size=batch_size)
            Milestone.objects.bulk_create(milestones, batch_size=batch_size)
            Task.objects.bulk_create(tasks, batch_size=batch_size)
            counts.contacts += len(contacts)
            counts.milestones += len(milestones)
            counts.tasks += len(tasks)
            batch = SyntheticBatch(
                number=chunk_start // batch_size,
                seed=seed,
                today=today,
                now=now,
                persons=people,
                cases=cases,
                batch_size=batch_size,
            )
            for extension in synthetic_extensions().values():
                for kind, added in extension(batch).items():
                    counts.extra[kind] = counts.extra.get(kind, 0) + added
        if progress is not None:
            progress(f"  {counts.persons}/{persons} persons")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return counts
