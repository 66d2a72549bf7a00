"""Audit signals (create / update diff / delete, encrypted fields) and the append-only log."""

import pytest
from django.contrib import admin

from gongzhi.core import audit
from gongzhi.core.context import acting_as
from gongzhi.core.models import AuditEntry
from gongzhi.org.models import Staff


@pytest.fixture
def staff(world):
    return Staff.objects.create(
        street=world["s1"], name="王芳", position="社工", phone="13812345678"
    )


def entries(obj):
    return list(audit.history(obj).order_by("id"))


def test_create_records_every_field_but_not_the_plaintext(staff):
    (entry,) = entries(staff)
    assert entry.action == AuditEntry.Action.CREATE
    assert entry.before is None
    assert entry.after["name"] == "王芳"
    assert entry.after["phone"] == audit.SENSITIVE_MARK
    assert "13812345678" not in str(entry.after)
    assert entry.object_repr == str(staff)


def test_update_records_only_changed_fields(staff):
    staff.position = "站长"
    staff.save()
    entry = entries(staff)[-1]
    assert entry.action == AuditEntry.Action.UPDATE
    assert entry.before == {"position": "社工"}
    assert entry.after == {"position": "站长"}
    assert entry.changed_fields == ["position"]


def test_save_without_change_writes_nothing(staff):
    staff.save()
    assert len(entries(staff)) == 1


def test_encrypted_field_change_is_logged_without_values(staff):
    staff.phone = "13900001111"
    staff.save()
    entry = entries(staff)[-1]
    assert entry.before == {"phone": "[encrypted: old]"}
    assert entry.after == {"phone": "[encrypted: new]"}
    text = str(entry.before) + str(entry.after) + str(entry.extra)
    assert "13812345678" not in text and "13900001111" not in text


def test_delete_records_the_last_state(staff):
    pk = staff.pk
    staff.delete()
    entry = AuditEntry.objects.filter(object_id=str(pk), action=AuditEntry.Action.DELETE).get()
    assert entry.before["name"] == "王芳"
    assert entry.after is None


def test_actor_and_source_come_from_the_context(world, users):
    with acting_as(users["street_admin"], source="cli"):
        s = Staff.objects.create(street=world["s1"], name="李四", position="干事")
    (entry,) = entries(s)
    assert entry.actor == users["street_admin"]
    assert entry.actor_name == "street_admin"
    assert entry.source == "cli"


# --- append-only -----------------------------------------------------------------------


def test_existing_entry_cannot_be_saved_again(staff):
    entry = entries(staff)[0]
    entry.reason = "rewritten"
    with pytest.raises(PermissionError):
        entry.save()
    assert AuditEntry.objects.get(pk=entry.pk).reason == ""


def test_entry_cannot_be_deleted(staff):
    entry = entries(staff)[0]
    with pytest.raises(PermissionError):
        entry.delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_queryset_update_and_delete_refuse(staff):
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk__gt=0).update(reason="x")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.count() >= 1


def test_admin_is_read_only(rf, staff, users):
    from django.contrib.auth import get_user_model

    model_admin = admin.site._registry[AuditEntry]
    root = get_user_model().objects.create_superuser("root", password="x-very-long-pw-1")
    request = rf.get("/admin/core/auditentry/")
    request.user = root
    entry = entries(staff)[0]
    assert model_admin.has_view_permission(request, entry)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, entry)
    assert not model_admin.has_delete_permission(request, entry)
    assert not model_admin.get_actions(request)


def test_admin_change_page_cannot_post(client, staff):
    from django.contrib.auth import get_user_model

    root = get_user_model().objects.create_superuser("root", password="x-very-long-pw-1")
    client.force_login(root)
    entry = entries(staff)[0]
    url = f"/admin/core/auditentry/{entry.pk}/change/"
    assert client.get(url).status_code == 200  # viewable
    client.post(url, {"reason": "changed"})
    assert AuditEntry.objects.get(pk=entry.pk).reason == ""
    response = client.post(f"/admin/core/auditentry/{entry.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_clearing_an_encrypted_field_is_logged(staff):
    staff.phone = ""
    staff.save()
    entry = entries(staff)[-1]
    assert entry.before == {"phone": "[encrypted: old]"} and entry.after == {"phone": ""}
