"""Seal the entries written before the chain was keyed.

They keep their unkeyed SHA-256 (rewriting them would need UPDATEs of the log and would vouch
for content that was never keyed). Instead each chain head records up to which entry unkeyed
("sha256-legacy") entries are accepted, sealed with the current AUDIT_CHAIN_KEY: verification
refuses unkeyed entries after that point, so nobody without the key can rewrite the chain as
unkeyed entries. A fresh database has nothing to seal.
"""

import hashlib
import hmac

from django.conf import settings
from django.db import migrations


def seal_unkeyed_entries(apps, schema_editor):  # type: ignore[no-untyped-def]
    ChainHead = apps.get_model("privacy", "ChainHead")
    key_id, secret = next(iter(settings.AUDIT_CHAIN_KEYS.items()))
    for head in ChainHead.objects.filter(last_seq__gt=0):
        # The message chain.legacy_message builds (data migrations never import app code).
        message = f"{head.name}|legacy-until|{head.last_seq}|{head.last_hash}"
        digest = hmac.new(secret, message.encode(), hashlib.sha256).hexdigest()
        head.legacy_until = head.last_seq
        head.legacy_seal = f"{key_id}${digest}"
        head.save(update_fields=["legacy_until", "legacy_seal"])


class Migration(migrations.Migration):
    dependencies = [("privacy", "0003_keyed_chain")]

    operations = [migrations.RunPython(seal_unkeyed_entries, migrations.RunPython.noop)]
