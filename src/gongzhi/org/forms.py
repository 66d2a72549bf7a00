"""Forms for the organization screens and the Django admin.

Every form runs the same rules as the API (`services.validate`) after Django's own model
validation, saves through the model's action (org.actions), keeps choices inside the user's area, and refuses a record that would
land outside it. Errors come back on the field at fault, in the user's language.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gongzhi.core.actions import OUT_OF_SCOPE_MESSAGE
from gongzhi.core.forms import apply_errors, style_widgets
from gongzhi.core.masking import mask_phone
from gongzhi.org import actions, services
from gongzhi.org.models import (
    CareCentre,
    CommitteeMember,
    Community,
    DispatchedCadre,
    Grid,
    ResidentsCommittee,
    ResidentsGroup,
    RoleAssignment,
    ServiceStation,
    Staff,
    WorkingCommittee,
    WorkingGroup,
)
from gongzhi.org.scoping import scope_of

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def would_be_visible(obj, user) -> bool:
    """Whether `user` could see `obj` once saved (the scope rule of org.scoping, evaluated on
    an unsaved instance)."""
    scope = scope_of(user)
    if scope.everything:
        return True
    if scope.nothing:
        return False
    if isinstance(obj, RoleAssignment):
        return bool(
            (obj.street_id and obj.street_id in scope.street_ids)
            or (obj.community_id and would_be_visible(obj.community, user))
            or (obj.grid_id and would_be_visible(obj.grid, user))
        )
    paths = getattr(type(obj), "scope_paths", None)
    if paths is None:
        return True

    def resolve(path):
        if path is None:
            return None
        if path == "pk":
            return obj.pk
        current = obj
        for part in path.split("__"):
            current = getattr(current, part, None)
            if current is None:
                return None
        return getattr(current, "pk", current)

    street, community, grid = resolve(paths.street), resolve(paths.community), resolve(paths.grid)
    if scope.street_ids and paths.street and street in scope.street_ids:
        return True
    if scope.community_ids:
        if paths.community:
            if community in scope.community_ids:
                return True
        elif paths.street and street in scope.street_ids_of_communities:
            return True
    if scope.grid_ids:
        if paths.grid:
            if grid in scope.grid_ids:
                return True
        elif paths.community:
            if community in scope.community_ids_of_grids:
                return True
        elif paths.street and street in scope.street_ids_of_communities:
            return True
    return False


def scope_choices(form, user) -> None:
    for field in form.fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is not None and hasattr(queryset, "visible_to"):
            field.queryset = queryset.visible_to(user)


class ServiceModelForm(forms.ModelForm):
    """Model form that also runs the service rules and the area check."""

    # Many-to-many fields passed to services.validate / save_object by name.
    related_fields: tuple[str, ...] = ()

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user is not None:
            scope_choices(self, user)
        style_widgets(self)

    def related(self) -> dict:
        return {
            name: self.cleaned_data.get(name)
            for name in self.related_fields
            if name in self.fields and name in getattr(self, "cleaned_data", {})
        }

    def _post_clean(self):
        super()._post_clean()
        if self._errors:
            return
        try:
            services.validate(self.instance, **self.related())
        except ValidationError as error:
            apply_errors(self, error)
            return
        if self.user is not None and not would_be_visible(self.instance, self.user):
            self.add_error(None, OUT_OF_SCOPE_MESSAGE)

    def save_through_action(self):
        """Save through the model's action (org.actions): permission by role AND place, the
        rules again under lock, the area check, one audit event."""
        return actions.save(self.user, self.instance, **self.related())


class CommunityForm(ServiceModelForm):
    class Meta:
        model = Community
        fields = [
            "street",
            "name",
            "code",
            "structure",
            "address",
            "household_count",
            "multi_ethnic",
            "center_lat",
            "center_lng",
        ]


class CommitteeMemberForm(ServiceModelForm):
    class Meta:
        model = CommitteeMember
        fields = [
            "committee",
            "name",
            "post",
            "sex",
            "ethnicity",
            "on_duty",
            "paid",
            "monthly_allowance",
            "start_date",
            "end_date",
        ]
        widgets = {"start_date": DATE_WIDGET, "end_date": DATE_WIDGET}


class WorkingCommitteeForm(ServiceModelForm):
    related_fields = ("members",)

    class Meta:
        model = WorkingCommittee
        fields = ["committee", "name", "members"]


class WorkingGroupForm(ServiceModelForm):
    class Meta:
        model = WorkingGroup
        fields = ["station", "name", "duties"]


class ResidentsGroupForm(ServiceModelForm):
    class Meta:
        model = ResidentsGroup
        fields = ["community", "number", "name", "leader_name"]


class StaffForm(ServiceModelForm):
    class Meta:
        model = Staff
        fields = [
            "street",
            "community",
            "unit",
            "station",
            "working_group",
            "name",
            "sex",
            "position",
            "employment",
            "phone",
            "active",
        ]
        widgets = {"phone": forms.TextInput(attrs={"autocomplete": "off"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Never put a stored phone number into the page: show it masked, keep it if left empty.
        self._stored_phone = self.instance.phone if self.instance.pk else ""
        if self._stored_phone:
            self.initial["phone"] = ""
            self.fields["phone"].widget.attrs["placeholder"] = mask_phone(self._stored_phone)
            self.fields["phone"].help_text = _("Leave empty to keep the number on file.")

    def clean_phone(self):
        return self.cleaned_data.get("phone") or self._stored_phone


class DispatchedCadreForm(ServiceModelForm):
    class Meta:
        model = DispatchedCadre
        fields = [
            "department",
            "community",
            "name",
            "post",
            "duties",
            "office_hours",
            "start_date",
            "end_date",
        ]
        widgets = {"start_date": DATE_WIDGET, "end_date": DATE_WIDGET}


class GridForm(ServiceModelForm):
    class Meta:
        model = Grid
        fields = ["community", "number", "name", "household_norm"]


class ServiceStationForm(ServiceModelForm):
    class Meta:
        model = ServiceStation
        fields = ["street", "community", "name", "supervised_by_committee"]


class ResidentsCommitteeForm(ServiceModelForm):
    related_fields = ("duties",)

    class Meta:
        model = ResidentsCommittee
        fields = ["community", "name", "duties_limited", "duties"]


class CareCentreForm(ServiceModelForm):
    class Meta:
        model = CareCentre
        fields = [
            "community",
            "name",
            "operator",
            "partner_hospital",
            "contract_start",
            "contract_end",
        ]
        widgets = {"contract_start": DATE_WIDGET, "contract_end": DATE_WIDGET}


class RoleAssignmentForm(ServiceModelForm):
    class Meta:
        model = RoleAssignment
        fields = [
            "user",
            "role",
            "street",
            "community",
            "grid",
            "department",
            "provider",
            "start_date",
            "end_date",
        ]
        widgets = {"start_date": DATE_WIDGET, "end_date": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only accounts of the user's area or without any role (services.check_assignable).
        users = get_user_model().objects.filter(is_active=True)
        if self.user is not None:
            users = services.assignable_users(self.user)
        self.fields["user"].queryset = users.order_by("username")
        self.fields["street"].help_text = _(
            "Choose exactly one place: a street, a community or a grid."
        )

    def _post_clean(self):
        # The one-place rule is a database constraint: check it first, in words.
        places = [self.cleaned_data.get(n) for n in ("street", "community", "grid")]
        if not self._errors and sum(1 for p in places if p) != 1:
            self.add_error(
                None, _("A role is held at exactly one place: a street, a community or a grid.")
            )
            return
        super()._post_clean()


FORMS_BY_MODEL = {
    form.Meta.model: form
    for form in (
        CommunityForm,
        CommitteeMemberForm,
        WorkingCommitteeForm,
        WorkingGroupForm,
        ResidentsGroupForm,
        StaffForm,
        DispatchedCadreForm,
        GridForm,
        ServiceStationForm,
        ResidentsCommitteeForm,
        CareCentreForm,
        RoleAssignmentForm,
    )
}
