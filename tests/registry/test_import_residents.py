"""Import of residents: every validation rule with the file that breaks it; all-or-nothing
by default, valid rows only on request (with the rejected rows and reasons); one audit
entry per import; derived fields, encryption and blind index as the registry expects."""

import datetime

import openpyxl
import pytest

from gongzhi.core.models import AuditEntry
from gongzhi.org.models import Ethnicity
from gongzhi.registry import choices
from gongzhi.registry.imports import ImportFileError, run_import
from gongzhi.registry.imports.columns import en, zh
from gongzhi.registry.models import Building, Household, Resident
from tests.registry.test_import_files import id_number, write_csv, write_xlsx

H = ["姓名", "身份证号", "联系电话", "户号", "与户主关系", "民族", "政治面貌", "出生日期"]


@pytest.fixture
def homes(world):
    b = Building.objects.create(
        community=world["c1"], grid=world["g1"], name="1号楼", address="幸福路1号1号楼"
    )
    h1 = Household.objects.create(
        community=world["c1"], grid=world["g1"], building=b, number="H001", address=b.address
    )
    h2 = Household.objects.create(
        community=world["c1"], grid=world["g1"], building=b, number="H002", address=b.address
    )
    return {"building": b, "h1": h1, "h2": h2}


def row(
    n,
    name="张三",
    phone="13812345678",
    household="H001",
    relation="",
    ethnicity="",
    political="",
    birth="",
):
    return [name, id_number(n), phone, household, relation, ethnicity, political, birth]


def imp(path, world, **kw):
    return run_import("residents", str(path), community=world["c1"], **kw)


def cells(result):
    return {(e["row"], e["column"]): e["message"] for e in result.errors}


def test_valid_csv_is_imported_with_derived_and_protected_fields(tmp_path, world, homes):
    path = write_csv(
        tmp_path / "r.csv",
        H,
        [row(1, relation=zh(choices.Relation.HEAD.label)), row(2, name="李四", household="H002")],
    )
    result = imp(path, world)
    assert result.ok and result.committed and result.imported == 2
    zs = Resident.objects.get(name="张三")
    assert zs.id_number == id_number(1)
    assert zs.name_pinyin == "zhangsan" and zs.name_initials == "zs"
    assert (
        zs.id_last4 == id_number(1)[-4:]
        and zs.birth_date == datetime.date(1980, 1, 1)
        and zs.sex == "M"
    )
    assert zs.household == homes["h1"] and zs.grid == world["g1"] and zs.community == world["c1"]
    assert zs.relation == "head"
    assert Resident.objects.filter(
        id_number_index=Resident._meta.get_field("id_number_index").index_of(id_number(1))
    ).exists()
    assert (
        Resident.objects.filter(
            phone_index=Resident._meta.get_field("phone_index").index_of("13812345678")
        ).count()
        == 2
    )
    # Stored encrypted: the raw column never holds the number.
    raw = Resident.objects.filter(pk=zs.pk).values_list("id_number", flat=True)
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT id_number, phone FROM registry_resident WHERE id = %s", [zs.pk])
        stored = cur.fetchone()
    assert id_number(1) not in stored[0] and "13812345678" not in stored[1]
    assert list(raw) == [id_number(1)]
    homes["h1"].refresh_from_db()
    assert homes["h1"].head == zs


def test_one_audit_entry_per_import_with_counts(tmp_path, world, homes):
    path = write_csv(tmp_path / "r.csv", H, [row(i) for i in range(1, 6)])
    before = AuditEntry.objects.count()
    imp(path, world)
    entries = AuditEntry.objects.all()[: AuditEntry.objects.count() - before]
    assert [e.action for e in entries] == [AuditEntry.Action.IMPORT]
    assert entries[0].extra["imported"] == 5 and entries[0].extra["rows"] == 5


def test_wrong_check_digit_rejects_the_whole_file(tmp_path, world, homes):
    bad = id_number(2)[:-1] + ("0" if id_number(2)[-1] != "0" else "1")
    rows = [row(1), ["李四", bad, "", "H001", "", "", "", ""]]
    result = imp(write_csv(tmp_path / "r.csv", H, rows), world)
    assert not result.committed and result.imported == 0
    assert (
        "校验" in cells(result)[(3, "身份证号")] or "check digit" in cells(result)[(3, "身份证号")]
    )
    assert Resident.objects.count() == 0  # nothing written, not even the valid row
    assert AuditEntry.objects.filter(action="import").get().extra["imported"] == 0


@pytest.mark.parametrize("bad", ["11010519800101001", "1101051980013200X1", "110105198013320011"])
def test_malformed_id_numbers(tmp_path, world, homes, bad):
    result = imp(write_csv(tmp_path / "r.csv", H, [["王五", bad, "", "", "", "", "", ""]]), world)
    assert (2, "身份证号") in cells(result)


