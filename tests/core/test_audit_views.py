"""The audit list (search, filters, scoping) and the per-object history page."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from gongzhi.core import audit
from gongzhi.core.audit_scope import entries_visible_to
from gongzhi.core.context import acting_as
from gongzhi.core.models import AuditEntry
from gongzhi.org.models import Staff

AUDIT = "/audit/"


@pytest.fixture
def log(world, users):
    """Staff changed by admins of both streets, plus log-in events of each street's users."""
    with acting_as(users["street_admin"]):
        s1 = Staff.objects.create(
            street=world["s1"], name="王芳", position="社工", phone="13812345678"
        )
        s1.position = "站长"
        s1.save()
    with acting_as(users["outsider"]):
        s2 = Staff.objects.create(street=world["s2"], name="赵六", position="社工")
    audit.record(AuditEntry.Action.LOGIN, users["bob"], actor=users["bob"])
    audit.record(AuditEntry.Action.LOGIN, users["outsider"], actor=users["outsider"])
    with acting_as(None, source="system"):
        audit.record(AuditEntry.Action.OTHER, object_repr="nightly job")
    return {"s1": s1, "s2": s2}


def rows(html: str) -> str:
    """The table's rows (nothing when the table is empty)."""
    return html.split("<tbody>", 1)[1] if "<tbody>" in html else ""


def history_url(obj):
    ct = ContentType.objects.get_for_model(obj)
    return f"{AUDIT}history/{ct.pk}/{obj.pk}/"


def test_list_needs_the_permission(verified_client, users, log):
    assert verified_client(users["station_staff"]).get(AUDIT).status_code == 403


def test_list_needs_a_log_in(client, db):
    response = client.get(AUDIT)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_street_admin_sees_own_street_only(verified_client, users, log):
    response = verified_client(users["street_admin"]).get(AUDIT)
    assert response.status_code == 200
    html = response.content.decode()
    assert "审计日志" in html
    assert "王芳" in html and "bob" in html
    assert "赵六" not in html and "outsider" not in html and "nightly job" not in html


def test_scope_rule(users, log):
    mine = set(entries_visible_to(users["street_admin"]).values_list("pk", flat=True))
    theirs = set(entries_visible_to(users["outsider"]).values_list("pk", flat=True))
    shared = AuditEntry.objects.filter(pk__in=mine & theirs)
    assert mine and theirs
    print(list(shared.values_list("content_type__model", "object_repr", "action")))
    # Only district-wide records (departments: no scope path) are seen by both streets.
    assert set(shared.values_list("content_type__model", flat=True)) <= {"department"}
    # (a) entries by actors holding a role in the street, (c) entries about visible objects.
    assert AuditEntry.objects.filter(pk__in=theirs, object_repr__contains="赵六").exists()
    # (b) failed log-ins against an account of the street show up without an actor.
    audit.record(AuditEntry.Action.LOGIN_FAILED, users["charlie"], object_repr="charlie")
    entry = AuditEntry.objects.get(action="login_failed")
    assert entry.actor is None
    assert entries_visible_to(users["street_admin"]).filter(pk=entry.pk).exists()
    assert not entries_visible_to(users["outsider"]).filter(pk=entry.pk).exists()


def test_superuser_sees_everything(client, log, db):
    from django.contrib.auth import get_user_model

    root = get_user_model().objects.create_superuser("root", password="x-very-long-pw-1")
    assert entries_visible_to(root).count() == AuditEntry.objects.count()


@pytest.mark.parametrize(
    ("query", "present", "absent"),
    [
        ({"actor": "bob"}, "bob", "王芳"),
        ({"action": "update"}, "王芳", "bob"),
        ({"q": "王芳"}, "王芳", "bob"),
    ],
)
def test_filters(verified_client, users, log, query, present, absent):
    html = verified_client(users["street_admin"]).get(AUDIT, query).content.decode()
    body = rows(html)
    assert present in body and absent not in body


