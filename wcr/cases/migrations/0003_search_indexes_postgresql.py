"""Trigram indexes for the name search on PostgreSQL (``search_keys LIKE '% key %'``).

SQLite has no such index; there the same query scans the organisation's rows, which is fine for
the demo's size.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS person_search_keys_trgm ON cases_person USING gin (search_keys gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS company_search_keys_trgm ON cases_company USING gin (search_keys gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS person_email_lower ON cases_person (lower(email))",
]
BACKWARD = [
    "DROP INDEX IF EXISTS person_search_keys_trgm",
    "DROP INDEX IF EXISTS company_search_keys_trgm",
    "DROP INDEX IF EXISTS person_email_lower",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_topics")]
    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
