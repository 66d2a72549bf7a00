"""The service catalogue and requests in the admin: read-only for everyone, superusers
included (`rule_guarded`, core.admin_site). Items and their form fields change on the
catalogue screens and the API, where the catalogue's rules run; requests, ratings,
supervision and opinions only through services.actions (state machine, 下沉审批, one audit
event each). The categories are a plain reference table (`reference_table`)."""

from django.contrib import admin

from gongzhi.core.admin_site import DeleteThroughActionMixin
from gongzhi.services.actions_catalog import (
    do_create_category,
    do_delete_category,
    do_update_category,
)
from gongzhi.services.models import (
    Category,
    ItemField,
    Opinion,
    Rating,
    RequestTransition,
    ServiceItem,
    ServiceRequest,
    Supervision,
)


@admin.register(Category)
class CategoryAdmin(DeleteThroughActionMixin, admin.ModelAdmin):
    """Through the catalog's actions (a category with items is not deleted)."""

    list_display = ["name", "order"]

    def save_model(self, request, obj, form, change):
        (do_update_category if change else do_create_category)(request.user, obj)

    def delete_model(self, request, obj):
        do_delete_category(request.user, obj)


class ItemFieldInline(admin.TabularInline):
    model = ItemField
    extra = 0


@admin.register(ServiceItem)
class ServiceItemAdmin(admin.ModelAdmin):
    rule_guarded = True  # the catalogue's rules run on its screens and API
    list_display = ["code", "name", "category", "handled_at", "time_limit_days", "online"]
    list_filter = ["category", "handled_at", "delegated_approval", "online"]
    search_fields = ["code", "name", "keywords"]
    inlines = [ItemFieldInline]


class TransitionInline(admin.TabularInline):
    model = RequestTransition
    extra = 0
    can_delete = False
    readonly_fields = ["action", "from_status", "to_status", "actor_name", "at", "note"]
    exclude = ["actor"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ServiceRequest)
class ServiceRequestAdmin(admin.ModelAdmin):
    rule_guarded = True  # services.actions: the state machine, 下沉审批
    list_display = ["tracking_code", "item", "community", "status", "due_date", "submitted_at"]
    list_filter = ["status", "channel"]
    search_fields = ["tracking_code"]
    raw_id_fields = ["item", "resident", "account", "handled_by"]
    readonly_fields = ["status", "decision", "decision_text", "decided_by", "decided_at"]
    inlines = [TransitionInline]


class RuleGuardedAdmin(admin.ModelAdmin):
    rule_guarded = True  # services.actions: do_rate, do_supervise, do_record_opinion, …


for model in (Rating, Supervision, Opinion):
    admin.site.register(model, RuleGuardedAdmin)
