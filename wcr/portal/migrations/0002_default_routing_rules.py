"""The default routing rules (``wcr/portal/data/routing_rules.csv``, reasons in docs/routing.md).

Organisation and location slugs are not checked here: the partner organisations are configured
after the first migration; ``manage.py routing_rules --load`` checks them. The file is read
with ``csv`` alone (not the app's parser) so the migration stays as it is when the code moves
on; the tests check the file with ``parse_rules``."""

import csv
from pathlib import Path

from django.db import migrations

CSV = Path(__file__).resolve().parent.parent / "data" / "routing_rules.csv"


def load(apps, schema_editor):
    RoutingRule = apps.get_model("portal", "RoutingRule")
    if RoutingRule.objects.exists():
        return
    with CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    RoutingRule.objects.bulk_create(
        RoutingRule(**{**row, "priority": int(row["priority"])}) for row in rows
    )


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_routing_rules")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
