"""The demo street (示范街道): one street holding each community model of the seed report.

- Street units: the Nanjing Xuanwu model — the office "de-sectioned" into four centres
  (区域党建中心, 民生服务中心, 城市管理中心, 综治中心) — and, as in Xuanwu, ONE street-level work
  station serving the communities that have no station of their own, through grids.
- 青山社区 — Baotou Qingshan, 一委一站一居: station with five working groups, committee with
  five working committees, chair and vice chair on duty and paid; multi-ethnic (a Mongol
  member sits on the committee, Art. 7).
- 莫愁湖社区 — Nanjing Jianye, 一委一居一站: a de-administrated committee keeping only its
  16 self-government duties (CommitteeDuty rows of the street); a station under the
  committee's supervision.
- 梅园社区 — Nanjing Xuanwu, 一委一居: no station of its own, served by the street-level work
  station; grids of ~300 households (1,180 households: the Art. 6 warning shows, as in
  practice).
- 和平社区 — Hefei: a home-care centre run by an outside provider with a partner hospital.

Everything goes through org.actions (the same rules and the same audit as the screens), as
the installation's set-up account `gongzhi_setup` (a superuser, as every installation starts
from one: docs/deploy.md) until the demo street admin exists; it is idempotent:
records are found by natural keys and updated, names come from Faker zh_CN with a fixed seed.
Other apps add their own `demo.py` with `load(stdout, seed=...)`; `gongzhi demo` calls them
in INSTALLED_APPS order.
"""

import datetime
import re
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice
from faker import Faker

from gongzhi.core.actions import may
from gongzhi.core.nav import workbench_for
from gongzhi.org import actions as org_actions
from gongzhi.org.models import (
    CareCentre,
    CommitteeDuty,
    CommitteeMember,
    Community,
    Department,
    DispatchedCadre,
    Ethnicity,
    Grid,
    PartyCommittee,
    Provider,
    ResidentsCommittee,
    ResidentsGroup,
    RoleAssignment,
    ServiceStation,
    Staff,
    Street,
    StreetUnit,
    WorkingCommittee,
    WorkingGroup,
)
from gongzhi.org.roles import Role

DEMO_PASSWORD = "gongzhi-demo-2026"
# RFC 6238's test secret ("12345678901234567890"): a public key, for the demo only.
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"
DEFAULT_SEED = 2026
STREET_CODE = "320102009000"  # county 320102 + street 009 + 000
TERM_START = datetime.date(2021, 6, 1)  # the 2021 elections; term 5 years (Art. 8)

UNITS = [
    ("区域党建中心", "统筹辖区党建、社区党组织建设和党员教育管理。"),
    ("民生服务中心", "一门受理辖区全部审批服务事项(一门办理),社会保障与社会救助。"),
    ("城市管理中心", "市容环境、物业管理指导、网格化城市管理案件处置。"),
    ("综治中心", "社会治安综合治理、矛盾纠纷调解、信访与安全生产。"),
]

# Jianye: the de-administrated committee keeps 16 self-government duties (the seed names
# three of them; the rest follow the Organic Law's Art. 3).
JIANYE_DUTIES = [
    "组织居民自治,召集居民会议",
    "反映居民意见、要求和提出建议(民意表达)",
    "培育发展社区社会组织",
    "宣传宪法、法律法规和国家政策",
    "办理本居住地区居民的公共事务和公益事业",
    "调解民间纠纷",
    "协助维护社会治安",
    "组织居民开展群众性文化体育活动",
    "开展便民利民的社区服务活动",
    "动员居民参与社区志愿服务",
    "监督社区管理服务站的工作",
    "收集居民服务需求并交服务站办理",
    "组织制定和实施居民公约",
    "管理本居委会的财产和经费",
    "推动业主委员会、物业服务企业协调运行",
    "开展邻里互助与关爱困难群体",
]

BAOTOU_GROUPS = ["综合办公室", "社区服务组", "社区管理组", "社区保障组", "社区综治组"]
BAOTOU_COMMITTEES = [
    "人民调解委员会",
    "治安保卫委员会",
    "公共卫生委员会",
    "计划生育委员会",
    "群众文化委员会",
]

