"""Demo: the service menu of a community service station — 74 government service items in
their categories (Jianye: the station takes over 74 items from the departments), with
materials, extra form fields and time limits; an Open311 key; a few requests and opinions."""

from django.contrib.auth import get_user_model
from django.db import transaction

from gongzhi.org.demo import STREET_CODE
from gongzhi.org.models import Community, Department, Street
from gongzhi.registry.models import Resident
from gongzhi.services import actions
from gongzhi.services.models import Category, ItemField, Opinion, ServiceItem, ServiceRequest

S, C, D = ServiceItem.Place.STATION, ServiceItem.Place.STREET_CENTRE, ServiceItem.Place.DEPARTMENT
ID = "居民身份证"
HK = "户口簿"
PHOTO = "近期一寸免冠照片"

# category → department code, [(name, days, place, delegated, fee, online, materials)]
MENU = [
    (
        "居住证",
        "public-security",
        [
            ("居住登记", 1, S, True, 0, True, [ID, "租房合同或房产证明"]),
            ("居住证申领", 15, C, False, 0, True, [ID, PHOTO, "居住登记凭证", "就业或就学证明"]),
            ("居住证签注", 1, S, True, 0, True, ["居住证", "连续居住证明"]),
            ("居住证补领换领", 15, C, False, 0, False, [ID, PHOTO, "原居住证（换领）"]),
            ("流动人口信息变更", 3, S, True, 0, True, [ID, "变更事项证明"]),
        ],
    ),
    (
        "最低生活保障",
        "civil-affairs",
        [
            (
                "城乡居民最低生活保障申请",
                30,
                S,
                False,
                0,
                False,
                [ID, HK, "家庭收入申报表", "家庭经济状况核对授权书"],
            ),
            ("最低生活保障待遇变更", 15, S, False, 0, False, [ID, "收入变化证明"]),
            ("最低生活保障停发", 5, S, True, 0, False, [ID, "情况说明"]),
            ("低收入家庭认定", 30, S, False, 0, False, [ID, HK, "家庭收入申报表"]),
            ("特困人员救助供养申请", 30, S, False, 0, False, [ID, HK, "丧失劳动能力证明"]),
            ("临时救助申请", 10, S, True, 0, True, [ID, "困难情况证明"]),
        ],
    ),
    (
        "残疾人服务",
        "civil-affairs",
        [
            ("残疾人证申领", 20, C, False, 0, False, [ID, HK, PHOTO, "残疾评定表"]),
            ("残疾人证换领", 15, C, False, 0, False, [ID, "原残疾人证", PHOTO]),
            ("残疾人证迁移", 10, S, False, 0, False, [ID, "残疾人证", "新户口簿"]),
            ("困难残疾人生活补贴申请", 15, S, True, 0, False, [ID, "残疾人证", "低保证明"]),
            ("重度残疾人护理补贴申请", 15, S, True, 0, False, [ID, "残疾人证"]),
            ("残疾人辅助器具申请", 20, S, False, 0, True, [ID, "残疾人证", "适配评估表"]),
        ],
    ),
    (
        "老年人服务",
        "civil-affairs",
        [
            ("老年人优待证办理", 5, S, True, 0, True, [ID, PHOTO]),
            ("高龄津贴申请", 10, S, True, 0, True, [ID, HK, "银行卡"]),
            ("居家养老服务补贴申请", 15, S, True, 0, False, [ID, "能力评估报告"]),
            ("老年人能力评估申请", 10, S, False, 0, True, [ID]),
            ("养老服务机构入住登记", 5, S, True, 0, True, [ID, "体检报告"]),
            ("老年助餐登记", 2, S, True, 0, True, [ID]),
        ],
    ),
    (
        "出生与户籍",
        "public-security",
        [
            (
                "出生登记（报户口）",
                5,
                C,
                False,
                0,
                False,
                ["出生医学证明", "父母身份证", "父母户口簿", "结婚证"],
            ),
            ("生育登记", 1, S, True, 0, True, ["夫妻双方身份证", "结婚证"]),
            ("户籍证明开具", 1, S, True, 0, True, [ID, HK]),
            ("户口迁入", 10, C, False, 0, False, [ID, HK, "准迁证明"]),
            ("死亡注销户口", 3, C, False, 0, False, ["死亡医学证明", "死者户口簿"]),
            ("身份证办理预约", 1, S, True, 0, True, [HK]),
            ("独生子女父母光荣证", 5, S, True, 0, False, [ID, HK, "结婚证"]),
        ],
    ),
    (
        "就业失业登记",
        "human-resources",
        [
            ("就业登记", 3, S, True, 0, True, [ID, "劳动合同"]),
            ("失业登记", 3, S, True, 0, True, [ID, "解除劳动合同证明"]),
            ("就业困难人员认定", 10, S, False, 0, False, [ID, "失业登记证明", "困难证明"]),
            ("灵活就业社保补贴申请", 15, C, False, 0, False, [ID, "就业困难人员认定证明"]),
            ("失业保险金申领", 10, C, False, 0, True, [ID, "解除劳动合同证明", "银行卡"]),
            ("职业技能培训报名", 3, S, True, 0, True, [ID]),
            ("创业担保贷款申请", 20, D, False, 0, False, [ID, "营业执照", "创业计划书"]),
            ("公益性岗位申请", 10, S, False, 0, False, [ID, "就业困难人员认定证明"]),
            ("退休人员社会化管理登记", 5, S, True, 0, False, [ID, "退休证"]),
        ],
    ),
    (
        "城乡居民医保",
        "human-resources",
        [
            ("城乡居民医疗保险参保登记", 3, S, True, 0, True, [ID, HK]),
            ("城乡居民医保缴费", 1, S, True, 380, True, [ID]),
            ("医保关系转移接续", 15, C, False, 0, False, [ID, "参保凭证"]),
            ("门诊慢特病待遇申请", 15, C, False, 0, False, [ID, "病历资料", "诊断证明"]),
            ("医疗救助申请", 15, S, False, 0, False, [ID, "医疗费用票据", "低保证明"]),
            ("城乡居民养老保险参保登记", 3, S, True, 0, True, [ID, HK]),
            ("城乡居民养老保险待遇申领", 15, C, False, 0, False, [ID, HK, "银行卡"]),
            ("养老保险资格认证", 1, S, True, 0, True, [ID]),
        ],
    ),
    (
        "计划生育与妇幼",
        "health",
        [
            ("计划生育家庭特别扶助申请", 20, S, False, 0, False, [ID, HK, "独生子女证"]),
            ("计划生育奖励扶助申请", 20, S, False, 0, False, [ID, HK]),
            ("婴幼儿照护服务登记", 3, S, True, 0, True, ["出生医学证明", "监护人身份证"]),
            ("孕产妇健康管理登记", 1, S, True, 0, True, [ID]),
            ("家庭医生签约", 1, S, True, 0, True, [ID]),
        ],
    ),
    (
        "社会救助与优抚",
        "civil-affairs",
        [
            ("退役军人优待证申领", 10, S, False, 0, False, [ID, "退役证"]),
            ("优抚对象定期抚恤补助", 20, C, False, 0, False, [ID, "优抚证件"]),
            ("困境儿童基本生活保障", 20, S, False, 0, False, ["监护人身份证", "儿童户口簿"]),
            ("事实无人抚养儿童认定", 20, S, False, 0, False, ["监护人身份证", "相关证明"]),
            ("慈善救助申请", 10, S, True, 0, True, [ID, "困难情况说明"]),
            ("殡葬补贴申领", 10, S, True, 0, False, ["死亡证明", "火化证明", "经办人身份证"]),
            ("孤儿基本生活费申领", 20, S, False, 0, False, ["监护人身份证", "孤儿认定材料"]),
            ("最低生活保障对象年度复核", 15, S, True, 0, False, [ID, "家庭收入申报表"]),
        ],
    ),
    (
        "住房保障",
        "civil-affairs",
        [
            ("公共租赁住房申请", 30, C, False, 0, False, [ID, HK, "收入证明", "住房情况证明"]),
            ("住房租赁补贴申请", 20, C, False, 0, False, [ID, HK, "租赁合同"]),
            ("老旧小区加装电梯申请", 30, D, False, 0, False, ["业主同意书", "设计方案"]),
        ],
    ),
    (
        "证明与综合事务",
        "justice",
        [
            ("无犯罪记录证明协办", 3, S, True, 0, True, [ID]),
            ("人民调解申请", 10, S, True, 0, True, [ID, "纠纷情况说明"]),
            ("法律援助申请", 7, D, False, 0, True, [ID, "经济困难证明"]),
            ("居民家庭经济状况核对", 10, S, False, 0, False, [ID, "授权书"]),
            ("社区志愿者注册", 1, S, True, 0, True, [ID]),
            ("社会组织备案", 10, S, True, 0, False, ["章程", "负责人身份证", "成员名单"]),
            ("门前三包责任登记", 2, S, True, 0, True, ["营业执照"]),
            ("犬只登记协办", 5, S, True, 50, True, [ID, "免疫证明"]),
            ("垃圾分类积分兑换", 1, S, True, 0, True, ["积分卡"]),
            ("社区场地使用预约", 1, S, True, 0, True, [ID]),
            ("居民证明事项告知承诺", 1, S, True, 0, True, [ID, "告知承诺书"]),
        ],
    ),
]

