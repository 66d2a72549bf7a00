"""Forms of cases: they check the shape of input; the rules are in actions."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongzhi.cases.choices import Channel, Status, Urgency
from gongzhi.cases.models import CATEGORY_FIELDS, Case, Category, HandlingUnit
from gongzhi.core.forms import style_widgets
from gongzhi.core.photos import check_count
from gongzhi.org.models import Community
from gongzhi.registry.models import Building, Household


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """0–6 files from one input; each is checked by content in the action
    (core.photos.clean_photo), which stores nothing unless all of them are images."""

    def __init__(self, *args, capture: bool = True, **kwargs):
        attrs = {"accept": "image/*", "multiple": True}
        if capture:
            attrs["capture"] = "environment"  # the phone opens its camera
        kwargs.setdefault("widget", MultiplePhotoInput(attrs=attrs))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = (
            [f for f in (data or []) if f]
            if isinstance(data, list | tuple)
            else ([data] if data else [])
        )
        if self.required and not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        check_count(len(files))
        return files


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.parent.name} › {obj.name}"


def small_classes():
    return (
        Category.objects.filter(parent__isnull=False, active=True)
        .select_related("parent")
        .order_by("code")
    )


class ReportForm(forms.Form):
    """The phone page: class, description, 1–6 photos, the phone's position (hidden, filled
    by cases/report.js) or a readable place, the building if it concerns one, urgency."""

    category = CategoryChoiceField(label=_("What is it"), queryset=Category.objects.none())
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    photos = PhotosField(label=_("Photos (1–6)"), required=True)
    lat = forms.DecimalField(
        widget=forms.HiddenInput,
        required=False,
        min_value=-90,
        max_value=90,
        decimal_places=6,
        max_digits=9,
    )
    lng = forms.DecimalField(
        widget=forms.HiddenInput,
        required=False,
        min_value=-180,
        max_value=180,
        decimal_places=6,
        max_digits=9,
    )
    address = forms.CharField(
        label=_("Where (if the position is not found)"), required=False, max_length=200
    )
    community = forms.ModelChoiceField(
        label=_("Community"), queryset=Community.objects.none(), required=False
    )
    building = forms.ModelChoiceField(
        label=_("Building (if it concerns one)"), queryset=Building.objects.none(), required=False
    )
    household = forms.ModelChoiceField(
        label=_("Household (if it concerns one)"),
        queryset=Household.objects.none(),
        required=False,
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.NORMAL)

    def __init__(self, *args, communities=None, grid=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = small_classes()
        if communities is None or len(communities) <= 1:
            del self.fields["community"]  # the reporter's own grid or community places it
        else:
            self.fields["community"].queryset = communities
        # A grid worker picks among their grid's buildings and households; others among the
        # buildings of their communities (households are the grid worker's to know).
        if grid is not None:
            self.fields["building"].queryset = Building.objects.filter(grid=grid).order_by(
                "address"
            )
            self.fields["household"].queryset = Household.objects.filter(grid=grid).order_by(
                "address"
            )
        else:
            del self.fields["household"]
            if communities is not None:
                self.fields["building"].queryset = Building.objects.filter(
                    community__in=communities
                ).order_by("community", "address")
            else:
                del self.fields["building"]
        style_widgets(self)


class DeskForm(ReportForm):
    """Staff record a case at the desk, from a phone call or from a hotline ticket."""

    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[(c, label) for c, label in Channel.choices if c != Channel.OPEN311],
        initial=Channel.DESK,
    )
    hotline_ticket = forms.CharField(
        label=_("Hotline ticket number"), required=False, max_length=40
    )
    reporter_name = forms.CharField(label=_("Reporter's name"), required=False, max_length=50)
    reporter_phone = forms.CharField(label=_("Reporter's phone"), required=False, max_length=30)
    accept_outside = forms.BooleanField(
        label=_("Accept a location outside the street's grids (dispatcher)"), required=False
    )

    def __init__(self, *args, may_dispatch=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_dispatch:
            del self.fields["accept_outside"]  # the action would refuse it anyway
        self.fields["photos"].required = False
        self.fields["photos"].widget.attrs.pop("capture", None)
        order = ["channel", "hotline_ticket", "reporter_name", "reporter_phone"]
        self.order_fields(order + [f for f in self.fields if f not in order])


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("all")),
            ("open", pgettext_lazy("case filter", "open")),
            ("overdue", _("overdue")),
            ("due_soon", _("due soon")),
            *Status.choices,
        ],
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.order_by("code"), required=False
    )
    community = forms.ModelChoiceField(
        label=_("Community"), queryset=Community.objects.none(), required=False
    )


# --- one small form per step (field names are the actions' keyword arguments) ---------------


class StepForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        style_widgets(self)

    def arguments(self) -> dict:
        return dict(self.cleaned_data)


class UnitStepForm(StepForm):
    unit = forms.ModelChoiceField(
        label=_("Handling unit"), queryset=HandlingUnit.objects.none(), required=False
    )

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        if case is not None:
            self.fields["unit"].queryset = HandlingUnit.objects.filter(
                street_id=case.street_id, active=True
            )
            self.fields["unit"].empty_label = _("by routing (class and community)")


class MergeForm(StepForm):
    main = forms.CharField(label=_("Number of the main case"), max_length=16)

    def clean_main(self):
        number = self.cleaned_data["main"].strip().upper()
        main = Case.objects.filter(number=number).first()
        if main is None:
            raise forms.ValidationError(_("No case with this number."), code="case_merge_target")
        return main


class HoldForm(StepForm):
    review_date = forms.DateField(
        label=_("Review on"), widget=forms.DateInput(attrs={"type": "date"})
    )


class ExtensionForm(StepForm):
    amount = forms.IntegerField(
        label=_("How much more (in the class's unit)"), min_value=1, max_value=30
    )


class PhotoStepForm(StepForm):
    photos = PhotosField(label=_("Photos"), capture=True)


class RateForm(StepForm):
    stars = forms.TypedChoiceField(
        label=_("Stars"), coerce=int, choices=[(n, "★" * n) for n in range(5, 0, -1)]
    )


STEP_FORMS = {
    "dispatch": UnitStepForm,
    "decide_dispute": UnitStepForm,
    "merge": MergeForm,
    "hold": HoldForm,
    "request_extension": ExtensionForm,
    "report_done": PhotoStepForm,
    "pass_verification": PhotoStepForm,
    "fail_verification": PhotoStepForm,
    "rate": RateForm,
}


def step_form(step: str, *args, **kwargs) -> StepForm:
    return STEP_FORMS.get(step, StepForm)(*args, **kwargs)


class CategoryForm(forms.ModelForm):
    """The tree, edited by street admins (saved through cases.actions.categories)."""

    class Meta:
        model = Category
        fields = list(CATEGORY_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Category.objects.filter(parent__isnull=True)
        style_widgets(self)
