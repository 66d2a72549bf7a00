"""Grid workers (网格员) on the grid map: appointing one to a grid and taking them off it.
The role itself is org's (`org.actions.do_assign_role` / `do_end_assignment` /
`do_delete_assignment`, joined into this action's one event); the map's own rules are here."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.core.actions import action
from gongzhi.core.errors import refuse
from gongzhi.org import actions as org_actions
from gongzhi.org.models import Grid, RoleAssignment
from gongzhi.org.roles import Role
from gongzhi.registry.actions._common import stored
from gongzhi.registry.errors import Code


def workers_of(grid: Grid):
    return (
        RoleAssignment.objects.active()
        .filter(grid=grid, role=Role.GRID_WORKER)
        .select_related("user")
        .order_by("user__username")
    )


@action("org.add_roleassignment")
def do_add_grid_worker(actor, grid: Grid, user) -> RoleAssignment:
    """`user` becomes a grid worker of `grid` from today (once: not twice at one grid)."""
    if workers_of(grid).filter(user=user).exists():
        refuse(
            Code.ALREADY_GRID_WORKER,
            _("This user is already a grid worker of this grid."),
            field="user",
        )
    return org_actions.do_assign_role(actor, grid, user, Role.GRID_WORKER)


@action("org.change_roleassignment", place=stored)
def do_end_grid_worker(actor, assignment: RoleAssignment) -> RoleAssignment | None:
    """The worker leaves the grid from today: the assignment ends yesterday and stays on
    record. One made today by mistake (no start date, created today) or starting in the
    future is removed instead."""
    if assignment.role != Role.GRID_WORKER or not assignment.grid_id:
        refuse(Code.NOT_GRID_WORKER, _("This is not a grid worker's assignment."))
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    made_today = timezone.localtime(assignment.created_at).date() >= today
    if (assignment.start_date is None and not made_today) or (
        assignment.start_date is not None and assignment.start_date <= yesterday
    ):
        return org_actions.do_end_assignment(actor, assignment, yesterday)
    org_actions.do_delete_assignment(actor, assignment)
    return None
