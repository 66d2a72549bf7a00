"""The 12345 hotline export (工单): its columns, the template, and reading a file into rows.

The file is read with the registry importer's reader (`registry.imports.readers.open_table`:
.xlsx or .csv, size and zip-bomb limits, every unusable file an `ImportFileError` with a
message for the user) and its header rules (`registry.imports.columns`: Chinese and English
labels, aliases, noise such as “*” or “（必填）” ignored). Checking and writing the rows is
the action's (`cases.actions.hotline`)."""

from __future__ import annotations

import datetime
import io
import os
import re
import secrets
import shutil
import tempfile
from contextlib import contextmanager

import openpyxl
from django.core.files.storage import default_storage
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from openpyxl.styles import Font, PatternFill

from gongzhi.registry.imports.columns import Column, normalize_header, zh
from gongzhi.registry.imports.readers import ImportFileError, open_table


def _col(label: str):
    return pgettext_lazy("hotline column", label)


COLUMNS = (
    Column(
        "ticket",
        _col("ticket number"),
        required=True,
        max_length=40,
        aliases=("工单编号", "工单号", "工单号码", "编号", "ticket", "ticket_no"),
        example="GD2026120700001",
    ),
    Column(
        "received_at",
        _col("received at"),
        aliases=("受理时间", "来电时间", "登记时间", "received"),
        example="2026-12-07 09:30",
    ),
    Column(
        "category",
        _col("request class"),
        required=True,
        aliases=("诉求类别", "小类", "诉求小类", "问题分类", "类别", "category"),
        help=gettext_lazy("The small class's code or name (e.g. 0109 or 路灯)."),
        example="0109",
    ),
    Column(
        "community",
        _col("community"),
        required=True,
        aliases=("所属社区", "社区", "community"),
        example="幸福社区",
    ),
    Column(
        "address",
        _col("address"),
        aliases=("地址", "事发地址", "详细地址", "address"),
        example="幸福路12号",
    ),
    Column(
        "description",
        _col("request content"),
        required=True,
        max_length=2000,
        aliases=("诉求内容", "内容", "问题描述", "description"),
        example="路灯不亮",
    ),
    Column(
        "caller",
        _col("caller"),
        max_length=50,
        aliases=("来电人", "来电人姓名", "姓名", "caller", "name"),
        example="李先生",
    ),
    Column(
        "phone",
        _col("contact phone"),
        aliases=("联系电话", "来电号码", "电话", "phone"),
        example="13812345678",
    ),
    Column(
        "urgency",
        _col("urgency level"),
        aliases=("紧急程度", "是否紧急", "urgency"),
        help=gettext_lazy("一般 or 紧急 (empty: 一般)."),
        example="一般",
    ),
)
COLUMN = {c.key: c for c in COLUMNS}
URGENT_WORDS = {"紧急", "加急", "特急", "urgent", "是", "yes"}
NORMAL_WORDS = {"", "一般", "普通", "正常", "normal", "否", "no"}


def header(key: str) -> str:
    """The column's header in the user's language (what row errors name)."""
    return str(COLUMN[key].label)


def _names() -> dict[str, str]:
    names: dict[str, str] = {}
    for col in COLUMNS:
        with translation.override("en"):
            english = str(col.label)
        for name in (zh(col.label), english, col.key, *col.aliases):
            names.setdefault(normalize_header(name), col.key)
    return names


def read(path: str, file_name: str = "") -> list[tuple[int, dict]]:
    """(spreadsheet row number, {column key: cell value}) for each data row of the file.
    Raises ImportFileError when the file cannot be used (unreadable, required columns
    missing, no rows)."""
    table = open_table(path, file_name)
    try:
        names = _names()
        colmap: dict[int, str] = {}
        for i, h in enumerate(table.headers):
            key = names.get(normalize_header(h))
            if key and key not in colmap.values():
                colmap[i] = key
        missing = [c for c in COLUMNS if c.required and c.key not in colmap.values()]
        if missing:
            raise ImportFileError(
                _("Required columns are missing: %(columns)s. Use the template.")
                % {"columns": "、".join(str(c.label) for c in missing)}
            )
        rows = []
        for rownum, values in table.rows:
            rows.append(
                (rownum, {key: values[i] if i < len(values) else None for i, key in colmap.items()})
            )
        if not rows:
            raise ImportFileError(_("The file has a header row but no data rows."))
        return rows
    finally:
        table.close()


# --- the upload between the preview and the confirmation -----------------------------------


def stage(upload) -> str:
    """Keep an upload (a file, not a record) until it is confirmed; its storage name."""
    suffix = os.path.splitext(upload.name)[1][:8]
    return default_storage.save(f"imports/hotline/{secrets.token_hex(8)}{suffix}", upload)


def discard(name: str) -> None:
    default_storage.delete(name)


def staged(name: str) -> bool:
    return default_storage.exists(name)


@contextmanager
def local_copy(name: str):
    """The staged upload as a local file (storages other than the file system work too)."""
    fd, path = tempfile.mkstemp(suffix=os.path.splitext(name)[1], prefix="gongzhi-hotline-")
    try:
        with os.fdopen(fd, "wb") as out, default_storage.open(name, "rb") as src:
            shutil.copyfileobj(src, out, 1 << 20)
        yield path
    finally:
        os.unlink(path)


# --- reading one cell ----------------------------------------------------------------------

_WHEN = re.compile(
    r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]+(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?)?$"
)


def text_of(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a ticket or phone number read as a number by Excel
    return str(value).strip()


def when(value) -> datetime.datetime | None:
    """A receipt time: a spreadsheet date/time or text such as 2026-12-07 09:30 (local time).
    ValueError when it is neither."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, datetime.date):
        moment = datetime.datetime.combine(value, datetime.time())
    else:
        found = _WHEN.match(str(value).strip())
        if not found:
            raise ValueError(value)
        y, m, d, hh, mm, ss = (int(g) if g else 0 for g in found.groups())
        moment = datetime.datetime(y, m, d, hh, mm, ss)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def template_workbook() -> bytes:
    """The example file: the headers a 12345 export has (required ones marked), one example
    row and an instructions sheet."""
    with translation.override("zh-hans"):
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "工单"
        ws.append([str(c.label) for c in COLUMNS])
        ws.append([c.example or None for c in COLUMNS])
        for i, col in enumerate(COLUMNS, start=1):
            cell = ws.cell(row=1, column=i)
            cell.font = Font(bold=True)
            if col.required:
                cell.fill = PatternFill("solid", fgColor="FDE9D9")
            ws.column_dimensions[cell.column_letter].width = 18
        info = wb.create_sheet("说明")
        info.append([_("Column"), _("Required"), _("Notes")])
        for col in COLUMNS:
            info.append([str(col.label), _("yes") if col.required else "", str(col.help)])
        info.append([])
        info.append([_("One row per ticket; a ticket number is imported once.")])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


__all__ = ["COLUMNS", "ImportFileError", "header", "read", "template_workbook", "when"]
