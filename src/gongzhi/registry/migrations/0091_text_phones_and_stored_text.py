"""Phones in one canonical form (core.text.normalize_phone: "+86 138 1234 5678" and
"13812345678" are the same number) with their blind index recomputed, and rows written before
the one text rule cleaned (control characters dropped, NFC, trimmed)."""

from django.db import migrations

from gongzhi.core import text


def renormalize_phones(apps, schema_editor):
    text.renormalize_phones(apps, "registry")


class Migration(migrations.Migration):
    dependencies = [("registry", "0090_search_indexes")]

    operations = [
        migrations.RunPython(renormalize_phones, migrations.RunPython.noop, elidable=True),
        text.migration("registry"),
    ]
