"""Phones stored before the one text rule in the canonical form (core.text.normalize_phone),
so every door finds the same number."""

from django.db import migrations

from gongzhi.core import text


class Migration(migrations.Migration):
    dependencies = [("services", "0003_delegated_decision")]

    operations = [text.phone_migration("services")]
