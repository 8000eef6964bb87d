"""Publishes version 1 of every content page from ``wcr/portal/data/content/<page>/<lang>.md``:
what the fixed templates said before the pages became editable (start, accessibility statement,
imprint), plus the new topics, how-counselling-works and Leichte Sprache pages.

The files are read as text alone (not through the app's code) so the migration stays as it is
when the code moves on. The Arabic, Ukrainian and Turkish texts are machine-assisted and marked
for review (``to_review``), as the catalogues of the navigator are."""

import datetime
from pathlib import Path

from django.db import migrations

CONTENT = Path(__file__).resolve().parent.parent / "data" / "content"
PAGES = ("start", "topics", "counselling", "accessibility", "imprint", "easy-language")
LANGUAGES = ("de", "en", "ar", "uk", "tr")
MACHINE_ASSISTED = ("ar", "uk", "tr")
PUBLISHED_AT = datetime.datetime(2026, 12, 2, 12, 0, tzinfo=datetime.UTC)


def publish(apps, schema_editor):
    ContentPage = apps.get_model("portal", "ContentPage")
    ContentVersion = apps.get_model("portal", "ContentVersion")
    for slug in PAGES:
        page, _created = ContentPage.objects.get_or_create(slug=slug)
        if ContentVersion.objects.filter(page=page).exists():
            continue
        bodies = {}
        for language in LANGUAGES:
            path = CONTENT / slug / f"{language}.md"
            if path.exists():
                bodies[language] = path.read_text(encoding="utf-8").strip()
        ContentVersion.objects.create(
            page=page,
            number=1,
            bodies=bodies,
            to_review=[code for code in MACHINE_ASSISTED if code in bodies],
            state="published",
            author_label="WCR platform team",
            created_at=PUBLISHED_AT,
            published_by_label="WCR platform team",
            published_at=PUBLISHED_AT,
        )


def unpublish(apps, schema_editor):
    apps.get_model("portal", "ContentPage").objects.filter(slug__in=PAGES).delete()


class Migration(migrations.Migration):
    dependencies = [("portal", "0006_content_pages")]

    operations = [migrations.RunPython(publish, unpublish)]