def test_id_number_stored_as_excel_number_is_explained(tmp_path, world, homes):
    result = imp(
        write_xlsx(tmp_path / "r.xlsx", H, [["王五", 110105198001010010, "", "", "", "", "", ""]]),
        world,
    )
    assert "Excel" in cells(result)[(2, "身份证号")]


def test_duplicate_inside_the_file(tmp_path, world, homes):
    result = imp(write_csv(tmp_path / "r.csv", H, [row(1), row(2), row(1, name="张三丰")]), world)
    assert "2" in cells(result)[(4, "身份证号")]
    assert Resident.objects.count() == 0


def test_duplicate_against_the_database(tmp_path, world, homes):
    imp(write_csv(tmp_path / "a.csv", H, [row(1)]), world)
    # Also in another community: one person, one record in the deployment.
    result = run_import(
        "residents", write_csv(tmp_path / "b.csv", H, [row(1, household="")]), community=world["c2"]
    )
    assert not result.committed and result.rejected == 1
    assert Resident.objects.count() == 1


def test_missing_household_reference(tmp_path, world, homes):
    result = imp(write_csv(tmp_path / "r.csv", H, [row(1, household="H999")]), world)
    assert (2, "户号") in cells(result)


def test_household_of_another_community_is_missing(tmp_path, world, homes):
    result = run_import(
        "residents",
        write_csv(tmp_path / "r.csv", H, [row(1, household="H001")]),
        community=world["c2"],
    )
    assert (2, "户号") in cells(result)


def test_enumerations_accept_chinese_english_and_code(tmp_path, world, homes):
    rows = [
        row(
            1,
            ethnicity=zh(Ethnicity.HUI.label),
            political=zh(choices.PoliticalStatus.CPC_MEMBER.label),
        ),
        row(
            2,
            ethnicity=en(Ethnicity.HUI.label),
            political=en(choices.PoliticalStatus.CPC_MEMBER.label),
        ),
        row(3, ethnicity="03", political="cpc"),
    ]
    result = imp(write_csv(tmp_path / "r.csv", H, rows), world)
    assert result.ok, result.errors
    assert set(Resident.objects.values_list("ethnicity", "political_status")) == {("03", "cpc")}


def test_chinese_labels_are_translated():
    """The zh_Hans catalogue gives the enumerations their Chinese names."""
    assert zh(choices.PoliticalStatus.MASSES.label) != en(choices.PoliticalStatus.MASSES.label)
    assert zh(Ethnicity.HAN.label) == "汉族"


def test_unknown_enumeration_value(tmp_path, world, homes):
    result = imp(write_csv(tmp_path / "r.csv", H, [row(1, political="党员?")]), world)
    assert "党员?" in cells(result)[(2, "政治面貌")]


@pytest.mark.parametrize("text", ["1980-01-01", "1980/1/1", "1980年1月1日", "19800101", "29221"])
def test_date_formats(tmp_path, world, homes, text):
    result = imp(write_csv(tmp_path / "r.csv", H, [row(1, birth=text)]), world)
    assert result.ok, result.errors


def test_excel_date_cells_and_serial_numbers(tmp_path, world, homes):
    rows = [row(1, birth=datetime.date(1980, 1, 1)), row(2, birth=29221)]
    result = imp(write_xlsx(tmp_path / "r.xlsx", H, rows), world)
    assert result.ok, result.errors


@pytest.mark.parametrize("text", ["1980-02-30", "01/02/1980", "昨天"])
def test_bad_dates(tmp_path, world, homes, text):
    result = imp(write_csv(tmp_path / "r.csv", H, [row(1, birth=text)]), world)
    assert (2, "出生日期") in cells(result)


def test_birth_date_must_match_the_id_number(tmp_path, world, homes):
    result = imp(write_csv(tmp_path / "r.csv", H, [row(1, birth="1981-01-01")]), world)
    assert "1980-01-01" in cells(result)[(2, "出生日期")]


def test_bad_phone(tmp_path, world, homes):
    result = imp(
        write_csv(tmp_path / "r.csv", H, [row(1, phone="12345"), row(2, phone="12012345678")]),
        world,
    )
    assert (2, "联系电话") in cells(result) and (3, "联系电话") in cells(result)


def test_required_cell_missing(tmp_path, world, homes):
    result = imp(
        write_csv(tmp_path / "r.csv", H, [["", id_number(1), "", "", "", "", "", ""]]), world
    )
    assert (2, "姓名") in cells(result)


def test_required_column_missing_is_a_file_error(tmp_path, world, homes):
    with pytest.raises(ImportFileError) as exc:
        imp(write_csv(tmp_path / "r.csv", ["姓名", "电话"], [["张三", "13812345678"]]), world)
    assert "身份证号" in exc.value.message or "ID number" in exc.value.message


