from django.contrib import admin

from gongzhi.open311.models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """An integration's key: named, revoked (`active`) or moved here by a superuser — a
    credential with no rule beyond its fields (`reference_table`, core.admin_site). A key is
    issued only by `ApiKey.issue`, which shows it once: an admin form would store none."""

    reference_table = True
    list_display = ["name", "street", "prefix", "active", "created_at"]
    readonly_fields = ["prefix"]

    def has_add_permission(self, request):
        return False
