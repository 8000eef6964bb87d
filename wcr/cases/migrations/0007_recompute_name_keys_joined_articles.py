"""Recompute the stored name keys of persons and companies (issue 9).

``search_keys`` now also holds the key of a name of several words written as one ("Al Khatib" ->
the key of "Alkhatib") and of a word without an article or particle written joined to it
("Alhassan" -> the key of "Hassan"), so that "Alkhatib" finds "Al Khatib" and "Al-Hassan" finds
"Alhassan" (``names.stored_search_keys``). Keys stored before are recomputed here; the search and
the duplicate check read only this column. Backwards: nothing to undo (the old keys are a subset).
"""

from django.db import migrations

BATCH = 2000


def _column(keys: list[str]) -> str:
    return " " + " ".join(sorted(set(keys))) + " " if keys else ""


def recompute_search_keys(apps, schema_editor):
    from wcr.cases import names

    person_model = apps.get_model("cases", "Person")
    company_model = apps.get_model("cases", "Company")
    changed = []
    persons = person_model.objects.order_by("pk").prefetch_related("names")
    for person in persons.iterator(chunk_size=BATCH):
        variants = list(person.names.all())
        keys = _column(
            names.stored_search_keys(
                person.given_name,
                *(v.given_name for v in variants),
                person.family_name,
                *(v.family_name for v in variants),
            )
        )
        if keys != person.search_keys:
            person.search_keys = keys
            changed.append(person)
        if len(changed) >= BATCH:
            person_model.objects.bulk_update(changed, ["search_keys"])
            changed = []
    person_model.objects.bulk_update(changed, ["search_keys"])
    changed = []
    for company in company_model.objects.order_by("pk").iterator(chunk_size=BATCH):
        keys = _column(names.stored_search_keys(company.name))
        if keys != company.search_keys:
            company.search_keys = keys
            changed.append(company)
    company_model.objects.bulk_update(changed, ["search_keys"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_person_name_key_indexes_postgresql")]
    operations = [migrations.RunPython(recompute_search_keys, migrations.RunPython.noop)]
