"""Registry forms. They only collect input: the rules run in registry.actions, whose
ValidationErrors are put back on the form (``core.forms.apply_errors``). Every choice of a related
record is limited to what the user may see."""

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from gongzhi.core.forms import style_widgets
from gongzhi.org.models import Community, Grid
from gongzhi.registry import choices, lookup
from gongzhi.registry.models import Building, Dwelling, Estate, Household, Resident, Tag, Visit
from gongzhi.registry.queries import active_members


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class BootstrapMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class ScopedFormMixin(BootstrapMixin):
    """Takes `user`; limits model choice fields to the rows the user may see."""

    scoped_fields: dict[str, type] = {}

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        for name, model in self.scoped_fields.items():
            if name in self.fields:
                self.fields[name].queryset = model.objects.visible_to(user)


class BuildingForm(ScopedFormMixin, forms.ModelForm):
    scoped_fields = {"community": Community, "grid": Grid, "estate": Estate}

    class Meta:
        model = Building
        fields = [
            "community",
            "grid",
            "estate",
            "name",
            "address",
            "kind",
            "floors",
            "units",
            "lat",
            "lng",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grid"].queryset = self.fields["grid"].queryset.select_related("community")


class HouseholdForm(ScopedFormMixin, forms.ModelForm):
    scoped_fields = {"building": Building, "dwelling": Dwelling}

    class Meta:
        model = Household
        fields = ["building", "dwelling", "number", "kind", "address"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["building"].required = True
        # Only the flats of the chosen building (a street has hundreds of thousands).
        building = (self.data.get(self.add_prefix("building")) if self.is_bound else None) or (
            self.initial.get("building") or self.instance.building_id
        )
        dwellings = self.fields["dwelling"].queryset
        self.fields["dwelling"].queryset = (
            dwellings.filter(building_id=building)
            if str(building or "").isdigit()
            else dwellings.none()
        )
        self.fields["address"].required = False
        self.fields["address"].help_text = _("Empty: the building's address and the flat.")


class ResidentForm(ScopedFormMixin, forms.ModelForm):
    scoped_fields = {"community": Community}

    class Meta:
        model = Resident
        fields = [
            "name",
            "id_number",
            "phone",
            "ethnicity",
            "residence_type",
            "living_here_since",
            "political_status",
            "education",
            "employment",
            "relation",
            "deprived_of_political_rights",
            "community",
        ]
        widgets = {"living_here_since": DateInput()}

    def __init__(self, *args, household=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.household = household
        self.fields["id_number"].widget = forms.TextInput(
            attrs={
                "class": "form-control",
                "autocomplete": "off",
                "inputmode": "text",
                "maxlength": 20,
            }
        )
        self.fields["id_number"].required = True
        self.fields["phone"].widget = forms.TextInput(
            attrs={"class": "form-control", "autocomplete": "off", "inputmode": "tel"}
        )
        if self.instance.pk:
            # Editing: the current values are not sent to the browser; empty keeps them.
            self.fields["id_number"].required = False
            self.fields["id_number"].help_text = _("Currently %(value)s; leave empty to keep.") % {
                "value": self.instance.id_number_masked
            }
            self.fields["phone"].help_text = _("Currently %(value)s; leave empty to keep.") % {
                "value": self.instance.phone_masked or "—"
            }
            self.initial["id_number"] = ""
            self.initial["phone"] = ""
            del self.fields["community"]
        elif household is not None:
            del self.fields["community"]
        else:
            self.fields["community"].required = True
        if self.instance.pk and not self.instance.household_id:
            del self.fields["relation"]

    def _post_clean(self):
        # Keep the stored ID/phone when the edit form leaves them empty.
        keep = {}
        if self.instance.pk:
            for f in ("id_number", "phone"):
                if not self.cleaned_data.get(f):
                    keep[f] = getattr(self.instance, f)
        super()._post_clean()
        for f, v in keep.items():
            setattr(self.instance, f, v)

    def validate_unique(self):
        pass  # registry.actions reports duplicates with a clearer message


class TagForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["code", "name", "has_grade", "sensitive", "order"]


class ResidentTagForm(BootstrapMixin, forms.Form):
    tag = forms.ModelChoiceField(label=_("special group"), queryset=Tag.objects.all())
    grade = forms.IntegerField(
        label=_("grade"),
        required=False,
        min_value=1,
        max_value=4,
        help_text=_("Disability grade 1–4 where the group has grades."),
    )
    since = forms.DateField(label=_("since"), required=False, widget=DateInput())
    note = forms.CharField(label=_("note"), max_length=200, required=False)


def _today():
    return timezone.localdate()


class MoveOutForm(BootstrapMixin, forms.Form):
    date = forms.DateField(label=_("date"), initial=_today, widget=DateInput())
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class DeathForm(BootstrapMixin, forms.Form):
    died_on = forms.DateField(label=_("date of death"), initial=_today, widget=DateInput())
    note = forms.CharField(label=_("note"), max_length=200, required=False)


class PhoneForm(BootstrapMixin, forms.Form):
    phone = forms.CharField(
        label=_("new phone number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )


class HouseholdLookupInput(forms.TextInput):
    """A text box with suggestions as you type (a <datalist> filled by
    registry/household_lookup.js from registry:household_lookup)."""

    class Media:
        js = ["registry/household_lookup.js"]

    def __init__(self, attrs=None, *, community=None):
        self.community = community
        super().__init__(attrs)

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        list_id = f"{attrs.get('id') or 'id_' + name}_options"
        attrs.update(
            {
                "list": list_id,
                "autocomplete": "off",
                "data-lookup-url": reverse("registry:household_lookup"),
                "data-lookup-min": lookup.MIN_CHARS,
            }
        )
        if self.community is not None:
            attrs["data-lookup-community"] = self.community
        html = super().render(name, value, attrs, renderer)
        return format_html('{}<datalist id="{}"></datalist>', html, list_id)


class HouseholdLookupField(forms.CharField):
    """Chooses one household of `queryset` from typed text (see registry.lookup): works
    without JavaScript; the suggestions only help to type it."""

    def __init__(self, *, queryset=None, **kwargs):
        self.queryset = queryset if queryset is not None else Household.objects.none()
        kwargs.setdefault("max_length", 250)
        kwargs.setdefault(
            "help_text", _("Type the household number, the address or the head's name.")
        )
        kwargs.setdefault("widget", HouseholdLookupInput)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Household):
            return lookup.household_label(value)
        return value

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        return lookup.resolve_household(self.queryset, text)


class TransferForm(ScopedFormMixin, forms.Form):
    scoped_fields = {"household": Household}
    household = HouseholdLookupField(label=_("to household"))
    relation = forms.ChoiceField(
        label=_("relation to head"), choices=[("", "—"), *choices.Relation.choices], required=False
    )
    date = forms.DateField(label=_("date"), initial=_today, widget=DateInput())
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args, exclude=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = self.fields["household"].queryset.filter(active=True)
        if exclude is not None:
            qs = qs.exclude(pk=exclude.pk)
        self.fields["household"].queryset = qs


class MoveInForm(TransferForm):
    pass


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_relation_display() or '—'})"


class SplitForm(BootstrapMixin, forms.Form):
    members = MemberChoiceField(
        label=_("members who form the new household"),
        queryset=Resident.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    head = forms.ModelChoiceField(
        label=_("head of the new household"), queryset=Resident.objects.none(), required=False
    )
    number = forms.CharField(label=_("new household number"), max_length=32)
    address = forms.CharField(
        label=_("address"), max_length=200, required=False, help_text=_("Empty: the same address.")
    )
    date = forms.DateField(label=_("date"), initial=_today, widget=DateInput())
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args, household=None, **kwargs):
        super().__init__(*args, **kwargs)

        members = active_members(household)
        self.fields["members"].queryset = members
        self.fields["head"].queryset = members


class MergeForm(ScopedFormMixin, forms.Form):
    scoped_fields = {"source": Household}
    source = HouseholdLookupField(label=_("household to merge into this one"))
    date = forms.DateField(label=_("date"), initial=_today, widget=DateInput())
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args, household=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = (
            self.fields["source"]
            .queryset.filter(active=True, community_id=household.community_id)
            .exclude(pk=household.pk)
        )
        # Suggest only households of this community (the only ones that can be merged).
        self.fields["source"].widget.community = household.community_id


class HeadForm(BootstrapMixin, forms.Form):
    head = forms.ModelChoiceField(
        label=_("head of household"), queryset=Resident.objects.none(), required=False
    )

    def __init__(self, *args, household=None, **kwargs):
        super().__init__(*args, **kwargs)

        self.fields["head"].queryset = active_members(household)


class VisitForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Visit
        fields = ["date", "purpose", "notes", "follow_up_needed"]
        widgets = {"date": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.initial.setdefault("date", _today())


class ResidentFilterForm(BootstrapMixin, forms.Form):
    AGE_CHOICES = [("", _("any age")), ("60", _("60 and over")), ("80", _("80 and over"))]

    q = forms.CharField(label=_("name or pinyin"), required=False)
    grid = forms.ModelChoiceField(label=_("grid"), queryset=Grid.objects.none(), required=False)
    tag = forms.ModelChoiceField(
        label=_("special group"), queryset=Tag.objects.all(), required=False, to_field_name="code"
    )
    status = forms.ChoiceField(
        label=_("status"), required=False, choices=[("", _("all")), *choices.ResidentStatus.choices]
    )
    residence_type = forms.ChoiceField(
        label=_("residence type"),
        required=False,
        choices=[("", _("all")), *choices.ResidenceType.choices],
    )
    age = forms.ChoiceField(label=_("age group"), required=False, choices=AGE_CHOICES)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grid"].queryset = Grid.objects.visible_to(user).select_related("community")


class DwellingForm(BootstrapMixin, forms.ModelForm):
    """A flat of a building (the building comes from the page, not the form)."""

    class Meta:
        model = Dwelling
        fields = ["unit", "floor", "number", "area"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].help_text = _("e.g. 101, 1502 or B-3")
        self.fields["floor"].help_text = _("Basement floors are negative.")
        for name in ("unit", "floor", "area"):
            self.fields[name].widget.attrs.setdefault("inputmode", "decimal")

    def validate_unique(self):
        pass  # registry.actions.buildings names the flat in its message


class IdentityForm(BootstrapMixin, forms.Form):
    """A resident proves who they are (registry.actions.accounts.verify_own_identity)."""

    name = forms.CharField(label=_("your name"), max_length=50)
    id_number = forms.CharField(
        label=_("your ID number"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "maxlength": 20}),
    )
    phone_last4 = forms.CharField(
        label=_("last four digits of your phone number"),
        max_length=4,
        min_length=4,
        help_text=_("The phone number the community has on record for you."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "inputmode": "numeric", "maxlength": 4}
        ),
    )


class LinkAccountForm(BootstrapMixin, forms.Form):
    username = forms.CharField(
        label=_("user name of the resident's account"),
        max_length=150,
        help_text=_("Check the person's ID card first."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
