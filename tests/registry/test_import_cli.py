"""`gongzhi import …` and `gongzhi export …` on the command line."""

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from gongzhi.core.models import AuditEntry
from gongzhi.registry.models import Building, Household, Resident
from tests.registry.test_import_files import id_number, write_csv

H = ["姓名", "身份证号", "户号"]


@pytest.fixture
def homes(world):
    b = Building.objects.create(
        community=world["c1"], grid=world["g1"], name="1号楼", address="幸福路1号"
    )
    Household.objects.create(
        community=world["c1"], grid=world["g1"], building=b, number="H001", address=b.address
    )


def run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    code = 0
    try:
        call_command("import", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_import_ok_prints_progress_and_summary(tmp_path, world, homes):
    path = write_csv(
        tmp_path / "r.csv", H, [["张三", id_number(1), "H001"], ["李四", id_number(2), ""]]
    )
    code, out, err = run("residents", path, "--community", "150204001001")
    assert code == 0, err
    assert "100%" in out and "2" in out and Resident.objects.count() == 2
    assert AuditEntry.objects.get(action="import").source == "cli"


def test_three_digit_code_with_street(tmp_path, world, homes):
    path = write_csv(tmp_path / "r.csv", H, [["张三", id_number(1), "H001"]])
    # "001" exists in both streets: ambiguous without --street.
    with pytest.raises(CommandError):
        run("residents", path, "--community", "001")
    code, _out, _err = run("residents", path, "--community", "001", "--street", "150204001000")
    assert code == 0 and Resident.objects.get().community == world["c1"]


def test_rejected_input_exits_1_and_writes_nothing(tmp_path, world, homes):
    path = write_csv(
        tmp_path / "r.csv", H, [["张三", id_number(1), "H001"], ["李四", "123", "H001"]]
    )
    code, _out, err = run("residents", path, "--community", "150204001001")
    assert code == 1 and "3" in err and Resident.objects.count() == 0


def test_valid_only_writes_good_rows_and_the_rejected_file(tmp_path, world, homes):
    path = write_csv(
        tmp_path / "r.csv", H, [["张三", id_number(1), "H001"], ["李四", "123", "H001"]]
    )
    code, out, _err = run("residents", path, "--community", "150204001001", "--valid-only")
    assert code == 1 and Resident.objects.count() == 1
    wb = openpyxl.load_workbook(path + ".rejected.xlsx")
    assert list(wb.active.values)[1][0] == "李四"


def test_mapping_option(tmp_path, world, homes):
    path = write_csv(tmp_path / "r.csv", ["人名", "证件"], [["张三", id_number(1)]])
    code, _o, _e = run(
        "residents",
        path,
        "--community",
        "150204001001",
        "--mapping",
        '{"人名": "name", "证件": "id_number"}',
    )
    assert code == 0 and Resident.objects.get().name == "张三"
    with pytest.raises(CommandError):
        run("residents", path, "--community", "150204001001", "--mapping", "[1]")


def test_unreadable_file_exits_1(tmp_path, world, homes):
    p = tmp_path / "e.csv"
    p.write_bytes(b"")
    code, _o, err = run("residents", str(p), "--community", "150204001001")
    assert code == 1 and err


def test_buildings_and_households_kinds(tmp_path, world):
    b = write_csv(
        tmp_path / "b.csv", ["楼栋地址", "楼栋名称", "网格编号"], [["幸福路2号", "2号楼", "1"]]
    )
    h = write_csv(tmp_path / "h.csv", ["户号", "楼栋地址"], [["H9", "幸福路2号"]])
    assert run("buildings", b, "--community", "150204001001")[0] == 0
    assert run("households", h, "--community", "150204001001")[0] == 0
    assert Household.objects.get(number="H9").grid == world["g1"]
