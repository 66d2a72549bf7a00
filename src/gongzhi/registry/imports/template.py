"""The downloadable template of each kind: a data sheet with the Chinese headers (required
ones marked), an example row, drop-down lists for the enumerations, and an instructions
sheet describing every column."""

import io

import openpyxl
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from gongzhi.registry.imports import columns as C


def template_workbook(kind: str) -> bytes:
    spec = C.KINDS[kind]
    with translation.override("zh-hans"):
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = str(spec.label)[:31]
        bold = Font(bold=True)
        required_fill = PatternFill("solid", fgColor="FDE9D9")
        headers = [str(c.label) for c in spec.columns]
        ws.append(headers)
        ws.append([c.example or None for c in spec.columns])
        lists = wb.create_sheet("lists")
        for i, col in enumerate(spec.columns, start=1):
            cell = ws.cell(row=1, column=i)
            cell.font = bold
            if col.required:
                cell.fill = required_fill
            letter = get_column_letter(i)
            ws.column_dimensions[letter].width = max(12, len(str(col.label)) * 2 + 4)
            ws.column_dimensions[letter].number_format = "@"
            if col.type == C.ENUM:
                labels = [str(label) for _code, label in col.choices.choices]
                for r, label in enumerate(labels, start=1):
                    lists.cell(row=r, column=i, value=label)
                dv = DataValidation(
                    type="list",
                    formula1=f"=lists!${letter}$1:${letter}${len(labels)}",
                    allow_blank=True,
                )
                ws.add_data_validation(dv)
                dv.add(f"{letter}2:{letter}100000")
        lists.sheet_state = "hidden"
        ws.freeze_panes = "A2"
        info = wb.create_sheet("说明")
        info.append([_("Column"), _("Required"), _("Format"), _("Notes")])
        for c in info[1]:
            c.font = bold
        formats = {
            C.TEXT: _("text"),
            C.ID_NUMBER: _("18-character ID number (text)"),
            C.PHONE: _("phone number"),
            C.DATE: _("date, e.g. 2024-01-05"),
            C.ENUM: _("one of the listed values"),
            C.INT: _("whole number"),
            C.DECIMAL: pgettext("field type", "number"),
        }
        for col in spec.columns:
            notes = str(col.help)
            if col.type == C.ENUM:
                notes = (notes + " " if notes else "") + "、".join(
                    str(label) for _c, label in col.choices.choices
                )
            info.append(
                [str(col.label), _("yes") if col.required else "", formats[col.type], notes]
            )
        info.append([])
        info.append(
            [
                _(
                    "Fill in the first sheet from row 2 (delete the example row). Do not rename the headers; your own files may use other headers and be mapped on upload."
                )
            ]
        )
        info.append(
            [_("Format ID-number and phone columns as text so that Excel keeps every digit.")]
        )
        for letter, width in zip("ABCD", (18, 8, 28, 80), strict=True):
            info.column_dimensions[letter].width = width
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
