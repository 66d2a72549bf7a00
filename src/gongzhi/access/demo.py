"""Demo data of the access system for the demo street (示范街道), after org and registry.

- The admitted-affairs list in the Beijing Xicheng style: 56 residents'-committee items and
  47 service-station items, each with its category, requiring department and validity.
- Applications in every state (draft, submitted and overdue, in review, returned, rejected,
  approved with an override, admitted), through access.actions, each step taken by the demo
  user whose role allows it there (as a person would).
- Tasks: admitted ones, unadmitted requests (some refused), and the Jianye classification
  of old tasks (returned to departments, moved to the station, kept with people and money).
- Funds due and transferred; ledgers (cancelled / merged / kept / generated); plaques with
  one community over the limit.
Idempotent: nothing is loaded twice (the list is the marker).
"""

import datetime
import functools
from decimal import Decimal

from django.contrib.auth import get_user_model

from gongzhi.access import actions
from gongzhi.access.models import (
    AccessPolicy,
    AdmittedAffair,
    Application,
    Body,
    CommunityTask,
    FundAccount,
    Ledger,
    Plaque,
)
from gongzhi.access.queries import may_decide
from gongzhi.core.actions import may
from gongzhi.org.demo import STREET_CODE
from gongzhi.org.models import Community, Department, Street
from gongzhi.org.scoping import is_department_only

# (category, item) — residents' committee: self-government and assisting duties.
COMMITTEE_ITEMS = [
    ("自治管理", "召集和主持居民会议、居民代表会议"),
    ("自治管理", "制定和修订居民公约、自治章程"),
    ("自治管理", "组织居委会换届选举及补选"),
    ("自治管理", "居务公开与民主评议"),
    ("自治管理", "居民小组长、楼门长推选与管理"),
    ("自治管理", "居民议事协商(议事厅)"),
    ("自治管理", "培育和扶持社区社会组织"),
    ("自治管理", "社区志愿者招募与服务记录"),
    ("自治管理", "收集和反映居民意见建议"),
    ("自治管理", "监督社区服务站工作"),
    ("自治管理", "协调物业服务企业与业主关系"),
    ("自治管理", "指导业主大会、业主委员会成立"),
    ("自治管理", "老旧小区自治管理委员会组建"),
    ("自治管理", "社区公益金(微基金)使用协商"),
    ("自治管理", "社区居民公约执行情况评议"),
    ("自治管理", "居民自治项目(公益创投)申报"),
    ("人民调解", "民间纠纷排查与调解"),
    ("人民调解", "邻里矛盾化解与回访"),
    ("人民调解", "人民调解员选任与培训"),
    ("人民调解", "调解协议登记与履行督促"),
    ("治安保卫", "群防群治队伍组织"),
    ("治安保卫", "协助开展平安社区创建"),
    ("治安保卫", "协助做好防范电信网络诈骗宣传"),
    ("治安保卫", "协助开展反邪教宣传"),
    ("治安保卫", "协助社区矫正对象日常帮教"),
    ("治安保卫", "协助做好安置帮教工作"),
    ("治安保卫", "重点时段巡逻值守组织"),
    ("公共卫生", "爱国卫生运动组织"),
    ("公共卫生", "协助开展病媒生物防制"),
    ("公共卫生", "健康知识普及与宣传"),
    ("公共卫生", "协助开展无偿献血动员"),
    ("公共卫生", "协助做好突发公共卫生事件应对"),
    ("公共卫生", "垃圾分类宣传与桶前值守组织"),
    ("公共卫生", "环境卫生整治居民动员"),
    ("群众文化", "社区文化活动组织"),
    ("群众文化", "群众文体团队培育"),
    ("群众文化", "传统节日主题活动"),
    ("群众文化", "社区书屋管理与全民阅读推广"),
    ("群众文化", "文明家庭、好邻居评选推荐"),
    ("群众文化", "新时代文明实践活动组织"),
    ("协助政府", "协助开展人口普查、经济普查等国家统计调查"),
    ("协助政府", "协助开展征兵宣传与兵役登记"),
    ("协助政府", "协助做好拥军优属工作"),
    ("协助政府", "协助开展国防教育"),
    ("协助政府", "协助开展防灾减灾宣传与演练"),
    ("协助政府", "协助开展消防安全宣传"),
    ("协助政府", "协助做好城市管理问题发现报告"),
    ("协助政府", "协助开展文明城区创建动员"),
    ("协助政府", "协助做好未成年人保护和关爱"),
    ("协助政府", "协助做好妇女儿童权益维护"),
    ("协助政府", "协助开展普法宣传"),
    ("协助政府", "协助做好民族团结进步创建"),
    ("协助政府", "协助做好困难群众走访慰问"),
    ("协助政府", "协助做好独居老人探访关爱"),
    ("协助政府", "协助做好防汛应急转移组织"),
    ("协助政府", "协助开展食品安全宣传"),
]

