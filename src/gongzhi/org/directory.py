"""org's answer to core's questions about users (`core.directory`, named by the setting
GONGZHI_DIRECTORY): roles held today, their places, and the accounts inside an area."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from gongzhi.core.directory import Directory, HeldRole
from gongzhi.org import services
from gongzhi.org.models import RoleAssignment
from gongzhi.org.roles import Role, permissions_of
from gongzhi.org.scoping import scope_of


class OrgDirectory(Directory):
    def roles_of(self, user) -> list[str]:
        return services.roles_of(user)

    def role_labels(self, user) -> list[str]:
        return [str(Role(r).label) for r in services.roles_of(user) if r in Role.values]

    def held_roles(self, user) -> list[HeldRole]:
        assignments = (
            RoleAssignment.objects.active()
            .filter(user=user)
            .select_related("street", "community__street", "grid__community", "department")
            .order_by("role", "pk")
        )
        return [HeldRole(a.role, a.get_role_display(), a.place, a.department) for a in assignments]

    def user_ids_in_scope(self, viewer):
        scope = scope_of(viewer)
        s, c, g = scope.street_ids, scope.community_ids, scope.grid_ids
        q = Q(pk__in=[])
        if s:
            q |= Q(street__in=s) | Q(community__street__in=s) | Q(grid__community__street__in=s)
        if c:
            q |= Q(community__in=c) | Q(grid__community__in=c)
        if g:
            q |= Q(grid__in=g)
        return RoleAssignment.objects.filter(q).values("user_id")


def users_holding(permission: str, *, street=None, community=None, grid=None, department=None):
    """The active accounts holding, today, a role that grants `permission` at exactly this
    place (a street, community or grid; with `department`, department staff of it) — whom a
    notification about work in that place goes to."""
    roles = [role for role in Role.values if permission in permissions_of(role)]
    place = {"street": street, "community": community, "grid": grid}
    held = RoleAssignment.objects.active().filter(
        role__in=roles, **{k: v for k, v in place.items() if v is not None}
    )
    if department is not None:
        held = held.filter(department=department)
    return (
        get_user_model()
        .objects.filter(is_active=True, pk__in=held.values("user_id"))
        .order_by("pk")
    )
