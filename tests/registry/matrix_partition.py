"""Objects for the permission matrix's grid map and partition routes (registry.urls_partition),
called from tests/registry/matrix.py: in S1 / C1 / G1 and in S2 / C3 / G4, a few buildings with
coordinates and households, a grid worker assignment, a community centre and a boundary on the
grid (so the map draws something), and one GridProposal for each community."""

from decimal import Decimal

from gongzhi.registry import actions, partition
from gongzhi.registry.models import Building
from tests.registry.helpers import clerk

# A small square of buildings, ~50 m apart, around each community's centre.
CENTRES = {
    "c1": (Decimal("32.040000"), Decimal("118.780000")),
    "c3": (Decimal("31.990000"), Decimal("118.720000")),
}
STEP = Decimal("0.000500")


def build(world, users):
    for n, (key, grid) in enumerate((("c1", world["g1"]), ("c3", world["g4"])), start=1):
        community = world[key]
        lat0, lng0 = CENTRES[key]
        community.center_lat, community.center_lng = lat0, lng0
        community.save(update_fields=["center_lat", "center_lng"])
        for i in range(4):
            building = actions.do_create_building(
                clerk(),
                Building(
                    community=community,
                    grid=grid,
                    name=f"网格楼{n}-{i + 1}",
                    address=f"网格路{n}-{i + 1}号",
                    lat=lat0 + STEP * (i % 2),
                    lng=lng0 + STEP * (i // 2),
                ),
            )
            Building.objects.filter(pk=building.pk).update(household_count=40 + 10 * i)
        actions.do_draw_boundary(
            clerk(),
            grid,
            {
                "type": "Polygon",
                "coordinates": [
                    [
                        [float(lng0) - 0.001, float(lat0) - 0.001],
                        [float(lng0) + 0.002, float(lat0) - 0.001],
                        [float(lng0) + 0.002, float(lat0) + 0.002],
                        [float(lng0) - 0.001, float(lat0) + 0.002],
                    ]
                ],
            },
        )
        partition.propose(community, user=users["street_admin"], target=100)
