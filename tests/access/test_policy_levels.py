"""A street's access policy and review levels through the API and the admin: each write is an
access action (one audit event with its verb), the legal floor and the chain's rules answer
400 with their codes, and another street's admin reaches nothing (issue 11, "one contract")."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from rest_framework.test import APIClient

from gongzhi.access import actions
from gongzhi.access.errors import Code
from gongzhi.access.models import AccessPolicy, Application, ReviewLevel
from gongzhi.core.models import AuditEntry

pytestmark = pytest.mark.django_db
POLICIES = "/api/access/policies/"
LEVELS = "/api/access/review-levels/"


def _api(user):
    c = APIClient()
    c.force_authenticate(user)
    return c


def _last():
    return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _writes_after(last):
    return list(
        AuditEntry.objects.filter(id__gt=last)
        .exclude(action__in=[AuditEntry.Action.LOGIN, AuditEntry.Action.DENIED])
        .order_by("id")
    )


def test_the_policy_through_the_api_is_one_action_per_write(users, world):
    api = _api(users["street_admin"])
    last = _last()
    made = api.post(POLICIES, {"street": world["s1"].pk, "lead_days": 40})
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    assert api.patch(f"{POLICIES}{pk}/", {"plaque_limit": 4}).status_code == 200
    assert api.delete(f"{POLICIES}{pk}/").status_code == 204
    assert [(e.verb, e.actor) for e in _writes_after(last)] == [
        ("access.do_create_policy", users["street_admin"]),
        ("access.do_update_policy", users["street_admin"]),
        ("access.do_delete_policy", users["street_admin"]),
    ]


def test_a_lead_time_under_the_legal_floor_is_refused(users, world):
    answer = _api(users["street_admin"]).post(POLICIES, {"street": world["s1"].pk, "lead_days": 10})
    assert answer.status_code == 400 and "lead_days" in answer.json()
    assert not AccessPolicy.objects.exists()


def test_another_streets_admin_cannot_write_this_streets_policy(users, world):
    policy = actions.do_create_policy(users["street_admin"], AccessPolicy(street=world["s1"]))
    api = _api(users["outsider"])
    assert api.patch(f"{POLICIES}{policy.pk}/", {"lead_days": 60}).status_code == 404
    made = api.post(POLICIES, {"street": world["s1"].pk, "lead_days": 60})
    assert made.status_code in (400, 403)
    policy.refresh_from_db()
    assert policy.lead_days == 30


def test_review_levels_through_the_api_are_one_action_per_write(users, world):
    api = _api(users["street_admin"])
    last = _last()
    made = api.post(
        LEVELS, {"street": world["s1"].pk, "order": 1, "name": "监管科", "role": "street_staff"}
    )
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    assert api.patch(f"{LEVELS}{pk}/", {"name": "社区事务监管科"}).status_code == 200
    assert api.delete(f"{LEVELS}{pk}/").status_code == 204
    assert [e.verb for e in _writes_after(last)] == [
        "access.do_create_review_level",
        "access.do_update_review_level",
        "access.do_delete_review_level",
    ]


@pytest.mark.parametrize(
    "data, field, code",
    [
        ({"role": "grid_worker"}, "role", Code.LEVEL_ROLE),
        ({"role": "street_staff", "department": "dept"}, "department", Code.LEVEL_DEPARTMENT),
    ],
)
def test_a_review_level_breaking_the_chains_rule_answers_its_code(data, field, code, users, world):
    body = {"street": world["s1"].pk, "order": 1, "name": "某级", **data}
    if body.get("department") == "dept":
        body["department"] = world["dept"].pk
    answer = _api(users["street_admin"]).post(LEVELS, body)
    assert answer.status_code == 400
    assert answer.json()[field][0]["code"] == code
    assert not ReviewLevel.objects.exists()


def test_a_level_with_applications_under_review_is_kept(submitted, users, world):
    level = ReviewLevel.objects.get(street=world["s1"], order=submitted.level)
    assert submitted.status in (Application.Status.SUBMITTED, Application.Status.IN_REVIEW)
    answer = _api(users["street_admin"]).delete(f"{LEVELS}{level.pk}/")
    assert answer.status_code == 400
    assert answer.json()["non_field_errors"][0]["code"] == Code.LEVEL_IN_USE
    moved = _api(users["street_admin"]).patch(f"{LEVELS}{level.pk}/", {"order": 7})
    assert moved.status_code == 400 and moved.json()["order"][0]["code"] == Code.LEVEL_IN_USE
    assert ReviewLevel.objects.filter(pk=level.pk, order=submitted.level).exists()


def test_the_admin_saves_a_level_through_the_action_and_shows_refusals(
    users, world, verified_client
):
    root = get_user_model().objects.create_superuser("root", password="correct-horse-battery-9")
    client = verified_client(root)
    url = reverse("admin:access_reviewlevel_add")
    last = _last()
    ok = client.post(
        url, {"street": world["s1"].pk, "order": 1, "name": "监管科", "role": "street_staff"}
    )
    assert ok.status_code == 302
    refused = client.post(
        url, {"street": world["s1"].pk, "order": 2, "name": "网格", "role": "grid_worker"}
    )
    assert refused.status_code == 200 and "role" in refused.context["adminform"].form.errors
    assert [e.verb for e in _writes_after(last)] == ["access.do_create_review_level"]
    assert ReviewLevel.objects.count() == 1
