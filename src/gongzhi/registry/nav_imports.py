from django.utils.translation import gettext_lazy as _

from gongzhi.core.nav import NavItem, Todo
from gongzhi.registry.models import ImportJob

IMPORT = "registry.import_residents"

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


def imports_to_confirm(user):
    """Imports checked and ready to import (the preview), waiting for someone in the user's
    places to start them."""
    return ImportJob.objects.visible_to(user, IMPORT).filter(status=ImportJob.Status.PREVIEW)


TODOS = [
    Todo(
        "registry-imports",
        _("Imports checked and waiting to be started"),
        IMPORT,
        imports_to_confirm,
        "registry:import_list",
        order=46,
    ),
]
