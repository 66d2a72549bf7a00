"""The assessment figures as a table (issue 13 §6): per grid worker, community, handling unit
or street for a date range, in the user's scope, the monthly ranking of handling units, and
the `.xlsx` export. The figures themselves are defined once, in `cases.indicators`; the
screen (`cases.views.figures`), the API (`/api/cases/figures/`) and the export read them
from here, so the three show the same numbers."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from gongzhi.cases import indicators
from gongzhi.cases.errors import Code
from gongzhi.cases.indicators import DEFINITIONS, Figure
from gongzhi.cases.models import Case, HandlingUnit
from gongzhi.core import audit, text
from gongzhi.core.models import AuditEntry
from gongzhi.org.models import Community, Street

VIEW = "cases.view_case"
MAX_DAYS = 3 * 366  # the longest range one table covers

LEVELS = [
    ("grid_worker", pgettext_lazy("figures level", "grid worker")),
    ("community", pgettext_lazy("figures level", "community")),
    ("unit", pgettext_lazy("figures level", "handling unit")),
    ("street", pgettext_lazy("figures level", "street")),
]


class FiguresForm(forms.Form):
    """What the screen and the API ask: the level and the range of report dates (both
    included). Empty dates mean this month so far."""

    level = forms.ChoiceField(label=pgettext_lazy("figures", "Per"), choices=LEVELS, required=False)
    date_from = forms.DateField(label=pgettext_lazy("date range", "From"), required=False)
    date_to = forms.DateField(label=pgettext_lazy("date range", "To"), required=False)

    def clean_level(self):
        level = self.cleaned_data.get("level") or "community"
        if level not in indicators.LEVEL_FIELDS:  # pragma: no cover - ChoiceField refuses first
            raise ValidationError(_("Unknown level."), code=Code.FIGURES_LEVEL)
        return level

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        start = data.get("date_from") or today.replace(day=1)
        end = data.get("date_to") or today
        if "date_from" in self.errors or "date_to" in self.errors:
            return data
        if end < start:
            self.add_error(
                "date_to",
                ValidationError(
                    _("The end date is before the start date."), code=Code.FIGURES_RANGE
                ),
            )
        elif (end - start).days > MAX_DAYS:
            self.add_error(
                "date_to",
                ValidationError(_("A table covers at most three years."), code=Code.FIGURES_RANGE),
            )
        data["date_from"], data["date_to"] = start, end
        return data


def coded_errors(form: forms.Form) -> dict:
    """The form's errors as the API answers them: {field: [{code, message}]}; a ChoiceField's
    own refusal gets the app's code."""
    answer = {}
    for field, errors in form.errors.as_data().items():
        name = {"date_from": "from", "date_to": "to"}.get(field, field)
        answer[name] = [
            {
                "code": Code.FIGURES_LEVEL if field == "level" else (e.code or "invalid"),
                "message": " ".join(e.messages),
            }
            for e in errors
        ]
    return answer


@dataclass
class Row:
    key: int
    name: str
    figures: dict[str, Figure]


def _names(level: str, keys) -> dict[int, str]:
    model = {
        "grid_worker": get_user_model(),
        "community": Community,
        "unit": HandlingUnit,
        "street": Street,
    }[level]
    return {
        obj.pk: str(obj) if level == "grid_worker" else obj.name
        for obj in model.objects.filter(pk__in=keys)
    }


def table(user, level: str, start: datetime.date, end: datetime.date) -> list[Row]:
    """One row per subject of `level` with cases reported from `start` to `end` among the
    cases the user may see (visible_to: a community's staff get their community's rows)."""
    cases = indicators.in_range(Case.objects.visible_to(user, VIEW), start, end)
    per = indicators.grouped(cases, level)
    names = _names(level, per)
    rows = [Row(key, names.get(key, str(key)), figs) for key, figs in per.items()]
    return sorted(rows, key=lambda r: r.name)


def month_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    first = day.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, following - datetime.timedelta(days=1)


def ranking(user, day: datetime.date) -> list[Row]:
    """The monthly ranking of handling units for the calendar month holding `day`
    (indicators.rank_key: 按期结案率, then 结案率, then the number of cases)."""
    start, end = month_of(day)
    rows = table(user, "unit", start, end)
    return sorted(rows, key=lambda r: (indicators.rank_key(r.figures), r.name))


def as_json(rows: list[Row]) -> list[dict]:
    return [
        {
            "id": row.key,
            "name": row.name,
            "figures": {
                name: {
                    "label": f.label,
                    "numerator": f.numerator,
                    "denominator": f.denominator,
                    "value": None if f.value is None else float(f.value),
                }
                for name, f in row.figures.items()
            },
        }
        for row in rows
    ]


def level_label(level: str) -> str:
    return str(dict(LEVELS)[level])


def export_xlsx(user, level: str, start: datetime.date, end: datetime.date) -> bytes:
    """The figures table as .xlsx (one sheet; counts and rates as numbers, rates formatted
    as percentages), every cell through core.text's safe-cell writer; audited as an export
    (one entry: level, range, rows)."""
    rows = table(user, level, start, end)
    wb = Workbook()
    ws = wb.active
    ws.title = _("Figures")[:31]
    ws.append(
        text.row(
            [
                _("Assessment figures of cases, per %(level)s, %(start)s to %(end)s")
                % {"level": level_label(level), "start": start, "end": end}
            ]
        )
    )
    ws["A1"].font = Font(bold=True)
    ws.append(
        text.row([level_label(level), *(str(label) for label, _n, _d in DEFINITIONS.values())])
    )
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for row in rows:
        values = [row.name]
        for f in row.figures.values():
            values.append(f.numerator if f.denominator is None else f.value)
        ws.append(text.row(values))
        for cell in ws[ws.max_row][2:]:
            if cell.value is not None:
                cell.number_format = "0.0%"
    ws.column_dimensions["A"].width = 24
    buffer = io.BytesIO()
    wb.save(buffer)
    audit.record(
        AuditEntry.Action.EXPORT,
        None,
        object_repr=_("Assessment figures of cases"),
        extra={
            "figures": level,
            "from": start.isoformat(),
            "to": end.isoformat(),
            "rows": len(rows),
        },
        actor=user,
    )
    return buffer.getvalue()