def test_object_type_filter(verified_client, users, log):
    ct = ContentType.objects.get_for_model(Staff)
    html = (
        verified_client(users["street_admin"]).get(AUDIT, {"object_type": ct.pk}).content.decode()
    )
    body = rows(html)
    assert "王芳" in body and "bob" not in body


def test_date_filters_and_bad_range(verified_client, users, log):
    client = verified_client(users["street_admin"])
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    body = rows(client.get(AUDIT, {"date_from": tomorrow}).content.decode())
    assert "王芳" not in body
    body = client.get(AUDIT, {"date_from": today, "date_to": today}).content.decode()
    assert "王芳" in rows(body)
    html = client.get(AUDIT, {"date_from": tomorrow, "date_to": today}).content.decode()
    assert "结束日期早于开始日期" in html


def test_pagination(verified_client, users, world):
    with acting_as(users["street_admin"]):
        for i in range(60):
            audit.record(AuditEntry.Action.OTHER, object_repr=f"entry-{i:02d}")
    client = verified_client(users["street_admin"])
    first = client.get(AUDIT, {"q": "entry-"})
    assert first.context["table"].count == 60
    assert len(first.context["table"].rows) == 50
    second = client.get(AUDIT, {"q": "entry-", "page": 2})
    assert len(second.context["table"].rows) == 10
    assert "q=entry-" in first.content.decode()  # the pager keeps the filters


def test_sorting_and_search_stay_in_scope(verified_client, users, log):
    client = verified_client(users["street_admin"])
    with acting_as(users["street_admin"]):
        audit.record(AuditEntry.Action.OTHER, object_repr="aaa-first")
        audit.record(AuditEntry.Action.OTHER, object_repr="zzz-last")
    up = rows(client.get(AUDIT, {"sort": "object_repr"}).content.decode())
    down = rows(client.get(AUDIT, {"sort": "-object_repr"}).content.decode())
    assert up.index("aaa-first") < up.index("zzz-last")
    assert down.index("zzz-last") < down.index("aaa-first")
    for body in (up, down, rows(client.get(AUDIT, {"q": "赵六"}).content.decode())):
        assert "赵六" not in body and "nightly job" not in body
    newest = rows(client.get(AUDIT).content.decode())  # by default: the newest first
    assert newest.index("zzz-last") < newest.index("王芳")


def test_history_shows_diffs(verified_client, users, log):
    response = verified_client(users["street_admin"]).get(history_url(log["s1"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "社工" in html and "站长" in html
    assert "13812345678" not in html
    entries = response.context["entries"]
    update = next(e for e in entries if e.action == "update")
    label = Staff._meta.get_field("position").verbose_name
    assert [(str(lb), b, a) for lb, b, a in update.rows] == [(str(label), "社工", "站长")]


def test_history_of_invisible_object_is_404(verified_client, users, log):
    assert verified_client(users["street_admin"]).get(history_url(log["s2"])).status_code == 404


def test_history_of_unknown_things_is_404(verified_client, users, log):
    client = verified_client(users["street_admin"])
    ct = ContentType.objects.get_for_model(Staff)
    assert client.get(f"{AUDIT}history/{ct.pk}/999999/").status_code == 404
    assert client.get(f"{AUDIT}history/{ct.pk}/abc/").status_code == 404
    assert client.get(f"{AUDIT}history/999999/1/").status_code == 404
    # A model without a scoping rule (the audit log itself) is not browsable.
    own = ContentType.objects.get_for_model(AuditEntry)
    assert client.get(f"{AUDIT}history/{own.pk}/1/").status_code == 404


def test_history_needs_the_permission(verified_client, users, log):
    assert verified_client(users["party_secretary"]).get(history_url(log["s1"])).status_code == 403


def test_history_of_a_user_account(verified_client, users, log):
    client = verified_client(users["street_admin"])
    assert client.get(history_url(users["bob"])).status_code == 200
    assert client.get(history_url(users["outsider"])).status_code == 404
