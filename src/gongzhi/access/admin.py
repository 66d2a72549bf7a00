"""The access system in the admin: its configuration (a street's policy and review levels) is
saved and deleted through access.actions, like on the API; the rule-guarded records —
applications, the list, tasks, funds, ledgers, plaques — are read-only for everyone,
superusers included: they change only through access.actions (the screens and the API),
never around the rules."""

from django.contrib import admin
from django.core.exceptions import ValidationError

from gongzhi.access import actions, models
from gongzhi.core.admin_site import DeleteThroughActionMixin


@admin.register(models.AccessPolicy)
class AccessPolicyAdmin(DeleteThroughActionMixin, admin.ModelAdmin):
    # The legal floors (lead time ≥ 30 working days, …) are the model's field validators,
    # which this form runs too.
    list_display = ["street", "lead_days", "decision_days", "plaque_limit"]

    def save_model(self, request, obj, form, change):
        save = actions.do_update_policy if change else actions.do_create_policy
        save(request.user, obj)

    def delete_model(self, request, obj):
        actions.do_delete_policy(request.user, obj)


@admin.register(models.ReviewLevel)
class ReviewLevelAdmin(DeleteThroughActionMixin, admin.ModelAdmin):
    list_display = ["street", "order", "name", "role", "department"]

    def save_model(self, request, obj, form, change):
        save = actions.do_update_review_level if change else actions.do_create_review_level
        save(request.user, obj)

    def delete_model(self, request, obj):
        actions.do_delete_review_level(request.user, obj)

    def get_form(self, request, obj=None, **kwargs):
        base = super().get_form(request, obj, **kwargs)

        class Form(base):
            # The action's rules on the form, so that a refusal shows there (not a 500).
            def _post_clean(self):
                super()._post_clean()
                if self.errors:
                    return
                try:
                    actions.validate_review_level(self.instance)
                except ValidationError as exc:
                    for field, errors in exc.error_dict.items():
                        self.add_error(field if field in self.fields else None, errors)

        return Form


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
