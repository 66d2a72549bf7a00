"""The report and desk pages' pin and "which building / household" (issue #13 §1): the map
outlines the reporter's grids, the building and household choices are the reporter's own,
and a chosen building or household is stored on the case."""

import json

from django.urls import reverse

from gongzhi.cases.models import Case
from gongzhi.registry.models import Building, Household
from tests.cases.conftest import jpeg

SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[118.0, 32.0], [118.01, 32.0], [118.01, 32.01], [118.0, 32.01], [118.0, 32.0]]
    ],
}


def _building(world, grid, address):
    return Building.objects.create(community=world["c1"], grid=grid, address=address, name=address)


def _household(world, building, number):
    return Household.objects.create(
        community=world["c1"],
        grid=building.grid,
        building=building,
        number=number,
        address=f"{building.address}{number}",
    )


def _pin_grids(page) -> list:
    body = page.content.decode()
    assert 'id="case-pin"' in body and "cases/pin.js" in body
    start = body.index('id="pin-grids"')
    raw = body[body.index(">", start) + 1 : body.index("</script>", start)]
    return json.loads(raw)


def test_grid_worker_pins_the_place_and_names_a_building_of_their_grid(
    verified_client, users, tree, world
):
    world["g1"].boundary = SQUARE
    world["g1"].save()
    world["g2"].boundary = SQUARE
    world["g2"].save()
    mine = _building(world, world["g1"], "幸福路1号")
    theirs = _building(world, world["g2"], "幸福路9号")
    home = _household(world, mine, "0101")
    other_home = _household(world, theirs, "0909")
    client = verified_client(users["grid_worker"])
    page = client.get(reverse("cases:report"))
    assert [g["boundary"] for g in _pin_grids(page)] == [SQUARE]  # only the worker's grid
    form = page.context["form"]
    assert list(form.fields["building"].queryset) == [mine]
    assert list(form.fields["household"].queryset) == [home]
    data = {
        "category": tree["noise"].pk,
        "description": "楼道堆物",
        "photos": [jpeg()],
        "urgency": "normal",
        "lat": "32.005000",
        "lng": "118.005000",
    }
    refused = client.post(reverse("cases:report"), {**data, "building": theirs.pk})
    assert refused.status_code == 200 and refused.context["form"].errors["building"]
    refused = client.post(reverse("cases:report"), {**data, "household": other_home.pk})
    assert refused.status_code == 200 and refused.context["form"].errors["household"]
    assert not Case.objects.exists()
    sent = client.post(
        reverse("cases:report"),
        {**data, "photos": [jpeg()], "building": mine.pk, "household": home.pk},
    )
    assert sent.status_code == 302, sent.context["form"].errors
    case = Case.objects.get()
    assert (case.building, case.household, case.grid) == (mine, home, world["g1"])
    assert str(case.lat) == "32.005000" and str(case.lng) == "118.005000"


def test_desk_has_the_pin_and_the_buildings_of_its_communities_but_no_households(
    verified_client, users, world
):
    world["g2"].boundary = SQUARE
    world["g2"].save()
    building = _building(world, world["g2"], "和平路2号")
    page = verified_client(users["street_staff"]).get(reverse("cases:desk"))
    assert SQUARE in [g["boundary"] for g in _pin_grids(page)]
    form = page.context["form"]
    assert building in form.fields["building"].queryset
    assert "household" not in form.fields


def test_a_location_outside_the_grids_is_refused_unless_the_dispatcher_accepts_it(
    verified_client, users, tree, world
):
    """Issue #13 bad input: the street's grids are mapped; a pin outside them is refused with
    a clear message, at the desk too, until a dispatcher ticks "accept"; station staff (no
    dispatch) have no such box, and the API refuses their flag."""
    world["g1"].boundary = SQUARE
    world["g1"].save()
    outside = {"lat": "33.000000", "lng": "119.000000"}
    data = {
        "channel": "desk",
        "category": tree["noise"].pk,
        "description": "桥下积水",
        "urgency": "normal",
        "community": world["c1"].pk,
        **outside,
    }
    dispatcher = verified_client(users["street_staff"])
    refused = dispatcher.post(reverse("cases:desk"), data, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert refused.status_code == 200
    assert refused.context["form"].has_error("lat", "case_outside_grids")
    assert not Case.objects.exists()
    accepted = dispatcher.post(reverse("cases:desk"), {**data, "accept_outside": "on"})
    assert accepted.status_code == 302, accepted.context["form"].errors
    case = Case.objects.get()
    assert (case.grid, case.community, str(case.lat)) == (None, world["c1"], "33.000000")
    station = verified_client(users["station_staff"])
    assert "accept_outside" not in station.get(reverse("cases:desk")).context["form"].fields
    api = station.post(
        "/api/cases/cases/",
        {**data, "accept_outside": True, "description": "另一处积水"},
        content_type="application/json",
    )
    assert api.status_code == 400 and api.json()["lat"][0]["code"] == "case_outside_grids"
    assert Case.objects.count() == 1
