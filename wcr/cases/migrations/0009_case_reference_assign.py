"""Give every existing case its reference (``KIA-2026-0042``), numbered per organisation and
year in order of opening, and each organisation its prefix; set the counters to continue.

The prefix rule is ``wcr.accounts.services.derive_reference_prefix``'s, repeated here: a data
migration never imports app code (it must keep working when that code changes).
"""

import re
import string
from collections import defaultdict

from django.db import migrations


def _derive(slug, taken):
    words = [re.sub(r"[^A-Z]", "", word) for word in re.split(r"[-_]", slug.upper())]
    words = [word for word in words if word]
    base = words[0][:5] if words else ""
    if len(base) < 2:
        base = "".join(words)[:5]
    if len(base) < 2:
        base = (base * 2)[:2] if base else "ORG"
    if base not in taken:
        return base
    stem = base[:4]
    for letter in [word[0] for word in words[1:]] + list(string.ascii_uppercase):
        if stem + letter not in taken:
            return stem + letter
    for first in string.ascii_uppercase:
        for second in string.ascii_uppercase:
            if stem[:3] + first + second not in taken:
                return stem[:3] + first + second
    raise ValueError("no free case reference prefix")


def assign_references(apps, schema_editor):
    Organisation = apps.get_model("accounts", "Organisation")
    Case = apps.get_model("cases", "Case")
    Counter = apps.get_model("cases", "CaseReferenceCounter")
    taken = set(
        Organisation.objects.exclude(reference_prefix="").values_list("reference_prefix", flat=True)
    )
    prefixes = {}
    for organisation in Organisation.objects.order_by("id"):
        if not organisation.reference_prefix:
            organisation.reference_prefix = _derive(organisation.slug, taken)
            organisation.save(update_fields=["reference_prefix"])
        taken.add(organisation.reference_prefix)
        prefixes[organisation.pk] = organisation.reference_prefix
    last = defaultdict(int)
    batch = []
    cases = Case.objects.order_by("organisation_id", "opened_on", "id").only(
        "id", "organisation_id", "opened_on"
    )
    for case in cases.iterator(chunk_size=2000):
        key = (case.organisation_id, case.opened_on.year)
        last[key] += 1
        case.reference = f"{prefixes[case.organisation_id]}-{key[1]}-{last[key]:04d}"
        batch.append(case)
        if len(batch) >= 2000:
            Case.objects.bulk_update(batch, ["reference"])
            batch = []
    Case.objects.bulk_update(batch, ["reference"])
    Counter.objects.all().delete()
    Counter.objects.bulk_create(
        Counter(organisation_id=organisation_id, year=year, last_number=number)
        for (organisation_id, year), number in last.items()
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0008_case_reference_counter")]

    operations = [migrations.RunPython(assign_references, migrations.RunPython.noop)]
