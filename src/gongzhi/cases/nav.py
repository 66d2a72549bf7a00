"""Menu entries of cases (core.nav), shown to whoever holds their permission."""

from django.utils.translation import gettext_lazy as _

from gongzhi.core.nav import NavItem

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
]
