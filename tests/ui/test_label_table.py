"""Every status/choice label and every list-column header, rendered in zh-Hans, compared with
the table below (issue 12, "Labels collide across apps"). Short English words mean different
things in different apps ("refused" is 不予受理 for a service request, "open" is 待答复 for an
opinion, "name" is 姓名 for a person and 名称 for a building); Django merges every app's
catalogue into one, so such a word carries a translation context (pgettext) where its meaning
differs. A label that loses its translation, or takes another app's, fails here.

To change a label on purpose: change the .po, compilemessages, and this table."""

import polib
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from gongzhi.core import tables
from gongzhi.org import views as org_views
from tests.ui.test_translations import CATALOGUES

CASE_STATUS = {
    "reported": "已上报",
    "accepted": "已立案",
    "not_accepted": "不予立案",
    "merged": "已合并",
    "dispatched": "已派遣",
    "handling": "处置中",
    "returned": "已退单",
    "disputed": "派遣争议",
    "handled": "待核查",
    "closed": "已结案",
    "rated": "已评价",
    "on_hold": "挂账",
    "referred": "移交街道",
}
LIMIT_UNITS = {"hours": "工作小时", "days": "工作日"}
UNIT_KINDS = {
    "community": "社区",
    "street_unit": "街道科室或中心",
    "department": "职能部门",
    "property": "物业公司",
}

