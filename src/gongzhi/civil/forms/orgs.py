"""Forms of organizations and leaders: the shape of input; the rules are in civil.actions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.civil.actions.orgs import TRANSITIONS
from gongzhi.civil.models import Assessment, Leader, Membership, Organization, Support
from gongzhi.core.forms import style_widgets
from gongzhi.org.models import Community
from gongzhi.registry.models import Building, Resident

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OrganizationForm(forms.ModelForm):
    contact_phone = forms.CharField(label=_("contact's phone"), max_length=20, required=False)

    class Meta:
        model = Organization
        fields = [
            "community",
            "name",
            "kind",
            "legal_status",
            "credit_code",
            "filing_number",
            "founded_on",
            "leader_name",
            "contact_name",
            "contact_phone",
            "places",
            "description",
            "active",
        ]
        widgets = {"founded_on": DATE, "places": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if "community" in self.fields:
            self.fields["community"].queryset = Community.objects.visible_to(user)
            self.fields["community"].help_text = _("Empty: an organization of the whole street.")
        if self.instance.pk:
            self.initial["contact_phone"] = ""
            self.fields["contact_phone"].help_text = _("Leave empty to keep the number.")
        style_widgets(self)

    def validate_unique(self):
        """Uniqueness is the action's coded refusal."""

    def _post_clean(self):
        """The model's rules run in the action (civil.actions.orgs)."""
        for name, value in self.cleaned_data.items():
            if name == "contact_phone" and not value and self.instance.pk:
                continue
            setattr(self.instance, name, value)


class ContactPageForm(OrganizationForm):
    """What an organization's contact edits on their own page."""

    class Meta(OrganizationForm.Meta):
        fields = [
            "founded_on",
            "leader_name",
            "contact_name",
            "contact_phone",
            "places",
            "description",
        ]


class StepForm(forms.Form):
    step = forms.ChoiceField(choices=[(k, t.label) for k, t in TRANSITIONS.items()])
    note = forms.CharField(label=_("note"), required=False, max_length=4000, widget=forms.TextInput)


class MemberForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["resident", "name", "joined_on"]
        widgets = {"joined_on": DATE}

    def __init__(self, *args, user=None, organization=None, **kwargs):
        super().__init__(*args, **kwargs)
        residents = Resident.objects.visible_to(user, "registry.view_resident")
        if organization is not None and organization.community_id:
            residents = residents.filter(community=organization.community_id)
        self.fields["resident"].queryset = residents.order_by("name")
        self.fields["resident"].required = False
        self.fields["name"].required = False
        self.fields["name"].help_text = _("For a member who is not in the registry.")
        style_widgets(self)

    def validate_unique(self):
        """Uniqueness is the action's coded refusal."""


class SupportForm(forms.ModelForm):
    class Meta:
        model = Support
        fields = ["kind", "given_on", "description", "amount"]
        widgets = {"given_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["year", "grade", "score", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def validate_unique(self):
        """One a year: the action's coded refusal."""


class LeaderForm(forms.ModelForm):
    class Meta:
        model = Leader
        fields = ["resident", "kind", "building", "organization", "group_name", "since"]
        widgets = {"since": DATE}

    def __init__(self, *args, user=None, community=None, **kwargs):
        super().__init__(*args, **kwargs)
        residents = Resident.objects.visible_to(user, "registry.view_resident")
        buildings = Building.objects.visible_to(user)
        orgs = Organization.objects.visible_to(user, "view")
        if community is not None:
            residents = residents.filter(community=community)
            buildings = buildings.filter(community=community)
        self.fields["resident"].queryset = residents.order_by("name")
        self.fields["building"].queryset = buildings.order_by("name")
        self.fields["organization"].queryset = orgs
        style_widgets(self)
