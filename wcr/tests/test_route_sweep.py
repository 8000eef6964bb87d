"""The route sweep: every route that takes a code refuses everyone outside organisation A.

The sweep walks Django's URL resolver (staff area, portal, navigator, privacy, region) and the
OpenAPI document (``/api/v1/openapi.json``). Every route with a parameter needs an entry in
``ROUTES`` (by route name) or ``OPERATIONS`` (by ``"METHOD /path"``): a function giving the URL
arguments of an object of organisation A, built once per class in ``setUpTestData`` — or an entry
in ``NOT_OWNED`` saying why its parameter names no organisation's data. A route without an entry
fails the sweep, naming it.

Adding a route: add its line to ``ROUTES`` / ``OPERATIONS`` (and, for a new kind of object, build
one in ``RouteSweepTests.setUpTestData``).
"""

from __future__ import annotations

import datetime
import json
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from wcr.accounts.models import Membership
from wcr.api.tokens import api_token_create
from wcr.cases import services
from wcr.cases.models import Case, ChecklistItem, Company, Document, Milestone, Person, Task, Topic
from wcr.core.testing.base import WcrTestCase, sign_in
from wcr.navigator.models import Assessment
from wcr.navigator.services import assessment_save
from wcr.portal.models import Booking, IntakeItem
from wcr.referrals.models import Consent, Referral

# Prefixes the sweep leaves out, and why.
EXCLUDED_PREFIXES = {
    "admin/": "the platform administration is its own world (is_staff and Django's permissions); "
    "what it shows is pinned by the admin tests of issue #8, item 3",
    "accounts/": "allauth: the signed-in user's own account; its parameters are allauth's signed "
    "keys (password reset), not organisation data",
    "i18n/": "Django's language switch; no parameters",
    "api/v1/": "swept operation by operation from the OpenAPI document (OPERATIONS)",
}

# Routes whose parameter names no organisation's data.
NOT_OWNED = {
    "navigator:question": "a question of the public wizard (the knowledge base); the answers "
    "live in the visitor's session",
    "portal:privacy-version": "a version of the public privacy notice; no personal data",
    "portal:booking-manage": "a signed token naming one booking: the link mailed to the "
    "requester (a capability, no account); a forged token or one past the appointment's end "
    "answers 404 (wcr/portal/tests/test_booking_core.py, test_booking_pages.py)",
    "portal:booking-move": "the manage link's token (see portal:booking-manage): moving",
    "portal:booking-cancel": "the manage link's token (see portal:booking-manage): cancelling",
    "portal:request-done": "a signed, short-lived token carrying a request's reference and where "
    "it went; no stored object is looked up by it",
    # The portal's content pages are the network's public texts, edited by the lead partner's
    # team leads and the coordinator (who must reach them, unlike this sweep's personas); the
    # 404 for counsellors, other organisations, the DPO and the administrator is pinned in
    # wcr/portal/tests/test_content_pages.py (EditingTests.test_everyone_else_gets_404).
    "content:page": "a content page of the public portal (by its slug); no personal data",
    "content:edit": "a content page of the public portal (by its slug); no personal data",
    "content:preview": "a version of a public content page; no personal data",
    "content:publish": "a version of a public content page; no personal data",
    # The cooperation-partner directory is network-wide data, owned by no organisation; team
    # leads of every organisation maintain it. The 404 for everyone else on the staff routes is
    # pinned in wcr/partners/tests/test_staff_pages.py (AccessTests).
    "partners:detail": "an entry of the public cooperation-partner directory; no personal data",
    "partners_staff:edit": "a directory entry (network-wide, no organisation's); team leads of "
    "every organisation maintain it",
    "partners_staff:checked": "a directory entry (network-wide, no organisation's): marking it "
    "checked",
    # The statistics answer every viewer with the figures of their own organisation (the
    # coordinator: the network's, suppressed); the slug names a kind of figure, not an object.
    # The 404 for the data protection officer and the administrator is pinned in
    # wcr/reporting/tests/test_statistics.py and wcr/accounts/tests/test_staff_page_access.py.
    "reporting:statistics_csv": "a kind of figure (its slug) of the acting organisation's "
    "statistics; no object of any organisation",
}