# Service station: government services delegated to the community (一站式办结).
STATION_ITEMS = [
    ("社会救助", "最低生活保障申请受理与入户调查", "civil-affairs"),
    ("社会救助", "特困人员供养申请受理", "civil-affairs"),
    ("社会救助", "临时救助申请受理", "civil-affairs"),
    ("社会救助", "低收入家庭认定申请受理", "civil-affairs"),
    ("社会救助", "医疗救助申请初审", "civil-affairs"),
    ("社会救助", "教育救助申请受理", "civil-affairs"),
    ("社会救助", "住房救助(廉租住房)申请受理", "civil-affairs"),
    ("社会救助", "社会救助对象动态复核", "civil-affairs"),
    ("养老服务", "高龄津贴申领受理", "civil-affairs"),
    ("养老服务", "老年人优待证办理", "civil-affairs"),
    ("养老服务", "居家养老服务补贴申请", "civil-affairs"),
    ("养老服务", "老年人能力评估申请受理", "civil-affairs"),
    ("养老服务", "失能老年人护理补贴申请", "civil-affairs"),
    ("养老服务", "养老助餐服务登记", "civil-affairs"),
    ("残疾人服务", "残疾人证申领初审", "civil-affairs"),
    ("残疾人服务", "残疾人两项补贴申请受理", "civil-affairs"),
    ("残疾人服务", "残疾人辅助器具适配申请", "civil-affairs"),
    ("残疾人服务", "残疾人居家托养服务申请", "civil-affairs"),
    ("残疾人服务", "残疾人就业登记", "human-resources"),
    ("就业社保", "失业登记", "human-resources"),
    ("就业社保", "就业困难人员认定申请", "human-resources"),
    ("就业社保", "城乡居民基本养老保险参保登记", "human-resources"),
    ("就业社保", "城乡居民医疗保险参保登记", "human-resources"),
    ("就业社保", "灵活就业人员社保补贴申请", "human-resources"),
    ("就业社保", "退休人员社会化管理服务", "human-resources"),
    ("就业社保", "社会保障卡申领受理", "human-resources"),
    ("就业社保", "职业技能培训报名", "human-resources"),
    ("就业社保", "公益性岗位申请", "human-resources"),
    ("卫生健康", "生育登记服务", "health"),
    ("卫生健康", "计划生育特殊家庭扶助申请", "health"),
    ("卫生健康", "独生子女父母奖励申请", "health"),
    ("卫生健康", "家庭医生签约服务登记", "health"),
    ("卫生健康", "流动人口婚育证明办理", "health"),
    ("退役军人", "退役军人信息采集", "civil-affairs"),
    ("退役军人", "优抚对象抚恤补助申请", "civil-affairs"),
    ("退役军人", "光荣牌悬挂登记", "civil-affairs"),
    ("人口管理", "居住证申领受理", "public-security"),
    ("人口管理", "流动人口居住登记", "public-security"),
    ("人口管理", "出租房屋信息登记", "public-security"),
    ("司法服务", "法律援助申请转交", "justice"),
    ("司法服务", "公共法律服务咨询", "justice"),
    ("民政事务", "殡葬惠民补贴申请", "civil-affairs"),
    ("民政事务", "困境儿童基本生活保障申请", "civil-affairs"),
    ("民政事务", "孤儿基本生活费申请", "civil-affairs"),
    ("民政事务", "慈善救助项目转介", "civil-affairs"),
    ("综合服务", "各类证明材料代办转办", "civil-affairs"),
    ("综合服务", "便民服务事项咨询与导办", "civil-affairs"),
]

