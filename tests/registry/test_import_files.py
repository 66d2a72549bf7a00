"""Import: reading files (formats, encodings, broken/empty/protected/huge files), and the
helpers other import tests use to write real files with openpyxl and csv."""

import csv
import datetime
import io
import zipfile

import openpyxl
import pytest
from stdnum.cn import ric

from gongzhi.registry.imports.readers import ImportFileError, open_table

RESIDENT_HEADERS = ["姓名", "身份证号", "联系电话", "户号", "与户主关系", "民族", "政治面貌"]


def id_number(n: int, birth: str = "19800101", area: str = "110105") -> str:
    """A valid ID number: area + birth + 3-digit sequence + check digit."""
    base = f"{area}{birth}{n % 1000:03d}"
    return base + ric.calc_check_digit(base + "0")


def write_xlsx(path, headers, rows, *, title="data", extra_sheet_first=False):
    wb = openpyxl.Workbook()
    ws = wb.active
    if extra_sheet_first:
        ws.title = "说明"
        ws.append(["这是说明"])
        ws = wb.create_sheet(title)
    else:
        ws.title = title
    ws.append(headers)
    for r in rows:
        ws.append(list(r))
    wb.save(path)
    return str(path)


def write_csv(path, headers, rows, *, encoding="utf-8", delimiter=","):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter)
    w.writerow(headers)
    for r in rows:
        w.writerow(["" if v is None else v for v in r])
    with open(path, "wb") as fh:
        fh.write(buf.getvalue().encode(encoding))
    return str(path)


def read_all(path):
    t = open_table(str(path))
    try:
        return t.headers, list(t.rows), t
    finally:
        t.close()


ROWS = [
    ["张三", id_number(11), "13812345678", "", "", "汉族", "群众"],
    ["李四", id_number(12), "13912345678", "", "", "回族", "中共党员"],
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_encodings_are_detected(tmp_path, encoding):
    path = write_csv(tmp_path / "r.csv", RESIDENT_HEADERS, ROWS, encoding=encoding)
    headers, rows, table = read_all(path)
    assert headers == RESIDENT_HEADERS
    assert rows[0] == (2, ["张三", id_number(11), "13812345678", None, None, "汉族", "群众"])
    assert table.format == "csv"


def test_gb18030_file_larger_than_the_sample_is_detected(tmp_path):
    rows = [
        ["王小明" * 5, id_number(i), "13812345678", "", "", "汉族", "群众"] for i in range(30000)
    ]
    path = write_csv(tmp_path / "big.csv", RESIDENT_HEADERS, rows, encoding="gb18030")
    headers, read, _t = read_all(path)
    assert len(read) == 30000 and read[-1][1][0] == "王小明" * 5


def test_tab_separated_csv(tmp_path):
    path = write_csv(tmp_path / "r.txt", RESIDENT_HEADERS, ROWS, delimiter="\t")
    headers, rows, _t = read_all(path)
    assert headers == RESIDENT_HEADERS and rows[1][1][0] == "李四"


def test_xlsx_skips_instructions_sheet_and_blank_rows(tmp_path):
    path = write_xlsx(
        tmp_path / "r.xlsx",
        RESIDENT_HEADERS,
        [ROWS[0], [None] * 7, ROWS[1]],
        extra_sheet_first=True,
    )
    headers, rows, table = read_all(path)
    assert headers == RESIDENT_HEADERS
    assert [n for n, _v in rows] == [2, 4]
    assert table.format == "xlsx"


def test_xlsx_keeps_dates_as_dates(tmp_path):
    path = write_xlsx(tmp_path / "d.xlsx", ["日期"], [[datetime.date(2024, 1, 5)]])
    _h, rows, _t = read_all(path)
    assert rows[0][1][0].date() == datetime.date(2024, 1, 5)


def _error(path):
    with pytest.raises(ImportFileError) as exc:
        read_all(path)
    return exc.value.message


def test_empty_file(tmp_path):
    p = tmp_path / "e.csv"
    p.write_bytes(b"")
    assert "空" in _error(p) or "empty" in _error(p)


def test_file_with_only_blank_lines(tmp_path):
    p = tmp_path / "e.csv"
    p.write_bytes(b"\n,,\n\n")
    assert _error(p)


def test_broken_xlsx(tmp_path):
    p = tmp_path / "broken.xlsx"
    good = write_xlsx(tmp_path / "good.xlsx", RESIDENT_HEADERS, ROWS)
    p.write_bytes(open(good, "rb").read()[:300])  # truncated zip
    assert _error(p)


def test_zip_that_is_not_a_workbook(tmp_path):
    p = tmp_path / "doc.xlsx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("word/document.xml", "<x/>")
    assert _error(p)


def _ole_file(path, with_encryption: bool):
    # A minimal OLE2 compound file header plus the stream name an encrypted OOXML holds.
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    if with_encryption:
        data += (
            "EncryptionInfo".encode("utf-16-le")
            + b"\x00" * 100
            + "EncryptedPackage".encode("utf-16-le")
        )
    data += b"\x00" * 1024
    path.write_bytes(data)
    return path


def test_password_protected_workbook(tmp_path):
    msg = _error(_ole_file(tmp_path / "secret.xlsx", True))
    assert "密码" in msg or "password" in msg


def test_old_xls_file(tmp_path):
    msg = _error(_ole_file(tmp_path / "old.xls", False))
    assert ".xls" in msg


def test_binary_file_that_is_not_a_table(tmp_path):
    p = tmp_path / "photo.csv"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 10)
    assert _error(p)


def test_unknown_encoding(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_bytes("姓名,身份证号\n".encode() + b"\xff\xfe\xfd\x80\x80\n")
    # Not UTF-8; GB18030 decodes nearly anything, so this is read, not crashed on.
    try:
        read_all(p)
    except ImportFileError as exc:
        assert exc.message


def test_too_many_rows(tmp_path, settings):
    settings.GONGZHI_IMPORT_MAX_ROWS = 5
    path = write_csv(tmp_path / "big.csv", RESIDENT_HEADERS, ROWS * 3)
    assert "5" in _error(path)
    path = write_xlsx(tmp_path / "big.xlsx", RESIDENT_HEADERS, ROWS * 3)
    assert "5" in _error(path)


def test_too_many_bytes(tmp_path, settings):
    settings.GONGZHI_IMPORT_MAX_BYTES = 100
    path = write_csv(tmp_path / "big.csv", RESIDENT_HEADERS, ROWS * 3)
    assert "MB" in _error(path)
