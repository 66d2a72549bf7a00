"""Objects for the permission matrix (tests/test_permission_matrix.py): cases with a photo
inside S1/C1/G1 (one dispatched to the department, so department staff have one in scope)
and one in S2/C3, and a patrol in G1 and one in G4, made through the actions."""

from gongzhi.cases import actions
from gongzhi.cases.choices import Channel, Kind, UnitKind
from gongzhi.cases.models import Category, HandlingUnit
from gongzhi.org.roles import Role
from tests.cases.conftest import jpeg
from tests.conftest import make_user


def build(world, users):
    large = Category.objects.create(kind=Kind.EVENT, code="M1", name="矩阵大类")
    small = Category.objects.create(parent=large, kind=Kind.EVENT, code="M101", name="矩阵小类")
    dept = HandlingUnit.objects.create(
        street=world["s1"], kind=UnitKind.DEPARTMENT, name="矩阵部门", department=world["dept"]
    )
    in_dept = actions.do_report(
        users["grid_worker"],
        world["s1"],
        channel=Channel.GRID_WORKER,
        category=small,
        description="矩阵",
        grid=world["g1"],
        photos=[jpeg()],
    )
    in_dept = actions.do_accept(users["street_staff"], in_dept)
    actions.do_dispatch(users["street_staff"], in_dept, unit=dept)
    for who, grid in (("bob", "g2"), ("charlie", "g3")):  # every grid worker has one
        actions.do_report(
            users[who],
            world["s1"],
            channel=Channel.GRID_WORKER,
            category=small,
            description="矩阵",
            grid=world[grid],
            photos=[jpeg()],
        )
    HandlingUnit.objects.create(
        street=world["s2"], kind=UnitKind.COMMUNITY, name="矩阵社区", community=world["c3"]
    )
    actions.do_report(
        users["outsider"],
        world["s2"],
        channel=Channel.DESK,
        category=small,
        description="矩阵",
        community=world["c3"],
        photos=[jpeg()],
    )
    # Patrols: every grid worker's in their grid, and one of a grid worker of G4 (street S2).
    for who, grid in (("grid_worker", "g1"), ("bob", "g2"), ("charlie", "g3")):
        actions.do_start_patrol(users[who], world[grid])
    actions.do_start_patrol(make_user("matrix_g4", Role.GRID_WORKER, world["g4"]), world["g4"])
