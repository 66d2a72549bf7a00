from django import forms
from django.contrib import admin

from gongzhi.services.forms import check_field, check_item
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
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]


class ServiceItemAdminForm(forms.ModelForm):
    """The admin checks an item by the same rules as the catalog screens."""

    def clean(self):
        data = super().clean()
        if "materials" in data:
            data["materials"] = check_item(self, data, data["materials"])
        return data


class ItemFieldAdminForm(forms.ModelForm):
    """(The admin builds the model form on this base.)"""

    def clean(self):
        data = super().clean()
        if "choices" in data:
            data["choices"] = check_field(self, data, data["choices"])
        return data


class ItemFieldInline(admin.TabularInline):
    model = ItemField
    form = ItemFieldAdminForm
    extra = 0


@admin.register(ServiceItem)
class ServiceItemAdmin(admin.ModelAdmin):
    form = ServiceItemAdminForm
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
    list_display = ["tracking_code", "item", "community", "status", "due_date", "submitted_at"]
    list_filter = ["status", "channel"]
    search_fields = ["tracking_code"]
    raw_id_fields = ["item", "resident", "account", "handled_by"]
    # A decision (下沉审批) is taken only through services.actions, by the community.
    readonly_fields = ["status", "decision", "decision_text", "decided_by", "decided_at"]
    inlines = [TransitionInline]


admin.site.register(Rating)
admin.site.register(Supervision)
admin.site.register(Opinion)
