from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wcr.privacy.chain import CHAINS, verify


class Command(BaseCommand):
    help = (
        "Checks that the audit trail and the access log are unbroken and unaltered. "
        "Exit status 0 when intact, 1 naming the first bad entry."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for chain in CHAINS:
            checked, problem = verify(chain)
            if problem is not None:
                raise CommandError(f"BROKEN: {problem}", returncode=1)
            self.stdout.write(f"{chain}: {checked} entries intact")
        self.stdout.write(self.style.SUCCESS("OK: audit trail and access log are intact"))
