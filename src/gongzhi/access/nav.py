from django.utils.translation import gettext_lazy as _

from gongzhi.core.nav import NavItem

NAV = [
    NavItem(
        label=_("Access applications"),
        url_name="access:application_list",
        permission="access.view_application",
        icon="bi-file-earmark-check",
        order=60,
        description=_("准入申请: four synchronizations and review"),
    ),
    NavItem(
        label=_("Admitted affairs"),
        url_name="access:affair_list",
        permission="access.view_admittedaffair",
        icon="bi-list-check",
        order=61,
        description=_("The published admitted-affairs list"),
    ),
    NavItem(
        label=_("Community tasks"),
        url_name="access:task_list",
        permission="access.view_communitytask",
        icon="bi-inboxes",
        order=62,
        description=_("Tasks through the list; refuse unadmitted ones"),
    ),
    NavItem(
        label=_("Funds follow tasks"),
        url_name="access:fund_list",
        permission="access.view_fundaccount",
        icon="bi-cash-coin",
        order=63,
        description=_("Funds due, transferred and outstanding"),
    ),
    NavItem(
        label=_("Ledgers"),
        url_name="access:ledger_list",
        permission="access.view_ledger",
        icon="bi-journal-text",
        order=64,
        description=_("Cancel, merge or keep; generate from the registry"),
    ),
    NavItem(
        label=_("Plaques"),
        url_name="access:plaque_list",
        permission="access.view_plaque",
        icon="bi-signpost",
        order=65,
        description=_("Plaques hung at communities and the limit"),
    ),
    NavItem(
        label=_("Burden dashboard"),
        url_name="access:dashboard",
        permission="access.view_admittedaffair",
        icon="bi-bar-chart",
        order=66,
        description=_("Burden reduction in figures"),
    ),
]
