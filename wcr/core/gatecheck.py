"""The gate check (``make lint``): view and API modules reach organisation-owned data only
through the tenancy gate.

*Owned* models are derived from the model graph, not listed by hand: a model is owned if it has a
foreign key (or one-to-one key) to the organisation model, or such a key to an owned model
(``Contact`` → ``Case``, ``Milestone`` → ``Procedure`` → ``Case``, ``PersonName`` → ``Person``,
``ApiToken`` → ``Membership``). Every module under ``wcr/`` whose name ends in ``views`` or ``api``,
or that lies in a package whose name does (``cases/views/``, ``api/``), is parsed, and these are
flagged when they name an owned model (imports are resolved, so ``from … import Case as C`` and
``models.Case`` count):

- any use of one of its managers: ``Case.objects.<anything>``, ``Case._default_manager``,
  ``Case._meta.default_manager`` — chains such as ``.select_related(…)`` / ``.only(…)`` /
  ``.values(…)`` start there, and so does a queryset passed around as an argument;
- ``get_object_or_404(Case, …)`` and ``get_list_or_404(Case, …)``.

The one allowed use of an owned manager is as the queryset argument of a gate function, the call
``access_<entity>(request, Model.objects…, code)`` to a function of a ``wcr.<app>.access`` module
(the second positional argument or ``queryset=``). A reviewed exception carries the pragma
``# gate: <reason>``, at the end of the flagged line or on a line of its own just above it (where
the formatter keeps it); a pragma without a reason, or one that excepts nothing, is an error too.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import inspect
import io
import re
import sys
import tokenize
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent  # the wcr package
PRAGMA = re.compile(r"#\s*gate:(?P<reason>.*)$")
GATE_MODULE = re.compile(r"^wcr\.\w+\.access(\.\w+)?$")  # access.py or an access/ package
GATE_NAME = re.compile(r"^access_\w+$")
SHORTCUTS = frozenset({"get_object_or_404", "get_list_or_404"})
META_MANAGERS = frozenset({"default_manager", "base_manager"})
USE_INSTEAD = (
    "fetch through the gate: access_<entity>(request, code) from wcr.<app>.access, a "
    "*_visible_to(membership) selector, or access_<entity>(request, {model}.objects…, code); "
    "a reviewed exception needs '# gate: <reason>' on or just above the line"
)


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.message}"
        return f"{text}\n    -> {self.hint}" if self.hint else text


def owned_models() -> frozenset[type[Any]]:
    """Every model with a key path to the organisation model (Django's app registry)."""
    from django.apps import apps

    organisation = apps.get_model("accounts", "Organisation")
    candidates = apps.get_models(include_auto_created=True)
    owned: set[type[Any]] = set()
    grew = True
    while grew:
        grew = False
        for model in candidates:
            if model in owned:
                continue
            for field in model._meta.fields:  # concrete forward fields: FK and one-to-one
                target = field.related_model if field.is_relation else None
                if target is organisation or target in owned:
                    owned.add(model)
                    grew = True
                    break
    return frozenset(owned)


def is_view_module(relative: Path) -> bool:
    """A module named ``*views`` / ``*api``, or inside a package so named (tests, migrations and
    management commands excluded: they answer no request)."""
    parts = relative.with_suffix("").parts
    if "tests" in parts or "migrations" in parts or "management" in parts:
        return False
    names = [part for part in parts if part != "__init__"]
    return any(name.endswith(("views", "api")) for name in names)


def view_modules(root: Path = ROOT) -> list[Path]:
    return [path for path in sorted(root.rglob("*.py")) if is_view_module(path.relative_to(root))]


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@dataclass(frozen=True)
class Pragma:
    line: int
    reason: str
    alone: bool  # on a line of its own: it excepts the line below

    @property
    def target(self) -> int:
        return self.line + 1 if self.alone else self.line


def pragmas(source: str) -> list[Pragma]:
    """Each ``# gate:`` comment (the reason may be empty)."""
    found: list[Pragma] = []
    code_lines: set[int] = set()
    comments = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            comments.append(token)
        elif token.type not in {tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}:
            code_lines.update(range(token.start[0], token.end[0] + 1))
    for token in comments:
        match = PRAGMA.search(token.string)
        if match:
            line = token.start[0]
            found.append(Pragma(line, match["reason"].strip(), alone=line not in code_lines))
    return found


_MISSING = object()


def _import(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


class _Module:
    """What the names of one module stand for, as far as its imports tell."""

    def __init__(self, tree: ast.Module, name: str, is_package: bool) -> None:
        self.package = name if is_package else name.rpartition(".")[0]
        self.bindings: dict[str, object] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    self._bind_import(alias)
            elif isinstance(node, ast.ImportFrom):
                self._bind_from(node)

    def _bind_import(self, alias: ast.alias) -> None:
        name = alias.name if alias.asname else alias.name.partition(".")[0]
        module = _import(alias.name) if alias.asname else _import(name)
        if module is not None:
            self.bindings[alias.asname or name] = module

    def _bind_from(self, node: ast.ImportFrom) -> None:
        try:
            base = importlib.util.resolve_name("." * node.level + (node.module or ""), self.package)
        except ImportError:
            return
        module = _import(base)
        if module is None:
            return
        for alias in node.names:
            if alias.name == "*":
                continue
            value = getattr(module, alias.name, _MISSING)
            if value is _MISSING:
                value = _import(f"{base}.{alias.name}")
            if value is not None:
                self.bindings[alias.asname or alias.name] = value

    def resolve(self, node: ast.expr) -> object:
        """The object a name or dotted name through modules stands for, else ``None``."""
        if isinstance(node, ast.Name):
            return self.bindings.get(node.id)
        if isinstance(node, ast.Attribute):
            base = self.resolve(node.value)
            if isinstance(base, ModuleType):
                return getattr(base, node.attr, None)
        return None


class _Checker:
    def __init__(self, tree: ast.Module, module: _Module, owned: frozenset[type[Any]]) -> None:
        self.tree = tree
        self.module = module
        self.owned = owned
        self.gated: set[int] = set()  # ids of manager nodes that are a gate's queryset argument

    def owned_model(self, node: ast.expr) -> type[Any] | None:
        value = self.module.resolve(node)
        return value if isinstance(value, type) and value in self.owned else None

    def manager_model(self, node: ast.AST) -> tuple[type[Any], str] | None:
        """``(Model, text)`` if ``node`` is an owned model's manager: ``Model.objects``,
        ``Model._default_manager``, ``Model._meta.default_manager``."""
        if not isinstance(node, ast.Attribute):
            return None
        model = self.owned_model(node.value)
        if model is not None:
            names = {manager.name for manager in model._meta.managers}
            if node.attr in names | {"_default_manager", "_base_manager"}:
                return model, f"{model.__name__}.{node.attr}"
        meta = node.value
        if (
            node.attr in META_MANAGERS
            and isinstance(meta, ast.Attribute)
            and meta.attr == "_meta"
            and (model := self.owned_model(meta.value)) is not None
        ):
            return model, f"{model.__name__}._meta.{node.attr}"
        return None

    def gate_queryset_position(self, func: ast.expr) -> int | None:
        """If ``func`` is a gate function that takes a queryset (``access_case_part(request,
        queryset, code)`` of a ``wcr.<app>.access`` module), the queryset's position."""
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if not GATE_NAME.match(name):
            return None
        target = self.module.resolve(func)
        if not callable(target) or not GATE_MODULE.match(getattr(target, "__module__", "")):
            return None
        try:
            parameters = list(inspect.signature(target).parameters)
        except (TypeError, ValueError):
            return None
        return parameters.index("queryset") if "queryset" in parameters else None

    def mark_gated(self, argument: ast.expr) -> None:
        """Walk down the chain ``Model.objects.filter(…).select_related(…)[:n]`` to its manager."""
        node: ast.AST = argument
        while True:
            if self.manager_model(node) is not None:
                self.gated.add(id(node))
                return
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                node = node.func.value
            elif isinstance(node, ast.Subscript):
                node = node.value
            else:
                return

    def problems(self) -> Iterator[tuple[int, str, str]]:
        calls = [node for node in ast.walk(self.tree) if isinstance(node, ast.Call)]
        for call in calls:
            position = self.gate_queryset_position(call.func)
            if position is not None:
                if len(call.args) > position:
                    self.mark_gated(call.args[position])
                for keyword in call.keywords:
                    if keyword.arg == "queryset":
                        self.mark_gated(keyword.value)
        for node in ast.walk(self.tree):
            found = self.manager_model(node)
            if found is not None and id(node) not in self.gated:
                manager_of, text = found
                yield (
                    node.lineno,  # type: ignore[attr-defined]
                    f"{text} reads organisation-owned data outside the gate",
                    USE_INSTEAD.format(model=manager_of.__name__),
                )
        for call in calls:
            name = self._shortcut(call.func)
            if name and call.args and (klass := self.owned_model(call.args[0])) is not None:
                yield (
                    call.lineno,
                    f"{name}({klass.__name__}, …) reads organisation-owned data outside the gate",
                    f"use access_<entity>(request, code) from wcr.<app>.access instead of {name}",
                )

    def _shortcut(self, func: ast.expr) -> str:
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name in SHORTCUTS:
            return name
        target = self.module.resolve(func)
        target_name = getattr(target, "__name__", "")
        return target_name if target_name in SHORTCUTS else ""


def check_source(
    source: str,
    *,
    path: str,
    module: str,
    is_package: bool = False,
    owned: frozenset[type[Any]] | None = None,
) -> list[Problem]:
    """The problems of one view or API module's source."""
    try:
        tree = ast.parse(source, filename=path)
    except SyntaxError as exc:
        return [Problem(path, exc.lineno or 0, f"cannot be parsed: {exc.msg}")]
    checker = _Checker(tree, _Module(tree, module, is_package), owned or owned_models())
    reviewed = {pragma.target: pragma for pragma in pragmas(source) if pragma.reason}
    problems: list[Problem] = []
    used: set[int] = set()
    for line, message, hint in checker.problems():
        if line in reviewed:
            used.add(line)
        else:
            problems.append(Problem(path, line, message, hint))
    for pragma in pragmas(source):
        if not pragma.reason:
            problems.append(
                Problem(path, pragma.line, "'# gate:' pragma without a reason", "say why")
            )
        elif pragma.target not in used:
            problems.append(
                Problem(path, pragma.line, "'# gate:' pragma excepts nothing", "remove it")
            )
    return sorted(set(problems))


def check(paths: Iterable[Path] | None = None, root: Path = ROOT) -> list[Problem]:
    owned = owned_models()
    problems: list[Problem] = []
    for path in view_modules(root) if paths is None else paths:
        problems += check_source(
            path.read_text(encoding="utf-8"),
            path=str(path.relative_to(root.parent)),
            module=module_name(path, root),
            is_package=path.name == "__init__.py",
            owned=owned,
        )
    return problems


def main(root: Path = ROOT) -> int:
    problems = check(root=root)
    for problem in problems:
        print(problem)
    if problems:
        print(f"\n{len(problems)} gate problem(s).", file=sys.stderr)
    return 1 if problems else 0
