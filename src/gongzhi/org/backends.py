"""Permissions come from role assignments (org.roles), not from per-user grants."""

from django.contrib.auth.backends import ModelBackend

from gongzhi.org.roles import permissions_of
from gongzhi.org.services import roles_of


class RoleBackend(ModelBackend):
    def get_group_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_gongzhi_role_perms"):
            perms: set[str] = set()
            for role in roles_of(user_obj):
                perms |= permissions_of(role)
            perms |= super().get_group_permissions(user_obj)
            user_obj._gongzhi_role_perms = perms
        return user_obj._gongzhi_role_perms
