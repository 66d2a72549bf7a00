"""Small filters for the security pages: `{% load security %}`."""

import json

from django import template

register = template.Library()


@register.filter
def minutes(delta) -> int:
    """A timedelta as whole minutes, rounded up (for "try again in N minutes")."""
    try:
        seconds = delta.total_seconds()
    except AttributeError:
        return 0
    return int(-(-seconds // 60))


@register.filter
def audit_value(value) -> str:
    """A before/after value of the audit log as text; None (absent) shows as a dash."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
