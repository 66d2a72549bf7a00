"""The access system in the admin: its configuration (policy, review levels; the models'
own validation runs) is edited here; the rule-guarded records — applications, the list,
tasks, funds, ledgers, plaques — are read-only for everyone, superusers included: they
change only through access.actions (the screens and the API), never around the rules."""

from django.contrib import admin

from gongzhi.access import models


@admin.register(models.AccessPolicy)
class AccessPolicyAdmin(admin.ModelAdmin):
    # A street's settings: the legal floors (lead time ≥ 30 working days, …) are the model's
    # own field validators, which this form runs; no other rule (core.admin_site).
    reference_table = True
    list_display = ["street", "lead_days", "decision_days", "plaque_limit"]


@admin.register(models.ReviewLevel)
class ReviewLevelAdmin(admin.ModelAdmin):
    reference_table = True  # a street's review chain: its own fields only
    list_display = ["street", "order", "name", "role", "department"]


class TransitionInline(admin.TabularInline):
    model = models.ApplicationTransition
    extra = 0
    can_delete = False
    readonly_fields = [
        "decision",
        "from_status",
        "to_status",
        "level",
        "actor",
        "at",
        "reason",
        "override",
    ]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(models.Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Read-only for everyone, superusers included (core.admin_site): the lead time, the
    四个同步 declaration and every status change are checked in access.actions only."""

    rule_guarded = True

    list_display = [
        "title",
        "street",
        "department",
        "status",
        "level",
        "decision_due",
        "meets_four_sync",
    ]
    list_filter = ["status", "street", "meets_four_sync"]
    readonly_fields = [
        "status",
        "level",
        "submitted_on",
        "decision_due",
        "meets_four_sync",
        "override_reason",
    ]
    inlines = [TransitionInline]


@admin.register(models.AdmittedAffair)
class AdmittedAffairAdmin(admin.ModelAdmin):
    rule_guarded = True  # admitted, revoked, refused only through access.actions
    list_display = [
        "number",
        "name",
        "street",
        "body",
        "department",
        "valid_from",
        "valid_until",
        "status",
    ]
    list_filter = ["street", "body", "status"]
    search_fields = ["name"]
    readonly_fields = ["status", "ended_on", "end_reason"]


@admin.register(models.CommunityTask)
class CommunityTaskAdmin(admin.ModelAdmin):
    rule_guarded = True  # admitted, revoked, refused only through access.actions
    list_display = ["title", "community", "admitted", "status", "disposition"]
    list_filter = ["admitted", "status", "disposition"]
    readonly_fields = ["admitted", "status", "refused_by", "refused_at", "refusal_reason"]


@admin.register(models.FundAccount)
class FundAccountAdmin(admin.ModelAdmin):
    rule_guarded = True  # written only through access.actions

    list_display = ["affair", "community", "amount_due"]


@admin.register(models.FundTransfer)
class FundTransferAdmin(admin.ModelAdmin):
    rule_guarded = True  # written only through access.actions

    list_display = ["account", "date", "amount", "voucher"]


@admin.register(models.Ledger)
class LedgerAdmin(admin.ModelAdmin):
    rule_guarded = True  # written only through access.actions

    list_display = ["name", "street", "category", "department", "decision", "generated"]
    list_filter = ["decision", "category", "street"]


@admin.register(models.Plaque)
class PlaqueAdmin(admin.ModelAdmin):
    rule_guarded = True  # written only through access.actions

    list_display = ["name", "community", "kind", "hung_on", "removed_on"]
    list_filter = ["kind"]
