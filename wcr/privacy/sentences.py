"""What audit events say in words, in the reader's language: one registry, used by the case
timeline and the data protection officer's logs.

Each app registers the event kinds its services write in its own ``audit_sentences`` module
(found by ``PrivacyConfig.ready``, as the admin finds ``admin`` modules), so privacy never
imports the apps it describes. A kind has a short label (the logs' kind filter), a sentence
naming who did it ("Case opened by %(actor)s") and labels and value formatters for the fields
of its ``changes`` ("Status: new → counselling").

Values that name records (users, topics, locations) are looked up for a whole page at once:
``describe`` collects them from every event and asks each registered resolver once, so a page
costs one query per kind of name however many entries it shows (and none for names the caller
already holds, see ``known``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import models
from django.utils import formats
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from wcr.privacy.models import AuditEvent

Text = str | Promise
Names = Mapping[str, Mapping[str, str]]  # resolver name → value → display text
Show = Callable[[Any, Names], str]

DASH = "–"


def plain(value: Any, names: Names) -> str:
    """A value as text: nothing as a dash, yes/no, lists joined, dates in the reader's format."""
    if value is None or value == "" or value == []:
        return DASH
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(plain(item, names) for item in value)
    return str(value)


def date_value(value: Any, names: Names) -> str:
    if isinstance(value, str):
        moment = parse_datetime(value) if "T" in value else None
        if moment is not None:
            return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
        day = parse_date(value)
        if day is not None:
            return formats.date_format(day, "SHORT_DATE_FORMAT")
    return plain(value, names)


def choice(choices: Iterable[tuple[Any, Any]]) -> Show:
    """Values of a choice field by their labels (an unknown value as it is)."""
    labels = dict(choices)

    def show(value: Any, names: Names) -> str:
        if isinstance(value, list):
            return ", ".join(show(item, names) for item in value) or DASH
        if value in labels:
            return str(labels[value])
        return plain(value, names)

    return show


def named(resolver: str) -> Show:
    """Values that name a record (a username, a slug): shown by the resolver's display text."""

    def show(value: Any, names: Names) -> str:
        if isinstance(value, list):
            return ", ".join(show(item, names) for item in value) or DASH
        if value is None or value == "":
            return DASH
        return names.get(resolver, {}).get(str(value), str(value))

    return show


@dataclass(frozen=True)
class Field:
    label: Text
    show: Show = plain
    refers: str = ""  # a resolver name: the values are looked up with it
    code: bool = False  # a record's code: shown only where codes are wanted (the logs)
    hidden: bool = False  # never shown (a hash, a value the label already says)


def model_field(model: type[models.Model], name: str) -> Field:
    """A field of ``model`` by its verbose name; its values by their choice labels, dates in the
    reader's format, related records by their code."""
    try:
        db_field = model._meta.get_field(name)
    except Exception:
        return Field(name)
    label = getattr(db_field, "verbose_name", name)
    if getattr(db_field, "choices", None):
        return Field(label, choice(db_field.choices))  # type: ignore[union-attr,arg-type]
    if isinstance(db_field, (models.DateField, models.DateTimeField)):
        return Field(label, date_value)
    if db_field.is_relation:
        return Field(label, code=True)
    return Field(label)


@dataclass(frozen=True)
class Kind:
    """One kind of audit event (its ``action``) and how it reads."""

    action: str
    label: Text  # short, for the kind filter: "Case opened"
    sentence: Text  # with %(actor)s: "Case opened by %(actor)s"
    fields: Mapping[str, Field] = field(default_factory=dict)
    # Fields not named in ``fields`` (model fields of an update, keys that are data such as a
    # milestone's key): their label and formatter.
    other: Callable[[str], Field] | None = None

    def field_for(self, name: str) -> Field:
        if name in self.fields:
            return self.fields[name]
        if self.other is not None:
            return self.other(name)
        return Field(name)


Resolver = Callable[[set[str]], dict[str, str]]