PERSONAS = ("other_counsellor", "other_team_lead", "coordinator", "dpo", "administrator")


@dataclass(frozen=True)
class Entry:
    """The URL arguments of an object of organisation A, and who in A may reach it; for an API
    operation that writes, the body it takes and the owner's answer."""

    kwargs: Callable[[type[RouteSweepTests]], dict[str, Any]]
    owner: str = "counsellor"
    body: dict[str, Any] | None = None
    owner_status: int = 200


def _code(attribute: str) -> Entry:
    return Entry(lambda t: {"code": getattr(t, attribute).code})


ROUTES: dict[str, Entry] = {
    "cases:detail": _code("case"),
    "cases:edit": _code("case"),
    "cases:log_contact": _code("case"),
    "cases:change_status": _code("case"),
    "cases:assign": Entry(lambda t: {"code": t.case.code}, owner="team_lead"),
    "cases:start_procedure": _code("case"),
    "cases:add_task": _code("case"),
    "cases:add_document": _code("case"),
    "cases:milestone_done": _code("milestone"),
    "cases:checklist_status": _code("checklist_item"),
    "cases:task_done": _code("task"),
    "cases:document": _code("document"),
    "cases:remove_document": _code("document"),
    "cases:person": _code("person"),
    "cases:person_edit": _code("person"),
    "cases:person_add_language": _code("person"),
    "cases:person_add_qualification": _code("person"),
    "cases:company": _code("company"),
    "cases:company_edit": _code("company"),
    "cases:company_add_contact": _code("company"),
    "navigator_staff:case": _code("case"),
    "navigator_staff:start": _code("case"),
    "navigator_staff:save": _code("case"),
    "navigator_staff:assessment": Entry(
        lambda t: {"code": t.case.code, "assessment": t.assessment.code}
    ),
    "staff:team_member": Entry(lambda t: {"code": t.membership.code}, owner="team_lead"),
    "api_tokens:revoke": _code("api_token"),
    "intake:detail": _code("intake_item"),
    "intake:accept": _code("intake_item"),
    "intake:forward": _code("intake_item"),
    "intake:decline": _code("intake_item"),
    "calendar:detail": _code("booking"),
    "calendar:mark": _code("booking"),
    "calendar:cancel": _code("booking"),
    "referrals:new": _code("case"),
    "referrals:consents": _code("person"),
    "referrals:consent_withdraw": _code("consent"),
    "referrals:detail": _code("referral_out"),
    "referrals:revoke": _code("referral_out"),
    # Answered by the receiving organisation: a referral from organisation C to A.
    "referrals:accept": _code("referral_in"),
    "referrals:decline": _code("referral_in"),
    "referrals:complete": _code("referral_in"),
    # A's referral of its case to a cooperation partner of the directory.
    "referrals:answer": _code("referral_external"),
    "referrals:feedback": _code("referral_external"),
    "referrals:letter": _code("referral_external"),
    "reporting:participation": _code("case"),
    "reporting:follow_up_send": _code("participation"),
}

# API operations whose parameter names public data, no organisation's: each answers everyone
# alike, with or without a token (pinned below by test_public_operations_answer_everyone_alike).
PUBLIC_OPERATIONS: dict[str, str] = {
    "GET /api/v1/partners/{code}": "an entry of the cooperation-partner directory: network-wide "
    "public data (wcr/partners/tests/test_api.py)",
}

