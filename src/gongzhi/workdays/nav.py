"""The holiday calendar's menu entry, and what the calendar tells the home page."""

from django.utils.translation import gettext_lazy as _

from gongzhi.core.nav import NavItem, Notice
from gongzhi.workdays.services import missing_schedule_warning


def holiday_schedule(user) -> Notice | None:
    """Whoever keeps the calendar hears that next year's holiday schedule is missing on the
    home page too, not only on the calendar page they may never open."""
    if not user.has_perm("workdays.change_calendarday"):
        return None
    text = missing_schedule_warning()
    if not text:
        return None
    return Notice("holiday-schedule", text, "workdays:calendar", _("Open the calendar"))


NOTICES = [holiday_schedule]


# The sidebar section of this app's entries (core.nav.GROUPS).
GROUP = "system"

NAV = [
    NavItem(
        label=_("Holiday calendar"),
        url_name="workdays:calendar",
        permission="workdays.view_calendarday",
        icon="bi-calendar3",
        order=90,
        description=_("Public holidays and make-up working days"),
    ),
]
