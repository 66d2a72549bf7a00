"""Phones stored before the one text rule in the canonical form (core.text.normalize_phone),
so every door finds the same number."""

from django.db import migrations

from gongzhi.core import text


class Migration(migrations.Migration):
    dependencies = [("org", "0004_street_migrant_register_settings")]

    operations = [text.phone_migration("org")]