OPERATIONS: dict[str, Entry] = {
    "GET /api/v1/persons/{code}": _code("person"),
    "GET /api/v1/companies/{code}": _code("company"),
    "GET /api/v1/cases/{code}": _code("case"),
    "GET /api/v1/persons/{code}/consents": _code("person"),
    "POST /api/v1/persons/{code}/consents": Entry(
        lambda t: {"code": t.person.code},
        body={
            "purpose": "six_month_follow_up",
            "notice_version": "2026-12",
            "language": "de",
            "channel": "phone",
            "given_at": "2026-11-02T10:00:00+01:00",
        },
        owner_status=201,
    ),
    "POST /api/v1/consents/{code}/withdraw": Entry(
        lambda t: {"code": t.api_consent.code}, body={"channel": "phone"}
    ),
    "GET /api/v1/referrals/{code}": _code("referral_out"),
    "POST /api/v1/referrals/{code}/revoke": _code("referral_out"),
    "POST /api/v1/referrals/{code}/accept": _code("referral_in"),
    "POST /api/v1/referrals/{code}/decline": Entry(
        lambda t: {"code": t.referral_to_decline.code}, body={"reason": "Keine Kapazität"}
    ),
    "POST /api/v1/referrals/{code}/complete": Entry(
        lambda t: {"code": t.referral_accepted.code}, body={"outcome": "got_help"}
    ),
}

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass(frozen=True)
class Route:
    route: str
    name: str  # namespaced; the route itself when it has no name
    parameters: tuple[str, ...]


def _parameters(pattern: URLPattern | URLResolver) -> tuple[str, ...]:
    converters = getattr(pattern.pattern, "converters", None)
    if converters is not None:
        return tuple(converters)
    return tuple(pattern.pattern.regex.groupindex)


def _walk(
    patterns: list[Any], prefix: str = "", namespace: str = "", parameters: tuple[str, ...] = ()
) -> Iterator[Route]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        found = parameters + _parameters(pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, route, inner, found)
        else:
            name = f"{namespace}{pattern.name}" if pattern.name else route
            yield Route(route, name, found)


def all_routes() -> list[Route]:
    """Every route of the URL resolver (``ROOT_URLCONF``)."""
    return list(_walk(get_resolver().url_patterns))


def swept_routes() -> list[Route]:
    """The routes with parameters outside the excluded prefixes."""
    return [
        route
        for route in all_routes()
        if route.parameters and not route.route.startswith(tuple(EXCLUDED_PREFIXES))
    ]


def missing_routes() -> list[str]:
    """Swept routes that have neither a sweep entry nor a reason in ``NOT_OWNED``."""
    return sorted(
        route.name
        for route in swept_routes()
        if route.name not in ROUTES and route.name not in NOT_OWNED
    )


def api_operations(document: dict[str, Any]) -> list[str]:
    """``"METHOD /path"`` of every operation of the OpenAPI document with a path parameter."""
    return sorted(
        f"{method.upper()} {path}"
        for path, operations in document["paths"].items()
        for method in operations
        if "{" in path
    )


def missing_operations(document: dict[str, Any]) -> list[str]:
    return [
        operation
        for operation in api_operations(document)
        if operation not in OPERATIONS and operation not in PUBLIC_OPERATIONS
    ]


def openapi_document() -> dict[str, Any]:
    from wcr.api.urls import api

    return api.get_openapi_schema()


