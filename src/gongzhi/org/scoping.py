"""Row-level access: who may see which records (NetBox RestrictedQuerySet, pretix scopes).

Every model that belongs somewhere in street → community → grid declares `scope_paths`:
the lookups from it to its street, community and grid. `Model.objects.visible_to(user)`
keeps the rows inside the user's role assignments, using the most specific path the model
has at or above each assignment's level. Views and the API never build their own filter.
"""

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Q


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


def scope_of(user) -> UserScope:
    """The union of the user's active assignments, cached on the user for the request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return UserScope()
    cached = getattr(user, "_gongzhi_scope", None)
    if cached is not None:
        return cached
    from gongzhi.org.models import Community, Grid, RoleAssignment

    scope = UserScope(everything=user.is_superuser)
    for a in RoleAssignment.objects.active().filter(user=user):
        if a.grid_id:
            scope.grid_ids.add(a.grid_id)
        elif a.community_id:
            scope.community_ids.add(a.community_id)
        elif a.street_id:
            scope.street_ids.add(a.street_id)
    if scope.grid_ids:
        scope.community_ids_of_grids = set(
            Grid.objects.filter(pk__in=scope.grid_ids).values_list("community_id", flat=True)
        )
    communities = scope.community_ids | scope.community_ids_of_grids
    if communities:
        scope.street_ids_of_communities = set(
            Community.objects.filter(pk__in=communities).values_list("street_id", flat=True)
        )
    user._gongzhi_scope = scope
    return scope


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
    def visible_to(self, user):
        scope = scope_of(user)
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
