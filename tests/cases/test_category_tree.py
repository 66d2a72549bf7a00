"""The default category tree (cases.category_tree): a well-formed two-level tree whose limits
the cases app can store (Category: code ≤ 12 characters, limits 1–720, urgent classes in
working hours)."""

import re

from gongzhi.cases.category_tree import KINDS, SMALL_CLASSES, TREE

STEPS = ("accept", "dispatch", "handle", "verify")
UNIT = re.compile(r"community|street|property|department:\S.*")
HAN = re.compile(r"[\u4e00-\u9fff]")


def test_codes_are_unique_across_both_trees():
    codes = [large.code for large in TREE] + [small.code for small in SMALL_CLASSES]

    assert len(codes) == len(set(codes))


def test_codes_have_two_and_four_digits_and_small_codes_start_with_their_large_code():
    for large in TREE:
        assert re.fullmatch(r"\d{2}", large.code), large.code
        assert large.kind in KINDS
        assert large.small, f"{large.code} has no small class"
        for small in large.small:
            assert re.fullmatch(r"\d{4}", small.code), small.code
            assert small.code.startswith(large.code), (large.code, small.code)


def test_at_least_sixty_small_classes_in_both_kinds():
    assert len(SMALL_CLASSES) >= 60
    assert {large.kind for large in TREE} == set(KINDS)


def test_every_limit_is_positive_and_storable():
    for small in SMALL_CLASSES:
        assert list(small.limits) == list(STEPS)
        for step, (amount, unit) in small.limits.items():
            assert isinstance(amount, int) and 1 <= amount <= 720, (small.code, step)
            assert unit in ("hours", "days"), (small.code, step)


def test_urgent_classes_count_in_hours_and_normal_ones_in_days():
    for small in SMALL_CLASSES:
        units = {unit for _, unit in small.limits.values()}
        assert units == ({"hours"} if small.urgent else {"days"}), small.code


def test_names_and_units_are_well_formed():
    names = [small.name for small in SMALL_CLASSES]
    assert len(names) == len(set(names))  # one name, one class, in the picker
    for small in SMALL_CLASSES:
        assert HAN.search(small.name) and len(small.name) <= 50, small.code
        assert re.search("[A-Za-z]", small.name_en) and len(small.name_en) <= 80, small.code
        assert UNIT.fullmatch(small.unit), (small.code, small.unit)
        assert small.unit_kind in ("community", "street", "property", "department")
        assert bool(small.department) == (small.unit_kind == "department")


def test_the_classes_the_issue_names_are_there():
    names = {small.name for small in SMALL_CLASSES}

    for wanted in (
        "路灯",
        "消防栓",
        "邮筒",
        "道路坑槽",
        "护栏",
        "共享单车乱停放",
        "暴露垃圾",
        "垃圾满溢",
        "动物尸体",
        "违法建设",
        "外立面脱落隐患",
        "楼道堆物",
        "无照游商",
        "占道经营",
        "非法小广告",
        "夜间施工噪声",
        "社会生活噪声",
        "邻里纠纷",
        "消防通道堵塞",
        "飞线充电",
        "独居老人异常",
        "物业管理纠纷",
    ):
        assert wanted in names, wanted
    covers = {small.name for small in SMALL_CLASSES if small.name.endswith("井盖")}
    assert {"上水井盖", "电力井盖", "燃气井盖", "热力井盖"} <= covers
