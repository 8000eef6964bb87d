"""Publishes the privacy page's text as it stood before notices were versioned as version 1 of
the network-wide notice, rendered once per portal language. A language whose catalogue has no
translation of the text (the page fell back to German) gets no body of its own: the page shows
the German text marked ``lang="de"`` instead of German text under another language's tag."""

import datetime

from django.db import migrations
from django.template.loader import render_to_string
from django.utils import translation

LANGUAGES = ("de", "en", "ar", "uk", "tr")
# The day the privacy page went online (git history of templates/portal/privacy.html).
PUBLISHED_ON = datetime.date(2026, 11, 24)


def publish(apps, schema_editor):
    PrivacyNotice = apps.get_model("portal", "PrivacyNotice")
    if PrivacyNotice.objects.filter(controller__isnull=True, version="1").exists():
        return
    bodies = {}
    for language in LANGUAGES:
        with translation.override(language):
            bodies[language] = render_to_string(
                "portal/privacy_notice_v1.html", {"lead": None}
            ).strip()
    for language in LANGUAGES[2:]:
        if bodies[language] == bodies["de"]:
            del bodies[language]
    PrivacyNotice.objects.create(
        controller=None, version="1", published_on=PUBLISHED_ON, bodies=bodies
    )


def unpublish(apps, schema_editor):
    apps.get_model("portal", "PrivacyNotice").objects.filter(
        controller__isnull=True, version="1"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("portal", "0003_privacy_notices")]
    operations = [migrations.RunPython(publish, unpublish)]
