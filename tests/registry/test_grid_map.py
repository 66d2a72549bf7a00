"""The grid map: scoped JSON, load indicator, drawing boundaries, assigning buildings and
grid workers (registry.gridmap, registry.views_grids)."""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongzhi.core.errors import ActionError, Denied
from gongzhi.core.models import AuditEntry
from gongzhi.org.models import RoleAssignment
from gongzhi.org.roles import Role
from gongzhi.registry import actions, gridmap
from gongzhi.registry.errors import Code
from gongzhi.registry.models import Building, Household

SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[118.78, 32.04], [118.79, 32.04], [118.79, 32.05], [118.78, 32.05], [118.78, 32.04]]
    ],
}


def building(community, address, grid=None, lat="32.045", lng="118.785", households=0):
    b = Building.objects.create(
        community=community,
        grid=grid,
        name=address,
        address=address,
        lat=Decimal(lat),
        lng=Decimal(lng),
        household_count=households,
    )
    Household.objects.bulk_create(
        [
            Household(
                community=community, grid=grid, building=b, number=f"{address}-{i}", address=address
            )
            for i in range(households)
        ]
    )
    return b


# --- polygon validation -------------------------------------------------------------------


def test_valid_polygon_is_kept_and_rounded():
    data = {
        "type": "Polygon",
        "coordinates": [
            [[118.7800001, 32.04], [118.79, 32.04], [118.79, 32.05], [118.7800001, 32.04]]
        ],
    }
    assert gridmap.validate_polygon(data)["coordinates"][0][0] == [118.78, 32.04]


def test_open_ring_is_closed():
    ring = gridmap.validate_polygon({"type": "Polygon", "coordinates": [[[1, 1], [2, 1], [2, 2]]]})[
        "coordinates"
    ][0]
    assert ring[0] == ring[-1] and len(ring) == 4


def test_a_feature_is_accepted():
    assert gridmap.validate_polygon({"type": "Feature", "geometry": SQUARE})["type"] == "Polygon"


@pytest.mark.parametrize(
    "data",
    [
        None,
        "polygon",
        {"type": "Point", "coordinates": [1, 2]},
        {"type": "Polygon"},
        {"type": "Polygon", "coordinates": []},
        {"type": "Polygon", "coordinates": [[[1, 1], [2, 2], [1, 1]]]},  # 2 distinct points
        {"type": "Polygon", "coordinates": [[[1, 1], [2, 2], [3, 3], [1, 1]]]},  # on one line
        {"type": "Polygon", "coordinates": [[[1, 1], [200, 1], [2, 2], [1, 1]]]},  # longitude > 180
        {"type": "Polygon", "coordinates": [[[1, 1], [2, 95], [2, 2], [1, 1]]]},  # latitude > 90
        {"type": "Polygon", "coordinates": [[["1", 1], [2, 1], [2, 2], [1, 1]]]},
        {"type": "Polygon", "coordinates": [[[True, 1], [2, 1], [2, 2], [1, 1]]]},
        {"type": "Polygon", "coordinates": [[[1], [2, 1], [2, 2], [1, 1]]]},
        {
            "type": "Polygon",
            "coordinates": [SQUARE["coordinates"][0], SQUARE["coordinates"][0]],
        },  # a hole
    ],
)
def test_invalid_polygons_are_refused(data):
    with pytest.raises(ValidationError) as exc:
        gridmap.validate_polygon(data)
    assert exc.value.error_dict["boundary"][0].code == Code.BOUNDARY


# --- saving a boundary through the view ---------------------------------------------------


def post_json(client, url, data):
    return client.post(url, data=json.dumps(data), content_type="application/json")


def test_street_admin_saves_a_boundary_audited(users, world, verified_client):
    client = verified_client(users["street_admin"])
    g1 = world["g1"]
    response = post_json(
        client, reverse("registry:grid_boundary", args=[g1.pk]), {"boundary": SQUARE}
    )
    assert response.status_code == 200, response.content
    g1.refresh_from_db()
    assert g1.boundary == SQUARE
    entry = AuditEntry.objects.filter(object_id=str(g1.pk), action=AuditEntry.Action.UPDATE).latest(
        "timestamp"
    )
    assert "boundary" in entry.after


def test_bad_boundary_gives_a_chinese_error_and_changes_nothing(users, world, verified_client):
    client = verified_client(users["street_admin"])
    bad = {"type": "Polygon", "coordinates": [[[1, 1], [2, 2], [1, 1]]]}
    response = post_json(client, reverse("registry:grid_boundary", args=[world["g1"].pk]), bad)
    assert response.status_code == 400
    assert "3" in response.json()["errors"][0]
    assert "至少" in response.json()["errors"][0]
    world["g1"].refresh_from_db()
    assert world["g1"].boundary is None
    response = client.post(
        reverse("registry:grid_boundary", args=[world["g1"].pk]),
        data="{not json",
        content_type="application/json",
    )
    assert response.status_code == 400


