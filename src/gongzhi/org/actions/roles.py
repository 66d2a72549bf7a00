"""Who holds which role where. A role goes only to an account of the actor's area (or one
with no role anywhere yet: PIPL, no cross-street look-ups), at a place inside the actor's
area; nobody ends or deletes their own street-admin role (another street admin or a
superuser does it)."""

from datetime import date

from django.utils import timezone

from gongzhi.core.actions import action
from gongzhi.org import services
from gongzhi.org.actions._common import new_place, save, stored
from gongzhi.org.models import RoleAssignment


@action("org.add_roleassignment", place=new_place)
def do_create_assignment(actor, assignment: RoleAssignment) -> RoleAssignment:
    """A role assignment as a form or the API gives it (user, role, one place, dates)."""
    return save(actor, assignment, "org.add_roleassignment", {})


@action("org.change_roleassignment", place=stored)
def do_update_assignment(actor, assignment: RoleAssignment) -> RoleAssignment:
    """An edit of an assignment (an end date set here is an ending: not one's own admin role)."""
    return save(actor, assignment, "org.change_roleassignment", {})


@action("org.add_roleassignment")
def do_assign_role(
    actor,
    place,
    user,
    role: str,
    *,
    department=None,
    provider=None,
    start_date: date | None = None,
    end_date: date | None = None,
) -> RoleAssignment:
    """`user` takes `role` at `place` (a street, a community or a grid)."""
    assignment = services.new_assignment(
        user,
        role,
        place,
        department=department,
        provider=provider,
        start_date=start_date,
        end_date=end_date,
    )
    return save(actor, assignment, "org.add_roleassignment", {})


@action("org.change_roleassignment", place=stored)
def do_end_assignment(
    actor, assignment: RoleAssignment, end_date: date | None = None
) -> RoleAssignment:
    """The role ends (today, or on `end_date`); the assignment stays on record."""
    assignment.end_date = end_date or timezone.localdate()
    return save(actor, assignment, "org.change_roleassignment", {})


@action("org.delete_roleassignment", place=stored)
def do_delete_assignment(actor, assignment: RoleAssignment) -> None:
    services.delete_assignment(assignment, user=actor)
