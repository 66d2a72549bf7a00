"""Menu entries of cases (core.nav), shown to whoever holds their permission, and the home
page's to-do: the cases waiting for the user's step."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from gongzhi.cases.actions.flow import waiting_for
from gongzhi.core.nav import NavItem, Notice

NAV = [
    NavItem(
        label=_("Report a case"),
        url_name="cases:report",
        permission="cases.add_case",
        icon="bi-camera",
        order=40,
        mobile=True,
        description=_("A problem found in the grid: class, photos, position"),
    ),
    NavItem(
        label=_("Cases"),
        url_name="cases:list",
        permission="cases.view_case",
        icon="bi-exclamation-triangle",
        order=41,
        mobile=True,
        description=_("To accept, dispatch, handle, verify; due soon and overdue"),
    ),
    NavItem(
        label=_("Record a case"),
        url_name="cases:desk",
        permission="cases.record_case",
        icon="bi-telephone",
        order=42,
        description=_("At the desk, from a phone call or a 12345 hotline ticket"),
    ),
    NavItem(
        label=_("Case categories"),
        url_name="cases:categories",
        permission="cases.view_category",
        icon="bi-diagram-3",
        order=43,
        description=_("The two-level tree with limits and default units"),
    ),
    NavItem(
        label=_("My day"),
        url_name="cases:my_day",
        permission="cases.add_patrol",
        icon="bi-sunrise",
        order=44,
        mobile=True,
        description=_("To verify, my reports, the patrol"),
    ),
    NavItem(
        label=_("My cases"),
        url_name="cases:my_cases",
        permission="cases.add_case",
        icon="bi-card-checklist",
        order=45,
        mobile=True,
        description=_("The cases I reported and their state"),
    ),
    NavItem(
        label=_("Cases map"),
        url_name="cases:map",
        permission="cases.view_case",
        icon="bi-geo-alt",
        order=46,
        description=_("Cases on the grid map, coloured by state"),
    ),
    NavItem(
        label=_("Assessment figures"),
        url_name="cases:figures",
        permission="cases.view_case",
        icon="bi-bar-chart",
        order=47,
        description=_("Rates per grid worker, community, unit and street; ranking; export"),
    ),
]


def cases_waiting(user) -> Notice | None:
    """The cases waiting for the user's step, on the home page: the to-do the workbench
    (issue #18) will list in full."""
    if not user.is_authenticated:
        return None
    waiting = waiting_for(user)
    count = waiting.count()
    if not count:
        return None
    overdue = waiting.deadline("overdue").count()
    text = ngettext(
        "%(count)d case waits for your step (%(overdue)d overdue).",
        "%(count)d cases wait for your step (%(overdue)d overdue).",
        count,
    ) % {"count": count, "overdue": overdue}
    # 催办 and 督办 reach the unit here: the cases it was reminded of or supervised on.
    pressed = waiting.filter(Q(remind_count__gt=0) | Q(supervise_count__gt=0)).count()
    if pressed:
        text += " " + ngettext(
            "%(count)d of them reminded (催办) or supervised (督办).",
            "%(count)d of them reminded (催办) or supervised (督办).",
            pressed,
        ) % {"count": pressed}
    return Notice("cases-waiting", text, "cases:list", _("Open the cases"))


NOTICES = [cases_waiting]
