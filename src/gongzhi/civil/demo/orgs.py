"""Demo part `orgs` of civil: about 40 social organizations of the demo street across the three
kinds, both legal statuses and every incubation stage, with members from the registry, the
support given, annual assessments, contact accounts (demo_social_org_contact manages
彩虹社工服务中心) and residents' leaders of buildings, groups and organizations — all through
civil's actions, by the demo street's own people (org.demo.demo_actor). Skipped when the
street already has organizations."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone
from stdnum.cn import uscc

from gongzhi.civil.actions import leaders as leader_actions
from gongzhi.civil.actions import orgs as actions
from gongzhi.civil.choices import Grade, LeaderKind, LegalStatus, OrgKind, Stage, SupportKind
from gongzhi.civil.models import Assessment, Leader, Membership, Organization, Support
from gongzhi.org.demo import demo_actor
from gongzhi.org.models import Street
from gongzhi.registry.choices import ResidentStatus
from gongzhi.registry.models import Building, Resident

DEMO_STREET_CODE = "320102009000"  # org.demo.STREET_CODE
CONTACT = "demo_social_org_contact"
CONTACT_ORG = "彩虹社工服务中心"

NAMES = {
    OrgKind.ASSOCIATION: [
        "舞蹈队",
        "合唱团",
        "书画社",
        "太极拳协会",
        "象棋俱乐部",
        "摄影协会",
        "读书会",
        "京剧票友会",
        "乒乓球队",
        "手工编织社",
        "模特队",
        "健步走协会",
        "花卉种植社",
        "葫芦丝乐团",
    ],
    OrgKind.VOLUNTEER: [
        "邻里互助队",
        "平安巡逻队",
        "环保志愿队",
        "助老志愿服务队",
        "青年志愿者协会",
        "文明劝导队",
        "义务理发队",
        "法律援助志愿队",
        "家电义修队",
        "垃圾分类督导队",
        "关爱留守儿童志愿队",
        "心理疏导志愿队",
        "红色宣讲团",
    ],
    OrgKind.SOCIAL_WORK: [
        "彩虹社工服务中心",
        "阳光社会工作服务社",
        "安心家庭服务中心",
        "启明青少年社工事务所",
        "仁爱养老服务社",
        "同心社区发展中心",
        "和睦调解服务中心",
        "春晖残障服务中心",
        "益邻社会工作服务社",
        "善水公益服务中心",
        "晨曦心理服务社",
        "暖心助残服务社",
        "乐龄社会工作服务中心",
    ],
}
# The incubation stage each organization ends in, in turn: every stage is there.
STAGES = [
    Stage.NONE, Stage.INCUBATING, Stage.GRADUATED, Stage.APPLIED, Stage.INCUBATING,
    Stage.GRADUATED, Stage.NONE, Stage.WITHDRAWN, Stage.GRADUATED, Stage.INCUBATING,
]  # fmt: skip
PATH = {
    Stage.NONE: [],
    Stage.APPLIED: ["apply"],
    Stage.INCUBATING: ["apply", "admit"],
    Stage.GRADUATED: ["apply", "admit", "graduate"],
    Stage.WITHDRAWN: ["apply", "admit", "withdraw"],
}
GROUPS = ["广场舞队", "太极拳队", "邻里守望小组", "楼道美化小组", "老年读书小组", "亲子活动小组"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林"
GIVEN = ["秀英", "建国", "丽华", "志强", "桂兰", "海燕", "玉梅", "国平", "雪梅", "文斌"]


def credit_code(i: int) -> str:
    """A registered organization's code (民政 5, social organization 3; the check digit
    computed): unique per organization — already in the first 12 characters, which a
    test that appends to every text field keeps — never the API's example."""
    base = f"53{320100 + i:06d}MJ{i:06d}X"
    return base + uscc.calc_check_digit(base)


def _phone(rng: random.Random) -> str:
    return f"139{rng.randint(10000000, 99999999)}"


