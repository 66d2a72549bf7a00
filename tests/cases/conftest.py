"""Fixtures of the cases tests: a two-class tree, the handling units of street S1 (both
communities, a street centre, the department of the `world` fixture) and a photo."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from gongzhi.cases import actions
from gongzhi.cases.choices import Channel, Kind, LimitUnit, UnitKind
from gongzhi.cases.models import Category, HandlingUnit
from gongzhi.org.models import StreetUnit


def jpeg(name="p.jpg", size=(40, 30)) -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buf, "JPEG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/jpeg")


@pytest.fixture
def tree(world):
    s1 = world["s1"]
    units = {
        "c1": HandlingUnit.objects.create(
            street=s1, kind=UnitKind.COMMUNITY, name="幸福社区", community=world["c1"]
        ),
        "c2": HandlingUnit.objects.create(
            street=s1, kind=UnitKind.COMMUNITY, name="和谐社区", community=world["c2"]
        ),
        "centre": HandlingUnit.objects.create(
            street=s1,
            kind=UnitKind.STREET_UNIT,
            name="城市管理中心",
            street_unit=StreetUnit.objects.create(street=s1, name="城市管理中心"),
        ),
        "dept": HandlingUnit.objects.create(
            street=s1, kind=UnitKind.DEPARTMENT, name="区民政局", department=world["dept"]
        ),
    }
    events = Category.objects.create(kind=Kind.EVENT, code="05", name="街面秩序")
    parts = Category.objects.create(kind=Kind.COMPONENT, code="01", name="公用设施")
    lamp = Category.objects.create(
        parent=parts,
        kind=Kind.COMPONENT,
        code="0109",
        name="路灯",
        name_en="Street lamp",
        default_unit_kind=UnitKind.STREET_UNIT,
        default_unit=units["centre"],
        accept_limit=1,
        dispatch_limit=1,
        handle_limit=5,
        verify_limit=2,
    )
    noise = Category.objects.create(
        parent=events, kind=Kind.EVENT, code="0512", name="噪声扰民", name_en="Noise"
    )
    manhole = Category.objects.create(
        parent=parts,
        kind=Kind.COMPONENT,
        code="0101",
        name="井盖缺失",
        urgent=True,
        **{f"{s}_unit": LimitUnit.HOURS for s in ("accept", "dispatch", "handle", "verify")},
        accept_limit=1,
        dispatch_limit=1,
        handle_limit=4,
        verify_limit=2,
    )
    return {"units": units, "events": events, "lamp": lamp, "noise": noise, "manhole": manhole}


@pytest.fixture
def report(world, users, tree):
    """report(category=..., by=user, grid=..., **more) -> a new case through the action."""

    def make(category=None, by=None, grid=None, **more):
        by = by or users["grid_worker"]
        grid = grid or world["g1"]
        more.setdefault("channel", Channel.GRID_WORKER)
        more.setdefault("description", "路灯不亮")
        return actions.do_report(
            by, world["s1"], category=category or tree["noise"], grid=grid, **more
        )

    return make


@pytest.fixture
def walk(users, tree):
    """walk(case, upto) moves a case along the main path with the fixture's staff."""

    def go(case, upto):
        path = [
            ("accept", users["street_staff"], {}),
            ("dispatch", users["street_staff"], {}),
            ("start", users["station_staff"], {}),
            ("report_done", users["station_staff"], {"note": "已处理", "photos": [jpeg()]}),
            ("pass_verification", users["grid_worker"], {}),
        ]
        for step, user, kwargs in path:
            case = actions.STEP_ACTIONS[step](user, case, **kwargs)
            if step == upto:
                break
        return case

    return go
