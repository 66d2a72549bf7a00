"""Registry test data on top of the shared `world`/`users` fixtures (tests/conftest.py):
a building in each grid G1, G2 (C1), G3 (C2), G4 (C3), households and residents with valid
ID numbers. Import the fixture explicitly: `from tests.registry.helpers import reg  # noqa`."""

import itertools

import pytest
from stdnum.cn import ric

from gongzhi.registry import actions
from gongzhi.registry.models import Building, Household, Resident

_seq = itertools.count(11)


def id_number(birth="19800101", area="110105", seq=None, sex="M") -> str:
    """A valid 18-character ID number (check digit by python-stdnum)."""
    n = seq if seq is not None else next(_seq) % 500
    s3 = n * 2 + (1 if sex == "M" else 0)
    body = f"{area}{birth}{s3 % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def make_building(community, grid, address, **kw):
    return actions.do_create_building(
        clerk(),
        Building(
            community=community, grid=grid, address=address, name=kw.pop("name", address[-3:]), **kw
        ),
    )


def make_household(building, number, **kw):
    return actions.do_create_household(clerk(), Household(building=building, number=number, **kw))


def make_resident(household, name, *, relation="", birth="19800101", phone="", **kw):
    r = Resident(
        name=name, id_number=kw.pop("id_number", None) or id_number(birth), phone=phone, **kw
    )
    return actions.do_register_resident(clerk(), household, r, relation=relation)


@pytest.fixture
def reg(world):
    w = world
    b1 = make_building(w["c1"], w["g1"], "幸福路1号")
    b2 = make_building(w["c1"], w["g2"], "幸福路2号")
    b3 = make_building(w["c2"], w["g3"], "和谐路3号")
    b4 = make_building(w["c3"], w["g4"], "莫愁路4号")
    h1 = make_household(b1, "H001", address="幸福路1号 1-101")
    h2 = make_household(b2, "H002", address="幸福路2号 1-201")
    h3 = make_household(b3, "H003")
    h4 = make_household(b4, "H004")
    zhang = make_resident(h1, "张三", relation="head", phone="13812345678", birth="19500315")
    li = make_resident(h1, "李四", relation="spouse", birth="19400610")
    wang = make_resident(h2, "王五", relation="head", phone="13900001111")
    zhao = make_resident(h3, "赵六", relation="head")
    qian = make_resident(h4, "钱七", relation="head")
    for o in (b1, b2, b3, b4, h1, h2, h3, h4):
        o.refresh_from_db()
    return {
        "b1": b1,
        "b2": b2,
        "b3": b3,
        "b4": b4,
        "h1": h1,
        "h2": h2,
        "h3": h3,
        "h4": h4,
        "zhang": zhang,
        "li": li,
        "wang": wang,
        "zhao": zhao,
        "qian": qian,
    }


def clerk():
    """The actor of test set-up: street admin of every street (role AND place, so every
    record of `world`). Fetched fresh: a user caches their scope per request."""
    from django.contrib.auth import get_user_model

    from gongzhi.org.models import RoleAssignment, Street
    from gongzhi.org.roles import Role
    from gongzhi.org.services import assign_role

    User = get_user_model()
    user = User.objects.filter(username="registry_clerk").first()
    if user is None:
        user = User.objects.create_user(username="registry_clerk", password="x-Unused-9!")
    held = set(
        RoleAssignment.objects.filter(user=user, role=Role.STREET_ADMIN).values_list(
            "street_id", flat=True
        )
    )
    for street in Street.objects.exclude(pk__in=held):
        assign_role(user, Role.STREET_ADMIN, street)
    return User.objects.get(pk=user.pk)
