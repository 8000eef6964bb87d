"""The gate check (``scripts/check_gate.py``, ``wcr.core.gatecheck``): what it flags and what it lets
through, on snippets of view code."""

from __future__ import annotations

import io
import sys
import textwrap
import types
from contextlib import redirect_stdout
from pathlib import Path
from tempfile import TemporaryDirectory
from unittest import mock

from django.apps import apps
from django.test import SimpleTestCase

from wcr.accounts.models import ApiToken, Location, Membership, Organisation, User
from wcr.cases.models import (
    Case,
    Company,
    CompanyContact,
    Contact,
    Milestone,
    Person,
    PersonName,
    Procedure,
    Topic,
)
from wcr.core import gatecheck
from wcr.privacy.models import AccessLog

HEADER = """\
from django.shortcuts import get_list_or_404, get_object_or_404
from wcr.cases import access
from wcr.cases.access import access_case, access_case_part
from wcr.accounts.models import ApiToken, Location, Membership
from wcr.cases import models
from wcr.cases.models import Case, Company, CompanyContact, Milestone, Person, PersonName, Task
from wcr.cases.models import Topic
"""


def problems(body: str, *, module: str = "wcr.cases.views") -> list[gatecheck.Problem]:
    source = HEADER + textwrap.dedent(body)
    return gatecheck.check_source(source, path="wcr/cases/views.py", module=module)


def flagged_lines(body: str, **kwargs: str) -> list[int]:
    """Line numbers within ``body`` (1 = its first line)."""
    offset = HEADER.count("\n")
    return [problem.line - offset for problem in problems(body, **kwargs)]


class OwnedModelsTests(SimpleTestCase):
    def test_models_with_an_organisation_key_are_owned(self) -> None:
        owned = gatecheck.owned_models()
        assessment = apps.get_model("navigator", "Assessment")  # core imports no navigator code
        for model in (Case, Person, Company, Contact, Membership, assessment, AccessLog):
            self.assertIn(model, owned)

    def test_models_owned_through_a_key_path_are_owned(self) -> None:
        # No organisation key of their own: through Person, Company, Membership.
        owned = gatecheck.owned_models()
        for model in (PersonName, CompanyContact, ApiToken):
            self.assertIn(model, owned)
        self.assertIn(Milestone, owned)
        self.assertIn(Procedure, owned)

    def test_shared_and_reference_models_are_not_owned(self) -> None:
        owned = gatecheck.owned_models()
        municipality = apps.get_model("region", "Municipality")  # core imports no region code
        for model in (Organisation, Location, User, Topic, municipality):
            self.assertNotIn(model, owned)


