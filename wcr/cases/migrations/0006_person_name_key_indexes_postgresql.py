"""Indexes for the duplicate check on PostgreSQL (``selectors.duplicate_candidates``).

- ``person_name_keys``: the person's name keys (``search_keys`` split at spaces) in a GIN index,
  for ``… && ARRAY[keys]`` ("shares one of these keys"): it answers with the persons holding
  exactly those keys. The trigram index of 0003 has to combine the trigrams of short skeleton keys
  such as "hsn", which far more persons contain, and grows with the caseload.
- ``person_org_no_birth_date``: the few persons without a usable birth date, per organisation,
  the second branch of the candidate query.

SQLite has neither; there the same query scans the organisation's rows (fine for the demo).
"""

from django.db import migrations

FORWARD = [
    "CREATE INDEX IF NOT EXISTS person_name_keys ON cases_person "
    "USING gin (string_to_array(btrim(search_keys), ' '))",
    "CREATE INDEX IF NOT EXISTS person_org_no_birth_date ON cases_person (organisation_id) "
    "WHERE birth_date IS NULL OR birth_date_precision = 'unknown'",
]
BACKWARD = [
    "DROP INDEX IF EXISTS person_name_keys",
    "DROP INDEX IF EXISTS person_org_no_birth_date",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_case_list_indexes_in_list_order")]
    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
