"""Phones in one canonical form (core.text.normalize_phone: "+86 138 1234 5678" and
"13812345678" are the same number) with their blind index recomputed, and rows written before
the one text rule cleaned (control characters dropped, NFC, trimmed)."""

from django.db import migrations

from gongzhi.core import crypto, text


def renormalize_phones(apps, schema_editor):
    Resident = apps.get_model("registry", "Resident")
    purpose = "registry.resident.phone"  # BlindIndexField.purpose() of Resident.phone_index
    changed = []
    for r in Resident.objects.exclude(phone="").only("pk", "phone", "phone_index").iterator(2000):
        phone = text.normalize_phone(r.phone)
        index = crypto.blind_index(phone, purpose) if phone else ""
        if phone != r.phone or index != r.phone_index:
            r.phone, r.phone_index = phone, index
            changed.append(r)
        if len(changed) >= 500:
            Resident.objects.bulk_update(changed, ["phone", "phone_index"])
            changed = []
    if changed:
        Resident.objects.bulk_update(changed, ["phone", "phone_index"])


class Migration(migrations.Migration):
    dependencies = [("registry", "0090_search_indexes")]

    operations = [
        migrations.RunPython(renormalize_phones, migrations.RunPython.noop, elidable=True),
        text.migration("registry"),
    ]