@override_settings(DOCUMENT_MAX_BYTES=1024)
class RouteSweepTests(WcrTestCase):
    case: Case
    person: Person
    company: Company
    milestone: Milestone
    checklist_item: ChecklistItem
    task: Task
    document: Document
    assessment: Assessment
    membership: Membership
    intake_item: IntakeItem
    booking: Booking
    consent: Consent
    api_consent: Consent
    referral_out: Referral
    referral_in: Referral
    referral_to_decline: Referral
    referral_external: Referral
    referral_accepted: Referral
    tokens: dict[str, str]
    data_dir: str

    @classmethod
    def setUpClass(cls) -> None:
        cls.data_dir = tempfile.mkdtemp()
        cls.enterClassContext(override_settings(DATA_DIR=cls.data_dir))
        cls.addClassCleanup(shutil.rmtree, cls.data_dir, ignore_errors=True)
        super().setUpClass()

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        actor, org = cls.counsellor, cls.org_a
        cls.person = services.person_create(
            actor=actor,
            organisation=org,
            data=services.PersonInput(
                given_name="Amina", family_name="Yusuf", birth_date=datetime.date(1990, 5, 1)
            ),
        )
        cls.company = services.company_create(
            actor=actor, organisation=org, data=services.CompanyInput(name="Bäckerei Schmitz")
        )
        cls.case = services.case_open(
            actor=actor,
            organisation=org,
            person=cls.person,
            company=cls.company,
            location=cls.location,
            counsellor=actor,
            topics=Topic.objects.filter(slug="recognition"),
        )
        procedure = services.procedure_start(
            actor=actor, case=cls.case, template="recognition", started_on=datetime.date(2026, 3, 2)
        )
        cls.milestone = procedure.milestones.first()
        cls.checklist_item = cls.case.checklist.first()
        cls.task = services.task_create(
            actor=actor, case=cls.case, title="Anrufen", assignee=actor, due_on=cls.case.opened_on
        )
        cls.document = services.document_upload(
            actor=actor,
            case=cls.case,
            upload=SimpleUploadedFile("zeugnis.pdf", PDF, content_type="application/pdf"),
        )
        from wcr.reporting.services import entry_from_person, participation_record_entry

        cls.participation = participation_record_entry(
            actor=actor,
            case=cls.case,
            data=entry_from_person(cls.person, entry_date=cls.case.opened_on),
        )
        cls.assessment = assessment_save(
            actor=actor, case=cls.case, facts={"nationalities": ["FR"]}, language="de"
        )
        cls.membership = Membership.objects.get(user=cls.counsellor)
        from wcr.portal.tests.test_inbox import person_request

        cls.intake_item = person_request()
        assert cls.intake_item.organisation == org
        from wcr.portal.tests.booking_data import book, schedule_for
        from wcr.portal.tests.test_booking_pages import upcoming

        schedule_for(actor, cls.location, weekdays=(0, 1, 2, 3, 4, 5, 6))
        cls.booking = book(upcoming()[0], now=timezone.now())
        cls.build_referrals()
        cls.api_token = api_token_create(actor=None, membership=cls.membership)[0]
        cls.tokens = {
            persona: api_token_create(
                actor=None, membership=Membership.objects.get(user=getattr(cls, persona))
            )[1]
            for persona in {*PERSONAS, *(entry.owner for entry in OPERATIONS.values())}
        }

    @classmethod
    def build_referrals(cls) -> None:
        """Consents of A's person, a referral A sent to organisation C, and referrals C sent to
        A (one waiting, one accepted): each route's object, none of them B's."""
        from wcr.accounts.models import Organisation, Role
        from wcr.core.testing.factories import MembershipFactory, OrganisationFactory, UserFactory
        from wcr.referrals import services as referral_services
        from wcr.referrals.tests.data import give_consent, refer

        org_c: Organisation = OrganisationFactory(slug="org-c", name="Organisation C")
        counsellor_c = MembershipFactory(
            user=UserFactory(username="counsellor.c"), organisation=org_c, role=Role.COUNSELLOR
        ).user
        cls.consent = give_consent(cls.person, org_c, actor=cls.counsellor)
        cls.api_consent = give_consent(cls.person, None, actor=cls.counsellor)
        cls.referral_out = refer(cls.case, org_c, actor=cls.counsellor, consent=cls.consent)
        from wcr.partners.models import Partner

        partner = Partner.objects.create(
            key="zfe-test", name="ZFE NRW", kind="zfe", source="test", confidence="OFF"
        )
        cls.referral_external = referral_services.referral_send(
            actor=cls.counsellor,
            membership=cls.membership,
            case=cls.case,
            data=referral_services.ReferralInput(
                kind="external",
                to_organisation=None,
                to_partner=partner,
                reason="Vorabzustimmung",
                external_basis="person_hands_over",
                letter_fields=["name"],
            ),
        )
        case_c = services.case_open(
            actor=counsellor_c,
            organisation=org_c,
            company=services.company_create(
                actor=counsellor_c, organisation=org_c, data=services.CompanyInput(name="Firma C")
            ),
        )
        cls.referral_in = refer(case_c, cls.org_a, actor=counsellor_c)
        third_c = services.case_open(
            actor=counsellor_c,
            organisation=org_c,
            company=services.company_create(
                actor=counsellor_c, organisation=org_c, data=services.CompanyInput(name="Firma E")
            ),
        )
        cls.referral_to_decline = refer(third_c, cls.org_a, actor=counsellor_c)
        other_c = services.case_open(
            actor=counsellor_c,
            organisation=org_c,
            company=services.company_create(
                actor=counsellor_c, organisation=org_c, data=services.CompanyInput(name="Firma D")
            ),
        )
        cls.referral_accepted = refer(other_c, cls.org_a, actor=counsellor_c)
        referral_services.referral_accept(actor=cls.counsellor, referral=cls.referral_accepted)

    def url(self, name: str) -> str:
        return reverse(name, kwargs=ROUTES[name].kwargs(type(self)))

    def allowed(self, persona: str, name: str, method: str, owner_status: int) -> set[int]:
        """What ``persona`` may get from route ``name``: 404 (405 before any lookup)."""
        return {404, 405} if owner_status == 405 else {404}

    def api_allowed(self, persona: str, operation: str) -> int:
        return 404

    def test_every_route_with_a_parameter_has_an_entry(self) -> None:
        self.assertEqual(missing_routes(), [], "routes without a sweep entry (ROUTES, NOT_OWNED)")
        self.assertEqual(missing_operations(openapi_document()), [], "API operations (OPERATIONS)")
        swept = {route.name for route in swept_routes()}
        self.assertEqual(sorted(set(ROUTES) - swept), [], "entries of routes that are gone")

    def test_organisation_a_reaches_every_route_and_no_one_else_does(self) -> None:
        owners = {name: self.owner_statuses(name) for name in ROUTES}
        for name, statuses in owners.items():
            with self.subTest(route=name, persona=ROUTES[name].owner):
                if statuses["get"] != 405:
                    self.assertNotIn(statuses["get"], {404, 500})
                else:  # a POST-only route: an empty form is refused, but not as "not found"
                    self.assertNotIn(statuses["post"], {404, 405, 500})
        for persona in PERSONAS:
            sign_in(self.client, getattr(self, persona))
            for name in ROUTES:
                url = self.url(name)
                for method in ("get", "post"):
                    with self.subTest(persona=persona, route=name, method=method):
                        status = getattr(self.client, method)(url).status_code
                        # 405 is the answer to everyone, owner included, before any lookup.
                        allowed = self.allowed(persona, name, method, owners[name][method])
                        self.assertIn(status, allowed)

    def owner_statuses(self, name: str) -> dict[str, int]:
        sign_in(self.client, getattr(self, ROUTES[name].owner))
        url = self.url(name)
        get = self.client.get(url).status_code
        post = self.client.post(url).status_code if get == 405 else 0
        self.client.logout()
        return {"get": get, "post": post}

    def test_api_operations_answer_404_to_other_tokens_and_200_to_the_owner(self) -> None:
        def call(operation: str, persona: str) -> int:
            method, path = operation.split(" ", 1)
            entry = OPERATIONS[operation]
            token = self.tokens[persona]
            url = path.format(**entry.kwargs(type(self)))
            extra: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
            if method == "POST":
                extra |= {"data": json.dumps(entry.body or {}), "content_type": "application/json"}
            response = getattr(self.client, method.lower())(url, **extra)
            status: int = response.status_code
            return status

        for operation, entry in OPERATIONS.items():
            # The others first: a write of the owner may end what the route names.
            for persona in PERSONAS:
                with self.subTest(operation=operation, persona=persona):
                    self.assertEqual(call(operation, persona), self.api_allowed(persona, operation))
            with self.subTest(operation=operation, persona="owner"):
                self.assertEqual(call(operation, entry.owner), entry.owner_status)

    def test_public_operations_answer_everyone_alike(self) -> None:
        from wcr.partners.models import Partner

        partner = Partner.objects.create(
            key="sweep", name="Sweep", kind="other", source="test", confidence="OFF"
        )
        for operation in PUBLIC_OPERATIONS:
            path = operation.split(" ", 1)[1].format(code=partner.code)
            anonymous = self.client.get(path)
            with self.subTest(operation=operation, persona="anonymous"):
                self.assertEqual(anonymous.status_code, 200)
            for persona in PERSONAS:
                with self.subTest(operation=operation, persona=persona):
                    token = self.tokens[persona]
                    answer = self.client.get(path, HTTP_AUTHORIZATION=f"Bearer {token}")
                    self.assertEqual(answer.content, anonymous.content)


