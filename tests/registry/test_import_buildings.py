"""Import of buildings and households: references to grids and buildings of the community,
duplicates, counts kept right, the downloadable template round-trips."""

import io

import openpyxl
import pytest

from gongzhi.registry import choices
from gongzhi.registry.imports import run_import
from gongzhi.registry.imports.columns import zh
from gongzhi.registry.imports.template import template_workbook
from gongzhi.registry.models import Building, Estate, Household
from tests.registry.test_import_files import write_csv, write_xlsx

BH = ["楼栋地址", "楼栋名称", "楼栋类型", "层数", "单元数", "小区", "网格编号", "纬度", "经度"]
HH = ["户号", "楼栋地址", "房号", "户别"]


def cells(result):
    return {(e["row"], e["column"]): e["message"] for e in result.errors}


def test_buildings_import(tmp_path, world):
    rows = [
        [
            "幸福路1号1号楼",
            "1号楼",
            zh(choices.BuildingKind.MIXED.label),
            6,
            2,
            "幸福小区",
            1,
            "40.6",
            "109.8",
        ],
        ["幸福路1号2号楼", "2号楼", "", "", "", "幸福小区", 2, "", ""],
    ]
    result = run_import(
        "buildings", write_xlsx(tmp_path / "b.xlsx", BH, rows), community=world["c1"]
    )
    assert result.ok and result.imported == 2
    b1 = Building.objects.get(address="幸福路1号1号楼")
    assert (
        b1.kind == "mixed"
        and b1.floors == 6
        and b1.grid == world["g1"]
        and b1.estate.name == "幸福小区"
    )
    assert Estate.objects.count() == 1
    assert Building.objects.get(name="2号楼").grid == world["g2"]


@pytest.mark.parametrize(
    "bad,column",
    [
        (["幸福路1号", "1号楼", "", 0, "", "", "", "", ""], "层数"),
        (["幸福路1号", "1号楼", "", "six", "", "", "", "", ""], "层数"),
        (["幸福路1号", "1号楼", "", "", "", "", 9, "", ""], "网格编号"),
        (["幸福路1号", "1号楼", "", "", "", "", "", "95", ""], "纬度"),
        (["幸福路1号", "1号楼", "城堡", "", "", "", "", "", ""], "楼栋类型"),
        (["幸福路1号", "", "", "", "", "", "", "", ""], "楼栋名称"),
    ],
)
def test_building_rules(tmp_path, world, bad, column):
    result = run_import(
        "buildings", write_csv(tmp_path / "b.csv", BH, [bad]), community=world["c1"]
    )
    assert (2, column) in cells(result) and Building.objects.count() == 0


def test_building_duplicates(tmp_path, world):
    Building.objects.create(community=world["c1"], name="A", address="幸福路9号")
    rows = [
        ["幸福路9号", "A", "", "", "", "", "", "", ""],
        ["幸福路8号", "B", "", "", "", "", "", "", ""],
        ["幸福路8号", "B", "", "", "", "", "", "", ""],
    ]
    result = run_import("buildings", write_csv(tmp_path / "b.csv", BH, rows), community=world["c1"])
    assert set(cells(result)) == {(2, "楼栋地址"), (4, "楼栋地址")}
    # The same address in another community is fine.
    assert run_import(
        "buildings", write_csv(tmp_path / "c.csv", BH, rows[:2]), community=world["c2"]
    ).ok


def test_households_import_updates_counts(tmp_path, world):
    b = Building.objects.create(
        community=world["c1"], grid=world["g2"], name="A", address="幸福路9号"
    )
    rows = [
        ["H1", "幸福路9号", "1-101", zh(choices.HouseholdKind.RENTED.label)],
        ["H2", "幸福路9号", "", ""],
    ]
    result = run_import(
        "households", write_csv(tmp_path / "h.csv", HH, rows), community=world["c1"]
    )
    assert result.ok and result.imported == 2
    h1 = Household.objects.get(number="H1")
    assert (
        h1.kind == "rented"
        and h1.grid == world["g2"]
        and h1.building == b
        and h1.address == "幸福路9号 1-101"
    )
    b.refresh_from_db()
    world["c1"].refresh_from_db()
    assert b.household_count == 2 and world["c1"].household_count == 2


def test_household_rules(tmp_path, world):
    b = Building.objects.create(community=world["c1"], name="A", address="幸福路9号")
    Household.objects.create(community=world["c1"], building=b, number="H1", address="x")
    rows = [
        ["H1", "幸福路9号", "", ""],
        ["H2", "无此楼", "", ""],
        ["H3", "幸福路9号", "", ""],
        ["H3", "幸福路9号", "", ""],
    ]
    result = run_import(
        "households",
        write_csv(tmp_path / "h.csv", HH, rows),
        community=world["c1"],
        valid_only=True,
    )
    assert set(cells(result)) == {(2, "户号"), (3, "楼栋地址"), (5, "户号")}
    assert result.imported == 1
    b.refresh_from_db()
    assert b.household_count == 2


@pytest.mark.parametrize("kind", ["buildings", "households", "residents"])
def test_template_has_chinese_headers_and_instructions(kind, tmp_path, world):
    data = template_workbook(kind)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert "说明" in wb.sheetnames
    headers = [c.value for c in wb.worksheets[0][1]]
    assert len(headers) >= 4
    # The template's own headers are matched: its example row is checked, not refused.
    path = tmp_path / "t.xlsx"
    path.write_bytes(data)
    result = run_import(kind, str(path), community=world["c1"], commit=False)
    assert len(result.columns) == len(headers) and not result.unmatched
