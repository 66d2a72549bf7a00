"""Rows written before the one text rule (core.text): control characters dropped, NFC,
trimmed, so no stored value breaks an export or a feed."""

from django.db import migrations

from gongzhi.core import text


class Migration(migrations.Migration):
    dependencies = [("org", "0002_alter_community_code_alter_street_division_code")]

    operations = [text.migration("org")]
