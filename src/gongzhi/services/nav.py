from django.utils.translation import gettext_lazy as _

from gongzhi.core.nav import NavItem

NAV = [
    NavItem(
        label=_("Window desk"),
        url_name="services:desk",
        permission="services.handle_servicerequest",
        icon="bi-person-workspace",
        order=30,
        mobile=True,
        description=_("Find the resident, start a request from the menu, print the receipt"),
    ),
    NavItem(
        label=_("Service requests"),
        url_name="services:request_list",
        permission="services.view_servicerequest",
        icon="bi-card-checklist",
        order=31,
        mobile=True,
        description=_("Due soon, overdue, under supervision"),
    ),
    NavItem(
        label=_("Service menu"),
        url_name="services:catalog",
        permission="services.view_serviceitem",
        icon="bi-menu-button-wide",
        order=32,
        description=_("The items the station takes"),
    ),
    NavItem(
        label=_("On-time and satisfaction"),
        url_name="services:stats",
        permission="services.view_servicerequest",
        icon="bi-speedometer2",
        order=33,
        description=_("On-time rate and satisfaction per item, staff, community, street"),
    ),
    NavItem(
        label=_("Resident opinions"),
        url_name="services:opinion_list",
        permission="services.view_opinion",
        icon="bi-megaphone",
        order=34,
        description=_("民意诉求: record, group, answer or turn into a request"),
    ),
    NavItem(
        label=_("My requests"),
        url_name="services:my_requests",
        permission="services.request_online",
        icon="bi-phone",
        order=35,
        mobile=True,
        description=_("Request services online and follow them"),
    ),
]
