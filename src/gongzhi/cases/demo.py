"""The demo data of cases, loaded by `gongzhi demo`: the category tree (cases.category_tree)
with the handling units of the demo street, and a few hundred cases across every state,
made through the actions by the demo street's own people (each grid's grid worker reports
and verifies, the street staff dispatch, the unit handles). Each demo log-in finds work:
cases to verify for demo_grid_worker, to handle for demo_station_staff, to accept and
dispatch for demo_street_staff, and one dispatched to demo_department_staff's department.

Afterwards the cases are spread over the last 90 days by moving all their times together
(one UPDATE per case, demo data only), so lists, badges and figures look lived in. Then
`cases.demo_year` adds a year of the street's cases in bulk (about 20,000; the setting
GONGZHI_DEMO_CASES) for the map, the figures and the ranking."""

from __future__ import annotations

import datetime
import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import F
from PIL import Image

from gongzhi.cases import actions, demo_year
from gongzhi.cases.category_tree import TREE
from gongzhi.cases.choices import Channel, Status, UnitKind
from gongzhi.cases.models import Case, CaseStep, Category, HandlingUnit
from gongzhi.org.models import Department, Grid, RoleAssignment, Street, StreetUnit
from gongzhi.org.roles import Role

DEMO_STREET_CODE = "320102009000"  # org.demo.STREET_CODE
CASES = 300
CENTRE = "城市管理中心"
PROPERTY = "示范物业服务有限公司"
DESCRIPTIONS = {
    "component": ["{name}损坏，影响通行", "{name}缺失，存在安全隐患", "{name}松动，请尽快处理"],
    "event": ["{name}，居民反映强烈", "发现{name}，请处理", "{name}问题反复出现"],
}
TIME_FIELDS = (
    "reported_at",
    "accepted_at",
    "decided_at",
    "dispatched_at",
    "handled_at",
    "closed_at",
    "due_accept",
    "due_dispatch",
    "due_handle",
    "due_verify",
)


def _photo() -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (random.randint(0, 255), 140, 90)).save(buf, "JPEG")
    return SimpleUploadedFile("demo.jpg", buf.getvalue(), content_type="image/jpeg")


def _units(street: Street) -> dict[str, HandlingUnit]:
    units = {}
    for community in street.communities.all():
        units[f"community:{community.pk}"], _ = HandlingUnit.objects.get_or_create(
            street=street,
            name=community.name,
            defaults={"kind": UnitKind.COMMUNITY, "community": community},
        )
    centre = (
        StreetUnit.objects.filter(street=street, name=CENTRE).first()
        or StreetUnit.objects.filter(street=street).first()
    )
    units["street"], _ = HandlingUnit.objects.get_or_create(
        street=street,
        name=centre.name if centre else CENTRE,
        defaults={"kind": UnitKind.STREET_UNIT, "street_unit": centre},
    )
    units["property"], _ = HandlingUnit.objects.get_or_create(
        street=street, name=PROPERTY, defaults={"kind": UnitKind.PROPERTY}
    )
    return units


def _department_unit(street, units, name: str) -> HandlingUnit:
    key = f"department:{name}"
    if key not in units:
        department = Department.objects.filter(name=name).first()
        if department is None:
            code = f"case-{len(units):03d}"
            department = Department.objects.create(name=name, code=code)
        units[key], _ = HandlingUnit.objects.get_or_create(
            street=street,
            name=name,
            defaults={"kind": UnitKind.DEPARTMENT, "department": department},
        )
    return units[key]


