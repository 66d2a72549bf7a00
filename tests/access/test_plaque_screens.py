"""Plaques (issue 5, part 7) on screen and in the API: edit, take down with a date (摘牌 —
the record stays and no longer counts), delete a record entered by mistake; each with its
permission, scoped, audited, bad input refused with nothing changed."""

import datetime

import pytest
from django.utils import timezone

from gongzhi.access import actions, figures
from gongzhi.access.models import Plaque
from gongzhi.core.models import AuditEntry


@pytest.fixture
def plaque(world):
    return Plaque.objects.create(
        community=world["c1"],
        name="创建文明城市工作站",
        kind="other",
        department=world["dept"],
        hung_on=datetime.date(2022, 5, 1),
    )


@pytest.fixture
def far_plaque(world):
    return Plaque.objects.create(community=world["c3"], name="外街道挂牌", kind="other")


def _audit(plaque, action):
    return AuditEntry.objects.filter(
        action=action, object_id=str(plaque.pk), object_repr__contains=plaque.name[:4]
    )


def test_plaque_can_be_edited_on_screen(plaque, users, verified_client, world):
    c = verified_client(users["street_staff"])
    assert c.get(f"/access/plaques/{plaque.pk}/edit/").status_code == 200
    response = c.post(
        f"/access/plaques/{plaque.pk}/edit/",
        {
            "community": world["c1"].pk,
            "name": "幸福社区居民委员会",
            "kind": "committee",
            "hung_on": "2022-05-01",
            "removed_on": "",
        },
    )
    assert response.status_code == 302
    plaque.refresh_from_db()
    assert plaque.kind == "committee" and plaque.name == "幸福社区居民委员会"
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.UPDATE, object_id=str(plaque.pk)
    ).exists()


def test_plaque_edit_with_dates_in_wrong_order_changes_nothing(plaque, users, verified_client):
    c = verified_client(users["party_secretary"])
    response = c.post(
        f"/access/plaques/{plaque.pk}/edit/",
        {
            "community": plaque.community_id,
            "name": "改名",
            "kind": "other",
            "hung_on": "2022-05-01",
            "removed_on": "2021-01-01",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["removed_on"]
    plaque.refresh_from_db()
    assert plaque.name == "创建文明城市工作站" and plaque.removed_on is None


def test_plaque_taken_down_with_a_date_stays_on_record_and_no_longer_counts(
    plaque, users, verified_client, world
):
    assert figures.plaque_check(world["c1"]).violation
    c = verified_client(users["street_staff"])
    assert c.get(f"/access/plaques/{plaque.pk}/take-down/").status_code == 200
    day = timezone.localdate() - datetime.timedelta(days=3)
    response = c.post(f"/access/plaques/{plaque.pk}/take-down/", {"removed_on": day.isoformat()})
    assert response.status_code == 302
    plaque.refresh_from_db()
    assert plaque.removed_on == day
    assert not figures.plaque_check(world["c1"]).violation
    entry = AuditEntry.objects.filter(
        action=AuditEntry.Action.UPDATE, object_id=str(plaque.pk)
    ).latest("timestamp")
    assert "removed_on" in str(entry.after)
    # Still listed, with the day it came down.
    body = c.get("/access/plaques/").content.decode()
    assert plaque.name in body and day.isoformat() in body


@pytest.mark.parametrize(
    "day, field",
    [
        ("tomorrow", "removed_on"),  # in the future (computed when the test runs)
        (datetime.date(2021, 1, 1), "removed_on"),  # before it was hung
        ("", "removed_on"),  # missing
    ],
)
def test_plaque_take_down_bad_date_changes_nothing(plaque, users, verified_client, day, field):
    if day == "tomorrow":
        day = timezone.localdate() + datetime.timedelta(days=1)
    c = verified_client(users["street_staff"])
    response = c.post(f"/access/plaques/{plaque.pk}/take-down/", {"removed_on": str(day)})
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    plaque.refresh_from_db()
    assert plaque.removed_on is None


def test_plaque_taken_down_once_only(plaque, users):
    day = timezone.localdate()
    actions.do_take_down_plaque(users["street_admin"], plaque, on=day)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        actions.do_take_down_plaque(users["street_admin"], plaque, on=day)


def test_plaque_delete_needs_delete_permission_and_is_audited(plaque, users, verified_client):
    # Street staff and the party secretary may edit and take down, not delete.
    for role in ("street_staff", "party_secretary"):
        c = verified_client(users[role])
        assert c.post(f"/access/plaques/{plaque.pk}/delete/").status_code == 403
    assert Plaque.objects.filter(pk=plaque.pk).exists()
    admin = verified_client(users["street_admin"])
    assert admin.get(f"/access/plaques/{plaque.pk}/delete/").status_code == 200
    assert admin.post(f"/access/plaques/{plaque.pk}/delete/").status_code == 302
    assert not Plaque.objects.filter(pk=plaque.pk).exists()
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.DELETE, object_id=str(plaque.pk)
    ).exists()


def test_plaque_screens_out_of_scope_are_404(far_plaque, users, verified_client):
    admin = verified_client(users["street_admin"])
    for url in ("edit", "take-down", "delete"):
        assert admin.get(f"/access/plaques/{far_plaque.pk}/{url}/").status_code == 404
    secretary = verified_client(users["party_secretary"])
    assert secretary.get(f"/access/plaques/{far_plaque.pk}/edit/").status_code == 404


def test_plaque_screens_need_permission(plaque, users, verified_client):
    for role in ("committee_member", "department_staff"):
        c = verified_client(users[role])
        assert c.get(f"/access/plaques/{plaque.pk}/edit/").status_code == 403
        assert c.post(f"/access/plaques/{plaque.pk}/take-down/").status_code == 403


def test_plaque_list_shows_edit_take_down_delete_by_permission(plaque, users, verified_client):
    admin = verified_client(users["street_admin"]).get("/access/plaques/").content.decode()
    assert f"/access/plaques/{plaque.pk}/edit/" in admin
    assert f"/access/plaques/{plaque.pk}/take-down/" in admin
    assert f"/access/plaques/{plaque.pk}/delete/" in admin
    staff = verified_client(users["street_staff"]).get("/access/plaques/").content.decode()
    assert f"/access/plaques/{plaque.pk}/edit/" in staff
    assert f"/access/plaques/{plaque.pk}/delete/" not in staff
    member = verified_client(users["committee_member"]).get("/access/plaques/").content.decode()
    assert plaque.name in member and f"/access/plaques/{plaque.pk}/edit/" not in member


def test_api_plaque_take_down_edit_and_delete(plaque, far_plaque, users, verified_client, world):
    staff = verified_client(users["street_staff"])
    day = timezone.localdate().isoformat()
    response = staff.post(f"/api/access/plaques/{plaque.pk}/take-down/", {"removed_on": day})
    assert response.status_code == 200 and response.json()["removed_on"] == day
    assert staff.post(f"/api/access/plaques/{far_plaque.pk}/take-down/", {}).status_code == 404
    bad = staff.post(f"/api/access/plaques/{plaque.pk}/take-down/", {"removed_on": day})
    assert bad.status_code == 400  # already taken down
    response = staff.patch(
        f"/api/access/plaques/{plaque.pk}/",
        {"removed_on": "2020-01-01"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "removed_on" in response.json()
    plaque.refresh_from_db()
    assert plaque.removed_on == timezone.localdate()
    assert staff.delete(f"/api/access/plaques/{plaque.pk}/").status_code == 403
    admin = verified_client(users["street_admin"])
    assert admin.delete(f"/api/access/plaques/{plaque.pk}/").status_code == 204
