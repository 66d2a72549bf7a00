"""Registry demo data for the demo street (示范街道, created by org.demo): about 6,000
households and 15,000 residents in about 20 grids.

- Buildings: estates (小区) of 6–20 residential buildings 40–60 m apart on city blocks
  around each community's centre (Nanjing, ~32.04N 118.78E), plus a few bungalow
  courtyards (平房院落).
- Grids: the registry's own automatic partitioning (registry.partition) cuts each community
  into grids of ~300 households; each grid's polygon is the buffered hull of its buildings.
- Residents: Faker zh_CN names with a fixed seed; valid ID numbers (GB 11643 check digit,
  Nanjing area codes for the registered population, other provinces for migrants); an age
  pyramid with 60+ and 80+; phones for adults; mostly Han with some minorities; tags
  (低保, disability with grade, veterans, living alone, empty nest).

Idempotent: the whole data set is first generated in memory from the seed, and its
fingerprint (a SHA-256 over every building, household, resident and tag, in a canonical
order) is compared with the same fingerprint computed from the database. Equal: nothing is
written. Different (first run, another seed or scale, or edited demo rows): the registry rows
of the demo street's communities are deleted and rebuilt with bulk_create, so a second run
always leaves exactly the same data.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import math
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from faker import Faker
from stdnum.cn import ric

from gongzhi.org.demo import STREET_CODE
from gongzhi.org.models import Community, Ethnicity, Grid, Street
from gongzhi.registry import choices, derive
from gongzhi.registry.demo_people import (
    _ensure_grid_worker,
    _link_demo_resident,
    _staff_every_grid,
)
from gongzhi.registry.models import (
    Building,
    Estate,
    GridProposal,
    Household,
    Resident,
    ResidentEvent,
    ResidentTag,
    Tag,
    Visit,
)
from gongzhi.registry.partition import BuildingPoint, partition

DEFAULT_SEED = 2026
TODAY = datetime.date(2026, 6, 1)  # fixed, so that a re-run next year gives the same data
# Households per community at scale 1 (≈ 6,000 in ≈ 20 grids).
PLAN = {"001": 1500, "002": 1200, "003": 1800, "004": 1500}
NANJING_AREAS = ["320102", "320104", "320105", "320106", "320111", "320113", "320114", "320115"]
MIGRANT_AREAS = [
    "340104",
    "410105",
    "150204",
    "510104",
    "420102",
    "321302",
    "341202",
    "430102",
    "360102",
]
MINORITIES = (
    [Ethnicity.HUI] * 5
    + [Ethnicity.MANCHU] * 2
    + [Ethnicity.MONGOL, Ethnicity.ZHUANG, Ethnicity.MIAO, Ethnicity.TUJIA, Ethnicity.KOREAN]
)
ESTATE_NAMES = [
    "锦绣",
    "金陵",
    "梧桐",
    "翠竹",
    "紫金",
    "秦淮",
    "玄武",
    "清凉",
    "长江",
    "龙蟠",
    "虎踞",
    "石城",
    "汉中",
    "中山",
    "鼓楼",
    "香樟",
    "银杏",
    "凤凰",
    "颐和",
    "雨花",
    "月牙",
    "青溪",
    "桃源",
    "莫愁",
    "乌衣",
    "朝天",
    "文昌",
    "兰园",
    "华侨",
    "北京",
]
ESTATE_SUFFIXES = ["花园", "小区", "新村", "家园", "苑", "公寓"]
STREET_NAMES = [
    "中山路",
    "北京东路",
    "珠江路",
    "广州路",
    "汉口路",
    "龙蟠路",
    "长江路",
    "丹凤街",
    "进香河路",
    "太平北路",
    "青岛路",
    "上海路",
]
HEAD_AGES = [
    ((25, 34), 14),
    ((35, 44), 17),
    ((45, 54), 20),
    ((55, 64), 20),
    ((65, 74), 16),
    ((75, 84), 10),
    ((85, 96), 3),
]
SIZES = [(1, 22), (2, 32), (3, 26), (4, 13), (5, 6), (6, 1)]


@dataclass
class PlanResident:
    name: str
    id_number: str
    birth: datetime.date
    sex: str
    relation: str
    phone: str
    ethnicity: str
    residence_type: str
    political_status: str
    education: str
    employment: str
    tags: list = field(default_factory=list)  # (code, grade)
    living_here_since: datetime.date | None = None


@dataclass
class PlanHousehold:
    number: str
    kind: str
    address: str
    members: list


@dataclass
class PlanBuilding:
    address: str
    name: str
    kind: str
    floors: int
    units: int
    lat: Decimal
    lng: Decimal
    estate: str | None
    households: list
    grid: int = 0


def _weighted(rng, table):
    total = sum(w for _v, w in table)
    x = rng.uniform(0, total)
    for value, w in table:
        x -= w
        if x <= 0:
            return value
    return table[-1][0]


class _Ids:
    """Valid, unique resident ID numbers (GB 11643)."""

    def __init__(self, rng):
        self.rng = rng
        self.used: set[str] = set()

    def make(self, area: str, birth: datetime.date, sex: str) -> str:
        seq = self.rng.randrange(0, 999)
        while True:
            if (seq % 2 == 1) != (sex == "M"):
                seq += 1
            seq %= 1000
            body = f"{area}{birth:%Y%m%d}{seq:03d}"
            number = body + ric.calc_check_digit(body + "0")  # stdnum ignores the last character
            if number not in self.used:
                self.used.add(number)
                return number
            seq += 2


def _birth(rng, age: int) -> datetime.date:
    age = max(0, min(age, 100))
    start = TODAY.replace(year=TODAY.year - age - 1) + datetime.timedelta(days=1)
    return start + datetime.timedelta(days=rng.randrange(0, 364))


def _age(birth):
    return TODAY.year - birth.year - ((TODAY.month, TODAY.day) < (birth.month, birth.day))


def _person(rng, fake, ids, *, age, sex, relation, surname, residence, area):
    birth = _birth(rng, age)
    age = _age(birth)
    given = fake.first_name_male() if sex == "M" else fake.first_name_female()
    name = surname + given
    if age < 6:
        education, employment = "", choices.Employment.PRESCHOOL
    elif age < 18:
        education = (
            choices.Education.PRIMARY
            if age < 12
            else choices.Education.JUNIOR
            if age < 15
            else choices.Education.SENIOR
        )
        employment = choices.Employment.STUDENT
    else:
        education = _weighted(
            rng,
            [
                (choices.Education.PRIMARY, 8 if age > 60 else 2),
                (choices.Education.JUNIOR, 20),
                (choices.Education.SENIOR, 25),
                (choices.Education.COLLEGE, 18),
                (choices.Education.BACHELOR, 22 if age < 60 else 6),
                (choices.Education.POSTGRADUATE, 5 if age < 60 else 1),
            ],
        )
        if age >= 60:
            employment = choices.Employment.RETIRED
        elif age < 23 and rng.random() < 0.6:
            employment = choices.Employment.STUDENT
        else:
            employment = _weighted(
                rng,
                [
                    (choices.Employment.EMPLOYED, 70),
                    (choices.Employment.SELF_EMPLOYED, 12),
                    (choices.Employment.UNEMPLOYED, 6),
                    (choices.Employment.OTHER, 4),
                ],
            )
    if age >= 18:
        political = _weighted(
            rng,
            [
                (choices.PoliticalStatus.CPC_MEMBER, 9),
                (choices.PoliticalStatus.MASSES, 85),
                (choices.PoliticalStatus.DEMOCRATIC_PARTY, 1),
                (choices.PoliticalStatus.CYL_MEMBER, 8 if age <= 28 else 0),
            ],
        )
    else:
        political = (
            choices.PoliticalStatus.CYL_MEMBER
            if age >= 14 and rng.random() < 0.3
            else choices.PoliticalStatus.MASSES
        )
    id_number = "" if residence == choices.ResidenceType.FOREIGN else ids.make(area, birth, sex)
    if residence == choices.ResidenceType.FOREIGN:
        name = fake.name()  # transliterated names are registered in Chinese too
    return PlanResident(
        living_here_since=_living_here_since(residence, name, id_number, birth),
        name=name,
        id_number=id_number,
        birth=birth,
        sex=sex,
        relation=relation,
        phone=("1" + str(rng.choice([3, 5, 7, 8, 9])) + f"{rng.randrange(0, 10**9):09d}")
        if age >= 16
        else "",
        ethnicity=Ethnicity.HAN if rng.random() < 0.94 else rng.choice(MINORITIES),
        residence_type=residence,
        political_status=political,
        education=education,
        employment=employment,
    )


def _living_here_since(residence, name, id_number, birth) -> datetime.date | None:
    """Since when a migrant or foreigner lives here: 1 month to about 8 years before TODAY
    (some short of the voter register's one year, most past it). Taken from a hash, not
    from rng, so that every other demo value stays as it was."""
    if residence == choices.ResidenceType.REGISTERED:
        return None
    digest = hashlib.sha256(f"{name}|{id_number}|{birth}".encode()).digest()
    days = 30 + int.from_bytes(digest[:4], "big") % 2900
    return max(birth, TODAY - datetime.timedelta(days=days))


def _household(rng, fake, ids, *, number, kind, address) -> PlanHousehold:
    size = _weighted(rng, SIZES)
    residence = {
        choices.HouseholdKind.REGISTERED: choices.ResidenceType.REGISTERED,
        choices.HouseholdKind.RENTED: choices.ResidenceType.MIGRANT,
        choices.HouseholdKind.COLLECTIVE: choices.ResidenceType.MIGRANT,
    }[kind]
    if kind == choices.HouseholdKind.RENTED and rng.random() < 0.04:
        residence = choices.ResidenceType.FOREIGN
    area = rng.choice(
        NANJING_AREAS if residence == choices.ResidenceType.REGISTERED else MIGRANT_AREAS
    )
    head_age = rng.randint(*_weighted(rng, HEAD_AGES))
    if kind != choices.HouseholdKind.REGISTERED:
        head_age = min(head_age, rng.randint(22, 58))
    head_sex = "M" if rng.random() < 0.62 else "F"
    surname = fake.last_name()
    head = _person(
        rng,
        fake,
        ids,
        age=head_age,
        sex=head_sex,
        relation=choices.Relation.HEAD,
        surname=surname,
        residence=residence,
        area=area,
    )
    members = [head]
    plan = []
    if size >= 2:
        plan.append("spouse")
    for _ in range(size - len(plan) - 1):
        if head_age > 70:
            plan.append(rng.choice(["child", "grandchild"]))
        elif head_age < 45 and len(plan) >= 2 and rng.random() < 0.5:
            plan.append("parent")
        else:
            plan.append("child")
    for role in plan[: size - 1]:
        if role == "spouse":
            members.append(
                _person(
                    rng,
                    fake,
                    ids,
                    age=head_age + rng.randint(-4, 3),
                    sex="F" if head_sex == "M" else "M",
                    relation=choices.Relation.SPOUSE,
                    surname=fake.last_name(),
                    residence=residence,
                    area=area,
                )
            )
        elif role == "child":
            members.append(
                _person(
                    rng,
                    fake,
                    ids,
                    age=max(0, head_age - rng.randint(24, 34)),
                    sex=rng.choice("MF"),
                    relation=choices.Relation.CHILD,
                    surname=surname,
                    residence=residence,
                    area=area,
                )
            )
        elif role == "grandchild":
            members.append(
                _person(
                    rng,
                    fake,
                    ids,
                    age=max(0, head_age - rng.randint(50, 62)),
                    sex=rng.choice("MF"),
                    relation=choices.Relation.GRANDCHILD,
                    surname=surname,
                    residence=residence,
                    area=area,
                )
            )
        else:
            members.append(
                _person(
                    rng,
                    fake,
                    ids,
                    age=min(96, head_age + rng.randint(25, 32)),
                    sex=rng.choice("MF"),
                    relation=choices.Relation.PARENT,
                    surname=fake.last_name(),
                    residence=residence,
                    area=area,
                )
            )
    # Special groups.
    if len(members) == 1 and _age(head.birth) >= 60:
        head.tags.append(("living_alone", None))
    if len(members) == 2 and all(_age(m.birth) >= 60 for m in members) and rng.random() < 0.7:
        for m in members:
            m.tags.append(("empty_nest", None))
    if rng.random() < 0.025:
        head.tags.append(("dibao", None))
    for m in members:
        age = _age(m.birth)
        if rng.random() < (0.05 if age >= 60 else 0.015):
            m.tags.append(("disability", rng.randint(1, 4)))
        if m.sex == "M" and age >= 40 and rng.random() < 0.05:
            m.tags.append(("veteran", None))
    return PlanHousehold(number=number, kind=kind, address=address, members=members)


def _community_plan(
    rng, fake, ids, community: Community, households_wanted: int, origin
) -> list[PlanBuilding]:
    lat0, lng0 = origin
    kx = 111_320.0 * math.cos(math.radians(lat0))
    ky = 110_540.0
    buildings: list[PlanBuilding] = []
    total, block, seq = 0, 0, 0
    street = rng.choice(STREET_NAMES)
    names = list(ESTATE_NAMES)
    rng.shuffle(names)
    while total < households_wanted:
        bx, by = (block % 3) * 280.0 - 280.0, (block // 3) * 260.0 - 260.0
        bungalow = block % 5 == 4
        estate = None if bungalow else f"{names[block % len(names)]}{rng.choice(ESTATE_SUFFIXES)}"
        count = rng.randint(6, 20) if not bungalow else rng.randint(4, 8)
        spacing = rng.uniform(40, 60) if not bungalow else rng.uniform(30, 40)
        cols = max(2, math.ceil(math.sqrt(count)))
        for k in range(count):
            if total >= households_wanted:
                break
            x = bx + (k % cols) * spacing + rng.uniform(-6, 6)
            y = by - (k // cols) * spacing + rng.uniform(-6, 6)
            if bungalow:
                floors, units, n = 1, 1, rng.randint(2, 6)
                name = f"{k + 1}号院"
                address = f"{street}{rng.randint(1, 9)}{block:02d}{k + 1:02d}号院"
                kind = choices.BuildingKind.BUNGALOW
            else:
                floors, units = rng.choice([(6, 2), (6, 3), (7, 2), (11, 2), (18, 2)])
                n = min(floors * units * 2, rng.randint(18, 44))
                name = f"{k + 1}栋"
                address = f"{estate}{k + 1}栋"
                kind = choices.BuildingKind.RESIDENTIAL
            n = min(n, households_wanted - total)
            lat = Decimal(f"{lat0 + y / ky:.6f}")
            lng = Decimal(f"{lng0 + x / kx:.6f}")
            hhs = []
            for j in range(n):
                seq += 1
                kind_h = _weighted(
                    rng,
                    [
                        (choices.HouseholdKind.REGISTERED, 78),
                        (choices.HouseholdKind.RENTED, 19),
                        (choices.HouseholdKind.COLLECTIVE, 3 if not bungalow else 0),
                    ],
                )
                flat = (
                    f"{j % units + 1}单元{j // (units * 2) % floors + 1}{j % 2 + 1:02d}室"
                    if not bungalow
                    else f"{j + 1}户"
                )
                hhs.append(
                    _household(
                        rng,
                        fake,
                        ids,
                        number=f"{community.code}{seq:05d}",
                        kind=kind_h,
                        address=f"{address}{flat}",
                    )
                )
            total += n
            buildings.append(
                PlanBuilding(
                    address=address,
                    name=name,
                    kind=kind,
                    floors=floors,
                    units=units,
                    lat=lat,
                    lng=lng,
                    estate=estate,
                    households=hhs,
                )
            )
        block += 1
    return buildings


def make_plan(communities, *, seed: int, scale: float) -> dict[str, list[PlanBuilding]]:
    rng = random.Random(seed)
    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    ids = _Ids(rng)
    plan = {}
    for community in communities:
        wanted = max(20, round(PLAN.get(community.code, 1000) * scale))
        origin = (
            float(community.center_lat or Decimal("32.04")),
            float(community.center_lng or Decimal("118.78")),
        )
        buildings = _community_plan(rng, fake, ids, community, wanted, origin)
        estates = {
            name: i for i, name in enumerate(sorted({b.estate for b in buildings if b.estate}))
        }
        points = [
            BuildingPoint(
                i + 1, float(b.lat), float(b.lng), len(b.households), estates.get(b.estate)
            )
            for i, b in enumerate(buildings)
        ]
        result = partition(points, target=community.street.grid_household_norm or 300)
        for i, b in enumerate(buildings):
            b.grid = result.assignment[i + 1]
        plan[community.code] = (buildings, result)
    return plan


# --- fingerprints ----------------------------------------------------------------------------


def _digest(rows) -> str:
    h = hashlib.sha256()
    for row in sorted(rows):
        h.update(json.dumps(row, ensure_ascii=False, default=str).encode())
    return h.hexdigest()


def plan_fingerprint(plan) -> str:
    rows = []
    for code, (buildings, _result) in plan.items():
        for b in buildings:
            rows.append(
                (
                    "b",
                    code,
                    b.address,
                    b.estate or "",
                    f"{b.lat:.6f}",
                    f"{b.lng:.6f}",
                    len(b.households),
                    b.grid,
                )
            )
            for h in b.households:
                rows.append(("h", code, h.number, b.address, h.kind, h.address))
                for r in h.members:
                    rows.append(
                        (
                            "r",
                            code,
                            h.number,
                            r.name,
                            r.id_number,
                            r.relation,
                            r.phone,
                            r.ethnicity,
                            r.residence_type,
                            r.living_here_since.isoformat() if r.living_here_since else "",
                            sorted((t, g or 0) for t, g in r.tags),
                        )
                    )
    return _digest(rows)


def db_fingerprint(communities) -> str:
    rows = []
    for b in Building.objects.filter(community__in=communities).select_related(
        "community", "estate", "grid"
    ):
        rows.append(
            (
                "b",
                b.community.code,
                b.address,
                b.estate.name if b.estate else "",
                f"{b.lat:.6f}",
                f"{b.lng:.6f}",
                b.household_count,
                b.grid.number if b.grid else 0,
            )
        )
    for h in Household.objects.filter(community__in=communities).select_related(
        "community", "building"
    ):
        rows.append(
            (
                "h",
                h.community.code,
                h.number,
                h.building.address if h.building else "",
                h.kind,
                h.address,
            )
        )
    tags: dict[int, list] = {}
    for link in ResidentTag.objects.filter(resident__community__in=communities).select_related(
        "tag"
    ):
        tags.setdefault(link.resident_id, []).append((link.tag.code, link.grade or 0))
    for r in Resident.objects.filter(community__in=communities).select_related(
        "community", "household"
    ):
        rows.append(
            (
                "r",
                r.community.code,
                r.household.number if r.household else "",
                r.name,
                r.id_number,
                r.relation,
                r.phone,
                r.ethnicity,
                r.residence_type,
                r.living_here_since.isoformat() if r.living_here_since else "",
                sorted(tags.get(r.pk, [])),
            )
        )
    return _digest(rows)


# --- writing ---------------------------------------------------------------------------------


def _clear(communities) -> None:
    ResidentTag.objects.filter(resident__community__in=communities).delete()
    ResidentEvent.objects.filter(resident__community__in=communities).delete()
    Visit.objects.filter(household__community__in=communities).delete()
    Household.objects.filter(community__in=communities).update(head=None)
    Resident.objects.filter(community__in=communities).delete()
    Household.objects.filter(community__in=communities).delete()
    Building.objects.filter(community__in=communities).delete()
    Estate.objects.filter(community__in=communities).delete()
    GridProposal.objects.filter(community__in=communities).delete()


def _write(plan, communities) -> None:
    tag_ids = dict(Tag.objects.values_list("code", "pk"))
    by_code = {c.code: c for c in communities}
    for code, (buildings, result) in plan.items():
        community = by_code[code]
        grids = {g.number: g for g in Grid.objects.filter(community=community)}
        for stat in result.grids:
            grid = grids.get(stat["number"]) or Grid(community=community, number=stat["number"])
            grid.name = grid.name or f"{community.name}第{stat['number']}网格"
            grid.boundary = stat["boundary"]
            grid.save()
            grids[stat["number"]] = grid
        estates = {
            name: Estate(community=community, name=name)
            for name in sorted({b.estate for b in buildings if b.estate})
        }
        Estate.objects.bulk_create(estates.values())
        rows = [
            Building(
                community=community,
                grid=grids[b.grid],
                estate=estates.get(b.estate),
                name=b.name,
                address=b.address,
                kind=b.kind,
                floors=b.floors,
                units=b.units,
                lat=b.lat,
                lng=b.lng,
                household_count=len(b.households),
            )
            for b in buildings
        ]
        Building.objects.bulk_create(rows, batch_size=500)
        households, residents, plan_members = [], [], []
        for b, row in zip(buildings, rows, strict=True):
            for h in b.households:
                households.append(
                    Household(
                        community=community,
                        grid=row.grid,
                        building=row,
                        number=h.number,
                        kind=h.kind,
                        address=h.address,
                        active=True,
                    )
                )
        Household.objects.bulk_create(households, batch_size=500)
        flat = [h for b in buildings for h in b.households]
        for hh, h in zip(households, flat, strict=True):
            for m in h.members:
                pinyin, initials = derive.pinyin_of(m.name)
                residents.append(
                    Resident(
                        community=community,
                        grid=hh.grid,
                        household=hh,
                        relation=m.relation,
                        name=m.name,
                        name_pinyin=pinyin,
                        name_initials=initials,
                        id_number=m.id_number,
                        id_last4=m.id_number[-4:] if m.id_number else "",
                        birth_date=m.birth,
                        sex=m.sex,
                        phone=m.phone,
                        ethnicity=m.ethnicity,
                        residence_type=m.residence_type,
                        living_here_since=m.living_here_since,
                        political_status=m.political_status,
                        education=m.education,
                        employment=m.employment,
                    )
                )
                plan_members.append(m)
        Resident.objects.bulk_create(residents, batch_size=1000)
        heads = []
        i = 0
        for hh, h in zip(households, flat, strict=True):
            hh.head = residents[i]
            heads.append(hh)
            i += len(h.members)
        Household.objects.bulk_update(heads, ["head"], batch_size=1000)
        links = [
            ResidentTag(
                resident=r, tag_id=tag_ids[code], grade=grade, since=datetime.date(2020, 1, 1)
            )
            for r, m in zip(residents, plan_members, strict=True)
            for code, grade in m.tags
            if code in tag_ids
        ]
        ResidentTag.objects.bulk_create(links, batch_size=1000)


def load(stdout=None, *, seed: int = DEFAULT_SEED, scale: float = 1.0):
    """Load (or leave unchanged) the registry of the demo street. See the module doc."""
    street = Street.objects.filter(division_code=STREET_CODE).first()
    if street is None:
        if stdout is not None:
            stdout.write(
                "registry demo: the demo street is missing (run org's demo first); skipped"
            )
        return None
    communities = list(
        Community.objects.filter(street=street).select_related("street").order_by("code")
    )
    plan = make_plan(communities, seed=seed, scale=scale)
    expected = plan_fingerprint(plan)
    with transaction.atomic():
        if db_fingerprint(communities) == expected:
            action = "unchanged"
        else:
            _clear(communities)
            _write(plan, communities)
            action = "loaded"
        for community in communities:
            count = Household.objects.filter(community=community, active=True).count()
            if community.household_count != count:
                community.household_count = count
                community.save(update_fields=["household_count", "updated_at"])
        _ensure_grid_worker(communities)
        _staff_every_grid(communities)
        linked = _link_demo_resident(communities)
    if stdout is not None:
        stdout.write(
            f"登记数据 registry demo ({action}): {Building.objects.filter(community__in=communities).count()} buildings, "
            f"{Household.objects.filter(community__in=communities).count()} households, "
            f"{Resident.objects.filter(community__in=communities).count()} residents, "
            f"{Grid.objects.filter(community__in=communities).count()} grids"
        )
        if linked is not None:
            stdout.write(
                f"demo_resident 已关联登记居民 / is linked to the registry record of {linked.name}"
            )
    return expected
