"""Django admin for the registry: scoped querysets and choices; writes go through
registry.actions (permission by role AND place, one audit event with its verb). What has no
action is refused here: deleting a building, a dwelling or a visit. Residents and their
events are read-only for everyone (`rule_guarded`, masked): registering, moving and editing
people happens on the screens, the API or the import, where the rules and history apply.
Estates and the special-group tags are saved and deleted through their actions too."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from gongzhi.core import masking
from gongzhi.core.admin_site import DeleteThroughActionMixin
from gongzhi.registry import actions
from gongzhi.registry.actions.estates import validate_estate
from gongzhi.registry.actions.tags import validate_tag
from gongzhi.registry.models import (
    Building,
    Dwelling,
    Estate,
    Household,
    Resident,
    ResidentEvent,
    Tag,
    Visit,
)


def _checked_by(base, validate):
    """The admin form runs the action's rules in its clean(), so that a refusal shows on
    the form (the action, run at save, would otherwise answer it with a 500)."""

    class Form(base):
        def _post_clean(self):
            super()._post_clean()
            if self.errors:
                return
            try:
                validate(self.instance)
            except ValidationError as exc:
                by_field = getattr(exc, "error_dict", None) or {None: exc.error_list}
                for field, errors in by_field.items():
                    self.add_error(field if field in self.fields else None, errors)

    return Form


class ScopedAdmin(admin.ModelAdmin):
    street_admins_may_edit = True  # saves run registry.actions (core.admin_site)

    def get_queryset(self, request):
        return self.model.objects.visible_to(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        qs = getattr(field, "queryset", None)
        if qs is not None and hasattr(qs, "visible_to"):
            field.queryset = qs.visible_to(request.user)
        return field


@admin.register(Estate)
class EstateAdmin(DeleteThroughActionMixin, ScopedAdmin):
    list_display = ("name", "community")
    search_fields = ("name",)

    def save_model(self, request, obj, form, change):
        if change:
            actions.do_update_estate(request.user, obj)
        else:
            actions.do_create_estate(request.user, obj)

    def delete_model(self, request, obj):
        actions.do_delete_estate(request.user, obj)

    def get_form(self, request, obj=None, **kwargs):
        return _checked_by(super().get_form(request, obj, **kwargs), validate_estate)


@admin.register(Building)
class BuildingAdmin(ScopedAdmin):
    list_display = ("address", "name", "community", "grid", "kind", "household_count")
    list_filter = ("kind",)
    search_fields = ("^address", "name")
    readonly_fields = ("household_count",)

    def save_model(self, request, obj, form, change):
        if change:
            actions.do_update_building(request.user, obj)
        else:
            actions.do_create_building(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # no registry action deletes a building


@admin.register(Dwelling)
class DwellingAdmin(ScopedAdmin):
    list_display = ("building", "unit", "floor", "number")
    search_fields = ("^building__address", "number")

    def save_model(self, request, obj, form, change):
        if change:
            actions.do_update_dwelling(request.user, obj)
        else:
            actions.do_create_dwelling(request.user, obj.building, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # no registry action deletes a dwelling


@admin.register(Household)
class HouseholdAdmin(DeleteThroughActionMixin, ScopedAdmin):
    list_display = ("number", "address", "community", "grid", "kind", "active")
    list_filter = ("kind", "active")
    search_fields = ("^address", "^number")
    fields = ("building", "dwelling", "number", "kind", "address", "head", "active")
    readonly_fields = ("head", "active")

    def save_model(self, request, obj, form, change):
        if change:
            actions.do_update_household(request.user, obj)
        else:
            actions.do_create_household(request.user, obj)

    def delete_model(self, request, obj):
        actions.do_delete_household(request.user, obj)

    def delete_view(self, request, object_id, extra_context=None):
        # The action's refusal (members still live there) is shown, not a 500.
        try:
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return redirect(request.path)

    def get_form(self, request, obj=None, **kwargs):
        base = super().get_form(request, obj, **kwargs)

        class Form(base):
            def clean(self):
                data = super().clean()
                try:
                    actions.validate_household(self.instance)
                except ValidationError as exc:
                    raise ValidationError(exc.messages) from None
                return data

        return Form


@admin.register(Resident)
class ResidentAdmin(ScopedAdmin):
    rule_guarded = True  # registered, moved and changed only through registry.actions
    list_display = ("name", "masked_id", "community", "grid", "status")
    list_filter = ("status", "residence_type")
    search_fields = ("^name", "^name_pinyin", "=id_last4")
    fields = (
        "name",
        "masked_id",
        "masked_phone",
        "sex",
        "birth_year",
        "community",
        "grid",
        "household",
        "relation",
        "status",
        "died_on",
    )
    readonly_fields = fields

    @admin.display(description=_("ID number"))
    def masked_id(self, obj):
        return obj.id_number_masked

    @admin.display(description=_("birth year"))
    def birth_year(self, obj):
        # The year only, as on the screens (docs/security.md, masking).
        return masking.birth_year(obj.birth_date)

    @admin.display(description=_("phone"))
    def masked_phone(self, obj):
        return obj.phone_masked

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ResidentEvent)
class ResidentEventAdmin(ScopedAdmin):
    rule_guarded = True  # written by registry.actions as people move
    list_display = ("date", "resident", "kind", "from_household", "to_household", "recorded_by")
    list_filter = ("kind",)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Visit)
class VisitAdmin(ScopedAdmin):
    list_display = ("date", "household", "visitor", "purpose", "follow_up_needed")
    list_filter = ("follow_up_needed",)
    readonly_fields = ("visitor",)

    def save_model(self, request, obj, form, change):
        if change:
            actions.do_update_visit(request.user, obj)
        else:
            actions.do_record_visit(request.user, obj.household, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # no registry action deletes a visit


@admin.register(Tag)
class TagAdmin(DeleteThroughActionMixin, admin.ModelAdmin):
    # The district's list of special groups (sensitive under PIPL): saves and deletes are
    # the tag actions, as on the tag screens and the API (superusers only here).
    list_display = ("name", "code", "has_grade", "sensitive", "order")
    list_editable = ("order",)

    def save_model(self, request, obj, form, change):
        if change:
            actions.do_update_tag(request.user, obj)
        else:
            actions.do_create_tag(request.user, obj)

    def delete_model(self, request, obj):
        actions.do_delete_tag(request.user, obj)

    def get_form(self, request, obj=None, **kwargs):
        return _checked_by(super().get_form(request, obj, **kwargs), validate_tag)

    def get_changelist_form(self, request, **kwargs):
        return _checked_by(super().get_changelist_form(request, **kwargs), validate_tag)

    def delete_view(self, request, object_id, extra_context=None):
        # The action's refusal (residents hold the group) is shown, not a 500.
        try:
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return redirect(request.path)