LEDGERS = [
    # (category, name, department code, decision, generated, hours per month)
    ("民政", "低保对象管理台帐", "civil-affairs", "kept", "dibao", 6),
    ("民政", "高龄老人(80周岁以上)台帐", "civil-affairs", "kept", "elderly80", 4),
    ("残联", "残疾人基本情况台帐", "civil-affairs", "kept", "disability", 4),
    ("退役军人", "退役军人及优抚对象台帐", "civil-affairs", "kept", "veteran", 3),
    ("城市管理", "创建文明城市工作台帐", "civil-affairs", "cancelled", "", 10),
    ("城市管理", "创建国家卫生城市台帐", "health", "merged", "", 8),
    ("城市管理", "爱国卫生运动台帐", "health", "kept", "", 4),
    ("党建", "党员活动日签到台帐(纸质)", "", "cancelled", "", 3),
    ("综治", "综治维稳月报台帐", "public-security", "merged", "", 6),
    ("综治", "平安建设工作台帐", "public-security", "kept", "", 5),
    ("综治", "禁毒工作台帐", "public-security", "cancelled", "", 3),
    ("综治", "反邪教工作台帐", "public-security", "cancelled", "", 2),
    ("计生", "计划生育月报台帐", "health", "cancelled", "", 6),
    ("计生", "流动人口计生台帐", "health", "cancelled", "", 4),
    ("统计", "各类统计调查底册", "", "cancelled", "", 5),
    ("文化", "文化活动记录台帐", "", "cancelled", "", 3),
    ("司法", "人民调解工作台帐", "justice", "kept", "", 3),
    ("司法", "普法宣传台帐", "justice", "cancelled", "", 2),
    ("安全生产", "安全生产检查台帐", "", "cancelled", "", 4),
    ("劳动保障", "就业再就业台帐", "human-resources", "pending", "", 4),
]


def load(stdout=None, *, seed: int = 2026):
    _demo_users.cache_clear()  # this run's users (a test may load several times)
    street = Street.objects.filter(division_code=STREET_CODE).first()
    if street is None:
        if stdout is not None:
            stdout.write("access demo: the demo street is missing (run org's demo first); skipped")
        return None
    if AdmittedAffair.objects.filter(street=street).exists():
        if stdout is not None:
            stdout.write("准入清单: unchanged")
        return street
    AccessPolicy.objects.get_or_create(street=street)
    actions.review_levels(street)
    departments = {d.code: d for d in Department.objects.all()}
    civil = departments.get("civil-affairs") or Department.objects.first()
    communities = list(Community.objects.filter(street=street).order_by("code"))
    listed = datetime.date(2025, 1, 1)
    until = datetime.date(2027, 12, 31)
    for n, (category, name) in enumerate(COMMITTEE_ITEMS, start=1):
        AdmittedAffair.objects.create(
            street=street,
            number=n,
            name=name,
            body=Body.COMMITTEE,
            category=category,
            department=civil if category == "协助政府" else None,
            valid_from=listed,
            valid_until=until,
        )
    station_affairs = []
    for n, (category, name, code) in enumerate(STATION_ITEMS, start=1):
        station_affairs.append(
            AdmittedAffair.objects.create(
                street=street,
                number=n,
                name=name,
                body=Body.STATION,
                category=category,
                department=departments.get(code, civil),
                valid_from=listed,
                valid_until=until,
            )
        )
    _applications(street, civil, departments, communities)
    _tasks_and_funds(street, station_affairs, communities, departments, civil)
    for category, name, code, _decision, generated, hours in LEDGERS:
        Ledger.objects.create(
            street=street,
            name=name,
            category=category,
            department=departments.get(code),
            generated=generated,
            hours_per_month=Decimal(hours),
        )
    ledgers = {lg.name: lg for lg in Ledger.objects.filter(street=street)}
    for _category, name, code, decision, _generated, _hours in LEDGERS:
        if decision == "merged":
            target = (
                ledgers["爱国卫生运动台帐"] if code == "health" else ledgers["平安建设工作台帐"]
            )
            actions.do_decide_ledger(
                _actor("access.change_ledger", street), ledgers[name], decision, merged_into=target
            )
        elif decision != "pending":
            actions.do_decide_ledger(
                _actor("access.change_ledger", street), ledgers[name], decision
            )
    for community in communities:
        short = community.name.removesuffix("社区")
        for kind, text in [
            ("party", f"中共{community.name}委员会"),
            ("committee", f"{community.name}居民委员会"),
            ("name", community.name),
        ]:
            Plaque.objects.create(
                community=community, kind=kind, name=text, hung_on=datetime.date(2022, 1, 1)
            )
        if short in ("梅园",):
            Plaque.objects.create(
                community=community,
                kind="other",
                name=f"{community.name}创建文明城市工作站",
                department=civil,
                hung_on=datetime.date(2023, 5, 1),
            )
    if stdout is not None:
        stdout.write(
            f"准入清单: {len(COMMITTEE_ITEMS)} 项居委会事项, {len(STATION_ITEMS)} 项服务站事项"
        )
    return street


