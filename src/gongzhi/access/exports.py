"""Generated ledgers as .xlsx (an audited read: one EXPORT entry per ledger, masked data)."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from gongzhi.access.actions.base import today as _today
from gongzhi.access.errors import Code
from gongzhi.access.models import Ledger
from gongzhi.access.queries import LEDGER_TAGS, ledger_residents
from gongzhi.core import audit, text
from gongzhi.core.errors import Common, refuse
from gongzhi.core.masking import birth_year, mask_id_number, mask_phone
from gongzhi.core.models import AuditEntry


def export_ledger(kind: str | None, user) -> bytes:
    """The generated ledger as .xlsx in the usual layout (序号, 社区, 网格, 姓名, 性别, 出生年份,
    身份证号 (masked), 联系电话 (masked), 住址, 备注), audited as an export.
    `kind=None` exports every generated ledger, one sheet each (one audit entry per ledger)."""

    if not (user.has_perm("access.export_ledger")):
        refuse(Common.FORBIDDEN, _("You may not export ledgers."))
    kinds = list(Ledger.Generated.values) if kind is None else [kind]
    for k in kinds:
        if k not in Ledger.Generated.values:
            refuse(Code.INVALID_CHOICE, _("Unknown generated ledger."), field="kind")
    wb = Workbook()
    wb.remove(wb.active)
    counts = {k: _ledger_sheet(wb, k, user) for k in kinds}
    buffer = io.BytesIO()
    wb.save(buffer)
    for k, rows in counts.items():
        audit.record(
            AuditEntry.Action.EXPORT,
            None,
            object_repr=str(Ledger.Generated(k).label),
            extra={"ledger": k, "rows": rows, "masked": True},
            actor=user,
        )
    return buffer.getvalue()


def _ledger_sheet(wb, kind: str, user) -> int:
    """Write one generated ledger as a sheet of `wb`; the number of residents in it."""

    residents = list(ledger_residents(kind, user))
    label = str(Ledger.Generated(kind).label)
    ws = wb.create_sheet(label[:31])
    headers = [
        _("No."),
        _("Community"),
        _("Grid"),
        _("Name"),
        _("Sex"),
        # The year only, no exact age: beside the masked ID number (core.masking).
        _("Birth year"),
        _("ID number"),
        _("Phone"),
        _("Address"),
        _("Note"),
    ]
    ws.append([label])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([_("Generated on %(date)s from the registry") % {"date": _today().isoformat()}])
    ws.append(headers)
    for cell in ws[3]:
        cell.font = Font(bold=True)
    tag_code = LEDGER_TAGS.get(kind)
    for n, r in enumerate(residents, start=1):
        note = ""
        if tag_code:
            link = next((t for t in r.tag_links.all() if t.tag.code == tag_code), None)
            if link and link.grade:
                note = _("grade %(grade)d") % {"grade": link.grade}
        address = str(r.household) if r.household_id else ""
        ws.append(
            text.row(
                [
                    n,
                    r.community.name,
                    str(r.grid) if r.grid_id else "",
                    r.name,
                    r.get_sex_display(),
                    birth_year(r.birth_date) or "",
                    mask_id_number(r.id_number),
                    mask_phone(r.phone),
                    address,
                    note,
                ]
            )
        )
    widths = [6, 14, 10, 10, 6, 10, 22, 14, 28, 12]
    for i, w in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = w
    return len(residents)
