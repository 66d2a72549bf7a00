"""Menu entries of services (core.nav), the workbench's to-dos (requests to accept, due
within 2 working days, overdue, waiting for supplements) and the steps that count as done."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.core.nav import Done, NavItem, Todo
from gongzhi.services.models import ServiceRequest, Status
from gongzhi.workdays.services import Calendar

HANDLE = "services.handle_servicerequest"
DUE_SOON_WORKING_DAYS = 2

# The sidebar section of this app's entries (core.nav.GROUPS).
GROUP = "window"

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
        group="stats",
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


def _handled(user):
    # Through the user's scope for handling (a department: what was transferred to it).
    return ServiceRequest.objects.visible_to(user, HANDLE)


def to_accept(user):
    """Submitted requests nobody has accepted (受理) or refused yet."""
    return _handled(user).filter(status=Status.SUBMITTED)


def due_soon(user, today=None):
    """Open requests, clock running, due today or within the next 2 working days — counted
    on the working-day calendar (workdays), as the due dates themselves are."""
    today = today or timezone.localdate()
    horizon = Calendar.load().add_working_days(today, DUE_SOON_WORKING_DAYS)
    return (
        _handled(user)
        .open()
        .exclude(status=Status.MATERIALS_REQUESTED)
        .filter(due_date__gte=today, due_date__lte=horizon)
    )


def overdue(user):
    return _handled(user).overdue()


def awaiting_supplements(user):
    """Requests returned to the applicant for missing materials (补正): the clock stands
    still until they are received."""
    return _handled(user).filter(status=Status.MATERIALS_REQUESTED)


TODOS = [
    Todo(
        "services-accept",
        _("Requests to accept (受理)"),
        HANDLE,
        to_accept,
        "services:request_list",
        order=30,
    ),
    Todo(
        "services-due-soon",
        _("Requests due within 2 working days"),
        HANDLE,
        due_soon,
        "services:request_list",
        order=31,
    ),
    Todo(
        "services-overdue",
        _("Requests overdue"),
        HANDLE,
        overdue,
        "services:request_list",
        order=32,
        tone="danger",
    ),
    Todo(
        "services-supplements",
        _("Requests awaiting supplements (补正)"),
        HANDLE,
        awaiting_supplements,
        "services:request_list",
        order=33,
    ),
]

# 已办: a request finished (completed or decided) or refused by the user.
DONE = [
    Done(
        "services.do_transition",
        _("Request finished"),
        after={"status": (Status.COMPLETED, Status.REFUSED)},
        url_name="services:request_detail",
    ),
]