ETHNICITIES = {
    "01": "汉族",
    "02": "蒙古族",
    "03": "回族",
    "04": "藏族",
    "05": "维吾尔族",
    "06": "苗族",
    "07": "彝族",
    "08": "壮族",
    "09": "布依族",
    "10": "朝鲜族",
    "11": "满族",
    "12": "侗族",
    "13": "瑶族",
    "14": "白族",
    "15": "土家族",
    "16": "哈尼族",
    "17": "哈萨克族",
    "18": "傣族",
    "19": "黎族",
    "20": "傈僳族",
    "21": "佤族",
    "22": "畲族",
    "23": "高山族",
    "24": "拉祜族",
    "25": "水族",
    "26": "东乡族",
    "27": "纳西族",
    "28": "景颇族",
    "29": "柯尔克孜族",
    "30": "土族",
    "31": "达斡尔族",
    "32": "仫佬族",
    "33": "羌族",
    "34": "布朗族",
    "35": "撒拉族",
    "36": "毛南族",
    "37": "仡佬族",
    "38": "锡伯族",
    "39": "阿昌族",
    "40": "普米族",
    "41": "塔吉克族",
    "42": "怒族",
    "43": "乌孜别克族",
    "44": "俄罗斯族",
    "45": "鄂温克族",
    "46": "德昂族",
    "47": "保安族",
    "48": "裕固族",
    "49": "京族",
    "50": "塔塔尔族",
    "51": "独龙族",
    "52": "鄂伦春族",
    "53": "赫哲族",
    "54": "门巴族",
    "55": "珞巴族",
    "56": "基诺族",
}
SEXES = {
    "M": "男",
    "F": "女",
}
ROLES = {
    "street_admin": "街道管理员",
    "street_staff": "街道工作人员",
    "department_staff": "职能部门工作人员",
    "party_secretary": "社区党委书记",
    "committee_member": "居委会成员",
    "station_staff": "服务站工作人员",
    "grid_worker": "网格员",
    "resident": "居民",
    "social_org_contact": "社会组织联系人",
    "care_provider": "养老服务机构",
}
REQUEST_STATUSES = {
    "submitted": "已提交",
    "accepted": "已受理",
    "materials_requested": "待补正",
    "refused": "不予受理",
    "in_progress": "办理中",
    "transferred": "已转办",
    "completed": "已办结",
    "rated": "已评价",
    "withdrawn": "已撤回",
}
APPLICATION_STATUSES = {
    "draft": "草稿",
    "submitted": "已提交",
    "in_review": "审核中",
    "returned": "退回修改",
    "rejected": "已驳回",
    "approved": "已批准",
    "admitted": "已准入",
    "revoked": "已撤销",
    "expired": "已到期",
}
# model label.field → {stored value → label shown in zh-Hans}
CHOICES = {
    "core.User.language": {
        "zh-hans": "简体中文",
        "en": "英语",
    },
    "core.AuditEntry.action": {
        "create": "创建",
        "update": "修改",
        "delete": "删除",
        "transition": "状态变更",
        "reveal": "查看个人信息",
        "export": "导出",
        "import": "导入",
        "login": "登录",
        "logout": "退出登录",
        "login_failed": "登录失败",
        "locked_out": "账户锁定",
        "denied": "拒绝访问",
        "other": "其他",
    },
    "org.StreetUnit.kind": {
        "office": "办公室",
        "section": "科室",
        "centre": "中心",
    },
    "org.Community.structure": {
        "party_station_committee": "一委一站一居(包头青山模式)",
        "party_committee_station": "一委一居一站(南京建邺模式)",
        "party_committee": "一委一居(南京玄武模式)",
    },
    "org.CommitteeMember.post": {
        "chair": "主任",
        "vice_chair": "副主任",
        "member": "委员",
    },
    "org.CommitteeMember.sex": SEXES,
    "org.CommitteeMember.ethnicity": ETHNICITIES,
    "org.Provider.kind": {
        "care": "养老服务机构",
        "hospital": "医院",
        "social": "社会组织",
        "company": "企业",
    },
    "org.Staff.sex": SEXES,
    "org.Staff.employment": {
        "civil_servant": "公务员",
        "social_worker": "社区工作者",
        "contract": "合同制人员",
        "dispatched": "派驻干部",
        "volunteer": "志愿者",
    },
    "org.RoleAssignment.role": ROLES,
    "workdays.CalendarDay.kind": {
        "holiday": "法定节假日(休息)",
        "workday": "调休上班",
    },
    "registry.Building.kind": {
        "residential": "住宅楼",
        "bungalow": "平房/院落",
        "mixed": "商住混合",
        "commercial": "商业",
        "public": "公共设施",
    },
    "registry.Household.kind": {
        "registered": "户籍户",
        "rented": "租住户",
        "collective": "集体户",
    },
    "registry.Resident.relation": {
        "head": "户主",
        "spouse": "配偶",
        "child": "子女",
        "parent": "父母",
        "grandchild": "孙子女",
        "grandparent": "祖父母",
        "sibling": "兄弟姐妹",
        "relative": "其他亲属",
        "non_relative": "非亲属",
    },
    "registry.Resident.sex": SEXES,
    "registry.Resident.ethnicity": ETHNICITIES,
    "registry.Resident.residence_type": {
        "registered": "户籍人口",
        "migrant": "流动人口",
        "foreign": "境外人员",
    },
    "registry.Resident.political_status": {
        "cpc": "中共党员",
        "cpc_probationary": "中共预备党员",
        "cyl": "共青团员",
        "democratic_party": "民主党派成员",
        "masses": "群众",
    },
    "registry.Resident.education": {
        "none": "未上过学",
        "primary": "小学",
        "junior": "初中",
        "senior": "高中/中专",
        "college": "大专",
        "bachelor": "本科",
        "postgraduate": "研究生",
    },
    "registry.Resident.employment": {
        "employed": "在业",
        "self_employed": "个体经营",
        "unemployed": "失业",
        "retired": "离退休",
        "student": "在校学生",
        "preschool": "学龄前儿童",
        "other": "其他",
    },
    "registry.Resident.status": {
        "active": "在住",
        "moved_out": "已迁出",
        "deceased": "已死亡",
    },
    "registry.ResidentEvent.kind": {
        "move_in": "迁入",
        "move_out": "迁出",
        "transfer": "转户",
        "split": "分户",
        "merge": "合户",
        "death": "死亡",
        "birth": "出生",
        "correction": "信息更正",
    },
    "registry.ImportJob.kind": {
        "buildings": "楼栋",
        "households": "住户",
        "residents": "居民",
    },
    "registry.ImportJob.status": {
        "uploaded": "已上传",
        "validating": "校验中",
        "preview": "待导入",
        "invalid": "有错误",
        "running": "导入中",
        "done": "已导入",
        "failed": "失败",
    },
    "registry.GridProposal.status": {
        "proposed": "已提出",
        "applied": "已应用",
        "discarded": "已放弃",
    },
    "access.ReviewLevel.role": ROLES,
    "access.Application.body": {
        "committee": "居民委员会",
        "station": "服务站",
    },
    "access.Application.funding": {
        "provided": "拨付经费",
        "none": "无经费",
    },
    "access.Application.personnel": {
        "sent": "派出人员",
        "none": "不派人员",
    },
    "access.Application.status": APPLICATION_STATUSES,
    "access.ApplicationTransition.decision": {
        "submit": "已提交",
        "approve": "已批准",
        "return": "退回修改",
        "reject": "已驳回",
        "admit": "已准入",
        "revoke": "已撤销",
        "expire": "已到期",
    },
    "access.ApplicationTransition.from_status": APPLICATION_STATUSES,
    "access.ApplicationTransition.to_status": APPLICATION_STATUSES,
    "access.AdmittedAffair.body": {
        "committee": "居民委员会",
        "station": "服务站",
    },
    "access.AdmittedAffair.status": {
        "active": "有效",
        "revoked": "已撤销",
        "expired": "已到期",
    },
    "access.CommunityTask.status": {
        "open": "待办",
        "refused": "已拒绝",
        "done": "已完成",
    },
    "access.CommunityTask.disposition": {
        "returned": "退回部门",
        "station": "转由服务站承接",
        "kept": "保留(人财物随之下沉)",
    },
    "access.Ledger.decision": {
        "pending": "未处理",
        "cancelled": "取消",
        "merged": "合并",
        "kept": "保留",
    },
    "access.Ledger.generated": {
        "dibao": "最低生活保障(低保)",
        "elderly80": "80周岁以上高龄老人",
        "disability": "残疾人",
        "veteran": "退役军人",
    },
    "access.Plaque.kind": {
        "party": "社区党组织",
        "committee": "居民委员会",
        "name": "社区名称",
        "other": "其他牌子",
    },
    "services.ServiceItem.handled_at": {
        "station": "社区服务站",
        "street_centre": "街道服务中心",
        "department": "职能部门",
    },
    "services.ItemField.kind": {
        "text": "文本",
        "number": "数字",
        "date": "日期",
        "choice": "单选",
        "multichoice": "多选",
        "file": "文件",
    },
    "services.ServiceRequest.channel": {
        "window": "窗口",
        "online": "网上",
        "api": "API",
        "open311": "Open311",
    },
    "services.ServiceRequest.status": REQUEST_STATUSES,
    "services.ServiceRequest.decision": {"approved": "准予", "refused": "不予批准"},
    "services.RequestTransition.from_status": REQUEST_STATUSES,
    "services.RequestTransition.to_status": REQUEST_STATUSES,
    "services.Rating.channel": {
        "online": "网上",
        "sms": "短信链接",
        "window": "窗口",
        "api": "API",
    },
    "services.Opinion.status": {
        "open": "待答复",
        "answered": "已答复",
        "converted": "已转为服务申请",
    },
    "selfgov.Term.status": {
        "planned": "计划中",
        "current": "本届",
        "ended": "已结束",
    },
    "selfgov.Election.method": {
        "all": "全体选民",
        "household": "每户派代表",
        "group": "每个居民小组选举代表2至3人",
    },
    "selfgov.Election.status": {
        "draft": "草稿",
        "register": "选民名单已公布",
        "candidates": "候选人已公布",
        "voting": "投票中",
        "counted": "已计票",
        "second_round": "另行选举",
        "announced": "结果已公布",
        "failed": "选举无效",
    },
    "selfgov.Election.tie_rule": {
        "lot": "抽签",
        "round": "票数相等的名额另行选举",
    },
    "selfgov.Voter.source": {
        "registry": "来自人口库",
        "manual": "手工登记",
        "applied": "本人申请",
    },
    "selfgov.RegisterChange.kind": {
        "objection": "异议",
        "added": "增加",
        "removed": "移出",
    },
    "selfgov.Candidate.nomination": {
        "joint": "选民联名提名",
        "self": "自荐",
    },
    "selfgov.PollingStation.kind": {
        "station": "投票站",
        "mobile": "流动票箱",
    },
    "selfgov.VoterParticipation.channel": {
        "online": "网上",
        "paper": "纸质",
    },
    "selfgov.Petition.basis": {
        "adults": "成年居民（五分之一）",
        "households": "户（五分之一）",
        "groups": "居民小组（三分之一）",
    },
    "selfgov.Assembly.kind": {
        "adults": "全体成年居民",
        "households": "户代表",
        "groups": "居民小组代表",
    },
    "selfgov.Assembly.status": {
        "convened": "已召集",
        "held": "已召开",
        "inquorate": "未达法定人数",
    },
    "selfgov.AgendaItem.kind": {
        "ordinary": "一般决议",
        "recall": "罢免居委会成员",
        "by_election": "补选居委会成员",
        "charter": "通过居民公约",
    },
    "selfgov.AgendaItem.outcome": {
        "pending": "未表决",
        "passed": "通过",
        "rejected": "未通过",
    },
    "selfgov.CharterVersion.filing": {
        "not_filed": "未备案",
        "submitted": "已报备案",
        "filed": "已备案",
        "returned": "退回修改",
    },
    "selfgov.Notice.category": {
        "finance": "财务",
        "decision": "决策",
        "election": "选举",
        "charter": "公约",
        "other": "其他",
    },
    "selfgov.EstateManagement.mode": {
        "company": "市场化物业公司",
        "custody": "街道托管",
        "self": "居委会牵头业主自治",
    },
    "cases.HandlingUnit.kind": UNIT_KINDS,
    "cases.Category.kind": {"component": "管理部件", "event": "管理事件"},
    "cases.Category.default_unit_kind": UNIT_KINDS,
    "cases.Category.accept_unit": LIMIT_UNITS,
    "cases.Category.dispatch_unit": LIMIT_UNITS,
    "cases.Category.handle_unit": LIMIT_UNITS,
    "cases.Category.verify_unit": LIMIT_UNITS,
    "cases.Case.channel": {
        "grid_worker": "网格员",
        "resident": "居民",
        "open311": "Open311",
        "hotline": "12345热线",
        "desk": "窗口登记",
    },
    "cases.Case.urgency": {"normal": "一般", "urgent": "紧急"},
    "cases.Case.status": CASE_STATUS,
    "cases.CaseStep.from_status": CASE_STATUS,
    "cases.CaseStep.to_status": CASE_STATUS,
    "cases.CasePhoto.stage": {"before": "处置前", "after": "处置后"},
    # civil: organizations, leaders, volunteers and activities
    "civil.Organization.kind": {
        "association": "社团类",
        "volunteer": "志愿服务类",
        "social_work": "社会工作服务类",
    },
    "civil.Organization.legal_status": {"registered": "民政登记", "filed": "街道备案"},
    "civil.Organization.stage": {
        "none": "未入孵",
        "applied": "申请入驻",
        "incubating": "孵化中",
        "graduated": "已出壳",
        "withdrawn": "已退出",
    },
    "civil.Support.kind": {"space": "场地", "money": "资金", "training": "培训", "other": "其他"},
    "civil.Assessment.grade": {
        "excellent": "优秀",
        "good": "良好",
        "pass": "合格",
        "fail": "不合格",
    },
    "civil.Leader.kind": {
        "resident_leader": "居民领袖",
        "building_head": "楼栋长",
        "unit_head": "单元长",
        "volunteer_core": "志愿者骨干",
    },
    "civil.Activity.kind": {
        "activity": "活动",
        "elder": "陪伴老人",
        "case": "协助处置事件",
        "project": "项目任务",
    },
    "civil.Activity.status": {
        "draft": "草稿",
        "published": "已发布",
        "finished": "已结束",
        "cancelled": "已取消",
    },
    "civil.Assignment.source": {"dispatch": "派单", "signup": "自主报名"},
    "civil.Assignment.status": {
        "invited": "已邀请",
        "accepted": "已接受",
        "declined": "已婉拒",
        "cancelled": "已取消",
    },
    # civil, helper bank's part: the time bank
    "civil.Account.kind": {"person": "个人", "issued": "已发放时长", "redeemed": "已兑换时长"},
    "civil.Redemption.status": {"requested": "已申请", "served": "已兑付", "cancelled": "已取消"},
    "civil.Transfer.kind": {"deposit": "存入", "spend": "兑换", "transfer": "转赠"},
}