# Extra form fields of some items (the rest need only the materials).
FIELDS = {
    "居住证申领": [
        (
            "reason",
            "居住事由",
            ItemField.Kind.CHOICE,
            True,
            [
                {"key": "work", "name": "就业"},
                {"key": "study", "name": "就学"},
                {"key": "family", "name": "投亲"},
            ],
        ),
        ("since", "来本地居住日期", ItemField.Kind.DATE, True, []),
        ("employer", "工作单位", ItemField.Kind.TEXT, False, []),
    ],
    "城乡居民最低生活保障申请": [
        ("members", "家庭人口数", ItemField.Kind.NUMBER, True, []),
        ("income", "家庭月收入（元）", ItemField.Kind.NUMBER, True, []),
        (
            "hardship",
            "困难类型",
            ItemField.Kind.MULTICHOICE,
            True,
            [
                {"key": "illness", "name": "因病"},
                {"key": "disability", "name": "因残"},
                {"key": "unemployed", "name": "失业"},
                {"key": "other", "name": "其他"},
            ],
        ),
        ("proof", "收入证明扫描件", ItemField.Kind.FILE, False, []),
    ],
    "残疾人证申领": [
        (
            "kind",
            "残疾类别",
            ItemField.Kind.CHOICE,
            True,
            [
                {"key": k, "name": n}
                for k, n in [
                    ("vision", "视力"),
                    ("hearing", "听力"),
                    ("speech", "言语"),
                    ("physical", "肢体"),
                    ("intellect", "智力"),
                    ("mental", "精神"),
                ]
            ],
        ),
    ],
    "老年人优待证办理": [("birth", "出生日期", ItemField.Kind.DATE, True, [])],
    "出生登记（报户口）": [
        ("child_name", "新生儿姓名", ItemField.Kind.TEXT, True, []),
        ("birth", "出生日期", ItemField.Kind.DATE, True, []),
    ],
    "失业登记": [("last_employer", "原工作单位", ItemField.Kind.TEXT, True, [])],
    "城乡居民医疗保险参保登记": [
        (
            "group",
            "参保人员类别",
            ItemField.Kind.CHOICE,
            True,
            [
                {"key": "adult", "name": "成年居民"},
                {"key": "student", "name": "学生儿童"},
                {"key": "elderly", "name": "老年居民"},
            ],
        ),
    ],
    "人民调解申请": [
        ("party", "对方当事人", ItemField.Kind.TEXT, True, []),
        (
            "kind",
            "纠纷类型",
            ItemField.Kind.CHOICE,
            True,
            [
                {"key": "neighbour", "name": "邻里纠纷"},
                {"key": "family", "name": "家庭纠纷"},
                {"key": "property", "name": "物业纠纷"},
                {"key": "other", "name": "其他"},
            ],
        ),
    ],
}


