"""Admin: users, and the audit log read-only (append-only in the admin as everywhere)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from gongzhi.core.models import AuditEntry, User

# What only a superuser may grant: a street admin who could tick these would take over every
# street (the API then answers a superuser with everything).
PRIVILEGE_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    street_admins_may_edit = True  # within their area, without privileges (below)
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("gongzhi"), {"fields": ("display_name", "language", "password_changed_at")}),
    )
    readonly_fields = ("password_changed_at", "last_login", "date_joined")
    list_display = ("username", "display_name", "is_active", "is_staff", "last_login")
    search_fields = ("username", "display_name", "first_name", "last_name", "email")

    def get_queryset(self, request):
        """A non-superuser: accounts holding a role inside their area (core.admin_site), and
        accounts without any role yet (to give them one); never a superuser's account."""
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        roleless = DjangoUserAdmin.get_queryset(self, request).filter(role_assignments__isnull=True)
        return (queryset | roleless).filter(is_superuser=False).distinct()

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [
            (name, {**opts, "fields": [f for f in opts["fields"] if f not in PRIVILEGE_FIELDS]})
            for name, opts in fieldsets
        ]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("timestamp", "actor_name", "action", "content_type", "object_repr", "ip")
    list_filter = ("action", "source", "content_type")
    search_fields = ("actor_name", "object_repr", "reason", "request_id")
    date_hierarchy = "timestamp"
    actions = None  # no bulk "delete selected"

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
