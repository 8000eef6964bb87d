"""Django's ``flush``, which on SQLite deletes row by row and so must pass the log triggers.

PostgreSQL flushes with TRUNCATE, which fires no row triggers; this makes SQLite behave the same.
``flush`` empties the whole database: a development and test command, never run in production.
"""

from typing import Any

from django.core.management.commands import flush

from wcr.privacy.guard import sqlite_flush_allowed


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        with sqlite_flush_allowed():
            super().handle(**options)
