"""Load districts, municipalities, postal codes and authorities from wcr/region/data/*.csv.

Self-contained (no app imports), idempotent: a later data migration that ships corrected CSV
files can call the same steps again.
"""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def _rows(name):
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load(apps, schema_editor):
    Authority = apps.get_model("region", "Authority")
    District = apps.get_model("region", "District")
    Municipality = apps.get_model("region", "Municipality")
    PostalCode = apps.get_model("region", "PostalCode")

    authorities = {}
    for row in _rows("authorities.csv"):
        authorities[row["id"]], _ = Authority.objects.update_or_create(
            slug=row["id"],
            defaults={
                "kind": row["kind"],
                "name": row["name"],
                "address": row["address"],
                "url": row["url"],
                "confidence": row["confidence"],
                "source": row["source"],
            },
        )
    overlays = {row["ags"]: row for row in _rows("overlays.csv")}
    for row in _rows("municipalities.csv"):
        district_name = row["district"].replace(" (kreisfrei)", "")
        district, _ = District.objects.update_or_create(
            ags=row["district_ags"],
            defaults={"name": district_name, "regierungsbezirk": row["regierungsbezirk"]},
        )
        overlay = overlays[row["ags"]]
        sources = " | ".join(part for part in (row["sources"], overlay["sources"]) if part)
        municipality, _ = Municipality.objects.update_or_create(
            ags=row["ags"],
            defaults={
                "name": row["municipality"],
                "district": district,
                "chamber_of_crafts": authorities.get(overlay["chamber_of_crafts"]),
                "chamber_of_commerce": authorities.get(overlay["chamber_of_commerce"]),
                "employment_agency": authorities.get(overlay["employment_agency"]),
                "foreigners_office": authorities.get(overlay["foreigners_office"]),
                "jobcenter": authorities.get(overlay["jobcenter"]),
                "bezirksregierung": authorities.get(overlay["bezirksregierung"]),
                "social_professions_authority": authorities.get(
                    overlay["social_professions_authority"]
                ),
                "wcr_location": overlay["wcr_location"],
                "confidence": overlay["confidence"],
                "sources": sources,
            },
        )
        codes = {code for code in row["postal_codes"].split(";") if code}
        PostalCode.objects.filter(municipality=municipality).exclude(code__in=codes).delete()
        for code in sorted(codes):
            PostalCode.objects.get_or_create(code=code, municipality=municipality)


class Migration(migrations.Migration):
    dependencies = [("region", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