class SweepSelfTests(SimpleTestCase):
    """The sweep fails for a route or an operation added without an entry."""

    def test_a_new_route_without_an_entry_is_reported(self) -> None:
        with override_settings(ROOT_URLCONF="wcr.tests.sweep_urls"):
            self.assertEqual(missing_routes(), ["unguarded_route"])
        self.assertEqual(missing_routes(), [])

    def test_a_new_api_operation_without_an_entry_is_reported(self) -> None:
        document = json.loads(json.dumps(openapi_document()))
        self.assertEqual(missing_operations(document), [])
        document["paths"]["/api/v1/tokens/{code}/revoke"] = {"post": {}}
        self.assertEqual(missing_operations(document), ["POST /api/v1/tokens/{code}/revoke"])
        self.assertFalse(set(PUBLIC_OPERATIONS) & set(OPERATIONS), "public and owned at once")
        self.assertLessEqual(set(PUBLIC_OPERATIONS), set(api_operations(document)))

    def test_every_parameterised_api_route_is_in_the_openapi_document(self) -> None:
        paths = set(openapi_document()["paths"])
        for route in all_routes():
            if route.route.startswith("api/v1/") and route.parameters:
                with self.subTest(route=route.route):
                    path = "/" + route.route.replace("<", "{").replace(">", "}")
                    self.assertIn(path, paths)

    def test_the_sweep_covers_every_area(self) -> None:
        prefixes = {route.route.split("/", 1)[0] for route in swept_routes()}
        self.assertEqual(
            prefixes, {"anfrage", "datenschutz", "mitarbeitende", "navigator", "partner", "termin"}
        )
        self.assertGreaterEqual(len(swept_routes()), len(ROUTES))


