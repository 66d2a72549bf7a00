"""The special-group list (Tag) and estates (小区) through every door — the tag screens, the
API, the admin — go through registry.actions: one audit event each with the action's verb,
coded refusals, and the same rule whatever the door (issue 11, "one contract")."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from gongzhi.core.errors import ActionError, Denied
from gongzhi.core.models import AuditEntry
from gongzhi.registry import actions
from gongzhi.registry.errors import Code
from gongzhi.registry.models import Building, Estate, ResidentTag, Tag
from tests.registry.helpers import clerk

pytestmark = pytest.mark.django_db
API = "/api/registry/tags/"


def _last():
    return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _writes_after(last):
    # The API's and the screens' own log-in and permission-check lines are not writes.
    return list(
        AuditEntry.objects.filter(id__gt=last)
        .exclude(action__in=[AuditEntry.Action.LOGIN, AuditEntry.Action.DENIED])
        .order_by("id")
    )


def _api(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


# --- tags: the API -------------------------------------------------------------------------


def test_tag_create_update_delete_through_the_api_are_one_action_each(users):
    api = _api(users["street_admin"])
    last = _last()
    made = api.post(API, {"code": "veteran2", "name": "退役军人", "sensitive": True})
    assert made.status_code == 201, made.content
    [entry] = _writes_after(last)
    assert (entry.verb, entry.action, entry.actor) == (
        "registry.do_create_tag",
        AuditEntry.Action.CREATE,
        users["street_admin"],
    )
    assert entry.after["code"] == "veteran2"
    pk = made.json()["id"]

    last = _last()
    assert api.patch(f"{API}{pk}/", {"name": "退役军人(更名)"}).status_code == 200
    [entry] = _writes_after(last)
    assert (entry.verb, entry.action) == ("registry.do_update_tag", AuditEntry.Action.UPDATE)
    assert entry.after == {"name": "退役军人(更名)"}

    last = _last()
    assert api.delete(f"{API}{pk}/").status_code == 204
    [entry] = _writes_after(last)
    assert (entry.verb, entry.action) == ("registry.do_delete_tag", AuditEntry.Action.DELETE)
    assert not Tag.objects.filter(pk=pk).exists()


def test_a_tag_residents_hold_is_not_deleted_through_the_api(reg, users):
    dibao = Tag.objects.get(code="dibao")
    actions.do_set_tag(clerk(), reg["li"], dibao)
    answer = _api(users["street_admin"]).delete(f"{API}{dibao.pk}/")
    assert answer.status_code == 400
    assert answer.json()["non_field_errors"][0]["code"] == Code.TAG_IN_USE
    assert Tag.objects.filter(pk=dibao.pk).exists()


def test_a_group_whose_grades_residents_hold_keeps_its_grades(reg, users):
    graded = Tag.objects.filter(has_grade=True).first()
    actions.do_set_tag(clerk(), reg["li"], graded, grade=2)
    answer = _api(users["street_admin"]).patch(f"{API}{graded.pk}/", {"has_grade": False})
    assert answer.status_code == 400
    assert answer.json()["has_grade"][0]["code"] == Code.GRADES_HELD
    graded.refresh_from_db()
    assert graded.has_grade
    assert ResidentTag.objects.get(tag=graded).grade == 2


@pytest.mark.parametrize("role", ["station_staff", "grid_worker", "party_secretary"])
def test_only_a_street_admin_edits_the_list(role, users):
    answer = _api(users[role]).post(API, {"code": "x1", "name": "某群体"})
    assert answer.status_code == 403
    assert not Tag.objects.filter(code="x1").exists()


# --- tags: the screens and the admin -------------------------------------------------------


def test_the_tag_screens_save_through_the_actions(users, verified_client):
    client = verified_client(users["street_admin"])
    last = _last()
    data = {"code": "alone", "name": "独居老人", "order": 5}
    assert client.post(reverse("registry:tag_create"), data).status_code == 302
    tag = Tag.objects.get(code="alone")
    data["name"] = "空巢独居老人"
    assert client.post(reverse("registry:tag_edit", args=[tag.pk]), data).status_code == 302
    assert [(e.verb, e.object_id) for e in _writes_after(last)] == [
        ("registry.do_create_tag", str(tag.pk)),
        ("registry.do_update_tag", str(tag.pk)),
    ]


def test_the_tag_screen_shows_a_refusal_on_its_field(reg, users, verified_client):
    graded = Tag.objects.filter(has_grade=True).first()
    actions.do_set_tag(clerk(), reg["li"], graded, grade=1)
    client = verified_client(users["street_admin"])
    page = client.post(
        reverse("registry:tag_edit", args=[graded.pk]),
        {"code": graded.code, "name": graded.name, "order": graded.order},
    )
    assert page.status_code == 200
    assert "has_grade" in page.context["form"].errors
    graded.refresh_from_db()
    assert graded.has_grade


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", password="correct-horse-battery-9")


def test_the_tag_admin_saves_and_deletes_through_the_actions(superuser, verified_client):
    client = verified_client(superuser)
    last = _last()
    added = client.post(
        reverse("admin:registry_tag_add"), {"code": "pregnant", "name": "孕产妇", "order": 1}
    )
    assert added.status_code == 302
    tag = Tag.objects.get(code="pregnant")
    client.post(reverse("admin:registry_tag_delete", args=[tag.pk]), {"post": "yes"})
    assert not Tag.objects.filter(pk=tag.pk).exists()
    assert [e.verb for e in _writes_after(last)] == [
        "registry.do_create_tag",
        "registry.do_delete_tag",
    ]


def test_the_tag_admin_shows_the_refusal_of_a_held_tag(reg, superuser, verified_client):
    dibao = Tag.objects.get(code="dibao")
    actions.do_set_tag(clerk(), reg["li"], dibao)
    client = verified_client(superuser)
    answer = client.post(reverse("admin:registry_tag_delete", args=[dibao.pk]), {"post": "yes"})
    # Django's own "protected" page or the action's refusal as a message: never a 500.
    assert answer.status_code in (200, 302)
    assert Tag.objects.filter(pk=dibao.pk).exists()
    changelist = reverse("admin:registry_tag_changelist")
    bulk = client.post(
        changelist, {"action": "delete_selected", "_selected_action": [dibao.pk], "post": "yes"}
    )
    assert bulk.status_code in (200, 302)
    assert Tag.objects.filter(pk=dibao.pk).exists()


# --- estates: the admin (their only door besides the importer) ----------------------------


def test_the_estate_admin_saves_and_deletes_through_the_actions(
    users, world, superuser, verified_client
):
    client = verified_client(superuser)
    last = _last()
    added = client.post(
        reverse("admin:registry_estate_add"), {"community": world["c1"].pk, "name": "幸福小区"}
    )
    assert added.status_code == 302
    estate = Estate.objects.get(name="幸福小区")
    client.post(
        reverse("admin:registry_estate_change", args=[estate.pk]),
        {"community": world["c1"].pk, "name": "幸福家园"},
    )
    client.post(reverse("admin:registry_estate_delete", args=[estate.pk]), {"post": "yes"})
    assert [e.verb for e in _writes_after(last)] == [
        "registry.do_create_estate",
        "registry.do_update_estate",
        "registry.do_delete_estate",
    ]


def test_the_estate_admin_shows_a_duplicate_name_on_the_field(world, superuser, verified_client):
    Estate.objects.create(community=world["c1"], name="幸福小区")
    page = verified_client(superuser).post(
        reverse("admin:registry_estate_add"), {"community": world["c1"].pk, "name": "幸福小区"}
    )
    assert page.status_code == 200
    assert Estate.objects.filter(name="幸福小区").count() == 1


def test_an_estate_with_buildings_keeps_its_community(reg, world, users):
    estate = Estate.objects.create(community=world["c1"], name="幸福小区")
    Building.objects.filter(pk=reg["b1"].pk).update(estate=estate)
    estate.community = world["c2"]
    with pytest.raises(ActionError) as exc:
        actions.do_update_estate(users["street_admin"], estate)
    assert exc.value.code == Code.COMMUNITY_CHANGE
    assert Estate.objects.get(pk=estate.pk).community == world["c1"]


def test_a_station_worker_of_c1_may_not_add_an_estate_in_c2(world, users):
    with pytest.raises(Denied):
        actions.do_create_estate(users["station_staff"], Estate(community=world["c2"], name="x"))
    assert not Estate.objects.exists()


def test_an_estate_name_is_taken_once_per_community_with_its_code(world, users):
    actions.do_create_estate(users["street_admin"], Estate(community=world["c1"], name="同名"))
    with pytest.raises(ValidationError) as exc:
        actions.do_create_estate(users["street_admin"], Estate(community=world["c1"], name="同名"))
    assert exc.value.error_dict["name"][0].code == Code.ESTATE_NAME_TAKEN
    assert Estate.objects.filter(name="同名").count() == 1
