"""The daily digest: each counsellor's overdue and due tasks, deadlines of the coming week and
residence titles about to expire in their caseload, mailed through the task worker."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction

from wcr.accounts.models import Membership, Role
from wcr.cases.models import CaseStatus, Milestone, Person, Task
from wcr.cases.selectors import cases_visible_to
from wcr.core.mail import mail_send

DEADLINE_HORIZON_DAYS = 7
RESIDENCE_HORIZON_DAYS = 56  # eight weeks: time to apply for an extension


@dataclass
class Digest:
    membership: Membership
    overdue_tasks: list[Task] = field(default_factory=list)
    tasks_today: list[Task] = field(default_factory=list)
    deadlines: list[Milestone] = field(default_factory=list)
    expiring: list[Person] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.overdue_tasks or self.tasks_today or self.deadlines or self.expiring)


def digest_for(membership: Membership, *, today: datetime.date) -> Digest:
    user_id = membership.user_id
    digest = Digest(membership)
    tasks = (
        Task.objects.filter(
            case__in=cases_visible_to(membership),
            assignee_id=user_id,
            done_at__isnull=True,
            due_on__lte=today,
        )
        .select_related("case__person", "case__company")
        .order_by("due_on", "id")
    )
    for task in tasks:
        (digest.tasks_today if task.due_on == today else digest.overdue_tasks).append(task)
    my_cases = (
        cases_visible_to(membership).filter(counsellor_id=user_id).exclude(status=CaseStatus.CLOSED)
    )
    digest.deadlines = list(
        Milestone.objects.filter(
            case__in=my_cases,
            done_on__isnull=True,
            due_on__lte=today + datetime.timedelta(days=DEADLINE_HORIZON_DAYS),
        )
        .select_related("case__person", "case__company")
        .order_by("due_on", "id")
    )
    digest.expiring = list(
        Person.objects.filter(
            cases__in=my_cases,
            residence_expiry__isnull=False,
            residence_expiry__lte=today + datetime.timedelta(days=RESIDENCE_HORIZON_DAYS),
        )
        .distinct()
        .order_by("residence_expiry", "id")
    )
    return digest


def digest_send_all(*, today: datetime.date, base_url: str) -> int:
    """Enqueue one digest mail per counsellor or team lead with anything to do; answer how many."""
    sent = 0
    memberships = (
        Membership.objects.active()
        .filter(role__in=[Role.COUNSELLOR, Role.TEAM_LEAD])
        .exclude(user__email="")
        .select_related("user", "organisation")
    )
    for membership in memberships:
        digest = digest_for(membership, today=today)
        if digest.is_empty():
            continue
        with transaction.atomic():
            mail_send(
                to=[membership.user.email],
                template="emails/task_digest",
                context={
                    "digest": digest,
                    "today": today,
                    "base_url": base_url.rstrip("/"),
                    "user": membership.user,
                },
                language=membership.user.preferred_language or "de",
            )
        sent += 1
    return sent
