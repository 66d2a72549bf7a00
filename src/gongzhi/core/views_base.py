"""How every view declares who may use it (pretix's `permission = ...` on the view).

- Class-based views inherit RoleRequiredMixin and set `permission_required = "app.codename"`.
  Signed-out users go to the log-in page; signed-in users without it get 403.
- Function views use `@role_required("app.codename")`.
- Pages for everyone (public notices, tracking) use `@public_view` / `public = True`.
Objects are always fetched through `Model.objects.visible_to(user)`, so an object outside
the user's scope answers 404 exactly like a missing one. The declared permission is also
where the view acts (core.acting): only inside the places of the roles that grant it.

The permission matrix test (tests/test_permission_matrix.py) reads these attributes.
"""

from functools import wraps

from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from gongzhi.core.acting import act_under


class RoleRequiredMixin(LoginRequiredMixin, PermissionRequiredMixin):
    permission_required: str | tuple[str, ...] = ()

    def has_permission(self):
        allowed = super().has_permission()
        if allowed:
            perms = self.get_permission_required()
            # Several permissions: act where the first (the view's main one) is granted.
            act_under(self.request.user, perms[0] if perms else None)
        return allowed


class ScopedObjectMixin:
    """get_object() only from the rows the user may see: out of scope is 404."""

    model = None

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user)


def role_required(permission: str):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(permission):
                raise PermissionDenied
            act_under(request.user, permission)
            return view(request, *args, **kwargs)

        wrapped.permission_required = permission
        return wrapped

    return decorator


def public_view(view):
    view.public = True
    return view


def get_visible_or_404(model, user, **lookup):
    return get_object_or_404(model.objects.visible_to(user), **lookup)