def load(stdout=None):
    departments = {d.code: d for d in Department.objects.all()}
    count = 0
    with transaction.atomic():
        for order, (cat_name, dept_code, items) in enumerate(MENU, start=1):
            category, _ = Category.objects.update_or_create(
                name=cat_name, defaults={"order": order}
            )
            for n, (name, days, place, delegated, fee, online, materials) in enumerate(
                items, start=1
            ):
                code = f"GZ{order:02d}{n:02d}"
                item, _ = ServiceItem.objects.update_or_create(
                    code=code,
                    defaults={
                        "name": name,
                        "category": category,
                        "department": departments.get(dept_code),
                        "handled_at": place,
                        "delegated_approval": delegated,
                        "time_limit_days": days,
                        "fee": fee,
                        "online": online,
                        "materials": materials,
                        "keywords": cat_name,
                        "description": f"{name}（{cat_name}）",
                    },
                )
                for fo, (fcode, label, kind, required, choices) in enumerate(
                    FIELDS.get(name, []), 1
                ):
                    ItemField.objects.update_or_create(
                        item=item,
                        code=fcode,
                        defaults={
                            "label": label,
                            "kind": kind,
                            "required": required,
                            "choices": choices,
                            "order": fo,
                        },
                    )
                count += 1
    if stdout:
        stdout.write(f"service menu: {count} items in {len(MENU)} categories")
    _sample_requests(stdout)
    return count


