"""The Django admin, scoped for everyone who is not a superuser (issue 12, item 1).

Every ModelAdmin registered on the site, by any app, now or later, gets `ScopedAdminMixin`
first in its bases (`ScopedAdminSite.register`), so no app can forget it:

- rows: a non-superuser sees only what the audit pages would show them
  (core.audit_scope.scoped_queryset: `visible_to(user)` per model, user accounts inside the
  viewer's area); a model with no scoping rule shows nothing;
- writes: read-only for non-superusers unless the admin class says
  `street_admins_may_edit = True` — only admins whose forms and saves run the app's own
  rules (org, registry) and the user admin do. Rule-guarded records (elections, assemblies,
  access applications, service requests, the national calendar) are changed on the
  screens and through the API, where the rules run, never around them here;
- admin classes marked `rule_guarded = True` (self-government, access applications and
  affairs) are read-only for superusers too: a superuser's admin form would otherwise
  shorten the register's notice, drop the 差额 margin, lower a quorum or a majority, record
  a petition without signatures, move an access start inside the lead time or strip the
  四个同步 declaration (tests/core/test_admin_rule_guards.py).
"""

from django.contrib import admin

from gongzhi.core.audit_scope import scoped_queryset


class ScopedAdminMixin:
    # The admin class's own `street_admins_may_edit` (this mixin stands first in the bases,
    # so it must not define the attribute itself).

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        scoped = scoped_queryset(self.model, request.user)
        if scoped is None:
            return queryset.none()
        return queryset.filter(pk__in=scoped.values("pk"))

    def _may_write(self, request) -> bool:
        # `rule_guarded = True` on an admin class: records whose every write must run the
        # app's rules (legal floors, workflows) — read-only here even for a superuser.
        if getattr(self, "rule_guarded", False):
            return False
        return request.user.is_superuser or getattr(self, "street_admins_may_edit", False)

    def has_add_permission(self, request, *args):
        return self._may_write(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self._may_write(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_write(request) and super().has_delete_permission(request, obj)


class ScopedAdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, ScopedAdminMixin):
            admin_class = type(
                admin_class.__name__,
                (ScopedAdminMixin, admin_class),
                {"__module__": admin_class.__module__},
            )
        return super().register(model_or_iterable, admin_class, **options)
