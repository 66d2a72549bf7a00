"""Menu entries of civil (core.nav), shown to whoever holds their permission; the workbench's
to-dos; the panels civil adds to the community's, its public and a building's pages."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# --- orgs ---
from gongzhi.civil.choices import Stage
from gongzhi.civil.models import Organization
from gongzhi.civil.views import leaders as leader_views
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