_KINDS: dict[str, Kind] = {}
_RESOLVERS: dict[str, Resolver] = {}


def register(*kinds: Kind) -> None:
    for kind in kinds:
        _KINDS[kind.action] = kind


def register_resolver(name: str, resolve: Resolver) -> None:
    """``resolve`` answers the display text of each value it knows, in one query."""
    _RESOLVERS[name] = resolve


def kinds() -> dict[str, Kind]:
    """Every registered kind by action, sorted by action."""
    return dict(sorted(_KINDS.items()))


def kind_for(action: str) -> Kind:
    """The kind of ``action``; an unregistered one reads as a plain change (a test requires every
    action the services write to be registered)."""
    return _KINDS.get(action) or Kind(
        action, action, gettext_lazy("Change “%(action)s” by %(actor)s")
    )


@dataclass(frozen=True)
class Change:
    label: str
    old: str | None  # None: the field had no value before (a creation)
    new: str

    def __str__(self) -> str:
        if self.old is None:
            return f"{self.label}: {self.new}"
        return f"{self.label}: {self.old} → {self.new}"


@dataclass(frozen=True)
class Description:
    sentence: str
    changes: list[Change]

    def __str__(self) -> str:
        return "; ".join([self.sentence, *(str(c) for c in self.changes)])


def actor_name(event: AuditEvent, names: Names) -> str:
    if not event.actor_label or event.actor_label == "system":
        return _("the system")
    return names.get("user", {}).get(event.actor_label, event.actor_label)


def describe(
    events: Sequence[AuditEvent],
    *,
    codes: bool = False,
    known: Mapping[str, Mapping[str, str]] | None = None,
) -> list[Description]:
    """The events in words, in the active language, in their order.

    ``codes``: also show fields that hold a record's code (the data protection officer's logs).
    ``known``: display texts the caller already has (resolver name → value → text); only the
    other values are looked up, one query per resolver.
    """
    wanted: dict[str, set[str]] = {"user": set()}
    for event in events:
        if event.actor_label:
            wanted["user"].add(event.actor_label)
        kind = kind_for(event.action)
        for name, change in _changes(event):
            spec = kind.field_for(name)
            if spec.refers:
                for value in (change.get("old"), change.get("new")):
                    for item in value if isinstance(value, list) else [value]:
                        if item not in (None, ""):
                            wanted.setdefault(spec.refers, set()).add(str(item))
    names: dict[str, dict[str, str]] = {}
    for resolver, values in wanted.items():
        have = dict((known or {}).get(resolver, {}))
        missing = values - set(have)
        if missing and resolver in _RESOLVERS:
            have |= _RESOLVERS[resolver](missing)
        names[resolver] = have
    return [_describe_one(event, names, codes=codes) for event in events]


def _changes(event: AuditEvent) -> list[tuple[str, dict[str, Any]]]:
    changes = event.changes if isinstance(event.changes, dict) else {}
    return [(name, c) for name, c in changes.items() if isinstance(c, dict)]


def _describe_one(event: AuditEvent, names: Names, *, codes: bool) -> Description:
    kind = kind_for(event.action)
    lines: list[Change] = []
    for name, change in _changes(event):
        spec = kind.field_for(name)
        if spec.hidden or (spec.code and not codes):
            continue
        show = named(spec.refers) if spec.refers and spec.show is plain else spec.show
        old = change.get("old")
        if old is None and change.get("new") in (None, "", []):
            continue  # created without a value: nothing to say
        lines.append(
            Change(
                capfirst(str(spec.label)),
                None if old is None else show(old, names),
                show(change.get("new"), names),
            )
        )
    sentence = str(kind.sentence) % {"actor": actor_name(event, names), "action": event.action}
    return Description(sentence, lines)


def object_kind(object_type: str) -> str:
    """What an entry is about, by the model's name in the reader's language ("Fall", "Person");
    an unknown type as it is."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    return str(model._meta.verbose_name)