COMMUNITIES = [
    {
        "code": "001",
        "name": "青山社区",
        "model": "baotou",
        "structure": Community.Structure.PARTY_STATION_COMMITTEE,
        "household_count": 650,
        "multi_ethnic": True,
        "address": "青山路18号",
        "lat": "32.046100",
        "lng": "118.797200",
        "members": 7,
        "grids": 2,
        "groups": 4,
        "working_groups": BAOTOU_GROUPS,
        "working_committees": BAOTOU_COMMITTEES,
    },
    {
        "code": "002",
        "name": "莫愁湖社区",
        "model": "jianye",
        "structure": Community.Structure.PARTY_COMMITTEE_STATION,
        "household_count": 520,
        "multi_ethnic": False,
        "address": "莫愁湖东路6号",
        "lat": "32.038500",
        "lng": "118.765400",
        "members": 7,
        "grids": 2,
        "groups": 3,
        "working_groups": ["民政事务组", "社会保障组", "综合治理组", "城市管理组"],
        "working_committees": ["人民调解委员会", "社会组织培育委员会", "居民议事委员会"],
    },
    {
        "code": "003",
        "name": "梅园社区",
        "model": "xuanwu",
        "structure": Community.Structure.PARTY_COMMITTEE,
        "household_count": 1180,
        "multi_ethnic": False,
        "address": "梅园新村9号",
        "lat": "32.049800",
        "lng": "118.806600",
        "members": 5,
        "grids": 4,
        "groups": 5,
        "working_groups": [],
        "working_committees": ["人民调解委员会", "文体活动委员会", "公益慈善委员会"],
    },
    {
        "code": "004",
        "name": "和平社区",
        "model": "hefei",
        "structure": Community.Structure.PARTY_COMMITTEE_STATION,
        "household_count": 480,
        "multi_ethnic": False,
        "address": "和平路88号",
        "lat": "32.041200",
        "lng": "118.783900",
        "members": 6,
        "grids": 2,
        "groups": 3,
        "working_groups": ["民政服务组", "养老服务组", "社会保障组"],
        "working_committees": ["人民调解委员会", "公共卫生委员会", "老年协会"],
    },
]

STREET_STATION_GROUPS = ["一门受理窗口", "网格服务组", "社会保障组", "综治维稳组"]

DEPARTMENTS = [
    ("civil-affairs", "区民政局"),
    ("human-resources", "区人力资源和社会保障局"),
    ("public-security", "区公安分局"),
    ("health", "区卫生健康委员会"),
    ("justice", "区司法局"),
]

# Cadres each community receives: (department code, post, duties, office hours)
CADRES = [
    ("public-security", "社区民警", "治安防范、户籍协查、矛盾化解", "周一至周五 9:00-11:30"),
    ("justice", "驻社区法律顾问", "法律咨询、人民调解指导", "每周三 14:00-17:00"),
    ("health", "家庭医生", "签约服务、慢病随访、健康宣教", "周二、周四 8:30-11:30"),
]

COMMUNITY_POSITIONS = [
    ("社区党委书记", Staff.Employment.CIVIL_SERVANT),
    ("服务站站长", Staff.Employment.SOCIAL_WORKER),
    ("社会保障专干", Staff.Employment.SOCIAL_WORKER),
    ("民政专干", Staff.Employment.SOCIAL_WORKER),
    ("综治专干", Staff.Employment.SOCIAL_WORKER),
    ("网格员", Staff.Employment.CONTRACT),
]

# One demo log-in per role: (username, role, where, display name)
DEMO_USERS = [
    ("demo_street_admin", Role.STREET_ADMIN, "street", "街道管理员(演示)"),
    ("demo_street_staff", Role.STREET_STAFF, "street", "街道工作人员(演示)"),
    ("demo_department_staff", Role.DEPARTMENT_STAFF, "street", "区民政局干部(演示)"),
    ("demo_party_secretary", Role.PARTY_SECRETARY, "001", "青山社区党委书记(演示)"),
    ("demo_committee_member", Role.COMMITTEE_MEMBER, "002", "莫愁湖社区居委会委员(演示)"),
    ("demo_station_staff", Role.STATION_STAFF, "001", "青山社区服务站社工(演示)"),
    ("demo_grid_worker", Role.GRID_WORKER, "003/1", "梅园社区第一网格网格员(演示)"),
    ("demo_resident", Role.RESIDENT, "004", "和平社区居民(演示)"),
    ("demo_social_org_contact", Role.SOCIAL_ORG_CONTACT, "002", "彩虹社工服务中心联系人(演示)"),
    ("demo_care_provider", Role.CARE_PROVIDER, "004", "安康居家养老服务中心(演示)"),
]


SETUP_USERNAME = "gongzhi_setup"