# Routes organisation B reaches once A's case is shared with it (GET only; the document is a
# granted one). Everything else stays 404 for B, and for the coordinator, the data protection
# officer and the administrator nothing changes.
THROUGH_SHARE = {"cases:detail", "cases:person", "cases:company", "cases:document"}
THROUGH_SHARE_API = {
    "GET /api/v1/persons/{code}",
    "GET /api/v1/companies/{code}",
    "GET /api/v1/cases/{code}",
}
RECEIVERS = {"other_counsellor", "other_team_lead"}


@override_settings(DOCUMENT_MAX_BYTES=1024)
class SharedRouteSweepTests(RouteSweepTests):
    """The sweep once more with A's case shared with organisation B (an accepted referral with
    the document granted): B reads exactly the shared case, its person, company and document."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        from wcr.referrals import services as referral_services
        from wcr.referrals.tests.data import give_consent, refer

        consent = give_consent(cls.person, cls.org_b, actor=cls.counsellor)
        referral = refer(
            cls.case, cls.org_b, actor=cls.counsellor, consent=consent, documents=(cls.document,)
        )
        referral_services.referral_accept(actor=cls.other_counsellor, referral=referral)

    def allowed(self, persona: str, name: str, method: str, owner_status: int) -> set[int]:
        if persona in RECEIVERS and name in THROUGH_SHARE:
            return {200} if method == "get" else {405}
        return super().allowed(persona, name, method, owner_status)

    def api_allowed(self, persona: str, operation: str) -> int:
        if persona in RECEIVERS and operation in THROUGH_SHARE_API:
            return 200
        return super().api_allowed(persona, operation)

    def test_the_share_is_in_place(self) -> None:
        from wcr.cases.selectors import shared_with

        membership = Membership.objects.get(user=self.other_counsellor)
        self.assertEqual(shared_with(membership).cases, {self.case.pk})
