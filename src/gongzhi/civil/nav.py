"""Menu entries of civil (core.nav), shown to whoever holds their permission; the workbench's
to-dos; the panels civil adds to the community's, its public and a building's pages."""

import datetime

from django.db.models import Count, F, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.civil.actions.activities import upcoming
from gongzhi.civil.choices import ActivityStatus, AssignmentStatus, Stage
from gongzhi.civil.models import Activity, Organization
from gongzhi.civil.views import leaders as leader_views
from gongzhi.civil.views.ledger import to_confirm
from gongzhi.civil.views.timebank import waiting_requests
from gongzhi.core.nav import Done, NavItem, Panel, Todo

# The sidebar section of this app's entries (core.nav.GROUPS).
GROUP = "society"

NAV: list = []
TODOS: list = []
PANELS: list = []
DONE: list = []

# --- orgs ---
NAV += [
    NavItem(
        label=_("Social organizations"),
        url_name="civil:orgs",
        permission="civil.view_organization",
        icon="bi-people",
        order=60,
        description=_("Associations, volunteer teams, social-work agencies; the incubator"),
    ),
    NavItem(
        label=_("Residents' leaders"),
        url_name="civil:leaders",
        permission="civil.view_leader",
        icon="bi-person-badge",
        order=61,
        description=_("Building heads, unit heads, group leaders, core volunteers"),
    ),
]


def _applied(user):
    return Organization.objects.visible_to(user, "civil.change_incubation").filter(
        stage=Stage.APPLIED
    )


def _assessment_due(user):
    """Organizations in the incubator or graduated from it without this year's assessment."""
    return (
        Organization.objects.visible_to(user, "civil.add_assessment")
        .filter(active=True, stage__in=(Stage.INCUBATING, Stage.GRADUATED))
        .exclude(assessments__year=timezone.localdate().year)
    )


TODOS += [
    Todo(
        "civil-orgs-applied",
        _("Organizations applying to enter the incubator"),
        "civil.change_incubation",
        _applied,
        "civil:orgs",
        order=60,
    ),
    Todo(
        "civil-orgs-assessment-due",
        _("Organizations to assess this year"),
        "civil.add_assessment",
        _assessment_due,
        "civil:orgs",
        order=61,
    ),
]
PANELS += [
    Panel("org.community", leader_views.community_panel, order=60),
    Panel("org.public_community", leader_views.public_community_panel, order=60),
    Panel("registry.building", leader_views.building_panel, order=60),
]
DONE += [
    Done(
        "civil.do_admit_incubation", _("Organization admitted to incubation"), url_name="civil:org"
    ),
    Done("civil.do_assess", _("Organization assessed")),
]

# --- volunteers and activities ---
NAV += [
    NavItem(
        label=_("Activities"),
        url_name="civil:activities",
        permission="civil.add_activity",
        icon="bi-calendar-heart",
        order=60,
        description=_("Activities and needs: publish, dispatch volunteers, check-in"),
    ),
    NavItem(
        label=_("Volunteers"),
        url_name="civil:volunteers",
        permission="civil.view_volunteer",
        icon="bi-people",
        order=61,
        description=_("Registered volunteers, their skills and hours"),
    ),
    NavItem(
        label=_("My volunteering"),
        url_name="civil:my_activities",
        permission="civil.add_assignment",
        icon="bi-heart",
        order=62,
        mobile=True,
        description=_("Invitations, activities to sign up for, check-in, ratings"),
    ),
]


def _coordinated(user):
    return Activity.objects.visible_to(user, "civil.dispatch_activity").filter(
        status=ActivityStatus.PUBLISHED, ends_at__gt=timezone.now()
    )


def short_of_people(user):
    """Published activities starting within two days with fewer people than needed."""
    soon = timezone.now() + datetime.timedelta(days=2)
    return (
        _coordinated(user)
        .filter(starts_at__lte=soon)
        .annotate(
            taking_part=Count(
                "assignments", filter=Q(assignments__status=AssignmentStatus.ACCEPTED)
            )
        )
        .filter(taking_part__lt=F("people_needed"))
    )


def declined_to_replace(user):
    """Upcoming activities where an invitation was declined (someone to invite instead)."""
    return _coordinated(user).filter(assignments__status=AssignmentStatus.DECLINED).distinct()


def invitations_to_answer(user):
    """The activities the user (as a volunteer) is invited to and has not answered."""
    return Activity.objects.filter(
        status=ActivityStatus.PUBLISHED,
        ends_at__gt=timezone.now(),
        assignments__volunteer__resident__account=user,
        assignments__status=AssignmentStatus.INVITED,
    )


TODOS += [
    Todo(
        "civil-short-of-people",
        _("Activities within 2 days short of people"),
        "civil.dispatch_activity",
        short_of_people,
        "civil:activities",
        order=60,
        tone="danger",
    ),
    Todo(
        "civil-declined",
        _("Declined invitations to replace"),
        "civil.dispatch_activity",
        declined_to_replace,
        "civil:activities",
        order=61,
    ),
    Todo(
        "civil-invitations",
        _("Invitations to answer"),
        "civil.add_assignment",
        invitations_to_answer,
        "civil:activities",
        order=62,
    ),
]

DONE += [
    Done("civil.do_dispatch", _("Volunteers dispatched"), url_name="civil:activity"),
    Done("civil.do_finish", _("Activity finished"), url_name="civil:activity"),
]


def _upcoming_panel(request, community) -> str:
    activities = list(upcoming(community)[:10])
    if not activities:
        return ""
    return render_to_string(
        "civil/public/_upcoming.html", {"activities": activities}, request=request
    )


PANELS += [Panel("org.public_community", _upcoming_panel, order=60)]


# --- hours ledger, certificates and time bank ---

NAV += [
    NavItem(
        label=_("Volunteer hours"),
        url_name="civil:hours_list",
        permission="civil.view_hoursentry",
        icon="bi-clock-history",
        order=62,
        description=_("Hours served, confirmed and corrected; certificates; export"),
    ),
    NavItem(
        label=_("Time bank"),
        url_name="civil:tb_accounts",
        permission="civil.view_account",
        icon="bi-piggy-bank",
        order=63,
        description=_("Hours stored for people in need, spent and passed to family"),
    ),
]
TODOS += [
    Todo(
        "civil-hours-to-confirm",
        _("Volunteer hours to confirm"),
        "civil.confirm_hoursentry",
        to_confirm,
        "civil:hours_list",
        order=62,
    ),
    Todo(
        "civil-redemptions-waiting",
        _("Time-bank requests waiting"),
        "civil.change_redemption",
        waiting_requests,
        "civil:tb_redemptions",
        order=63,
    ),
]
DONE += [
    Done("civil.do_reverse_hours", _("Volunteer hours corrected"), url_name="civil:hours_detail"),
    Done("civil.do_serve_redemption", _("Time-bank request served")),
]


# --- leaders' activities ---
def _to_record(user):
    from gongzhi.civil.views.lead import to_record

    return to_record(user)


TODOS += [
    Todo(
        "civil-lead-attendance",
        _("Your activities to record attendance for"),
        "civil.add_assignment",
        _to_record,
        "civil:lead",
        order=64,
    ),
]