def test_grid_worker_may_not_draw(users, world, verified_client):
    client = verified_client(users["grid_worker"])
    response = post_json(client, reverse("registry:grid_boundary", args=[world["g1"].pk]), SQUARE)
    assert response.status_code == 403


def test_other_streets_grid_is_404(users, world, verified_client):
    client = verified_client(users["outsider"])
    response = post_json(client, reverse("registry:grid_boundary", args=[world["g1"].pk]), SQUARE)
    assert response.status_code == 404


# --- map data -----------------------------------------------------------------------------


def test_map_data_with_load_warning_above_15_percent(users, world, verified_client):
    building(world["c1"], "幸福路1号", grid=world["g1"], households=346)  # 300 × 1.15 = 345
    building(world["c1"], "幸福路2号", grid=world["g2"], households=300)
    world["g1"].boundary = SQUARE
    world["g1"].save()
    client = verified_client(users["street_admin"])
    data = client.get(reverse("registry:grid_map_data") + f"?community={world['c1'].pk}").json()
    grids = {g["number"]: g for g in data["grids"]}
    assert (
        grids[1]["status"] == "warning"
        and grids[1]["households"] == 346
        and grids[1]["norm"] == 300
    )
    assert grids[2]["status"] == "ok"
    assert grids[1]["boundary"] == SQUARE
    assert grids[1]["code"] == world["g1"].code
    assert {b["address"] for b in data["buildings"]} == {"幸福路1号", "幸福路2号"}


def test_load_at_exactly_15_percent_is_not_a_warning(world):
    building(world["c1"], "幸福路3号", grid=world["g1"], households=345)
    assert gridmap.grid_loads([world["g1"]])[world["g1"].pk]["status"] == "ok"


def test_grid_worker_sees_only_own_grid_on_the_map(users, world, verified_client):
    building(world["c1"], "幸福路1号", grid=world["g1"], households=2)
    building(world["c1"], "幸福路2号", grid=world["g2"], households=2)
    client = verified_client(users["grid_worker"])
    data = client.get(reverse("registry:grid_map_data") + f"?community={world['c1'].pk}").json()
    assert [g["number"] for g in data["grids"]] == [1]
    assert [b["address"] for b in data["buildings"]] == ["幸福路1号"]


def test_map_data_of_an_invisible_community_is_404(users, world, verified_client):
    client = verified_client(users["outsider"])
    assert (
        client.get(reverse("registry:grid_map_data") + f"?community={world['c1'].pk}").status_code
        == 404
    )


def test_map_page_has_no_inline_script_and_lists_grids(users, world, verified_client):
    RoleAssignment.objects.filter(user=users["bob"]).update(grid=world["g1"])
    client = verified_client(users["street_admin"])
    response = client.get(reverse("registry:grid_map") + f"?community={world['c1'].pk}")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert 'data-url="/registry/grids/map.json?community=' in html or "data-url=" in html
    assert world["g1"].code in html and "bob" in html
    assert "js/gridmap.js" in html


def test_map_requires_log_in(client, world):
    assert client.get(reverse("registry:grid_map")).status_code == 302


# --- assigning buildings and workers --------------------------------------------------------


def test_assign_buildings_moves_households(users, world, verified_client):
    b = building(world["c1"], "幸福路9号", grid=world["g1"], households=3)
    client = verified_client(users["station_staff"])
    response = client.post(
        reverse("registry:grid_assign", args=[world["g2"].pk]), {"buildings": [b.pk]}
    )
    assert response.status_code == 302
    b.refresh_from_db()
    assert b.grid == world["g2"]
    assert set(Household.objects.filter(building=b).values_list("grid", flat=True)) == {
        world["g2"].pk
    }


def test_assign_a_building_of_another_community_is_refused(users, world, verified_client):
    other = building(world["c2"], "和谐路1号", grid=world["g3"])
    here = building(world["c1"], "幸福路1号", grid=world["g1"])
    client = verified_client(users["street_admin"])
    client.post(
        reverse("registry:grid_assign", args=[world["g2"].pk]), {"buildings": [here.pk, other.pk]}
    )
    here.refresh_from_db()
    other.refresh_from_db()
    assert here.grid == world["g1"] and other.grid == world["g3"]  # nothing written


