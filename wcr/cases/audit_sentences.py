"""What the case workbench's audit events say in words (see ``wcr.privacy.sentences``); found
and registered by ``PrivacyConfig.ready``."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from wcr.cases.models import Case, ChecklistStatus, Company, Contact, Person, ShareEnd, Topic
from wcr.cases.models.choices import CefrLevel, Script, language_label
from wcr.cases.procedures import ProcedureTemplate, templates
from wcr.privacy.sentences import (
    Field,
    Kind,
    Names,
    choice,
    date_value,
    model_field,
    plain,
    register,
    register_resolver,
)

SHARE_FIELDS = {
    "shared_with": Field(gettext_lazy("Shared with")),
    "parts": Field(gettext_lazy("Parts shared")),
    "basis": Field(gettext_lazy("Granted for")),
    "reason": Field(gettext_lazy("Reason"), choice(ShareEnd.choices)),
}


@cache
def _templates() -> dict[str, ProcedureTemplate]:
    return templates()


def _language() -> str:
    return (get_language() or "de")[:2]


def _procedure(value: Any, names: Names) -> str:
    spec = _templates().get(str(value))
    return spec.label(_language()) if spec else plain(value, names)


def _title(title: dict[str, str]) -> str:
    return title.get(_language(), title["de"])


def _milestone(key: str) -> Field:
    """A milestone's key (the field of ``milestone.done``) by its title in the templates."""
    for spec in _templates().values():
        for milestone in spec.milestones:
            if milestone.key == key:
                return Field(_title(milestone.title), date_value)
    return Field(key, date_value)


def _document_type(key: str) -> Field:
    """A checklist item's document type (the field of ``checklist.status``) by its title."""
    for spec in _templates().values():
        for entry in spec.checklist:
            if entry.type == key:
                return Field(_title(entry.title), choice(ChecklistStatus.choices))
    return Field(key, choice(ChecklistStatus.choices))


def _task_state(value: Any, names: Names) -> str:
    return _("done") if value == "done" else plain(value, names)


def _level(value: Any, names: Names) -> str:
    if value == "changed":  # an earlier level, not recorded
        return _("another level")
    return choice(CefrLevel.choices)(value, names)


def _language_field(name: str) -> Field:
    """``language:ar`` (the field of ``person.language_set``): the language by its name."""
    if name.startswith("language:"):
        return Field(language_label(name.split(":", 1)[1]), _level)
    return _person_field(name)


def _model(model: Any) -> Any:
    return lambda name: model_field(model, name)


def _language_name(value: Any, names: Names) -> str:
    return language_label(str(value)) if value else plain(value, names)


def _person_field(name: str) -> Field:
    spec = model_field(Person, name)
    if name == "preferred_language":
        return Field(spec.label, _language_name)
    return spec


def _topics(values: set[str]) -> dict[str, str]:
    return {topic.slug: str(topic) for topic in Topic.objects.filter(slug__in=values)}


TOPICS = Field(gettext_lazy("Topics"), refers="topic")
COUNSELLOR = Field(gettext_lazy("Responsible counsellor"), refers="user")
LOCATION = Field(gettext_lazy("Location"), refers="location")
CASE_FIELDS = {"topics": TOPICS, "counsellor": COUNSELLOR, "location": LOCATION}


