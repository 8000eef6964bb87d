"""Accessibility feedback (BITV 2.0 § 7, BITVNRW § 5): a barrier reported on the accessibility
statement's form is stored, then mailed to the lead partner's contact address; every report is
deleted after ``FEEDBACK_RETENTION_DAYS`` by ``manage.py portal_feedback_purge`` (daily)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from wcr.accounts.models import Organisation
from wcr.core.mail import mail_send
from wcr.portal.models import AccessibilityFeedback
from wcr.portal.models.content import FEEDBACK_RETENTION_DAYS


@transaction.atomic
def accessibility_feedback_receive(
    *, message: str, email: str, page: str, language: str
) -> AccessibilityFeedback:
    feedback = AccessibilityFeedback.objects.create(
        message=message, email=email, page=page, language=language, created_at=timezone.now()
    )
    lead = Organisation.objects.filter(is_lead=True).first()
    if lead is not None and lead.email:
        mail_send(
            to=[lead.email],
            template="emails/accessibility_feedback",
            context={"feedback": feedback},
            language="de",
        )
    return feedback


def accessibility_feedback_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete every report older than the retention period; the number deleted."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=FEEDBACK_RETENTION_DAYS)
    deleted, _ = AccessibilityFeedback.objects.filter(created_at__lt=cutoff).delete()
    return deleted
