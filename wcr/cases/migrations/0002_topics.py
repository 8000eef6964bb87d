from django.db import migrations

TOPICS = [
    ("recruitment", "Fachkräftegewinnung und Einwanderung", "Recruitment and immigration"),
    ("recognition", "Anerkennung ausländischer Abschlüsse", "Recognition of foreign qualifications"),
    ("residence", "Aufenthalt", "Residence"),
    ("employment", "Beschäftigung", "Employment"),
    ("integration", "Soziale Integration", "Social integration"),
    ("training", "Berufsausbildung", "Vocational training"),
    ("founding", "Gründung und Unternehmensnachfolge", "Business founding and takeover"),
]


def load(apps, schema_editor):
    Topic = apps.get_model("cases", "Topic")
    for position, (slug, name_de, name_en) in enumerate(TOPICS):
        Topic.objects.update_or_create(
            slug=slug, defaults={"name_de": name_de, "name_en": name_en, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