def _register() -> None:
    register_resolver("topic", _topics)
    contact = {
        "contact": Field(gettext_lazy("contact"), hidden=True),
        "duration_minutes": Field(gettext_lazy("Duration (minutes)")),
        "channel": model_field(Contact, "channel"),
    }
    register(
        Kind(
            "case.opened",
            gettext_lazy("Case opened"),
            gettext_lazy("Case opened by %(actor)s"),
            CASE_FIELDS,
            _model(Case),
        ),
        Kind(
            "case.updated",
            gettext_lazy("Case changed"),
            gettext_lazy("Case details changed by %(actor)s"),
            CASE_FIELDS,
            _model(Case),
        ),
        Kind(
            "case.status_changed",
            gettext_lazy("Status changed"),
            gettext_lazy("Status changed by %(actor)s"),
            CASE_FIELDS,
            _model(Case),
        ),
        Kind(
            "case.reopened",
            gettext_lazy("Case reopened"),
            gettext_lazy("Case reopened by %(actor)s"),
            CASE_FIELDS,
            _model(Case),
        ),
        Kind(
            "case.assigned",
            gettext_lazy("Case assigned"),
            gettext_lazy("Case assigned by %(actor)s"),
            CASE_FIELDS,
            _model(Case),
        ),
        Kind(
            "case.shared",
            gettext_lazy("Case shared"),
            gettext_lazy("Case shared with another organisation by %(actor)s"),
            SHARE_FIELDS,
        ),
        Kind(
            "case.share_ended",
            gettext_lazy("Sharing ended"),
            gettext_lazy("Sharing of the case ended (%(actor)s)"),
            SHARE_FIELDS,
        ),
        Kind(
            "case.transferred",
            gettext_lazy("Case transferred"),
            gettext_lazy("Case transferred to another organisation (%(actor)s)"),
            {"organisation": Field(gettext_lazy("Organisation"))},
        ),
        Kind(
            "contact.logged",
            gettext_lazy("Contact logged"),
            gettext_lazy("Counselling contact logged by %(actor)s"),
            contact,
        ),
        Kind(
            "procedure.started",
            gettext_lazy("Procedure started"),
            gettext_lazy("Procedure started by %(actor)s"),
            {
                "procedure": Field(gettext_lazy("Procedure"), _procedure),
                "started_on": Field(gettext_lazy("Started on"), date_value),
            },
        ),
        Kind(
            "milestone.done",
            gettext_lazy("Milestone done"),
            gettext_lazy("Milestone marked done by %(actor)s"),
            other=_milestone,
        ),
        Kind(
            "checklist.status",
            gettext_lazy("Checklist item changed"),
            gettext_lazy("Checklist item changed by %(actor)s"),
            other=_document_type,
        ),
        Kind(
            "task.created",
            gettext_lazy("Task created"),
            gettext_lazy("Task created by %(actor)s"),
            {
                "task": Field(gettext_lazy("Task")),
                "due_on": Field(gettext_lazy("Due on"), date_value),
                "assignee": Field(gettext_lazy("Assigned to"), refers="user"),
            },
        ),
        Kind(
            "task.done",
            gettext_lazy("Task done"),
            gettext_lazy("Task marked done by %(actor)s"),
            {"task": Field(gettext_lazy("Task"), _task_state)},
        ),
        Kind(
            "document.uploaded",
            gettext_lazy("Document uploaded"),
            gettext_lazy("Document uploaded by %(actor)s"),
            {
                "document": Field(gettext_lazy("Document")),
                "sha256": Field("SHA-256", code=True),
            },
        ),
        Kind(
            "document.removed",
            gettext_lazy("Document removed"),
            gettext_lazy("Document removed by %(actor)s"),
            {
                "document": Field(gettext_lazy("Document")),
                "reason": Field(gettext_lazy("Reason")),
                "content_type": Field(gettext_lazy("Type")),
                "size": Field(gettext_lazy("Size (bytes)")),
                "sha256": Field("SHA-256", code=True),
                "uploaded_by": Field(gettext_lazy("Uploaded by"), refers="user"),
            },
        ),
        Kind(
            "person.created",
            gettext_lazy("Person created"),
            gettext_lazy("Person created by %(actor)s"),
            other=_person_field,
        ),
        Kind(
            "person.updated",
            gettext_lazy("Person changed"),
            gettext_lazy("Person's details changed by %(actor)s"),
            other=_person_field,
        ),
        Kind(
            "person.name_added",
            gettext_lazy("Name variant added"),
            gettext_lazy("Name variant added by %(actor)s"),
            {"name": Field(gettext_lazy("Name"))},
        ),
        Kind(
            "person.name_changed",
            gettext_lazy("Name in the original script changed"),
            gettext_lazy("Name in the original script changed by %(actor)s"),
            {
                "native_name": Field(gettext_lazy("Name in the original script")),
                "native_script": Field(gettext_lazy("script"), choice(Script.choices)),
            },
        ),
        Kind(
            "person.language_set",
            gettext_lazy("Language recorded"),
            gettext_lazy("Language skills recorded by %(actor)s"),
            other=_language_field,
        ),
        Kind(
            "person.qualification_added",
            gettext_lazy("Qualification added"),
            gettext_lazy("Qualification added by %(actor)s"),
            {"qualification": Field(gettext_lazy("Qualification"))},
        ),
        Kind(
            "company.created",
            gettext_lazy("Company created"),
            gettext_lazy("Company created by %(actor)s"),
            other=_model(Company),
        ),
        Kind(
            "company.updated",
            gettext_lazy("Company changed"),
            gettext_lazy("Company details changed by %(actor)s"),
            other=_model(Company),
        ),
        Kind(
            "company.contact_added",
            gettext_lazy("Contact person added"),
            gettext_lazy("Contact person added by %(actor)s"),
            {"contact_person": Field(gettext_lazy("Contact person"))},
        ),
    )


_register()
