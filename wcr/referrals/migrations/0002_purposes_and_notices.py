from django.db import migrations


def load(apps, schema_editor):  # type: ignore[no-untyped-def]
    from wcr.referrals.notices import load_purposes_and_notices

    load_purposes_and_notices(
        apps.get_model("referrals", "ConsentPurpose"), apps.get_model("referrals", "ConsentNotice")
    )


class Migration(migrations.Migration):
    dependencies = [("referrals", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