def setup_account():
    """The superuser the demo's set-up acts as (its audit entries name it); it cannot log in."""
    user, created = get_user_model().objects.get_or_create(
        username=SETUP_USERNAME,
        defaults={"display_name": "系统初始化(演示)", "is_superuser": True, "is_staff": True},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _snake(model) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", model.__name__).lower()


def _record_action(model, verb: str):
    """org.actions' `do_<verb>_<noun>` of a plain record (`records()` makes them)."""
    return getattr(org_actions, f"do_{verb}_{_snake(model)}")


def _upsert(model, lookup: dict, values: dict, **related):
    """Find by natural key, set the values, save through org's actions as the set-up account."""
    obj = model.objects.filter(**lookup).first() or model(**lookup)
    verb = "create" if obj.pk is None else "update"
    changed = obj.pk is None
    for name, value in values.items():
        if getattr(obj, name, None) != value:
            setattr(obj, name, value)
            changed = True
    related = {
        name: values_
        for name, values_ in related.items()
        if obj.pk is None or set(getattr(obj, name).all()) != set(values_)
    }
    if changed or related:
        obj = _record_action(model, verb)(setup_account(), obj, **related)
    return obj


def _members(committee: ResidentsCommittee, spec: dict, fake: Faker) -> list[CommitteeMember]:
    """5-9 members; matched to existing demo members by order so a re-run updates them."""
    count = spec["members"]
    existing = list(committee.members.order_by("pk"))
    people = []
    for i in range(count):
        post = (
            CommitteeMember.Post.CHAIR
            if i == 0
            else CommitteeMember.Post.VICE_CHAIR
            if i == 1
            else CommitteeMember.Post.MEMBER
        )
        sex = "F" if i % 2 else "M"
        name = fake.unique.name_female() if sex == "F" else fake.unique.name_male()
        ethnicity = Ethnicity.HAN
        if spec["multi_ethnic"] and i == count - 1:
            ethnicity = Ethnicity.MONGOL
        elif spec["model"] == "xuanwu" and i == 3:
            ethnicity = Ethnicity.HUI
        # Baotou: chair and vice chair are on duty and paid.
        paid = i < 2
        fields = {
            "name": name,
            "post": post,
            "sex": sex,
            "ethnicity": ethnicity,
            "on_duty": i < 2,
            "paid": paid,
            "monthly_allowance": 3200 if i == 0 else 2800 if i == 1 else 0,
            "start_date": TERM_START,
            "end_date": None,
        }
        member = existing[i] if i < len(existing) else CommitteeMember(committee=committee)
        if member.pk is None or any(getattr(member, k) != v for k, v in fields.items()):
            for name, value in fields.items():
                setattr(member, name, value)
            verb = "update" if member.pk else "create"
            member = _record_action(CommitteeMember, verb)(setup_account(), member)
        people.append(member)
    for extra in existing[count:]:
        org_actions.do_delete_committee_member(setup_account(), extra)
    return people


def _community(street: Street, spec: dict, fake: Faker, departments: dict) -> Community:
    community = _upsert(
        Community,
        {"street": street, "code": spec["code"]},
        {
            "name": spec["name"],
            "structure": spec["structure"],
            "address": spec["address"],
            "household_count": spec["household_count"],
            "multi_ethnic": spec["multi_ethnic"],
            "center_lat": Decimal(spec["lat"]),
            "center_lng": Decimal(spec["lng"]),
        },
    )
    secretary = fake.name()
    _upsert(
        PartyCommittee,
        {"community": community},
        {"name": f"中共{community.name}委员会", "secretary_name": secretary},
    )
    committee = _upsert(
        ResidentsCommittee,
        {"community": community},
        {"name": f"{community.name}居民委员会", "duties_limited": spec["model"] == "jianye"},
        **(
            {"duties": list(CommitteeDuty.objects.filter(street=street))}
            if spec["model"] == "jianye"
            else {}
        ),
    )
    members = _members(committee, spec, fake)
    for j, name in enumerate(spec["working_committees"]):
        # Each working committee: a chair of the committee's members plus one more.
        chosen = [members[j % len(members)], members[(j + 2) % len(members)]]
        _upsert(WorkingCommittee, {"committee": committee, "name": name}, {}, members=chosen)

    station = None
    if community.has_station:
        station = _upsert(
            ServiceStation,
            {"community": community},
            {
                "street": street,
                "name": f"{community.name}管理服务站",
                "supervised_by_committee": True,
            },
        )
        for name in spec["working_groups"]:
            _upsert(WorkingGroup, {"station": station, "name": name}, {"duties": ""})

    for n in range(1, spec["groups"] + 1):
        _upsert(
            ResidentsGroup,
            {"community": community, "number": n},
            {"name": f"第{n}居民小组", "leader_name": fake.name()},
        )
    for n in range(1, spec["grids"] + 1):
        _upsert(
            Grid,
            {"community": community, "number": n},
            {"name": f"{community.name}第{n}网格", "household_norm": 300},
        )

    groups = list(station.working_groups.order_by("pk")) if station else []
    for k, (position, employment) in enumerate(COMMUNITY_POSITIONS):
        if station is None and "服务站" in position:
            position = "社区综合服务专干"  # Xuanwu: no station in the community
        _upsert(
            Staff,
            {"street": street, "community": community, "position": position},
            {
                "name": secretary if k == 0 else fake.name(),
                "sex": "M" if k % 2 == 0 else "F",
                "employment": employment,
                "station": station if k > 0 and station else None,
                "working_group": groups[k % len(groups)] if k > 0 and groups else None,
                "phone": fake.phone_number(),
                "active": True,
                "unit": None,
            },
        )
    for code, post, duties, hours in CADRES:
        _upsert(
            DispatchedCadre,
            {"community": community, "department": departments[code], "post": post},
            {
                "name": fake.name(),
                "duties": duties,
                "office_hours": hours,
                "start_date": datetime.date(2024, 3, 1),
                "end_date": None,
            },
        )
    return community


def _user(username: str, display_name: str, *, is_staff: bool = False):
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username)
    user.display_name = display_name
    user.is_active = True
    user.is_staff = is_staff
    if created or not user.has_usable_password():
        # Hashing is slow on purpose; a re-run keeps the password already set.
        user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def demo_actor(permission: str, place):
    """The first demo user whose role allows `permission` at `place`: the actor the demo's
    writes go through; None when nobody may yet."""
    users = get_user_model().objects.filter(
        username__startswith="demo_", is_active=True, is_superuser=False
    )
    for user in users.order_by("username"):
        if may(user, permission, place):
            return user
    return None


