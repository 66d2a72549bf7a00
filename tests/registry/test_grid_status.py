"""Status codes of the grid map and partition pages (registry.views_grids): the wrong method
is 405, garbage input a message (never a 500), another area's object or community 404.
The permission matrix (tests/test_permission_matrix.py) checks who may use each route."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from gongzhi.org.models import RoleAssignment
from gongzhi.registry.models import Building, GridProposal
from tests.registry.matrix_partition import build

HUGE = "9" * 30


@pytest.fixture
def proposals(world, users):
    build(world, users)
    return {
        key: GridProposal.objects.get(community=world[key], status=GridProposal.Status.PROPOSED)
        for key in ("c1", "c3")
    }


@pytest.fixture
def admin(users, verified_client):
    return verified_client(users["street_admin"])


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(
    "name", ["grid_boundary", "grid_assign", "grid_worker_add", "partition_discard"]
)
def test_post_only_routes_answer_get_with_405(name, world, proposals, admin, client):
    pk = proposals["c1"].pk if name.startswith("partition") else world["g1"].pk
    url = reverse(f"registry:{name}", args=[pk])
    assert admin.get(url).status_code == 405
    assert client.get(url).status_code == 405


@pytest.mark.parametrize("name", ["grid_create", "partition_create"])
def test_post_only_routes_without_object_answer_get_with_405(name, world, admin):
    assert admin.get(reverse(f"registry:{name}")).status_code == 405


@pytest.mark.parametrize(
    "name", ["grid_map", "grid_map_data", "partition_list", "partition_detail", "partition_data"]
)
def test_pages_refuse_writes_with_405(name, proposals, admin):
    args = [proposals["c1"].pk] if name in ("partition_detail", "partition_data") else []
    url = reverse(f"registry:{name}", args=args)
    assert admin.post(url).status_code == 405
    assert admin.put(url).status_code == 405


def test_apply_takes_get_and_post_only(proposals, admin):
    url = reverse("registry:partition_apply", args=[proposals["c1"].pk])
    assert admin.get(url).status_code == 200
    assert admin.delete(url).status_code == 405
    assert GridProposal.objects.get(pk=proposals["c1"].pk).status == "proposed"


@pytest.mark.parametrize("value", ["abc", HUGE, "-1", ""])
def test_worker_add_with_a_bad_user_id_is_a_message(value, world, proposals, admin):
    before = RoleAssignment.objects.count()
    response = admin.post(
        reverse("registry:grid_worker_add", args=[world["g1"].pk]), {"user": value}
    )
    assert response.status_code == 302
    assert messages_of(response)
    assert RoleAssignment.objects.count() == before


@pytest.mark.parametrize("value", [HUGE, "0", "1.5"])
def test_assign_with_a_bad_building_id_is_a_message(value, world, proposals, admin):
    response = admin.post(
        reverse("registry:grid_assign", args=[world["g2"].pk]), {"buildings": value}
    )
    assert response.status_code == 302
    assert messages_of(response)
    assert not Building.objects.filter(grid=world["g2"]).exists()


@pytest.mark.parametrize(
    "data",
    [
        {"tolerance": "nan"},
        {"tolerance": "inf"},
        {"tolerance": "abc"},
        {"target": HUGE},
        {"target": "1.5"},
        {"target": "0"},
    ],
)
def test_bad_partition_parameters_are_a_message(data, world, proposals, admin):
    before = GridProposal.objects.count()
    response = admin.post(
        reverse("registry:partition_create"), {"community": world["c1"].pk, **data}
    )
    assert response.status_code == 302
    assert messages_of(response)
    assert GridProposal.objects.count() == before


@pytest.mark.parametrize("value", ["abc", HUGE, "0"])
def test_unknown_community_is_404(value, proposals, admin):
    # A number no database integer holds is refused before the view (core.hostile_input).
    expected = 400 if value == HUGE else 404
    for name in ("grid_map", "grid_map_data", "partition_list"):
        url = reverse(f"registry:{name}") + f"?community={value}"
        assert admin.get(url).status_code == expected
    for name in ("grid_create", "partition_create"):
        assert admin.post(reverse(f"registry:{name}"), {"community": value}).status_code == 404


def test_another_streets_community_and_objects_are_404(world, proposals, admin):
    c3 = world["c3"].pk
    assert admin.get(reverse("registry:grid_map") + f"?community={c3}").status_code == 404
    assert admin.post(reverse("registry:partition_create"), {"community": c3}).status_code == 404
    assert admin.post(reverse("registry:grid_create"), {"community": c3}).status_code == 404
    other = proposals["c3"].pk
    for name in ("partition_detail", "partition_data", "partition_apply"):
        assert admin.get(reverse(f"registry:{name}", args=[other])).status_code == 404
    assert admin.post(reverse("registry:partition_discard", args=[other])).status_code == 404
    g4 = world["g4"].pk
    assert (
        admin.post(reverse("registry:grid_assign", args=[g4]), {"buildings": "1"}).status_code
        == 404
    )
    assert GridProposal.objects.get(pk=other).status == "proposed"


def test_boundary_with_non_finite_or_undecodable_body_is_400(world, admin):
    url = reverse("registry:grid_boundary", args=[world["g1"].pk])
    for body in (
        b"\xff\xfe",
        '{"type":"Polygon","coordinates":[[[NaN,1],[2,2],[3,1]]]}',
        '{"type":"Polygon","coordinates":[[[1e400,1],[2,2],[3,1]]]}',
    ):
        response = admin.post(url, data=body, content_type="application/json")
        assert response.status_code == 400
        assert response.json()["errors"]
