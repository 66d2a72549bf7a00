from django.utils.translation import gettext_lazy as _

from gongzhi.core.nav import NavItem

# The sidebar section of this app's entries (core.nav.GROUPS).
GROUP = "system"

NAV = [
    NavItem(
        label=_("Organization"),
        url_name="org:overview",
        permission="org.view_street",
        icon="bi-diagram-3",
        order=20,
        mobile=False,
    ),
    NavItem(
        label=_("Communities"),
        url_name="org:community_list",
        permission="org.view_community",
        icon="bi-houses",
        order=21,
        mobile=True,
    ),
    NavItem(
        label=_("Committee members"),
        url_name="org:committeemember_list",
        permission="org.view_committeemember",
        icon="bi-people",
        order=22,
    ),
    NavItem(
        label=_("Staff"),
        url_name="org:staff_list",
        permission="org.view_staff",
        icon="bi-person-badge",
        order=23,
    ),
    NavItem(
        label=_("Dispatched cadres"),
        url_name="org:dispatchedcadre_list",
        permission="org.view_dispatchedcadre",
        icon="bi-briefcase",
        order=24,
    ),
    NavItem(
        label=_("Grids"),
        url_name="org:grid_list",
        permission="org.view_grid",
        icon="bi-grid-3x3",
        order=25,
    ),
    NavItem(
        label=_("Role assignments"),
        url_name="org:roleassignment_list",
        permission="org.view_roleassignment",
        icon="bi-person-lock",
        order=90,
    ),
]
