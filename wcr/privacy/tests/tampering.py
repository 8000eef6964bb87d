"""Writing past the append-only triggers, as an attacker with full database rights could
(a PostgreSQL superuser: ``session_replication_role = replica``; on SQLite: dropping the
triggers for one statement). The chain's keyed MACs must still find every change."""

from __future__ import annotations

from django.db import connection


def tamper(sql: str, params: list[object]) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute(sql, params)
            cursor.execute("SET LOCAL session_replication_role = origin")
            return
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name LIKE %s",
            ["privacy_%"],
        )
        triggers = cursor.fetchall()
        for name, _sql in triggers:
            cursor.execute(f'DROP TRIGGER "{name}"')
        cursor.execute(sql, params)
        for _name, sql_text in triggers:
            cursor.execute(sql_text)
