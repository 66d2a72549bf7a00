"""Who sees which organizations: the places of the user's roles (org.scoping), and for an
organization's contact (role social_org_contact) only the organizations whose `accounts`
hold them — their own page, members, support and assessments, not every organization of
the community their role is held in. `org.permits.may` asks the same `visible_to`, so the
actions refuse a contact's write on another organization (403, or 404 through the API)."""

from django.db.models import Q

from gongzhi.core.acting import acting_permission
from gongzhi.org.roles import Role, permissions_of
from gongzhi.org.scoping import (
    ScopedQuerySet,
    UserScope,
    _assignments,  # the user's active assignments, cached for the request
    permission_for,
    scope_filter,
)


def _scope(assignments) -> UserScope:
    scope = UserScope()
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
    return scope


class OrgScopedQuerySet(ScopedQuerySet):
    """`visible_to` of an organization and of the records hanging from it."""

    org_path = ""  # the lookup from the model to its organization ("" for the organization)

    def visible_to(self, user, action=None):
        queryset = super().visible_to(user, action)
        if user is None or not user.is_authenticated or user.is_superuser:
            return queryset
        permission = permission_for(self.model, action) if action else acting_permission(user)
        granting = [
            a
            for a in _assignments(user)
            if permission is None or permission in permissions_of(a.role)
        ]
        if not any(a.role == Role.SOCIAL_ORG_CONTACT for a in granting):
            return queryset
        prefix = f"{self.org_path}__" if self.org_path else ""
        own = self.model._default_manager.filter(**{f"{prefix}accounts": user}).values("pk")
        q = Q(pk__in=own)
        others = [a for a in granting if a.role != Role.SOCIAL_ORG_CONTACT]
        if others:
            q |= scope_filter(self.model.scope_paths, _scope(others))
        return queryset.filter(q)


class OrganizationQuerySet(OrgScopedQuerySet):
    org_path = ""


class OrgPartQuerySet(OrgScopedQuerySet):
    org_path = "organization"
