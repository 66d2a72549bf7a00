from django.utils.translation import gettext_lazy as _

from gongzhi.core.nav import NavItem

NAV = [
    NavItem(
        label=_("Import"),
        url_name="registry:import_list",
        permission="registry.import_residents",
        icon="bi-upload",
        order=46,
        description=_("Buildings, households and residents from Excel or CSV"),
    ),
    NavItem(
        label=_("Export"),
        url_name="registry:export_residents",
        permission="registry.export_residents",
        icon="bi-download",
        order=47,
        description=_("Residents to Excel, masked unless you may reveal"),
    ),
]
