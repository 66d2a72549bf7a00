"""Django admin of the organization. Every queryset goes through `visible_to(request.user)`,
every choice list too (core.admin_site adds the scoping for everyone).

Records that have their own screens (communities, committee members, stations, staff,
cadres, grids, role assignments, …) are read-only here for everyone, superusers included
(`rule_guarded`): they change on the org screens (/org/…) and the API, and role changes are
audited there. The rest — streets, street units, departments, the list of committee duties,
providers, party and residents' committees, care centres — are edited here through org's
actions (`ActionAdmin`): the same rules, the editor's area, one audit event each."""

from django.contrib import admin

from gongzhi.core.admin_site import DeleteThroughActionMixin
from gongzhi.org import actions, forms
from gongzhi.org.models import (
    CareCentre,
    CommitteeDuty,
    CommitteeMember,
    Community,
    Department,
    DispatchedCadre,
    Grid,
    PartyCommittee,
    Provider,
    ResidentsCommittee,
    ResidentsGroup,
    RoleAssignment,
    ServiceStation,
    Staff,
    Street,
    StreetUnit,
    WorkingCommittee,
    WorkingGroup,
)


class ScopedAdmin(DeleteThroughActionMixin, admin.ModelAdmin):
    street_admins_may_edit = True  # forms and saves run org.services (core.admin_site)
    form = forms.ServiceModelForm

    def get_queryset(self, request):
        return self.model.objects.visible_to(request.user)

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = super().get_form(request, obj, change=change, **kwargs)
        user = request.user

        class RequestForm(base):
            def __init__(self, *args, **kw):
                kw.setdefault("user", user)
                super().__init__(*args, **kw)

        RequestForm.__name__ = base.__name__
        return RequestForm

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        return _scoped(field, request)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        return _scoped(field, request)

    def save_model(self, request, obj, form, change):
        # The form ran the rules already; the action runs them again under lock, checks the
        # area and writes the one audit event, many-to-many choices included.
        related = {
            f.name: form.cleaned_data[f.name]
            for f in obj._meta.many_to_many
            if f.name in form.cleaned_data
        }
        (actions.UPDATE if change else actions.CREATE)[type(obj)](request.user, obj, **related)

    def save_related(self, request, form, formsets, change):
        for formset in formsets:  # the many-to-many choices were saved by the action
            self.save_formset(request, form, formset, change)

    def delete_model(self, request, obj):
        actions.DELETE[type(obj)](request.user, obj)


class RuleGuardedAdmin(ScopedAdmin):
    """Read-only for everyone (core.admin_site): written only by the org screens and API."""

    rule_guarded = True


class ActionAdmin(ScopedAdmin):
    """Saved and deleted through org's actions (role AND place, one audit event)."""


def _scoped(field, request):
    if field is not None:
        queryset = getattr(field, "queryset", None)
        if queryset is not None and hasattr(queryset, "visible_to"):
            field.queryset = queryset.visible_to(request.user)
    return field


@admin.register(Street)
class StreetAdmin(ActionAdmin):
    list_display = ["name", "division_code", "has_street_work_station", "grid_household_norm"]
    search_fields = ["name", "division_code"]
    list_filter = ["has_street_work_station"]


@admin.register(StreetUnit)
class StreetUnitAdmin(ActionAdmin):
    list_display = ["name", "street", "kind", "order"]
    search_fields = ["name", "duties"]
    list_filter = ["kind", "street"]


@admin.register(Department)
class DepartmentAdmin(ActionAdmin):
    list_display = ["name", "code", "level"]
    search_fields = ["name", "code"]


@admin.register(Community)
class CommunityAdmin(RuleGuardedAdmin):
    list_display = ["name", "street", "code", "structure", "household_count", "multi_ethnic"]
    search_fields = ["name", "code", "address"]
    list_filter = ["structure", "multi_ethnic", "street"]


@admin.register(PartyCommittee)
class PartyCommitteeAdmin(ActionAdmin):
    list_display = ["name", "community", "secretary_name"]
    search_fields = ["name", "secretary_name"]


@admin.register(CommitteeDuty)
class CommitteeDutyAdmin(ActionAdmin):
    list_display = ["order", "name", "street"]
    search_fields = ["name"]
    list_filter = ["street"]


@admin.register(ResidentsCommittee)
class ResidentsCommitteeAdmin(ActionAdmin):
    list_display = ["name", "community", "duties_limited"]
    search_fields = ["name", "community__name"]
    list_filter = ["duties_limited"]
    filter_horizontal = ["duties"]


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(RuleGuardedAdmin):
    list_display = [
        "name",
        "post",
        "committee",
        "ethnicity",
        "on_duty",
        "paid",
        "start_date",
        "end_date",
    ]
    search_fields = ["name", "committee__name"]
    list_filter = ["post", "on_duty", "paid", "ethnicity"]
    date_hierarchy = "start_date"


@admin.register(WorkingCommittee)
class WorkingCommitteeAdmin(RuleGuardedAdmin):
    list_display = ["name", "committee"]
    search_fields = ["name", "committee__name"]
    filter_horizontal = ["members"]


@admin.register(ServiceStation)
class ServiceStationAdmin(RuleGuardedAdmin):
    list_display = ["name", "street", "community", "supervised_by_committee"]
    search_fields = ["name"]
    list_filter = ["supervised_by_committee", "street"]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(RuleGuardedAdmin):
    list_display = ["name", "station"]
    search_fields = ["name", "duties"]


@admin.register(ResidentsGroup)
class ResidentsGroupAdmin(RuleGuardedAdmin):
    list_display = ["number", "name", "community", "leader_name"]
    search_fields = ["name", "leader_name"]
    list_filter = ["community"]


@admin.register(Grid)
class GridAdmin(RuleGuardedAdmin):
    list_display = ["__str__", "code", "community", "number", "household_norm"]
    search_fields = ["name", "community__name"]
    list_filter = ["community"]


@admin.register(Provider)
class ProviderAdmin(ActionAdmin):
    list_display = ["name", "kind", "contact_name"]
    search_fields = ["name", "contact_name"]
    list_filter = ["kind"]


@admin.register(CareCentre)
class CareCentreAdmin(ActionAdmin):
    list_display = [
        "name",
        "community",
        "operator",
        "partner_hospital",
        "contract_start",
        "contract_end",
    ]
    search_fields = ["name"]


@admin.register(Staff)
class StaffAdmin(RuleGuardedAdmin):
    list_display = ["name", "position", "employment", "street", "community", "active"]
    search_fields = ["name", "position"]
    list_filter = ["employment", "active", "community"]


@admin.register(DispatchedCadre)
class DispatchedCadreAdmin(RuleGuardedAdmin):
    list_display = [
        "name",
        "post",
        "department",
        "community",
        "office_hours",
        "start_date",
        "end_date",
    ]
    search_fields = ["name", "post", "department__name"]
    list_filter = ["department", "community"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(RuleGuardedAdmin):
    list_display = [
        "user",
        "role",
        "street",
        "community",
        "grid",
        "department",
        "start_date",
        "end_date",
    ]
    search_fields = ["user__username", "user__display_name"]
    list_filter = ["role"]