class FlaggedTests(SimpleTestCase):
    def test_any_manager_method_of_an_owned_model(self) -> None:
        body = """\
        def view(request, code):
            Case.objects.get(code=code)
            Person.objects.filter(given_name="A")
            Company.objects.all()
            Milestone.objects.exclude(done_on=None)
            Case.objects.count()
            Person.objects.create(given_name="A")
        """
        self.assertEqual(flagged_lines(body), [2, 3, 4, 5, 6, 7])

    def test_select_related_only_and_values_chains(self) -> None:
        body = """\
        def view(request, code):
            Case.objects.select_related("person").get(code=code)
            Person.objects.only("code").first()
            Company.objects.values("name")
            Case.objects.values_list("code", flat=True)
        """
        self.assertEqual(flagged_lines(body), [2, 3, 4, 5])

    def test_default_managers(self) -> None:
        body = """\
        def view(request, code):
            Case._default_manager.get(code=code)
            Person._base_manager.all()
            Company._meta.default_manager.all()
        """
        self.assertEqual(flagged_lines(body), [2, 3, 4])

    def test_shortcuts_with_an_owned_model(self) -> None:
        body = """\
        from django import shortcuts

        def view(request, code):
            get_object_or_404(Case, code=code)
            get_list_or_404(Person, organisation=request.organisation)
            shortcuts.get_object_or_404(PersonName, pk=1)
        """
        found = problems(body)
        self.assertEqual([p.line - HEADER.count("\n") for p in found], [4, 5, 6])
        self.assertIn("get_object_or_404(Case, …)", found[0].message)
        self.assertIn("access_<entity>(request, code)", found[0].hint)

    def test_querysets_passed_around(self) -> None:
        body = """\
        def view(request, code):
            queryset = Case.objects
            helper(Person.objects.all())
            return render(request, "x.html", {"cases": Case.objects.filter(status="new")})
        """
        self.assertEqual(flagged_lines(body), [2, 3, 4])

    def test_models_owned_only_through_a_path(self) -> None:
        body = """\
        def view(request, code):
            PersonName.objects.filter(person__code=code)
            CompanyContact.objects.all()
            ApiToken.objects.filter(prefix=code)
        """
        self.assertEqual(flagged_lines(body), [2, 3, 4])

    def test_aliased_and_module_imports(self) -> None:
        body = """\
        from wcr.cases.models import Case as C
        import wcr.cases.models as case_models
        import wcr.cases.models

        def view(request, code):
            C.objects.get(code=code)
            models.Person.objects.all()
            case_models.Company.objects.all()
            wcr.cases.models.Case.objects.all()
        """
        self.assertEqual(flagged_lines(body), [6, 7, 8, 9])

    def test_relative_imports_in_a_views_package(self) -> None:
        body = """\
        from ..models import Case as Dossier

        def view(request, code):
            Dossier.objects.get(code=code)
        """
        self.assertEqual(flagged_lines(body, module="wcr.cases.views.pages"), [4])

    def test_an_owned_manager_in_a_gate_call_but_not_as_its_queryset(self) -> None:
        body = """\
        def view(request, code):
            access_case_part(request, code, Task.objects.all())
            access_case(request, Case.objects.get(pk=1).code)
            access_case_part(request, Task.objects.filter(case__in=Case.objects.all()), code)
            access_case_part(request, Task.objects.all(), code, extra=Person.objects.all())
        """
        self.assertEqual(flagged_lines(body), [2, 3, 4, 5])

    def test_a_look_alike_gate_is_no_gate(self) -> None:
        # Neither a function of a wcr.<app>.access module nor the substring "access_" helps.
        body = """\
        def access_anything(request, queryset, code):
            return queryset.get(code=code)

        def view(request, code):
            access_anything(request, Case.objects.all(), code)
            Case.objects.get(code=code)  # access_case
            not_access_case_part(request, Task.objects.all(), code)
        """
        self.assertEqual(flagged_lines(body), [5, 6, 7])

    def test_a_pragma_without_a_reason(self) -> None:
        body = """\
        def view(request, code):
            Case.objects.get(code=code)  # gate:
            # gate:
            Person.objects.all()
        """
        found = problems(body)
        messages = [(p.line - HEADER.count("\n"), p.message) for p in found]
        self.assertIn((2, "'# gate:' pragma without a reason"), messages)
        self.assertIn((3, "'# gate:' pragma without a reason"), messages)
        self.assertEqual(len([m for m in messages if "outside the gate" in m[1]]), 2)

    def test_a_pragma_that_excepts_nothing(self) -> None:
        body = """\
        def view(request, code):
            Location.objects.all()  # gate: left over
        """
        found = problems(body)
        self.assertEqual([p.message for p in found], ["'# gate:' pragma excepts nothing"])

    def test_a_pragma_two_lines_above_does_not_count(self) -> None:
        body = """\
        def view(request, code):
            # gate: too far away

            Case.objects.get(code=code)
        """
        self.assertEqual(flagged_lines(body), [2, 4])

    def test_a_module_that_does_not_parse(self) -> None:
        found = gatecheck.check_source("def (:\n", path="wcr/x/views.py", module="wcr.x.views")
        self.assertEqual(len(found), 1)
        self.assertIn("cannot be parsed", found[0].message)