def test_assign_nothing_or_garbage_is_refused(users, world):
    admin = users["street_admin"]
    for run in (
        lambda: actions.do_assign_buildings(admin, world["g1"], []),
        lambda: actions.do_assign_buildings(admin, world["g1"], gridmap.building_ids(["x"])),
        lambda: actions.do_assign_buildings(admin, world["g1"], [999999]),
    ):
        with pytest.raises(ActionError) as exc:
            run()
        assert exc.value.code == Code.BUILDING_UNKNOWN and exc.value.field == "buildings"


def test_grid_worker_may_not_assign_buildings(users, world, verified_client):
    b = building(world["c1"], "幸福路9号", grid=world["g1"])
    client = verified_client(users["grid_worker"])
    assert (
        client.post(
            reverse("registry:grid_assign", args=[world["g2"].pk]), {"buildings": [b.pk]}
        ).status_code
        == 403
    )


def test_add_and_end_grid_workers(users, world, verified_client):
    client = verified_client(users["street_admin"])
    url = reverse("registry:grid_worker_add", args=[world["g2"].pk])
    client.post(url, {"user": users["charlie"].pk})
    client.post(url, {"user": users["bob"].pk})  # already there: refused
    workers = gridmap.workers_of(world["g2"])
    assert sorted(a.user.username for a in workers) == ["bob", "charlie"]
    assert (
        RoleAssignment.objects.filter(
            grid=world["g2"], user=users["bob"], role=Role.GRID_WORKER
        ).count()
        == 1
    )
    charlie = workers.get(user=users["charlie"])
    client.post(reverse("registry:grid_worker_end", args=[charlie.pk]))
    assert [a.user.username for a in gridmap.workers_of(world["g2"])] == ["bob"]


def _entries_after(last):
    return list(AuditEntry.objects.filter(id__gt=last).order_by("id"))


def _last_id():
    return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_appointing_and_ending_a_grid_worker_on_the_map_is_one_action_each(
    users, world, verified_client
):
    """The map calls the registry's grid-worker actions (org's role actions inside): one
    audit event each, with the action's verb, the actor and the assignment."""
    admin = users["street_admin"]
    client = verified_client(admin)
    last = _last_id()
    client.post(
        reverse("registry:grid_worker_add", args=[world["g2"].pk]), {"user": users["nobody"].pk}
    )
    added = RoleAssignment.objects.get(grid=world["g2"], user=users["nobody"])
    [entry] = [e for e in _entries_after(last) if e.action != AuditEntry.Action.LOGIN]
    assert (entry.verb, entry.action, entry.actor) == (
        "registry.do_add_grid_worker",
        AuditEntry.Action.CREATE,
        admin,
    )
    assert entry.object_id == str(added.pk)

    # Made before today: ending keeps it on record, ended yesterday.
    RoleAssignment.objects.filter(pk=added.pk).update(
        created_at=added.created_at - datetime.timedelta(days=2)
    )
    last = _last_id()
    client.post(reverse("registry:grid_worker_end", args=[added.pk]))
    [entry] = _entries_after(last)
    added.refresh_from_db()
    assert added.end_date == datetime.date.today() - datetime.timedelta(days=1)
    assert (entry.verb, entry.action, entry.object_id) == (
        "registry.do_end_grid_worker",
        AuditEntry.Action.UPDATE,
        str(added.pk),
    )


def test_a_grid_worker_appointed_today_by_mistake_is_removed_in_one_event(
    users, world, verified_client
):
    client = verified_client(users["street_admin"])
    client.post(
        reverse("registry:grid_worker_add", args=[world["g2"].pk]), {"user": users["nobody"].pk}
    )
    added = RoleAssignment.objects.get(grid=world["g2"], user=users["nobody"])
    last = _last_id()
    client.post(reverse("registry:grid_worker_end", args=[added.pk]))
    assert not RoleAssignment.objects.filter(pk=added.pk).exists()
    [entry] = _entries_after(last)
    assert (entry.verb, entry.action) == ("registry.do_end_grid_worker", AuditEntry.Action.DELETE)


def test_appointing_twice_is_refused_with_its_code(users, world):
    with pytest.raises(ActionError) as exc:
        actions.do_add_grid_worker(users["street_admin"], world["g2"], users["bob"])
    assert exc.value.code == Code.ALREADY_GRID_WORKER and exc.value.field == "user"


def test_another_streets_admin_may_not_appoint_here(users, world):

    with pytest.raises(Denied):
        actions.do_add_grid_worker(users["outsider"], world["g2"], users["nobody"])
    assert not RoleAssignment.objects.filter(user=users["nobody"]).exists()


def test_station_staff_may_not_appoint_grid_workers(users, world, verified_client):
    client = verified_client(users["station_staff"])
    response = client.post(
        reverse("registry:grid_worker_add", args=[world["g2"].pk]), {"user": users["charlie"].pk}
    )
    assert response.status_code == 403


