"""Cases in the admin: read-only for everyone, superusers included (`rule_guarded`,
core.admin_site). Cases move only through cases.actions (state machine, one audit event per
step); the category tree changes on its screen, where the tree's rules run."""

from django.contrib import admin

from gongzhi.cases.models import Case, CasePhoto, CaseStep, Category, HandlingUnit


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    rule_guarded = True  # two levels, urgent classes in hours: cases.actions.categories
    list_display = ["code", "name", "kind", "default_unit_kind", "urgent", "active"]
    list_filter = ["kind", "urgent", "active"]
    search_fields = ["code", "name", "name_en"]


@admin.register(HandlingUnit)
class HandlingUnitAdmin(admin.ModelAdmin):
    rule_guarded = True
    list_display = ["name", "kind", "street", "active"]
    list_filter = ["kind", "active"]


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    rule_guarded = True  # every change is a step of cases.actions.flow
    list_display = ["number", "category", "community", "status", "unit", "reported_at"]
    list_filter = ["status", "channel", "urgency"]
    search_fields = ["number", "hotline_ticket"]


@admin.register(CaseStep)
class CaseStepAdmin(admin.ModelAdmin):
    rule_guarded = True
    list_display = ["case", "step", "from_status", "to_status", "actor_name", "at"]


@admin.register(CasePhoto)
class CasePhotoAdmin(admin.ModelAdmin):
    rule_guarded = True
    list_display = ["case", "stage", "created_at"]
