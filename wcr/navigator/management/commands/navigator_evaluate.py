"""``python manage.py navigator_evaluate FILE``: evaluate one facts object or a list of them.

Prints the result (or the list of results, in the same order) as JSON on standard output and
exits 0. Bad input: a message naming the field on standard error, exit status 2, nothing on
standard output (shared/specs/navigator.md)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from wcr.navigator.engine import LANGUAGES, FactsError, evaluate, parse_facts
from wcr.navigator.kb import knowledge_base


class Command(BaseCommand):
    help = "Evaluate navigator facts from a JSON file (one object or a list) and print the results."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="JSON file with one facts object or a list; - reads stdin")
        parser.add_argument("--lang", default="de", choices=LANGUAGES, help="language of the texts")

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["file"]
        try:
            text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{name}: cannot read the file: {error}", returncode=2) from None
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as error:
            raise CommandError(
                f"{name}: not valid JSON at line {error.lineno} column {error.colno}: {error.msg}",
                returncode=2,
            ) from None
        except RecursionError:
            raise CommandError(f"{name}: not valid JSON: nested too deeply", returncode=2) from None
        items = raw if isinstance(raw, list) else [raw]
        kb = knowledge_base()
        today = timezone.localdate()
        results = []
        errors: list[str] = []
        for index, item in enumerate(items):
            prefix = f"[{index}]." if isinstance(raw, list) else ""
            try:
                results.append(evaluate(parse_facts(item, today=today), kb, lang=options["lang"]))
            except FactsError as error:
                errors.extend(f"{prefix}{field}: {message}" for field, message in error.errors)
        if errors:
            raise CommandError(f"{name}: invalid facts: " + "; ".join(errors), returncode=2)
        output = results if isinstance(raw, list) else results[0]
        self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))
