"""The registry's search box: every kind of search, always inside the user's scope."""

import pytest

from gongzhi.registry.search import classify, search
from tests.registry.helpers import make_resident

pytestmark = pytest.mark.django_db


def _names(results, kind="resident"):
    return {r.label for r in results if r.kind == kind}


def test_search_by_name_prefix(reg, users):
    admin = users["street_admin"]
    assert _names(search(admin, "张三")) == {"张三"}
    assert "张三" in _names(search(admin, "张"))


def test_search_by_pinyin_and_initials(reg, users):
    admin = users["street_admin"]
    assert _names(search(admin, "zhangsan")) == {"张三"}
    assert _names(search(admin, "ZhangSan")) == {"张三"}
    results = search(admin, "zs")
    assert "张三" in _names(results) and results[0].match == "initials"
    assert "张三" in _names(search(admin, "zhang"))


def test_search_by_id_last4(reg, users):
    last4 = reg["wang"].id_number[-4:]
    results = search(users["street_admin"], last4)
    assert "王五" in _names(results)
    assert all(r.object.id_number.endswith(last4) for r in results if r.kind == "resident")


def test_search_by_full_id_number_via_blind_index(reg, users):
    number = reg["li"].id_number
    spaced = f"{number[:6]} {number[6:14]} {number[14:].lower()}"
    for q in (number, spaced):
        results = search(users["street_admin"], q)
        assert [r.label for r in results] == ["李四"] and results[0].match == "id_number"
    # The label never shows the full number.
    assert number not in results[0].detail


def test_search_by_phone_via_blind_index(reg, users):
    results = search(users["street_admin"], "138-1234-5678")
    assert [r.label for r in results] == ["张三"] and results[0].match == "phone"


def test_search_households_buildings_and_residents_by_address(reg, users):
    results = search(users["street_admin"], "幸福路1号")
    kinds = {(r.kind, r.label) for r in results}
    assert ("building", "幸福路1号") in kinds
    assert ("household", "幸福路1号 1-101") in kinds
    assert {"张三", "李四"} <= _names(results)
    assert all(r.url.startswith("/registry/") for r in results)


def test_grid_worker_never_finds_another_grids_residents(reg, users):
    alice = users["grid_worker"]  # grid G1: 张三, 李四
    for q in (
        "王五",
        "wangwu",
        "ww",
        reg["wang"].id_number,
        "13900001111",
        reg["wang"].id_number[-4:],
        "幸福路2号",
        "钱七",
        "莫愁路",
    ):
        found = {(r.kind, r.object.pk) for r in search(alice, q)}
        assert ("resident", reg["wang"].pk) not in found, q
        assert ("resident", reg["qian"].pk) not in found, q
        assert ("building", reg["b2"].pk) not in found, q
        assert ("household", reg["h2"].pk) not in found, q
    assert _names(search(alice, "张三")) == {"张三"}
    # Another street's admin finds nothing of street S1.
    assert search(users["outsider"], "张三") == []
    assert search(users["resident"], "张三") == []


def test_search_limit_and_empty_query(reg, users):
    for i in range(5):
        make_resident(reg["h1"], f"张{i}号")
    assert len(search(users["street_admin"], "张", limit=3)) == 3
    assert search(users["street_admin"], "   ") == []


def test_classify_queries():
    assert classify("110105198001010236") == ["id_number"]
    assert classify("123X")[0] == "id_last4"
    assert classify("13812345678") == ["phone"]
    assert classify("zs")[:2] == ["initials", "pinyin"]
    assert classify("张三") == ["name", "address"]
