"""Row-level access: who may see which records (NetBox RestrictedQuerySet, pretix scopes).

Every model that belongs somewhere in street → community → grid declares `scope_paths`:
the lookups from it to its street, community and grid. `Model.objects.visible_to(user)`
keeps the rows inside the user's role assignments, using the most specific path the model
has at or above each assignment's level; `visible_to(user, action)` keeps only the
assignments whose role grants that action (NetBox's `restrict(user, action)`). Views and the API never build their own filter.
"""

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q

from gongzhi.core.acting import acting_permission
from gongzhi.org.roles import Role, permissions_of


@dataclass(frozen=True)
class ScopePaths:
    street: str | None = None
    community: str | None = None
    grid: str | None = None


@dataclass
class UserScope:
    everything: bool = False
    street_ids: set[int] = field(default_factory=set)
    community_ids: set[int] = field(default_factory=set)
    grid_ids: set[int] = field(default_factory=set)
    # Communities and streets above a grid or community assignment, for coarser models.
    community_ids_of_grids: set[int] = field(default_factory=set)
    street_ids_of_communities: set[int] = field(default_factory=set)

    @property
    def nothing(self) -> bool:
        return not (self.everything or self.street_ids or self.community_ids or self.grid_ids)


ACTIONS = ("view", "add", "change", "delete")


def _request_cache(user) -> dict:
    """Per-request cache on the user object (a fresh user per request; tests reset it by
    setting `_gongzhi_scope = None`)."""
    cache = getattr(user, "_gongzhi_scope", None)
    if not isinstance(cache, dict):
        cache = user._gongzhi_scope = {}
    return cache


def _assignments(user) -> list:
    """The user's active role assignments: one query per request, whatever is asked."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    cache = _request_cache(user)
    if "assignments" not in cache:
        # Through the user's reverse relation: org.models imports this module, so this
        # module cannot import RoleAssignment.
        cache["assignments"] = list(
            user.role_assignments.active().select_related("grid__community", "community")
        )
    return cache["assignments"]


def scope_of(user, permission: str | None = None) -> UserScope:
    """The places where the user holds a role granting `permission` (by default the one the
    current view acts under, see core.acting; with none, every role's place). Cached on the
    user for the request, one scope per permission.

    Role AND place, never role OR place: a committee member of C1 who is also grid worker of
    G1 may change a household of G1 (the grid worker's right, in the grid worker's place) but
    not one of G2, although C1 holds G2 and the grid worker may change households. A user
    without the permission has no place for it; one who has it outside any role (a right
    granted directly by a superuser) has no place to tie it to, so every role's place counts."""
    if user is None or not user.is_authenticated or not user.is_active:
        return UserScope()
    if permission is None:
        permission = acting_permission(user)
    cache = _request_cache(user)
    if permission in cache:
        return cache[permission]
    assignments = _assignments(user)
    if permission is not None:
        granting = [a for a in assignments if permission in permissions_of(a.role)]
        if granting or not user.has_perm(permission):
            assignments = granting
    scope = UserScope(everything=user.is_superuser)
    for a in assignments:
        if a.grid_id:
            scope.grid_ids.add(a.grid_id)
            scope.community_ids_of_grids.add(a.grid.community_id)
            scope.street_ids_of_communities.add(a.grid.community.street_id)
        elif a.community_id:
            scope.community_ids.add(a.community_id)
            scope.street_ids_of_communities.add(a.community.street_id)
        elif a.street_id:
            scope.street_ids.add(a.street_id)
    cache[permission] = scope
    return scope


def department_ids_of(user) -> set[int]:
    """Departments a user works for through active department_staff assignments."""
    return {
        a.department_id
        for a in _assignments(user)
        if a.role == Role.DEPARTMENT_STAFF and a.department_id
    }


def is_department_only(user) -> bool:
    """True when every active role of the user is department_staff: such a user sees only
    what concerns their own department(s) (access tasks, requests transferred to them)."""
    if user is None or not user.is_authenticated or user.is_superuser:
        return False
    roles = {a.role for a in _assignments(user)}
    return bool(roles) and roles == {Role.DEPARTMENT_STAFF}


def permission_for(model, action: str) -> str:
    """`app_label.<action>_<model_name>`, or `action` itself when it is a full codename."""
    if "." in action:
        return action
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}: one of {ACTIONS} or 'app.codename'")
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def scope_filter(paths: ScopePaths, scope: UserScope) -> Q:
    q = Q(pk__in=[])
    if scope.street_ids and paths.street:
        q |= Q(**{f"{paths.street}__in": scope.street_ids})
    if scope.community_ids:
        if paths.community:
            q |= Q(**{f"{paths.community}__in": scope.community_ids})
        elif paths.street:
            q |= Q(**{f"{paths.street}__in": scope.street_ids_of_communities})
    if scope.grid_ids:
        if paths.grid:
            q |= Q(**{f"{paths.grid}__in": scope.grid_ids})
        elif paths.community:
            q |= Q(**{f"{paths.community}__in": scope.community_ids_of_grids})
        elif paths.street:
            q |= Q(**{f"{paths.street}__in": scope.street_ids_of_communities})
    return q


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user, action: str | None = None):
        """The rows inside the places where the user may do `action` ("view", "add",
        "change", "delete" on this model, or a full "app.codename"). Without `action`, the
        permission the current view acts under (`act_under`), else every role's place."""
        permission = permission_for(self.model, action) if action else None
        scope = scope_of(user, permission)
        if scope.everything:
            return self
        if scope.nothing:
            return self.none()
        paths: ScopePaths | None = getattr(self.model, "scope_paths", None)
        if paths is None:
            # Not tied to the hierarchy (e.g. departments): every signed-in user with a role.
            return self
        return self.filter(scope_filter(paths, scope))


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)
