"""The database's guard over the audit trail and access log (triggers of migration 0005).

The triggers refuse every UPDATE and DELETE of an entry, except a DELETE inside
``log_deletion_allowed``: on PostgreSQL that sets the transaction-local variable
``wcr.retention_purge``; on SQLite (no such variables) it is a flag that the SQL function
``wcr_retention_purge()``, registered on each connection, answers. Only the retention purge
(``services.audit_purge_before``) uses it, and the test database's flush (SQLite's flush deletes
row by row; PostgreSQL's TRUNCATE fires no row triggers).
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper

_SQLITE_PURGE = contextvars.ContextVar("wcr_retention_purge", default=False)


@contextmanager
def log_deletion_allowed(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """Inside the caller's transaction: the triggers let this connection delete log entries."""
    if not connection.in_atomic_block:
        raise RuntimeError("log entries are only deleted inside a transaction")
    token = _SQLITE_PURGE.set(True)
    try:
        _set_postgresql_variable(connection, "on")
        yield
        # On an error the transaction is rolled back, and the variable with it.
        _set_postgresql_variable(connection, "off")
    finally:
        _SQLITE_PURGE.reset(token)


def _set_postgresql_variable(connection: BaseDatabaseWrapper, value: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('wcr.retention_purge', %s, true)", [value])


@contextmanager
def sqlite_flush_allowed() -> Iterator[None]:
    """The flush of a SQLite (test) database, which PostgreSQL does with TRUNCATE."""
    token = _SQLITE_PURGE.set(True)
    try:
        yield
    finally:
        _SQLITE_PURGE.reset(token)


def register_sqlite_function(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """``connection_created`` receiver: give SQLite the function its triggers ask."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "wcr_retention_purge", 0, lambda: int(_SQLITE_PURGE.get())
        )