# URL name → the headers of the core.tables.Table the page builds (the last, unlabelled one
# is the edit link).
TABLES = {
    "org:community_list": ["名称", "街道", "社区代码", "组织架构模式", "户数", ""],
    "org:committeemember_list": [
        "姓名",
        "职务",
        "居民委员会",
        "民族",
        "坐班",
        "领取报酬",
        "起始",
        "截止",
        "",
    ],
    "org:workingcommittee_list": ["名称", "居民委员会", ""],
    "org:workinggroup_list": ["名称", "服务站", "职责", ""],
    "org:residentsgroup_list": ["编号", "名称", "社区", "组长", ""],
    "org:staff_list": ["姓名", "岗位", "用工性质", "社区", "街道内设机构", "工作组", "在岗", ""],
    "org:dispatchedcadre_list": ["姓名", "职务", "职能部门", "社区", "接待时间", "派驻开始", ""],
    "org:grid_list": ["网格编码", "网格编号", "名称", "社区", "户数标准", ""],
    "org:roleassignment_list": ["用户", "角色", "位置", "职能部门", "起始", "截止", ""],
    "registry:building_list": ["地址", "名称", "社区", "网格", "类型", "户数"],
    "registry:household_list": ["户号", "地址", "户主", "类型", "社区", "网格"],
    "registry:resident_list": [
        "姓名",
        "身份证号",
        "性别",
        "出生年份",
        "地址",
        "网格",
        "人口类型",
        "状态",
    ],
    "registry:visit_list": ["日期", "户", "走访事由", "走访人", "需要跟进", "跟进时间"],
    "services:catalog_manage": [
        "事项编码",
        "名称",
        "类别",
        "办理地点",
        "工作日",
        "收费（元）",
        "可网上申请",
        "状态",
    ],
    "registry:my_households": ["地址", "户主", "成员"],
    "cases:list": ["案件编号", "类别", "社区", "处置单位", "状态", "上报时间"],
}
# Who opens each list page (the street admin unless named here).
OPENED_BY = {"registry:my_households": "grid_worker"}
OTHER_TABLE_PAGES = [
    "registry:building_list",
    "registry:household_list",
    "registry:resident_list",
    "registry:visit_list",
    "registry:my_households",
    "services:catalog_manage",
    "cases:list",
]


