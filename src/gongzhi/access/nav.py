"""Menu entries of the access system (core.nav), the workbench's to-dos (applications
waiting for the user's decision at their review level, and those of them overdue) and the
steps that count as done (a decision)."""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from gongzhi.access.models import Application, ReviewLevel
from gongzhi.access.queries import OPEN_FOR_DECISION
from gongzhi.core.nav import Done, NavItem, Todo
from gongzhi.org.models import RoleAssignment

REVIEW = "access.review_application"

# The sidebar section of this app's entries (core.nav.GROUPS).
GROUP = "access"

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
        group="stats",
        permission="access.view_admittedaffair",
        icon="bi-bar-chart",
        order=66,
        description=_("Burden reduction in figures"),
    ),
]


def to_review(user):
    """The applications waiting for a decision at their current review level where `user`
    decides: they hold the level's role at the application's street (and work for its
    department, if the level names one) — access.queries.may_decide as one query."""
    waiting = Application.objects.visible_to(user, REVIEW).filter(status__in=OPEN_FOR_DECISION)
    if user.is_superuser:
        return waiting
    held = RoleAssignment.objects.active().filter(
        user=user, street=OuterRef("street"), role=OuterRef("role")
    )
    levels = ReviewLevel.objects.filter(street=OuterRef("street"), order=OuterRef("level")).filter(
        Q(Exists(held), department__isnull=True)
        | Q(Exists(held.filter(department=OuterRef("department"))))
    )
    return waiting.filter(Exists(levels))


TODOS = [
    Todo(
        "access-review",
        _("Access applications to decide at your review level"),
        REVIEW,
        to_review,
        "access:application_list",
        order=60,
    ),
    Todo(
        "access-review-overdue",
        _("Access applications past their decision date at your review level"),
        REVIEW,
        lambda user: to_review(user).overdue(),
        "access:application_list",
        order=61,
        tone="danger",
    ),
]

# 已办: a decision on an application (approve at a level, return, reject).
DONE = [
    Done("access.do_decide", _("Access application decided"), url_name="access:application_detail")
]
