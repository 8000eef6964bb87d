"""The default routing rules (``wcr/portal/data/routing_rules.csv``, reasons in docs/routing.md).

Organisation and location slugs are not checked here: the partner organisations are configured
after the first migration; ``manage.py routing_rules --load`` checks them."""

from pathlib import Path

from django.db import migrations

CSV = Path(__file__).resolve().parent.parent / "data" / "routing_rules.csv"


def load(apps, schema_editor):
    from wcr.portal.routing import parse_rules

    RoutingRule = apps.get_model("portal", "RoutingRule")
    if RoutingRule.objects.exists():
        return
    rows = parse_rules(CSV.read_text(encoding="utf-8"))
    RoutingRule.objects.bulk_create(
        RoutingRule(
            priority=r.priority,
            kind=r.kind,
            sector=r.sector,
            district=r.district,
            municipality=r.municipality,
            topic=r.topic,
            organisation=r.organisation,
            location=r.location,
        )
        for r in rows
    )


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_routing_rules")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
