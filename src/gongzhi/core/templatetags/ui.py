"""Small template helpers of the UI shell: `{% load ui %}`.

- `item|nav_active:request`: is this menu entry the current page (or a page below it)?
- `{% nav_icon item %}`: the entry's Bootstrap icon, hidden from screen readers.
- `message.level_tag|alert_class`: Django message level → Bootstrap alert colour.
- `{% panels "slot" obj %}`: the sections upper apps add to this page (core.nav.Panel).
- `{% render_table table %}`: renders a `gongzhi.core.tables.Table` (core/_table.html).
"""

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from gongzhi.core.nav import panels_for

register = template.Library()

_ALERT = {"error": "danger", "debug": "secondary", "": "info"}


@register.simple_tag
def nav_icon(item):
    icon = getattr(item, "icon", "") or ""
    if icon.startswith("bi-"):
        return format_html('<i class="bi {} nav-icon" aria-hidden="true"></i>', icon)
    return format_html('<span class="nav-icon" aria-hidden="true">{}</span>', icon or "•")


@register.filter
def alert_class(level_tag) -> str:
    return _ALERT.get(level_tag or "", level_tag)


@register.simple_tag(takes_context=True)
def render_table(context, table):
    return render_to_string(table.template_name, {"table": table}, request=context.get("request"))


@register.simple_tag
def cell_value(row, column):
    """The display value of `column` for `row` (see Column.value)."""
    return column.render(row)


@register.simple_tag(takes_context=True)
def panels(context, slot, obj):
    request = context.get("request")
    parts = [panel.render(request, obj) for panel in panels_for(slot)]
    # Each part is HTML its app rendered from a template (autoescaped there).
    return mark_safe("".join(p for p in parts if p))
