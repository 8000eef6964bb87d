"""Triggers that make the audit trail and the access log append-only in the database itself.

UPDATE and DELETE of an entry (or of a bulk read's subject rows) are refused, whoever sends
them; DELETE passes only inside the retention purge, which sets ``wcr.retention_purge``
(PostgreSQL, transaction-local) or the flag behind the SQL function ``wcr_retention_purge()``
(SQLite, see ``wcr.privacy.guard``). A chain head may move forward only; its anchor and seal
change only in the purge. Plain SQL per vendor (see docs/decisions.md).
"""

from django.db import migrations

LOG_TABLES = ["privacy_auditevent", "privacy_accesslog", "privacy_accesslogsubject"]
SEAL_COLUMNS = ["anchor_seq", "anchor_hash", "anchor_seal", "legacy_until", "legacy_seal"]

POSTGRESQL_FORWARD = [
    """
    CREATE OR REPLACE FUNCTION wcr_refuse_log_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' AND coalesce(current_setting('wcr.retention_purge', true), '') = 'on'
        THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit and access-log entries are append-only (% on %)', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END $$
    """,
    *(
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION wcr_refuse_log_change()"
        for table in LOG_TABLES
    ),
    f"""
    CREATE OR REPLACE FUNCTION wcr_refuse_head_rewind() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        purge boolean := coalesce(current_setting('wcr.retention_purge', true), '') = 'on';
    BEGIN
        IF TG_OP = 'DELETE' THEN
            IF purge THEN
                RETURN OLD;
            END IF;
            RAISE EXCEPTION 'an audit chain head is never removed'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF NEW.last_seq < OLD.last_seq THEN
            RAISE EXCEPTION 'an audit chain head only moves forward'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF NOT purge AND ({", ".join(f"NEW.{c}" for c in SEAL_COLUMNS)})
            IS DISTINCT FROM ({", ".join(f"OLD.{c}" for c in SEAL_COLUMNS)}) THEN
            RAISE EXCEPTION 'an audit chain''s anchor changes only in the retention purge'
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END $$
    """,
    "CREATE TRIGGER privacy_chainhead_forward_only BEFORE UPDATE OR DELETE ON privacy_chainhead "
    "FOR EACH ROW EXECUTE FUNCTION wcr_refuse_head_rewind()",
]
POSTGRESQL_BACKWARD = [
    *(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}" for table in LOG_TABLES),
    "DROP TRIGGER IF EXISTS privacy_chainhead_forward_only ON privacy_chainhead",
    "DROP FUNCTION IF EXISTS wcr_refuse_log_change()",
    "DROP FUNCTION IF EXISTS wcr_refuse_head_rewind()",
]


def _sqlite_refusal(message: str) -> str:
    return f"BEGIN SELECT RAISE(ABORT, '{message}'); END"


SQLITE_FORWARD = [
    *(
        f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
        + _sqlite_refusal(f"audit and access-log entries are append-only (UPDATE on {table})")
        for table in LOG_TABLES
    ),
    *(
        f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
        "WHEN NOT wcr_retention_purge() "
        + _sqlite_refusal(f"audit and access-log entries are append-only (DELETE on {table})")
        for table in LOG_TABLES
    ),
    "CREATE TRIGGER privacy_chainhead_no_delete BEFORE DELETE ON privacy_chainhead "
    "WHEN NOT wcr_retention_purge() " + _sqlite_refusal("an audit chain head is never removed"),
    "CREATE TRIGGER privacy_chainhead_no_rewind BEFORE UPDATE ON privacy_chainhead "
    "WHEN NEW.last_seq < OLD.last_seq "
    + _sqlite_refusal("an audit chain head only moves forward"),
    "CREATE TRIGGER privacy_chainhead_no_reanchor BEFORE UPDATE ON privacy_chainhead "
    "WHEN NOT wcr_retention_purge() AND ("
    + " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in SEAL_COLUMNS)
    + ") "
    + _sqlite_refusal("an audit chain''s anchor changes only in the retention purge"),
]
SQLITE_BACKWARD = [
    *(f"DROP TRIGGER IF EXISTS {table}_no_update" for table in LOG_TABLES),
    *(f"DROP TRIGGER IF EXISTS {table}_no_delete" for table in LOG_TABLES),
    "DROP TRIGGER IF EXISTS privacy_chainhead_no_delete",
    "DROP TRIGGER IF EXISTS privacy_chainhead_no_rewind",
    "DROP TRIGGER IF EXISTS privacy_chainhead_no_reanchor",
]


def _run(statements: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("privacy", "0004_seal_unkeyed_entries")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRESQL_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        )
    ]