def test_new_grid_takes_the_next_number(users, world, verified_client):
    client = verified_client(users["street_admin"])
    client.post(reverse("registry:grid_create"), {"community": world["c1"].pk})
    assert sorted(world["c1"].grids.values_list("number", flat=True)) == [1, 2, 3]


def test_street_admin_cannot_enlist_another_streets_user(users, world, verified_client):
    # "outsider" is street admin of S2: S1's admin may neither see nor appoint that account.
    client = verified_client(users["street_admin"])
    page = client.get(reverse("registry:grid_map") + f"?community={world['c1'].pk}")
    assert users["outsider"].username not in page.content.decode()
    client.post(
        reverse("registry:grid_worker_add", args=[world["g2"].pk]), {"user": users["outsider"].pk}
    )
    assert not RoleAssignment.objects.filter(grid=world["g2"], user=users["outsider"]).exists()


def test_new_account_without_any_role_can_be_appointed(users, world, verified_client):
    client = verified_client(users["street_admin"])
    client.post(
        reverse("registry:grid_worker_add", args=[world["g2"].pk]), {"user": users["nobody"].pk}
    )
    assert RoleAssignment.objects.filter(grid=world["g2"], user=users["nobody"]).exists()


@pytest.mark.parametrize("norm", [200, 300])
@pytest.mark.parametrize("extra, over", [(-1, False), (0, False), (1, True)])
def test_grid_load_rule_same_on_map_and_grid_page_at_exactly_15_percent(
    norm, extra, over, users, world, verified_client
):
    """One integer rule: more than +15 % is warned, exactly +15 % is not, on both doors."""
    world["g1"].household_norm = norm
    world["g1"].save()
    households = norm * 115 // 100 + extra  # 230 / 345 is exactly +15 %
    building(world["c1"], "幸福路9号", grid=world["g1"], households=households)
    client = verified_client(users["grid_worker"])
    data = client.get(reverse("registry:grid_map_data") + f"?community={world['c1'].pk}").json()
    (grid,) = [g for g in data["grids"] if g["number"] == 1]
    assert (grid["households"], grid["norm"]) == (households, norm)
    assert (grid["status"] == "warning") is over
    page = client.get(reverse("registry:my_grid")).content.decode()
    assert ("grid-overload" in page) is over
    assert ("bg-danger" in page) is over


# --- the map's writes are registry actions: one event each, through the screens ------------


def test_the_maps_writes_are_one_action_each(users, world, verified_client):
    admin = users["street_admin"]
    client = verified_client(admin)
    here = building(world["c1"], "幸福路7号", grid=world["g1"])
    steps = [
        (
            "registry.do_add_grid",
            lambda: client.post(reverse("registry:grid_create"), {"community": world["c1"].pk}),
        ),
        (
            "registry.do_draw_boundary",
            lambda: client.post(
                reverse("registry:grid_boundary", args=[world["g2"].pk]),
                json.dumps({"boundary": SQUARE}),
                content_type="application/json",
            ),
        ),
        (
            "registry.do_assign_buildings",
            lambda: client.post(
                reverse("registry:grid_assign", args=[world["g2"].pk]), {"buildings": [here.pk]}
            ),
        ),
    ]
    for verb, run in steps:
        last = _last_id()
        assert run().status_code in (200, 302)
        entries = _entries_after(last)
        assert [(e.verb, e.actor) for e in entries] == [(verb, admin)], entries
    here.refresh_from_db()
    assert here.grid == world["g2"]
    assert world["c1"].grids.count() == 3
    [event] = AuditEntry.objects.filter(verb="registry.do_assign_buildings")
    assert event.object_id == str(world["g2"].pk) and event.extra["buildings"] == [here.pk]
    assert world["g2"].__class__.objects.get(pk=world["g2"].pk).boundary["type"] == "Polygon"


def test_a_bad_boundary_answers_400_with_its_code_and_writes_nothing(users, world, verified_client):
    client = verified_client(users["street_admin"])
    last = _last_id()
    answer = client.post(
        reverse("registry:grid_boundary", args=[world["g2"].pk]),
        json.dumps({"boundary": {"type": "Point", "coordinates": [1, 2]}}),
        content_type="application/json",
    )
    assert answer.status_code == 400 and answer.json()["errors"]
    assert not _entries_after(last)
    world["g2"].refresh_from_db()
    assert not world["g2"].boundary


def test_the_hundredth_grid_is_refused_with_its_code(users, world):
    from gongzhi.org.models import Grid

    Grid.objects.bulk_create(Grid(community=world["c2"], number=n) for n in range(2, 100))
    with pytest.raises(ActionError) as exc:
        actions.do_add_grid(users["street_admin"], world["c2"])
    assert exc.value.code == Code.GRIDS_FULL