def _tree(street, units) -> list[Category]:
    small = []
    for large in TREE:
        parent, _ = Category.objects.update_or_create(
            code=large.code,
            defaults={"kind": large.kind, "name": large.name, "name_en": large.name_en},
        )
        for s in large.small:
            unit = None
            if s.unit_kind == "department":
                unit = _department_unit(street, units, s.department)
            elif s.unit_kind in ("street", "property"):
                unit = units[s.unit_kind]
            kind = {"street": UnitKind.STREET_UNIT, "property": UnitKind.PROPERTY}.get(
                s.unit_kind, s.unit_kind
            )
            values = {
                "parent": parent,
                "kind": large.kind,
                "name": s.name,
                "name_en": s.name_en,
                "default_unit_kind": kind,
                "default_unit": unit,
                "urgent": s.urgent,
                "verify_on_site": s.verify_on_site,
            }
            for step, (amount, limit_unit) in s.limits.items():
                values[f"{step}_limit"], values[f"{step}_unit"] = amount, limit_unit
            category, _ = Category.objects.update_or_create(code=s.code, defaults=values)
            small.append(category)
    return small


def _people(street):
    roles = RoleAssignment.objects.active().select_related("user", "grid", "community")
    grid_workers = {
        a.grid_id: a.user
        for a in roles.filter(role=Role.GRID_WORKER, grid__community__street=street)
    }
    by_name = {a.user.username: a.user for a in roles.filter(user__username__startswith="demo_")}
    handlers = {}  # community id → a user who handles its cases
    for a in roles.filter(
        role__in=(Role.STATION_STAFF, Role.COMMITTEE_MEMBER), community__street=street
    ):
        handlers.setdefault(a.community_id, a.user)
    return grid_workers, by_name, handlers


def _decide(case, target, dispatcher):
    """The dispatcher's end states before dispatch."""
    if target == "not_accepted":
        return actions.do_not_accept(dispatcher, case, "不属于网格化管理范围")
    if target == "referred":
        return actions.do_refer(dispatcher, case, "经查无责任主体，移交街道")
    if target == "accepted":
        return actions.do_accept(dispatcher, case)
    return case


def _spread(case: Case, rng, overdue: bool) -> None:
    """Move every time of the case (and its steps) back by the same amount: the relations
    between them stay as the actions made them. Finished cases spread over 90 days; open
    ones are recent unless chosen to be overdue. Some finished ones were late."""
    if case.is_open:
        days = rng.randint(10, 40) if overdue else 0
    else:
        days = rng.randint(3, 90)
    shift = datetime.timedelta(days=days, hours=rng.randint(0, 8), minutes=rng.randint(0, 59))
    changes = {name: F(name) - shift for name in TIME_FIELDS if getattr(case, name) is not None}
    if case.handled_on_time and rng.random() < 0.15:
        changes.update(handled_on_time=False, closed_on_time=False)
    Case.objects.filter(pk=case.pk).update(**changes)
    CaseStep.objects.filter(case=case).update(at=F("at") - shift)


# The mix of end states (weights), like a street's quarter.
TARGETS = {
    "reported": 6,
    "not_accepted": 4,
    "accepted": 6,
    "referred": 2,
    "dispatched": 10,
    "handling": 10,
    "handled": 8,
    "closed": 24,
    "rated": 30,
}


