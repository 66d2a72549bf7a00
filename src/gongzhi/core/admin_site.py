"""The Django admin, scoped for everyone who is not a superuser (issue 12, item 1), and never a
door around the rules ("one contract", item 5).

Every ModelAdmin registered on the site, by any app, now or later, gets `ScopedAdminMixin`
first in its bases (`ScopedAdminSite.register`), so no app can forget it:

- rows: a non-superuser sees only what the audit pages would show them
  (core.audit_scope.scoped_queryset: `visible_to(user)` per model, user accounts inside the
  viewer's area); a model with no scoping rule shows nothing. A record outside them is
  "not found" (404) on its change, delete and history pages, as it would be on a screen;
- writes: read-only for non-superusers unless the admin class says
  `street_admins_may_edit = True` (registry, the org's reference tables, user accounts);
- every domain model's admin is one of (tests/core/test_admin_contract.py):
  * `rule_guarded = True`: read-only for everyone, superusers included. Its records change
    only through the app's actions, on the screens, the API or a command, where the rules
    run — a superuser's admin form would otherwise shorten the register's notice, drop the
    差额 margin, lower a quorum, move an access start inside the lead time, decide a service
    request around its state machine…;
  * its saves and deletes call the app's action (`save_model`, `delete_model`,
    `delete_queryset` → `do_<verb>(request.user, obj)`: role AND place, one audit event
    with the action's verb); what has no action (e.g. deleting a building) is refused;
  * `reference_table = True`: a plain record with no rule beyond the model's own field
    validation (which the admin form runs) — today only the Open311 API keys; its saves are
    audited as plain changes. Each says why.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.http import Http404

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

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Change, delete and history pages of a record that does not exist or lies outside
        # the viewer's rows: 404, the same for both (Django would redirect to the index).
        raise Http404

    def _found_or_404(self, request, object_id):
        # Before the permission check, so that a record outside the viewer's rows answers
        # 404 whatever the viewer's permissions on the model (Django checks those first).
        if self.get_object(request, unquote(object_id)) is None:
            raise Http404

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._found_or_404(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        self._found_or_404(request, object_id)
        return super().delete_view(request, object_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        self._found_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def has_add_permission(self, request, *args):
        return self._may_write(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self._may_write(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_write(request) and super().has_delete_permission(request, obj)


class DeleteThroughActionMixin:
    """The list's bulk "delete selected" runs `delete_model` — the app's delete action — for
    each row, instead of one SQL delete around the rules."""

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


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
