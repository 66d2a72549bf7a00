"""Objects for the permission matrix (tests/test_permission_matrix.py): one of each registry
model inside S1 / C1 / G1 and one in S2 / C3 / G4 (and one in G2 and G3 for bob and charlie), so every role has one in scope and one
out of it. Imports and grid partitioning add theirs in `matrix_imports.py` /
`matrix_partition.py` (each with its own `build(world, users)`), called from here."""

import datetime
import importlib

from gongzhi.registry import actions
from gongzhi.registry.models import (
    Building,
    Dwelling,
    Estate,
    Household,
    Resident,
    Tag,
    Visit,
)
from tests.registry.helpers import clerk, id_number


def build(world, users):
    for n, (community, grid, visitor) in enumerate(
        (
            (world["c1"], world["g1"], users["grid_worker"]),
            (world["c3"], world["g4"], users["outsider"]),
            # The other grid workers need records of their own grids too.
            (world["c1"], world["g2"], users["bob"]),
            (world["c2"], world["g3"], users["charlie"]),
        ),
        start=1,
    ):
        estate = Estate.objects.create(community=community, name=f"矩阵小区{n}")
        building = actions.do_create_building(
            clerk(),
            Building(
                community=community,
                grid=grid,
                estate=estate,
                name=f"{n}号楼",
                address=f"矩阵路{n}号",
            ),
        )
        flat = Dwelling.objects.create(building=building, unit=1, floor=1, number="101")
        household = actions.do_create_household(
            clerk(), Household(dwelling=flat, number=f"M{n:03d}")
        )
        resident = actions.do_register_resident(
            clerk(),
            household,
            Resident(
                name=f"矩阵{n}", id_number=id_number("19450101", seq=400 + n), phone="13800000000"
            ),
            relation="head",
        )
        actions.do_set_tag(clerk(), resident, Tag.objects.get(code="living_alone"))
        actions.do_record_visit(
            clerk(),
            household,
            Visit(
                household=household,
                visitor=visitor,
                date=datetime.date(2024, 1, 2),
                purpose="矩阵走访",
                follow_up_needed=True,
            ),
        )
    for name in ("matrix_imports", "matrix_partition"):
        try:
            module = importlib.import_module(f"tests.registry.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"tests.registry.{name}":
                raise
            continue
        module.build(world, users)
