"""Rows written before the one text rule (core.text): control characters dropped, NFC,
trimmed, so no stored value breaks an export or a feed."""

from django.db import migrations

from gongzhi.core import text


class Migration(migrations.Migration):
    dependencies = [("selfgov", "0002_ballot_lean_indexes")]

    operations = [text.migration("selfgov")]
