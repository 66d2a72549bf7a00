"""An Open311 request whose lat/long lies inside one of the street's grids is placed in that
grid's community (issue 12: they had no community); outside every grid it stays at street
level, and another street's grids never count."""

import pytest

from gongzhi.services.models import ServiceRequest
from tests.open311.test_open311 import good, post


def square(lng, lat, size=0.01):
    ring = [[lng, lat], [lng + size, lat], [lng + size, lat + size], [lng, lat + size], [lng, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


@pytest.fixture
def grids(world):
    world["g1"].boundary = square(118.78, 32.04)  # C1
    world["g1"].save()
    world["g3"].boundary = square(118.80, 32.04)  # C2
    world["g3"].save()
    world["g4"].boundary = square(118.79, 32.04)  # C3, street S2: not the key's street
    world["g4"].save()
    return world


@pytest.mark.parametrize(
    ("lat", "lng", "community"),
    [
        ("32.045", "118.785", "c1"),  # inside G1
        ("32.045", "118.805", "c2"),  # inside G3
        ("32.0400", "118.7800", "c1"),  # on G1's corner: counted inside (the edge rule)
        ("32.045", "118.795", None),  # only inside S2's grid G4
        ("31.000", "118.000", None),  # outside every grid
    ],
)
def test_open311_request_is_placed_in_the_community_of_its_grid(
    client, key, menu, grids, lat, lng, community
):
    r = post(client, **good(key, menu, lat=lat, long=lng))
    assert r.status_code == 200, r.content
    req = ServiceRequest.objects.get(pk=r.json()[0]["service_request_id"])
    expected = grids[community].pk if community else None
    assert req.community_id == expected
    assert req.street_id == grids["s1"].pk
