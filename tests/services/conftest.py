"""Services fixtures: a small menu (`menu`) on top of `world`/`users`, and registry residents."""

import pytest

from gongzhi.services.models import Category, ItemField, ServiceItem
from tests.registry.helpers import reg  # noqa: F401


@pytest.fixture
def menu(world):
    cat = Category.objects.create(name="居住证", order=1)
    permit = ServiceItem.objects.create(
        code="T001",
        name="居住证申领",
        category=cat,
        department=world["dept"],
        time_limit_days=5,
        materials=["居民身份证", "近期一寸免冠照片", "租房合同"],
    )
    ItemField.objects.create(
        item=permit,
        code="reason",
        label="居住事由",
        kind="choice",
        required=True,
        choices=[{"key": "work", "name": "就业"}, {"key": "study", "name": "就学"}],
        order=1,
    )
    ItemField.objects.create(
        item=permit, code="since", label="来本地日期", kind="date", required=True, order=2
    )
    ItemField.objects.create(item=permit, code="people", label="人数", kind="number", order=3)
    ItemField.objects.create(
        item=permit,
        code="tags",
        label="类别",
        kind="multichoice",
        order=4,
        choices=[{"key": "a", "name": "甲"}, {"key": "b", "name": "乙"}],
    )
    ItemField.objects.create(item=permit, code="note", label="备注", kind="text", order=5)
    ItemField.objects.create(item=permit, code="scan", label="扫描件", kind="file", order=6)
    simple = ServiceItem.objects.create(
        code="T002", name="老年人优待证", category=cat, time_limit_days=3, materials=["居民身份证"]
    )
    offline = ServiceItem.objects.create(
        code="T003", name="出生登记", category=cat, online=False, time_limit_days=5
    )
    return {"cat": cat, "permit": permit, "simple": simple, "offline": offline}


VALID = {"reason": "work", "since": "2026-01-05"}