def load(stdout=None, seed: int = 2026) -> None:
    street = Street.objects.filter(division_code=DEMO_STREET_CODE).first()
    if street is None or Organization.objects.filter(street=street).exists():
        return
    rng = random.Random(seed)
    admin = demo_actor("civil.change_incubation", street)
    if admin is None:
        return
    communities = list(street.communities.order_by("code"))
    if not communities:
        return
    residents = {
        c.pk: list(
            Resident.objects.filter(community=c, status=ResidentStatus.ACTIVE)
            .select_related("household")
            .order_by("pk")[:300]
        )
        for c in communities
    }
    contact = get_user_model().objects.filter(username=CONTACT).first()
    today = timezone.localdate()
    orgs = []
    i = 0
    for kind in NAMES:
        for name in NAMES[kind]:
            i += 1
            orgs.append(_organization(admin, street, communities, residents, rng, kind, name, i))
    for org, stage in zip(orgs, STAGES * (len(orgs) // len(STAGES) + 1), strict=False):
        if org.name == CONTACT_ORG:
            stage = Stage.GRADUATED
            if contact is not None:
                actions.do_set_accounts(admin, org, [contact])
        _incubate(admin, org, stage, rng, today)
        _members(admin, org, residents, rng)
    _leaders(street, communities, residents, orgs, rng)
    _demo_resident_leads(street)
    if stdout is not None:
        stdout.write(
            f"civil: {len(orgs)} organizations, {Membership.objects.filter(organization__street=street).count()} "
            f"members, {Leader.objects.filter(community__street=street).count()} leaders"
        )


def _organization(admin, street, communities, residents, rng, kind, name, i) -> Organization:
    # About a third street-wide (the social-work centres mostly), the rest of one community.
    community = (
        None if (kind == OrgKind.SOCIAL_WORK and i % 3) else communities[i % len(communities)]
    )
    if name == CONTACT_ORG:
        community = next((c for c in communities if c.code == "002"), communities[0])
    full = name if community is None or kind == OrgKind.SOCIAL_WORK else f"{community.name}{name}"
    registered = kind == OrgKind.SOCIAL_WORK or (kind == OrgKind.VOLUNTEER and i % 2 == 0)
    people = residents.get(community.pk if community else communities[0].pk) or []
    leader = rng.choice(people) if people else None
    founded = datetime.date(rng.randint(2008, 2025), rng.randint(1, 12), rng.randint(1, 28))
    org = Organization(
        street=street,
        community=community,
        name=full,
        kind=kind,
        legal_status=LegalStatus.REGISTERED if registered else LegalStatus.FILED,
        credit_code=credit_code(i) if registered else "",
        filing_number="" if registered else f"青山街备〔{founded.year}〕{i:03d}号",
        founded_on=founded,
        description=f"{full}，{ {'association': '丰富居民文体生活', 'volunteer': '组织居民志愿服务', 'social_work': '提供专业社会工作服务'}[kind] }。",
        leader=leader,
        contact_name=leader.name if leader else rng.choice(SURNAMES) + rng.choice(GIVEN),
        contact_phone=_phone(rng),
        places=rng.choice(["社区活动室", "党群服务中心二楼", "小区广场", "街道社会组织孵化基地"]),
        active=True,
    )
    return actions.do_create_organization(admin, org)


def _incubate(admin, org, stage, rng, today) -> None:
    for step in PATH[stage]:
        note = "负责人工作调动，暂停活动" if step == "withdraw" else ""
        actions.STEP_ACTIONS[step](admin, org, note)
    if stage in (Stage.INCUBATING, Stage.GRADUATED):
        kinds = [SupportKind.SPACE, SupportKind.MONEY, SupportKind.TRAINING]
        for kind in rng.sample(kinds, rng.randint(1, 3)):
            actions.do_add_support(
                admin,
                Support(
                    organization=org,
                    kind=kind,
                    given_on=today - datetime.timedelta(days=rng.randint(30, 600)),
                    description={
                        "space": "孵化基地工位及活动室使用",
                        "money": "公益创投启动资金",
                        "training": "社会组织能力建设培训",
                    }[kind],
                    amount=Decimal(rng.choice([3000, 5000, 8000, 10000]))
                    if kind == "money"
                    else None,
                ),
            )
        years = [today.year - 1] + ([today.year - 2] if stage == Stage.GRADUATED else [])
        if rng.random() < 0.4:
            years.append(today.year)
        for year in years:
            score = Decimal(rng.randint(55, 98))
            grade = (
                Grade.EXCELLENT if score >= 90 else Grade.GOOD if score >= 75 else
                Grade.PASS if score >= 60 else Grade.FAIL
            )  # fmt: skip
            actions.do_assess(
                admin, Assessment(organization=org, year=year, score=score, grade=grade)
            )


def _members(admin, org, residents, rng) -> None:
    people = residents.get(org.community_id) if org.community_id else None
    if people is None:
        people = [r for group in residents.values() for r in group[:40]]
    for resident in rng.sample(people, min(len(people), rng.randint(4, 12))):
        actions.do_add_member(
            admin,
            Membership(organization=org, resident=resident, joined_on=org.founded_on),
        )
    for _ in range(rng.randint(0, 2)):
        actions.do_add_member(
            admin,
            Membership(organization=org, name=rng.choice(SURNAMES) + rng.choice(GIVEN)),
        )


def _leaders(street, communities, residents, orgs, rng) -> None:
    for community in communities:
        actor = demo_actor("civil.add_leader", community)
        people = residents.get(community.pk) or []
        if actor is None or len(people) < 10:
            continue
        pool = rng.sample(people, min(len(people), 30))
        buildings = list(Building.objects.filter(community=community).order_by("pk")[:6])
        for building in buildings:
            living = [r for r in pool if r.household_id and r.household.building_id == building.pk]
            head = living[0] if living else pool.pop()
            leader_actions.do_recognize_leader(
                actor,
                Leader(resident=head, kind=LeaderKind.BUILDING_HEAD, building=building),
            )
        for group in rng.sample(GROUPS, 3):
            leader_actions.do_recognize_leader(
                actor,
                Leader(resident=pool.pop(), kind=LeaderKind.RESIDENT_LEADER, group_name=group),
            )
        for org in [o for o in orgs if o.community_id == community.pk][:3]:
            leader_actions.do_recognize_leader(
                actor,
                Leader(resident=pool.pop(), kind=LeaderKind.VOLUNTEER_CORE, organization=org),
            )


# --- leaders' activities ---
DEMO_GROUP = "楼道志愿小组"


def _demo_resident_leads(street) -> None:
    """The demo resident leads a group of their community (to post activities for it and
    register who came, on the phone and through the API)."""
    own = Resident.objects.filter(
        account__username="demo_resident", community__street=street
    ).first()
    if own is None:
        return
    actor = demo_actor("civil.add_leader", own.community)
    if actor is not None:
        leader_actions.do_recognize_leader(
            actor, Leader(resident=own, kind=LeaderKind.RESIDENT_LEADER, group_name=DEMO_GROUP)
        )