def load(stdout=None, seed: int = 2026) -> None:
    street = Street.objects.filter(division_code=DEMO_STREET_CODE).first()
    if street is None:
        return
    rng = random.Random(seed)
    with transaction.atomic():
        units = _units(street)
        small = _tree(street, units)
        if Case.objects.filter(street=street).exists():
            return  # the cases were made on an earlier run; the tree is brought up to date
        grid_workers, by_name, handlers = _people(street)
        dispatcher = by_name.get("demo_street_staff")
        if dispatcher is None or not grid_workers:
            return
        department = RoleAssignment.objects.filter(
            user=by_name.get("demo_department_staff"), role=Role.DEPARTMENT_STAFF
        ).first()
        department_unit = (
            _department_unit(street, units, department.department.name)
            if department and department.department_id
            else None
        )
        demo_grid = RoleAssignment.objects.filter(
            user=by_name.get("demo_grid_worker"), role=Role.GRID_WORKER
        ).first()
        grids = sorted(grid_workers)
        station = RoleAssignment.objects.filter(
            user=by_name.get("demo_station_staff"), role=Role.STATION_STAFF
        ).first()
        station_grids = [
            g
            for g in grids
            if station and Grid.objects.get(pk=g).community_id == station.community_id
        ]
        grid_objects = {g.pk: g for g in Grid.objects.filter(pk__in=grids)}
        made = []
        for n in range(CASES):
            target = rng.choices(list(TARGETS), weights=list(TARGETS.values()))[0]
            # The demo log-ins' own work comes first (see the module docstring).
            if n < 4 and demo_grid is not None:
                grid_id, target = demo_grid.grid_id, "handled"
            elif 8 <= n < 12 and station_grids:
                grid_id, target = rng.choice(station_grids), "dispatched"
            else:
                grid_id = rng.choice(grids)
            reporter = grid_workers[grid_id]
            category = rng.choice(small)
            text = rng.choice(DESCRIPTIONS[category.kind]).format(name=category.name)
            case = actions.do_report(
                reporter,
                street,
                channel=Channel.GRID_WORKER,
                category=category,
                description=text,
                grid=grid_objects[grid_id],
                photos=[_photo()],
            )
            if target not in ("reported", "not_accepted", "referred", "accepted"):
                case = actions.do_accept(dispatcher, case)
                unit = actions.route(case)
                if 4 <= n < 8 and department_unit is not None:
                    unit = department_unit  # demo_department_staff's share
                elif unit is None or _handler_for(unit, by_name, handlers, department_unit) is None:
                    unit = units["street"]  # the street centre handles what has no one here
                case = actions.do_dispatch(dispatcher, case, unit=unit)
                handler = _handler_for(unit, by_name, handlers, department_unit)
                case = _walk_from_dispatched(
                    case, target, handler=handler, verifier=grid_workers[grid_id], rng=rng
                )
            else:
                case = _decide(case, target, dispatcher)
            made.append(case)
        for case in made[8:]:
            case.refresh_from_db()
            _spread(case, rng, overdue=rng.random() < 0.15)
        # A year of the street's cases, in bulk (cases.demo_year, through cases.fastpath).
        year = demo_year.load_year(street, small, units, grid_workers, dispatcher, handlers, rng)
    if stdout is not None:
        stdout.write(f"cases: {len(small)} small classes, {len(made)} + {year} cases")


def _handler_for(unit, by_name, handlers, department_unit):
    if unit.kind == UnitKind.COMMUNITY:
        return handlers.get(unit.community_id)
    if unit.kind == UnitKind.DEPARTMENT:
        return by_name.get("demo_department_staff") if unit == department_unit else None
    return by_name.get("demo_street_staff")


def _walk_from_dispatched(case, target, *, handler, verifier, rng):
    if target == "dispatched" or handler is None:
        return case
    case = actions.do_start(handler, case)
    if target == "handling":
        if rng.random() < 0.3:
            case = actions.do_request_extension(handler, case, "需协调相关单位", amount=2)
        return case
    case = actions.do_report_done(handler, case, "已处置完毕", photos=[_photo()])
    if target == "handled":
        return case
    if rng.random() < 0.12:  # 返工: not solved the first time
        case = actions.do_fail_verification(verifier, case, "现场核查未解决")
        case = actions.do_report_done(handler, case, "已重新处置", photos=[_photo()])
    case = actions.do_pass_verification(verifier, case, "现场核查已解决")
    if target == "rated":
        stars = rng.choices([5, 4, 3, 2], weights=[6, 3, 1, 0.5])[0]
        case = actions.do_rate(case.reporter, case, "处理及时", stars=stars)
    return case


def report(stdout, style) -> None:
    street = Street.objects.filter(division_code=DEMO_STREET_CODE).first()
    if street is None:
        return
    open_cases = Case.objects.filter(street=street, status__in=[Status.REPORTED]).count()
    stdout.write(
        f"网格事件 / cases: {Case.objects.filter(street=street).count()} "
        f"(待立案 to accept: {open_cases}) — /cases/  "
        "demo_grid_worker 核查 verifies, demo_station_staff 处置 handles, "
        "demo_street_staff 派遣 dispatches"
    )
