from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0009_case_reference_assign")]

    operations = [
        migrations.AlterField(
            model_name="case",
            name="reference",
            field=models.CharField(
                editable=False, max_length=24, unique=True, verbose_name="reference"
            ),
        ),
    ]