def _ensure_role(user, role, place, **kwargs) -> None:
    lookup = {"user": user, "role": role, "end_date__isnull": True}
    if isinstance(place, Grid):
        lookup["grid"] = place
    elif isinstance(place, Community):
        lookup["community"] = place
    else:
        lookup["street"] = place
    if RoleAssignment.objects.filter(**lookup).exists():
        return
    # The demo street's first admin is appointed by the set-up account (an installation starts
    # the same way, from a superuser); every later role is granted by that admin.
    grantor = demo_actor("org.add_roleassignment", place) or setup_account()
    org_actions.do_assign_role(grantor, place, user, role, **kwargs)


def load(stdout=None, *, seed: int = DEFAULT_SEED) -> Street:
    """Build (or bring back to its demo state) the demo street. Idempotent."""
    fake = Faker("zh_CN")
    fake.seed_instance(seed)

    street = _upsert(
        Street,
        {"division_code": STREET_CODE},
        {
            "name": "示范街道",
            "address": "示范路1号",
            "grid_household_norm": 300,
            "has_street_work_station": True,
            # Migrants on the voter register: the default rule (one year, no home consent).
            "migrant_residence_months": 12,
            "migrant_home_consent_required": False,
        },
    )
    for order, (name, duties) in enumerate(UNITS, start=1):
        _upsert(
            StreetUnit,
            {"street": street, "name": name},
            {"kind": StreetUnit.Kind.CENTRE, "duties": duties, "order": order},
        )
    for order, name in enumerate(JIANYE_DUTIES, start=1):
        _upsert(CommitteeDuty, {"street": street, "order": order}, {"name": name})
    departments = {
        code: _upsert(Department, {"code": code}, {"name": name, "level": "区"})
        for code, name in DEPARTMENTS
    }

    # Xuanwu: one work station for the whole street.
    street_station = _upsert(
        ServiceStation,
        {"street": street, "community": None},
        {"name": "示范街道社区工作站", "supervised_by_committee": False},
    )
    for name in STREET_STATION_GROUPS:
        _upsert(WorkingGroup, {"station": street_station, "name": name}, {"duties": ""})

    communities = {
        spec["code"]: _community(street, spec, fake, departments) for spec in COMMUNITIES
    }

    units = {u.name: u for u in street.units.all()}
    for unit_name, positions in [
        ("区域党建中心", ["主任", "党建组织员"]),
        ("民生服务中心", ["主任", "窗口受理员"]),
        ("城市管理中心", ["主任"]),
        ("综治中心", ["主任"]),
    ]:
        for position in positions:
            _upsert(
                Staff,
                {
                    "street": street,
                    "community": None,
                    "unit": units[unit_name],
                    "position": position,
                },
                {
                    "name": fake.name(),
                    "employment": Staff.Employment.CIVIL_SERVANT,
                    "phone": fake.phone_number(),
                    "active": True,
                },
            )

    care = _upsert(
        Provider,
        {"name": "安康居家养老服务中心"},
        {
            "kind": Provider.Kind.CARE,
            "contact_name": fake.name(),
            "contact_phone": fake.phone_number(),
        },
    )
    hospital = _upsert(
        Provider,
        {"name": "示范区第一人民医院"},
        {
            "kind": Provider.Kind.HOSPITAL,
            "contact_name": fake.name(),
            "contact_phone": fake.phone_number(),
        },
    )
    social = _upsert(
        Provider,
        {"name": "彩虹社工服务中心"},
        {
            "kind": Provider.Kind.SOCIAL,
            "contact_name": fake.name(),
            "contact_phone": fake.phone_number(),
        },
    )
    _upsert(
        CareCentre,
        {"community": communities["004"], "name": "和平社区居家养老服务中心"},
        {
            "operator": care,
            "partner_hospital": hospital,
            "contract_start": datetime.date(2025, 1, 1),
            "contract_end": datetime.date(2027, 12, 31),
        },
    )

    _demo_users(street, communities, departments, care, social)
    if stdout is not None:
        stdout.write(
            f"示范街道: {street.communities.count()} 个社区, "
            f"{Grid.objects.filter(community__street=street).count()} 个网格"
        )
    return street