class PassingTests(SimpleTestCase):
    def test_querysets_handed_to_the_gate(self) -> None:
        body = """\
        def view(request, code):
            access_case_part(request, Task.objects.all(), code)
            access_case_part(request, Milestone.objects.select_related("procedure"), code)
            access.access_case_part(request, Task.objects.filter(done=False)[:10], code, write=True)
            access_case_part(request, queryset=Task.objects.all(), code=code)
        """
        self.assertEqual(problems(body), [])

    def test_a_gate_of_an_access_package(self) -> None:
        module = types.ModuleType("wcr.probe.access.parts")

        def access_part(request: object, queryset: object, code: object) -> None:
            return None

        access_part.__module__ = module.__name__
        module.access_part = access_part
        body = """\
        from wcr.probe.access.parts import access_part

        def view(request, code):
            access_part(request, Task.objects.all(), code)
        """
        with mock.patch.dict(sys.modules, {module.__name__: module}):
            self.assertEqual(problems(body), [])

    def test_reviewed_exceptions_with_a_reason(self) -> None:
        body = """\
        def view(request, code):
            Membership.objects.for_org(request.organisation)  # gate: the acting organisation's staff
            entries = (
                # gate: limited to the organisations the privacy gate names
                Person.objects.filter(organisation_id__in=[1])
                .order_by("-pk")
            )
            Case.objects.get(pk=1)  # type: ignore[misc]  # gate: after another comment
        """
        self.assertEqual(problems(body), [])

    def test_shared_models_and_harmless_uses_of_owned_ones(self) -> None:
        body = """\
        def view(request, code):
            Location.objects.filter(is_active=True)
            Topic.objects.all()
            Municipality.objects.with_overlays()
            get_object_or_404(Location, slug=code)
            case = access_case(request, code)
            case.contacts.all()
            isinstance(case, Case)
            raise Case.DoesNotExist
            label = Person._meta.verbose_name
            "Case.objects.all()"

        def typed(case: Case) -> Person | None:
            return case.person
        """
        self.assertEqual(problems(body), [])


class ModuleSelectionTests(SimpleTestCase):
    def test_view_and_api_modules_and_packages(self) -> None:
        for path in (
            "cases/views.py",
            "navigator/staff_views.py",
            "navigator/guide_views.py",
            "cases/api.py",
            "cases/views/__init__.py",
            "cases/views/case_pages.py",
            "cases/api/persons.py",
            "api/tokens.py",
        ):
            with self.subTest(path=path):
                self.assertTrue(gatecheck.is_view_module(Path(path)))

    def test_other_modules(self) -> None:
        for path in (
            "cases/services.py",
            "cases/selectors.py",
            "cases/access.py",
            "cases/tests/test_views.py",
            "api/tests/test_auth.py",
            "cases/migrations/0001_initial.py",
        ):
            with self.subTest(path=path):
                self.assertFalse(gatecheck.is_view_module(Path(path)))

    def test_main_names_file_line_and_what_to_use_in_a_views_package(self) -> None:
        with TemporaryDirectory() as tmp:
            root = Path(tmp) / "wcr"
            package = root / "cases" / "views"
            package.mkdir(parents=True)
            (package / "__init__.py").write_text("")
            (package / "pages.py").write_text(
                "from wcr.cases.models import Case\n\n\ndef view(request, code):\n"
                "    return Case.objects.get(code=code)\n"
            )
            (root / "cases" / "services.py").write_text(
                "from wcr.cases.models import Case\n\nCase.objects.all()\n"
            )
            output = io.StringIO()
            with redirect_stdout(output):
                status = gatecheck.main(root)
        self.assertEqual(status, 1)
        lines = output.getvalue().splitlines()
        self.assertEqual(
            lines[0],
            "wcr/cases/views/pages.py:5: Case.objects reads organisation-owned data"
            " outside the gate",
        )
        self.assertIn("-> fetch through the gate: access_<entity>(request, code)", lines[1])
        self.assertEqual(len(lines), 2)  # services.py is no view module

    def test_the_code_base_passes(self) -> None:
        output = io.StringIO()
        with redirect_stdout(output):
            status = gatecheck.main()
        self.assertEqual(status, 0, output.getvalue())
