"""API permission class. Kept apart from core.api: DRF imports it while `rest_framework.views`
is still loading, so it must not import that module."""

from rest_framework import permissions


class RolePermission(permissions.BasePermission):
    """Model permissions from the user's roles: view for reads, add/change/delete for writes.
    A view may name its own with `required_permission` (or a dict by HTTP method)."""

    METHOD_ACTIONS = {"GET": "view", "HEAD": "view", "OPTIONS": "view", "POST": "add",
                      "PUT": "change", "PATCH": "change", "DELETE": "delete"}

    def has_permission(self, request, view):
        user = request.user
        if not user or not user.is_authenticated:
            return False
        required = getattr(view, "required_permission", None)
        if isinstance(required, dict):
            required = required.get(request.method)
        if required is None:
            model = getattr(getattr(view, "queryset", None), "model", None)
            if model is None:
                return True
            action = self.METHOD_ACTIONS.get(request.method, "change")
            required = f"{model._meta.app_label}.{action}_{model._meta.model_name}"
        return user.has_perm(required)
