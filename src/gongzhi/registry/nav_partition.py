"""Menu entries of the grid map and the automatic grid partitioning."""

from django.utils.translation import gettext_lazy as _

from gongzhi.core.nav import NavItem

NAV = [
    NavItem(
        label=_("Grid map"),
        url_name="registry:grid_map",
        permission="org.view_grid",
        icon="bi-map",
        order=38,
        mobile=False,
        description=_("Grids, their boundaries, buildings, load and grid workers"),
    ),
    NavItem(
        label=_("Grid partitioning"),
        url_name="registry:partition_list",
        permission="registry.view_gridproposal",
        icon="bi-bounding-box",
        order=39,
        description=_("Propose grids of about 300 households automatically"),
    ),
]
