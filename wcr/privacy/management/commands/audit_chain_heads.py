"""The daily record of the chain heads (run once a day by cron or a systemd timer, like
send_task_digest)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from wcr.privacy.services import audit_chain_heads_send


class Command(BaseCommand):
    help = (
        "Writes the head (sequence number and MAC) of the audit trail and the access log to the "
        "log (logger wcr.audit) and mails them to every data protection officer, so a cut tail "
        "is found later with verify_audit_chain --expect-head."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        heads, mailed = audit_chain_heads_send()
        for head in heads:
            self.stdout.write(str(head))
        self.stdout.write(f"Enqueued {mailed} mail(s) to data protection officers.")