def _demo_users(street, communities, departments, care, social) -> None:
    for username, role, where, display in DEMO_USERS:
        user = _user(username, display, is_staff=role == Role.STREET_ADMIN)
        kwargs = {}
        if where == "street":
            place = street
        elif "/" in where:
            code, number = where.split("/")
            place = Grid.objects.get(community=communities[code], number=int(number))
        else:
            place = communities[where]
        if role == Role.DEPARTMENT_STAFF:
            kwargs["department"] = departments["civil-affairs"]
        elif role == Role.CARE_PROVIDER:
            kwargs["provider"] = care
        elif role == Role.SOCIAL_ORG_CONTACT:
            kwargs["provider"] = social
        _ensure_role(user, role, place, **kwargs)
        if role == Role.STREET_ADMIN:
            TOTPDevice.objects.update_or_create(
                user=user,
                name="demo",
                defaults={"key": DEMO_TOTP_KEY, "confirmed": True},
            )


def demo_logins() -> list[tuple[str, str, str]]:
    """(username, role, place) of every demo log-in, for the command's table."""
    rows = []
    assignments = (
        RoleAssignment.objects.active()
        .filter(user__username__startswith="demo_")
        .exclude(user__username__startswith="demo_gw_")  # one per grid: summed up in a line
        .select_related("user", "street", "community", "grid", "grid__community")
        .order_by("user__username")
    )
    for a in assignments:
        rows.append((a.user.username, a.get_role_display(), str(a.place)))
    return rows


def _waiting(username: str) -> str:
    """What the log-in's workbench shows waiting (its to-do cards with a count), in Chinese."""
    user = get_user_model()._default_manager.filter(username=username).first()
    with translation.override("zh-hans"):
        return " · ".join(f"{todo.label} {n}" for todo, n in workbench_for(user) if n)


def report(stdout, style) -> None:
    """The demo log-ins, printed by `gongzhi demo` after every app has loaded."""
    rows = demo_logins()
    stdout.write("")
    stdout.write(style.SUCCESS(f"演示账号 / demo log-ins (密码 password: {DEMO_PASSWORD})"))
    width = max((len(r[0]) for r in rows), default=10) + 2
    stdout.write(f"{'用户名 username':<{width}}角色 role / 位置 place")
    for username, role, place in rows:
        stdout.write(f"{username:<{width}}{role} · {place}")
        waiting = _waiting(username)
        if waiting:
            stdout.write(f"{'':<{width}}待办 waiting: {waiting}")
    grid_workers = (
        RoleAssignment.objects.active()
        .filter(role=Role.GRID_WORKER, user__username__startswith="demo_gw_")
        .count()
    )
    if grid_workers:
        stdout.write(
            f"另有 {grid_workers} 名网格员 / {grid_workers} more grid workers: "
            "demo_gw_<社区 community>_<网格 grid>, e.g. demo_gw_001_01"
        )
    stdout.write(
        "demo_street_admin 需要动态口令 (TOTP), 当前口令: gongzhi otp-code demo_street_admin\n"
        "demo_street_admin needs a TOTP code; get the current one with "
        "`gongzhi otp-code demo_street_admin`."
    )
