"""Menu entries of cases (core.nav), shown to whoever holds their permission, and the
workbench's to-dos: the cases waiting for the user's step, those overdue, and those the unit
was reminded of or supervised on."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongzhi.cases.actions.flow import DISPATCH, HANDLE, VERIFY, waiting_for
from gongzhi.core.nav import Done, NavItem, Todo

# The sidebar section of this app's entries (core.nav.GROUPS).
GROUP = "grid"

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
        group="stats",
        permission="cases.view_case",
        icon="bi-bar-chart",
        order=47,
        description=_("Rates per grid worker, community, unit and street; ranking; export"),
    ),
]


def _pressed(user):
    # 催办 and 督办 reach the unit here: the waiting cases it was reminded of or supervised on.
    return waiting_for(user).filter(Q(remind_count__gt=0) | Q(supervise_count__gt=0))


_STEP_TAKERS = (DISPATCH, HANDLE, VERIFY)
TODOS = [
    Todo(
        "cases-waiting",
        _("Cases waiting for your step"),
        _STEP_TAKERS,
        waiting_for,
        "cases:list",
        order=40,
    ),
    Todo(
        "cases-overdue",
        _("Cases overdue at your step"),
        _STEP_TAKERS,
        lambda user: waiting_for(user).deadline("overdue"),
        "cases:list",
        order=41,
        tone="danger",
    ),
    Todo(
        "cases-pressed",
        _("Cases reminded or supervised"),
        _STEP_TAKERS,
        _pressed,
        "cases:list",
        order=42,
        tone="danger",
    ),
]

# 已办: the steps that finish a stage of a case for the one who takes it.
DONE = [
    Done("cases.do_dispatch", _("Case dispatched"), url_name="cases:detail"),
    Done("cases.do_not_accept", _("Case not accepted"), url_name="cases:detail"),
    Done("cases.do_report_done", _("Case reported done"), url_name="cases:detail"),
    Done("cases.do_pass_verification", _("Case verified and closed"), url_name="cases:detail"),
    Done("cases.do_fail_verification", _("Case sent back for rework"), url_name="cases:detail"),
]