def test_header_only_file(tmp_path, world, homes):
    with pytest.raises(ImportFileError):
        imp(write_csv(tmp_path / "r.csv", H, []), world)


def test_valid_only_imports_good_rows_and_returns_rejected_rows(tmp_path, world, homes):
    rows = [row(1), row(2, household="H999"), row(3, phone="x"), row(1, name="重复")]
    result = imp(write_csv(tmp_path / "r.csv", H, rows), world, valid_only=True)
    assert result.committed and result.imported == 1 and result.rejected == 3
    assert Resident.objects.count() == 1
    wb = openpyxl.load_workbook(result.rejected_path)
    ws = wb.active
    data = list(ws.values)
    assert data[0][-1] in ("原因", "Reason")
    assert [r[0] for r in data[1:]] == ["张三", "张三", "重复"]
    assert "户号" in data[1][-1]
    assert result.error_counts == {"户号": 1, "联系电话": 1, "身份证号": 1}


def test_preview_writes_nothing(tmp_path, world, homes):
    result = imp(write_csv(tmp_path / "r.csv", H, [row(1)]), world, commit=False)
    assert result.ok and not result.committed and Resident.objects.count() == 0
    assert not AuditEntry.objects.filter(action="import").exists()


def test_headers_matched_by_alias_and_english_and_mapping(tmp_path, world, homes):
    headers = ["Name", "公民身份号码", "手机", "备注X"]
    path = write_csv(
        tmp_path / "r.csv", headers, [["张三", id_number(1), "13812345678", "户口H001"]]
    )
    result = imp(path, world, commit=False)
    assert result.ok and result.columns["Name"] == "name" and result.unmatched == ["备注X"]
    # A column the matcher does not know is mapped by hand; a known one can be ignored.
    result = imp(path, world, mapping={"备注X": "household", "手机": ""}, commit=False)
    assert result.columns == {"Name": "name", "公民身份号码": "id_number", "备注X": "household"}
    assert not result.ok  # "户口H001" is not a household number


def test_gb18030_file_with_bom_less_utf8_alternative(tmp_path, world, homes):
    path = write_csv(tmp_path / "r.csv", H, [row(1, name="欧阳娜娜")], encoding="gb18030")
    result = imp(path, world)
    assert result.ok and Resident.objects.get().name == "欧阳娜娜"


def test_errors_are_listed_up_to_a_limit_but_all_counted(tmp_path, world, homes):
    rows = [row(i, phone="bad") for i in range(1, 301)]
    result = imp(write_csv(tmp_path / "r.csv", H, rows), world)
    assert len(result.errors) == 200 and result.error_counts["联系电话"] == 300


def test_chunks_do_not_lose_rows_or_duplicates(tmp_path, world, homes):
    rows = [row(i, name=f"人{i}", household="") for i in range(1, 40)] + [row(5, household="")]
    result = imp(write_csv(tmp_path / "r.csv", H, rows), world, chunk_size=7, valid_only=True)
    assert result.imported == 39 and result.rejected == 1


def test_the_same_id_may_follow_a_rejected_row_in_valid_only_mode(tmp_path, world, homes):
    rows = [row(1, household="H999"), row(1)]
    result = imp(write_csv(tmp_path / "r.csv", H, rows), world, valid_only=True)
    assert result.imported == 1 and Resident.objects.get().household == homes["h1"]


def test_pinyin_of_names_agrees_with_pypinyin_on_the_whole_name():
    # derive.pinyin_of puts single-reading characters together; the rule is pypinyin's
    # reading of the whole name (its phrase dictionary decides the characters with several).
    import random

    from gongzhi.registry import derive

    chars = "王李张刘陈杨黄赵曾单解朴查仇区伟芳娜秀英敏静丽强磊军洋乐行长重都会和佳怡文博晨曦建国小红Ann·"
    rnd = random.Random(7)
    for _ in range(3000):
        name = "".join(rnd.choice(chars) for _ in range(rnd.randint(1, 4)))
        assert derive.pinyin_of(name) == derive._pinyin_whole.__wrapped__(name), name


def test_names_with_backslash_are_stored_as_typed_and_a_tab_is_refused(tmp_path, world, homes):
    # On PostgreSQL the writer renders COPY text itself: its escapes must round-trip. A tab
    # is a control character in a single-line field (core.text), refused like the others.
    names = ["张\\三", "Ann\\N"]
    rows = [row(i + 1, name=n, household="") for i, n in enumerate([*names, "李\t四"])]
    result = imp(write_csv(tmp_path / "r.csv", H, rows), world, valid_only=True)
    assert result.imported == 2
    assert [(e["row"], e["column"]) for e in result.errors] == [(4, "姓名")]
    stored = {r.name: r for r in Resident.objects.all()}
    assert set(stored) == set(names)
    assert stored["Ann\\N"].name_pinyin == "ann\\n" and stored["Ann\\N"].phone == "13812345678"
