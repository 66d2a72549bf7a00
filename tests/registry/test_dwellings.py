"""Flats (房屋) of a building: list, create and edit screens, with the rules of
registry.actions.buildings and the user's scope."""

import pytest
from django.urls import reverse

from gongzhi.core.models import AuditEntry
from gongzhi.registry import actions
from gongzhi.registry.models import Building, Dwelling, Household
from tests.registry.helpers import clerk

pytestmark = pytest.mark.django_db


@pytest.fixture
def tower(world):
    return actions.do_create_building(
        clerk(),
        Building(
            community=world["c1"],
            grid=world["g1"],
            name="9号楼",
            address="幸福路9号",
            floors=6,
            units=2,
        ),
    )


def _post(client, building, **data):
    return client.post(
        reverse("registry:dwelling_create", args=[building.pk]),
        {"unit": 1, "floor": 1, "number": "101", "area": "", **data},
    )


def test_station_staff_create_list_and_edit_flats(tower, users, verified_client):
    c = verified_client(users["station_staff"])
    assert c.get(reverse("registry:dwelling_create", args=[tower.pk])).status_code == 200
    r = _post(c, tower, number=" 101 ", area="88.5")
    assert r.status_code == 302 and r["Location"] == reverse(
        "registry:dwelling_list", args=[tower.pk]
    )
    flat = Dwelling.objects.get(building=tower)
    assert flat.number == "101" and str(flat.area) == "88.50"
    assert AuditEntry.objects.filter(action="create", object_repr__contains="1-101").exists()
    # "save and add another" comes back to an empty form
    r = _post(c, tower, unit=2, floor=3, number="302", another="1")
    assert r["Location"] == reverse("registry:dwelling_create", args=[tower.pk])
    html = c.get(reverse("registry:dwelling_list", args=[tower.pk])).content.decode()
    assert "101" in html and "302" in html
    edit = reverse("registry:dwelling_edit", args=[flat.pk])
    assert c.get(edit).status_code == 200
    r = c.post(edit, {"unit": 1, "floor": 1, "number": "102", "area": "90"})
    assert r.status_code == 302
    flat.refresh_from_db()
    assert flat.number == "102"
    # the building page links to its flats
    html = c.get(reverse("registry:building_detail", args=[tower.pk])).content.decode()
    assert reverse("registry:dwelling_list", args=[tower.pk]) in html


@pytest.mark.parametrize(
    "data, field",
    [
        ({"unit": 3}, "unit"),  # the building has 2 entrances
        ({"floor": 7}, "floor"),  # and 6 floors
        ({"floor": 0}, "floor"),
        ({"floor": -6}, "floor"),
        ({"number": "  "}, "number"),
        ({"area": "-3"}, "area"),
        ({"unit": "x"}, "unit"),
    ],
)
def test_flat_outside_the_building_is_refused(tower, users, verified_client, data, field):
    c = verified_client(users["station_staff"])
    r = _post(c, tower, **data)
    assert r.status_code == 200
    assert r.context["form"].errors.get(field), r.context["form"].errors
    assert not Dwelling.objects.exists()


def test_basement_flat_is_allowed(tower, users, verified_client):
    c = verified_client(users["station_staff"])
    assert _post(c, tower, floor=-1, number="B1").status_code == 302


def test_flat_number_is_unique_per_entrance(tower, users, verified_client):
    c = verified_client(users["station_staff"])
    _post(c, tower)
    r = _post(c, tower, floor=2)
    assert r.status_code == 200 and "1-101" in r.context["form"].errors["number"][0]
    assert _post(c, tower, unit=2).status_code == 302  # same number, other entrance
    assert Dwelling.objects.count() == 2
    # editing one into the other's number is refused too
    second = Dwelling.objects.get(unit=2)
    r = c.post(
        reverse("registry:dwelling_edit", args=[second.pk]),
        {"unit": 1, "floor": 1, "number": "101"},
    )
    assert r.status_code == 200
    second.refresh_from_db()
    assert second.unit == 2


def test_renumbered_flat_carries_the_households_address(tower, users, verified_client):
    flat = actions.do_create_dwelling(
        clerk(), tower, Dwelling(building=tower, unit=1, floor=1, number="101")
    )
    h = actions.do_create_household(clerk(), Household(dwelling=flat, number="F001"))
    assert h.address == "幸福路9号 1-101"
    c = verified_client(users["station_staff"])
    c.post(
        reverse("registry:dwelling_edit", args=[flat.pk]),
        {"unit": 1, "floor": 1, "number": "103"},
    )
    h.refresh_from_db()
    assert h.address == "幸福路9号 1-103"


def test_flat_screens_are_scoped(reg, users, verified_client):
    b4 = reg["b4"]  # street S2
    flat = actions.do_create_dwelling(
        clerk(), b4, Dwelling(building=b4, unit=1, floor=1, number="101")
    )
    c = verified_client(users["station_staff"])
    assert c.get(reverse("registry:dwelling_list", args=[b4.pk])).status_code == 404
    assert c.get(reverse("registry:dwelling_create", args=[b4.pk])).status_code == 404
    assert c.get(reverse("registry:dwelling_edit", args=[flat.pk])).status_code == 404
    # a grid worker sees the flats of their grid but may not add or change them
    gw = verified_client(users["grid_worker"])
    assert gw.get(reverse("registry:dwelling_list", args=[reg["b1"].pk])).status_code == 200
    assert gw.get(reverse("registry:dwelling_list", args=[reg["b2"].pk])).status_code == 404
    assert gw.get(reverse("registry:dwelling_create", args=[reg["b1"].pk])).status_code == 403


def test_api_flats_follow_the_same_rules(tower, users):
    from rest_framework.test import APIClient

    c = APIClient()
    c.force_authenticate(users["station_staff"])
    url = "/api/registry/dwellings/"
    r = c.post(url, {"building": tower.pk, "unit": 1, "floor": 9, "number": "901"}, format="json")
    assert r.status_code == 400 and "floor" in r.json(), r.content
    assert not Dwelling.objects.exists()
    r = c.post(url, {"building": tower.pk, "unit": 1, "floor": 6, "number": "601"}, format="json")
    assert r.status_code == 201, r.content