def _sample_requests(stdout=None):
    """A few requests in every state at the demo street's first community and opinions —
    only once (idempotent)."""

    street = Street.objects.filter(division_code=STREET_CODE).first()
    community = Community.objects.filter(street=street, code="001").first() if street else None
    staff = get_user_model().objects.filter(username="demo_station_staff").first()
    if (
        community is None
        or staff is None
        or ServiceRequest.objects.filter(community=community).exists()
    ):
        return
    residents = list(Resident.objects.filter(community=community).order_by("pk")[:6])
    items = {
        i.name: i
        for i in ServiceItem.objects.filter(
            name__in=[
                "老年人优待证办理",
                "居住登记",
                "失业登记",
                "高龄津贴申请",
                "临时救助申请",
                "生育登记",
            ]
        )
    }
    plan = [
        ("老年人优待证办理", {"birth": "1950-03-15"}, ["accept", "complete"]),
        ("居住登记", {}, ["accept"]),
        ("失业登记", {"last_employer": "南京某机械厂"}, ["request_materials"]),
        ("高龄津贴申请", {}, ["accept", "start"]),
        ("临时救助申请", {}, []),
        ("生育登记", {}, ["accept", "complete"]),
    ]
    with transaction.atomic():
        for n, (name, values, steps) in enumerate(plan):
            item = items.get(name)
            if item is None:
                continue
            resident = residents[n] if n < len(residents) else None
            req = actions.submit_request(
                item,
                street=street,
                community=community,
                channel="window",
                user=staff,
                resident=resident,
                applicant_name=resident.name if resident else "演示居民",
                values=values,
                materials=item.materials[:1],
            )
            for step in steps:
                if step == "complete" and item.delegated_approval:
                    step = "decide_approve"  # 下沉审批: the station decides it
                note = {
                    "complete": "已办结，证件已发放",
                    "decide_approve": "经审核，申请人符合条件，准予办理，证件已发放",
                    "request_materials": "请补交劳动合同解除证明",
                }.get(step, "")
                req = actions.do_transition(staff, req, step, note)
        done = ServiceRequest.objects.filter(community=community, status="completed").first()
        if done:
            actions.do_rate(staff, done, 5, "办事快，态度好", channel="window")
        for topic, content in [
            ("停车", "小区夜间停车难，希望增加车位"),
            ("养老", "希望社区开设老年助餐点"),
            ("停车", "消防通道常被占用"),
        ]:
            Opinion.objects.create(
                community=community, topic=topic, content=content, raised_by="居民"
            )