@functools.cache
def _demo_users() -> tuple:
    """The demo users in the order `_actor` tries them, read once per load (their roles do
    not change while this demo runs; each keeps its own role cache): street staff first, as
    a department acts only for itself (the demo files for several)."""
    users = get_user_model().objects.filter(username__startswith="demo_", is_active=True)
    return tuple(sorted(users, key=lambda u: (is_department_only(u), u.username)))


def _actor(permission: str, place, *, decides=None):
    """The first demo user (org's demo) whose role allows `permission` at `place` (and who
    decides at the application's current level); None when nobody does."""
    for user in _demo_users():
        if may(user, permission, place) and (decides is None or may_decide(user, decides)):
            return user
    return None


def _submit(app, **kw):
    return actions.do_submit(_actor("access.submit_application", app), app, **kw)


def _decide(app, decision, **kw):
    app = Application.objects.get(pk=app.pk)  # the level it has reached now
    actor = _actor("access.review_application", app, decides=app)
    return actions.do_decide(actor, app, decision, **kw)


def _app(street, department, communities, title, **kw):
    today = datetime.date.today()
    data = dict(
        street=street,
        department=department,
        title=title,
        content=kw.pop("content", title),
        legal_basis=kw.pop("legal_basis", "《中华人民共和国城市居民委员会组织法》第二十条"),
        body=kw.pop("body", Body.STATION),
        start_date=today + datetime.timedelta(days=90),
        end_date=today + datetime.timedelta(days=455),
        hours_per_month=Decimal(kw.pop("hours", 8)),
        funding=Application.Funding.PROVIDED,
        funding_per_community=Decimal("30000.00"),
        funding_source="区财政专项资金",
        personnel=Application.Personnel.SENT,
        personnel_count=1,
        personnel_note="部门派驻专员1名",
        service_support="业务培训2次; 配发移动终端; 开通业务系统账号",
        task_definition=kw.pop("task", title),
    )
    data.update(kw)
    return actions.do_create_application(
        _actor("access.add_application", street), Application(**data), communities
    )


