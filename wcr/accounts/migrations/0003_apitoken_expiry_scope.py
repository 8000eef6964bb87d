"""API tokens get a name, a scope (read-only or read-write) and an expiry.

Tokens that exist already keep working as before: read-write (the rights they had), and they
expire 90 days after this migration (the default lifetime), so no token lives on unlimited.
"""

import datetime

import django.db.models.expressions
from django.db import migrations, models

import wcr.accounts.models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="name",
            field=models.CharField(
                blank=True, help_text="What the token is for.", max_length=100, verbose_name="name"
            ),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[("read", "Read only"), ("write", "Read and write")],
                default="write",
                max_length=8,
                verbose_name="access",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            # A callable default is evaluated once: every existing token gets now + 90 days.
            field=models.DateTimeField(
                default=wcr.accounts.models.api_token_default_expiry, verbose_name="expires at"
            ),
        ),
        migrations.AddConstraint(
            model_name="apitoken",
            constraint=models.CheckConstraint(
                condition=models.Q(("scope__in", ["read", "write"])), name="apitoken_scope_valid"
            ),
        ),
        migrations.AddConstraint(
            model_name="apitoken",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "expires_at__lte",
                        django.db.models.expressions.CombinedExpression(
                            models.F("created_at"),
                            "+",
                            models.Value(datetime.timedelta(days=365)),
                        ),
                    )
                ),
                name="apitoken_expires_within_a_year",
            ),
        ),
    ]