def _choice_labels():
    found = {}
    with translation.override("zh-hans"):
        for model in apps.get_models():
            if not model.__module__.startswith("gongzhi."):
                continue
            for field in model._meta.get_fields():
                if getattr(field, "choices", None) and not field.auto_created:
                    found[f"{model._meta.label}.{field.name}"] = {
                        str(value): str(label) for value, label in field.flatchoices
                    }
    return found


def _differences(expected, actual):
    lines = []
    for key in sorted(set(expected) | set(actual)):
        if expected.get(key) != actual.get(key):
            lines.append(f"{key}: expected {expected.get(key)!r}, shown {actual.get(key)!r}")
    return "\n".join(lines)


def test_every_choice_label_reads_as_the_table_says():
    actual = _choice_labels()
    assert actual == CHOICES, _differences(CHOICES, actual)


def test_no_two_choices_of_one_field_read_the_same():
    for field, labels in _choice_labels().items():
        shown = list(labels.values())
        assert len(shown) == len(set(shown)), f"{field}: {labels}"


def test_every_list_column_header_reads_as_the_table_says(users, verified_client, monkeypatch):
    """Each list page is opened through its view; the tables it builds are caught as they are
    made, so the headers are checked even when the list is empty."""
    built = []
    make = tables.Table.__init__

    def record(self, *args, **kwargs):
        make(self, *args, **kwargs)
        built.append(self)

    monkeypatch.setattr(tables.Table, "__init__", record)
    pages = [f"org:{model._meta.model_name}_list" for model in org_views._LISTS]
    actual = {}
    for name in pages + OTHER_TABLE_PAGES:
        built.clear()
        user = users[OPENED_BY.get(name, "street_admin")]
        page = verified_client(user).get(reverse(name))
        assert page.status_code == 200, name
        assert len(built) == 1, f"{name} built {len(built)} tables"
        with translation.override("zh-hans"):
            actual[name] = [str(header.column.label) for header in built[0].headers]
    assert actual == TABLES, _differences(TABLES, actual)


def test_no_app_shows_another_apps_translation():
    """Django keeps one translation per (context, msgid) for the whole site: the first app in
    INSTALLED_APPS wins. Every entry of every gongzhi catalogue must be what is shown; one that
    is not has been taken over by another app and needs a context."""
    taken = []
    with translation.override("zh-hans"):
        for path in CATALOGUES:
            for entry in polib.pofile(str(path)):
                if entry.obsolete or entry.msgid_plural:
                    continue
                if entry.msgctxt:
                    shown = translation.pgettext(entry.msgctxt, entry.msgid)
                else:
                    shown = translation.gettext(entry.msgid)
                if shown != entry.msgstr:
                    taken.append(f"{path.parts[-5]}: {entry.msgid!r} → {shown!r}")
    assert not taken, "\n".join(taken)
