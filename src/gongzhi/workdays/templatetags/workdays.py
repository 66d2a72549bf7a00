"""`{% due_date value %}`: a due date, marked as provisional when it falls in a year whose
State Council holiday schedule is not published yet (workdays.services.schedule_missing) —
such a date counts that year's statutory holidays but no make-up working days, so it may
still move once the schedule is out."""

from django import template
from django.utils import dateformat, formats
from django.utils.html import format_html
from django.utils.translation import gettext as _

from gongzhi.workdays import services

register = template.Library()


def _missing(context, year: int) -> bool:
    # One query per year per page, not per row of a list.
    cache = context.render_context.setdefault("workdays_schedule_missing", {})
    if year not in cache:
        cache[year] = services.schedule_missing(year)
    return cache[year]


@register.simple_tag(takes_context=True)
def due_date(context, day, fmt=""):
    if not day:
        return "—"
    shown = dateformat.format(day, fmt) if fmt else formats.localize(day)
    if not _missing(context, day.year):
        return shown
    return format_html(
        '{} <span class="text-warning-emphasis small" data-provisional="{}">{}</span>',
        shown,
        day.year,
        _("(provisional: calendar not yet published)"),
    )