def _applications(street, civil, departments, communities):
    hr = departments.get("human-resources", civil)
    health = departments.get("health", civil)
    police = departments.get("public-security", civil)
    _app(street, civil, communities, "社区养老服务需求摸底调查", task="每半年入户摸底一次")  # draft
    a = _submit(_app(street, hr, communities[:2], "就业困难人员帮扶台帐核实"))
    a = _submit(
        _app(
            street,
            health,
            communities,
            "家庭医生签约率季度核查",
            funding=Application.Funding.NONE,
            funding_per_community=None,
            funding_source="",
        )
    )
    a = _submit(_app(street, police, communities[:3], "出租房屋安全隐患排查"))
    _decide(a, "approve", reason="符合四个同步")
    a = _submit(
        _app(
            street,
            civil,
            communities[1:],
            "社区社会组织年度统计",
            personnel=Application.Personnel.NONE,
            personnel_count=None,
            personnel_note="",
        )
    )
    _decide(a, "return", reason="请明确部门派员或说明由服务站承接的人员安排")
    a = _submit(
        _app(
            street,
            health,
            communities,
            "创卫迎检入户宣传资料发放",
            funding=Application.Funding.NONE,
            funding_per_community=None,
            funding_source="",
            personnel=Application.Personnel.NONE,
            personnel_count=None,
            personnel_note="",
        )
    )
    _decide(a, "reject", reason="属于部门自身职责, 不得转嫁社区")
    a = _submit(
        _app(
            street,
            civil,
            communities,
            "困境儿童关爱保护巡访",
            body=Body.COMMITTEE,
            funding=Application.Funding.NONE,
            funding_per_community=None,
            funding_source="",
        )
    )
    _decide(a, "approve", override_reason="未成年人保护法规定的法定职责, 经费纳入下年度预算")
    _decide(a, "approve", reason="同意", override_reason="法定职责, 街道领导班子同意特批")
    a = _submit(_app(street, civil, communities, "老年人能力综合评估入户协助"))
    _decide(a, "approve")
    _decide(a, "approve")
    actions.do_admit(_actor("access.admit_application", a), a)
    # One decision overdue: submitted long ago (back-dated as a migration of paper records).
    old = _app(street, hr, communities[:1], "城乡居民养老保险待遇资格认证协助")
    _submit(old, today=datetime.date.today() - datetime.timedelta(days=200))


def _tasks_and_funds(street, station_affairs, communities, departments, civil):
    today = datetime.date.today()
    for affair in station_affairs[:6]:
        actions.do_assign_task(
            _actor("access.assign_task", affair),
            affair,
            communities,
            title=f"{affair.name}(本月)",
            due_date=today + datetime.timedelta(days=20),
        )
    unadmitted = [
        ("上报辖区商户消防检查记录", "public-security"),
        ("创城迎检入户宣传(临时)", "civil-affairs"),
        ("统计辖区宠物犬只数量", "public-security"),
        ("填报社区文化设施问卷", ""),
        ("组织居民参加区运动会方阵", ""),
        ("协助核查企业注册地址", "human-resources"),
    ]
    for i, (title, code) in enumerate(unadmitted):
        community = communities[i % len(communities)]
        task = actions.do_record_unadmitted_task(
            _actor("access.add_communitytask", community),
            community,
            title=title,
            department=departments.get(code),
        )
        refuser = _actor("access.refuse_task", task)
        if i % 2 == 0 and refuser is not None:  # refused where a demo user works there
            actions.do_refuse_task(refuser, task, reason="不在准入清单内")
    # Jianye: old tasks classified — returned, moved to the station, kept with people and money.
    legacy = [
        ("协助征收城市维护费", "returned"),
        ("企业安全生产检查", "returned"),
        ("计划生育月报", "returned"),
        ("户外广告巡查", "returned"),
        ("低保入户调查", "station"),
        ("高龄津贴受理", "station"),
        ("居住证受理", "station"),
        ("社区矫正帮教", "kept"),
        ("社区民警驻点", "kept"),
        ("家庭医生签约", "kept"),
    ]
    for i, (title, disposition) in enumerate(legacy):
        community = communities[i % len(communities)]
        task = actions.do_record_unadmitted_task(
            _actor("access.add_communitytask", community), community, title=title
        )
        actions.do_classify_task(_actor("access.classify_task", task), task, disposition)
    for i, affair in enumerate(station_affairs[:8]):
        for j, community in enumerate(communities):
            account = actions.do_set_fund_due(
                _actor("access.add_fundaccount", affair),
                affair,
                community,
                Decimal(20000 + 5000 * (i % 3)),
            )
            if (i + j) % 3 != 0:
                actions.do_record_transfer(
                    _actor("access.add_fundtransfer", account),
                    account,
                    date=today - datetime.timedelta(days=30 + i),
                    amount=account.amount_due / 2,
                    voucher=f"QK-{today.year}-{i:02d}{j:02d}",
                )
    assert FundAccount.objects.filter(community__street=street).exists()
    assert CommunityTask.objects.filter(community__street=street).exists()
