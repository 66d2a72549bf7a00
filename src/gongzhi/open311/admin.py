from django.contrib import admin

from gongzhi.open311.models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "street", "prefix", "active", "created_at"]
    readonly_fields = ["prefix"]
