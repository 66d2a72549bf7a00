"""Key commands: generate-field-key, rotate-keys (re-encrypt under the first key)."""

import base64

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings

from gongzhi.core import crypto
from gongzhi.core.models import AuditEntry
from gongzhi.org.models import Provider, Staff

KEY_A = "A:" + base64.b64encode(b"a" * 32).decode()
KEY_B = "B:" + base64.b64encode(b"b" * 32).decode()


def stored(table, column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_generate_field_key(capsys):
    call_command("generate-field-key", "--kid", "k2025")
    out = capsys.readouterr().out.strip()
    keys = crypto.parse_keys(out)
    assert list(keys) == ["k2025"] and len(keys["k2025"]) == 32


def test_generate_field_key_default_kid(capsys):
    call_command("generate-field-key")
    out = capsys.readouterr().out.strip()
    assert out.startswith("k") and len(crypto.parse_keys(out)) == 1


def test_generate_index_key(capsys):
    call_command("generate-field-key", "--index")
    out = capsys.readouterr().out.strip()
    assert ":" not in out and len(crypto.parse_index_key(out)) == 32


def test_generate_field_key_rejects_bad_kid():
    with pytest.raises(CommandError):
        call_command("generate-field-key", "--kid", "a$b")


def test_rotate_keys(world, capsys):
    with override_settings(GONGZHI_FIELD_KEYS=KEY_A):
        people = [
            Staff.objects.create(
                street=world["s1"], name=f"员工{i}", position="社工", phone=f"1380000000{i}"
            )
            for i in range(5)
        ]
        empty = Staff.objects.create(street=world["s1"], name="无电话", position="社工", phone="")
        provider = Provider.objects.create(name="医院", contact_phone="01062345678")
        assert stored("org_staff", "phone", people[0].pk).startswith("A$")
    with override_settings(GONGZHI_FIELD_KEYS=f"{KEY_B},{KEY_A}"):
        before_entries = AuditEntry.objects.count()
        call_command("rotate-keys", "--batch-size", "2")
        out = capsys.readouterr().out
        assert "org.Staff.phone: 5" in out and "org.Provider.contact_phone: 1" in out
        for person in people:
            assert stored("org_staff", "phone", person.pk).startswith("B$")
        assert stored("org_staff", "phone", empty.pk) == ""
        assert stored("org_provider", "contact_phone", provider.pk).startswith("B$")
        # One audit entry for the whole run, none per row.
        assert AuditEntry.objects.count() == before_entries + 1
        entry = AuditEntry.objects.latest("id")
        assert (
            entry.extra["event"] == "rotate_keys"
            and entry.extra["rewritten"]["org.Staff.phone"] == 5
        )
        # Running again finds nothing left to do.
        call_command("rotate-keys")
        assert "0 value" in capsys.readouterr().out
    with override_settings(GONGZHI_FIELD_KEYS=KEY_B):  # the old key is gone
        assert [Staff.objects.get(pk=p.pk).phone for p in people] == [
            f"1380000000{i}" for i in range(5)
        ]
        assert Provider.objects.get(pk=provider.pk).contact_phone == "01062345678"


def test_rotate_keys_reports_undecryptable_values(world, capsys):
    with override_settings(GONGZHI_FIELD_KEYS=KEY_A):
        good = Staff.objects.create(
            street=world["s1"], name="甲", position="社工", phone="13800000001"
        )
    with override_settings(GONGZHI_FIELD_KEYS=KEY_B):
        lost = Staff.objects.create(
            street=world["s1"], name="乙", position="社工", phone="13800000002"
        )
    with override_settings(GONGZHI_FIELD_KEYS=f"C:{base64.b64encode(b'c' * 32).decode()},{KEY_A}"):
        with pytest.raises(CommandError, match="could not be decrypted"):
            call_command("rotate-keys")
        assert stored("org_staff", "phone", good.pk).startswith("C$")
        assert stored("org_staff", "phone", lost.pk).startswith("B$")  # untouched
    assert str(lost.pk) in capsys.readouterr().err


def test_rotate_keys_rejects_bad_batch_size(db):
    with pytest.raises(CommandError):
        call_command("rotate-keys", "--batch-size", "0")
