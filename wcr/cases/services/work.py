"""Procedures with their milestones (deadlines computed) and checklists; tasks."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from wcr.accounts.models import User
from wcr.cases.models import Case, ChecklistItem, ChecklistStatus, Milestone, Procedure, Task
from wcr.cases.procedures import templates
from wcr.cases.services._common import audit_value
from wcr.core.deadlines import deadline
from wcr.privacy.services import audit_record


def procedure_start(
    *, actor: User, case: Case, template: str, started_on: datetime.date
) -> Procedure:
    spec = templates()[template]
    with transaction.atomic():
        procedure = Procedure.objects.create(
            organisation=case.organisation,
            case=case,
            template=spec.slug,
            title=spec.label("de"),
            started_on=started_on,
        )
        for position, item in enumerate(spec.milestones):
            due = None
            if item.after == "start" and (item.months or item.weeks or item.days):
                due = deadline(started_on, months=item.months, weeks=item.weeks, days=item.days)
            Milestone.objects.create(
                organisation=case.organisation,
                case=case,
                procedure=procedure,
                key=item.key,
                title=item.title["de"],
                legal_basis=item.legal_basis,
                due_on=due,
                position=position,
                after_key=item.after,
                period_months=item.months,
                period_weeks=item.weeks,
                period_days=item.days,
            )
        for entry in spec.checklist:
            ChecklistItem.objects.create(
                organisation=case.organisation,
                case=case,
                procedure=procedure,
                document_type=entry.type,
                title=entry.title["de"],
            )
        audit_record(
            actor=actor,
            organisation=case.organisation,
            action="procedure.started",
            obj=case,
            changes={
                "procedure": {"old": None, "new": spec.slug},
                "started_on": {"old": None, "new": started_on.isoformat()},
            },
        )
    return procedure


def milestone_complete(*, actor: User, milestone: Milestone, done_on: datetime.date) -> Milestone:
    """Mark a milestone done; the deadlines that run from it are computed now."""
    with transaction.atomic():
        old = milestone.done_on
        milestone.done_on = done_on
        milestone.save(update_fields=["done_on", "updated_at"])
        if milestone.procedure_id is not None:
            for follower in Milestone.objects.filter(
                procedure_id=milestone.procedure_id, after_key=milestone.key
            ):
                if follower.period_months or follower.period_weeks or follower.period_days:
                    follower.due_on = deadline(
                        done_on,
                        months=follower.period_months,
                        weeks=follower.period_weeks,
                        days=follower.period_days,
                    )
                    follower.save(update_fields=["due_on", "updated_at"])
        audit_record(
            actor=actor,
            organisation=milestone.organisation,
            action="milestone.done",
            obj=milestone.case,
            changes={milestone.key: {"old": audit_value(old), "new": done_on.isoformat()}},
        )
    return milestone


def checklist_set_status(*, actor: User, item: ChecklistItem, status: str) -> ChecklistItem:
    if status not in ChecklistStatus.values:
        raise ValueError(status)
    with transaction.atomic():
        old = item.status
        item.status = status
        item.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            organisation=item.organisation,
            action="checklist.status",
            obj=item.case,
            changes={item.document_type: {"old": old, "new": status}},
        )
    return item


# --- Tasks ----------------------------------------------------------------------------------------


def task_create(
    *,
    actor: User,
    case: Case,
    title: str,
    assignee: User,
    due_on: datetime.date,
    milestone: Milestone | None = None,
) -> Task:
    with transaction.atomic():
        task = Task.objects.create(
            organisation=case.organisation,
            case=case,
            title=title,
            assignee=assignee,
            due_on=due_on,
            milestone=milestone,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            organisation=case.organisation,
            action="task.created",
            obj=case,
            changes={
                "task": {"old": None, "new": title},
                "due_on": {"old": None, "new": due_on.isoformat()},
                "assignee": {"old": None, "new": assignee.get_username()},
            },
        )
    return task


def task_complete(*, actor: User, task: Task) -> Task:
    with transaction.atomic():
        task.done_at = timezone.now()
        task.save(update_fields=["done_at", "updated_at"])
        audit_record(
            actor=actor,
            organisation=task.organisation,
            action="task.done",
            obj=task.case or task,
            changes={"task": {"old": task.title, "new": "done"}},
        )
    return task
