from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wcr.privacy.chain import CHAINS, ExpectedHead, verify_chain


def expected_head(text: str) -> ExpectedHead:
    try:
        return ExpectedHead.parse(text)
    except ValueError as exc:
        raise CommandError(f"--expect-head: {exc}", returncode=2) from exc


class Command(BaseCommand):
    help = (
        "Checks that the audit trail and the access log are unbroken and unaltered, and reports "
        "the key id that signed each entry. Exit status 0 when intact, 1 naming the first bad "
        "entry."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--expect-head",
            action="append",
            default=[],
            type=expected_head,
            metavar="CHAIN:SEQ:MAC",
            help="a head mailed earlier by audit_chain_heads; the chain must still hold that "
            "entry unchanged (finds a tail cut off together with the head). Repeatable.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        expected = {head.chain: head for head in options["expect_head"]}
        for chain in CHAINS:
            report = verify_chain(chain, expect=expected.get(chain))
            if report.problem is not None:
                raise CommandError(f"BROKEN: {report.problem}", returncode=1)
            self.stdout.write(f"{chain}: {report.checked} entries intact")
            if report.start_seq:
                self.stdout.write(f"  starts after entry #{report.start_seq} (retention purge)")
            for key_id, count in report.keys.items():
                self.stdout.write(f"  key {key_id}: {count} entries")
            if chain in expected and expected[chain].seq < report.start_seq:
                self.stdout.write(
                    f"  expected head #{expected[chain].seq} is older than the retention purge's "
                    "anchor: not compared"
                )
            elif chain in expected:
                self.stdout.write(f"  holds the expected head #{expected[chain].seq}")
        self.stdout.write(self.style.SUCCESS("OK: audit trail and access log are intact"))
