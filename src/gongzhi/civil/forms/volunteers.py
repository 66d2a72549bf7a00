"""Forms of volunteers and activities: they check the shape of input; the rules are in
civil.actions (volunteers, activities)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongzhi.civil.choices import ActivityKind
from gongzhi.civil.models import Activity, Skill
from gongzhi.core.forms import style_widgets
from gongzhi.org.models import Community, Grid
from gongzhi.registry.models import Resident

WEEKDAYS = [
    (0, pgettext_lazy("weekday", "Mon")),
    (1, pgettext_lazy("weekday", "Tue")),
    (2, pgettext_lazy("weekday", "Wed")),
    (3, pgettext_lazy("weekday", "Thu")),
    (4, pgettext_lazy("weekday", "Fri")),
    (5, pgettext_lazy("weekday", "Sat")),
    (6, pgettext_lazy("weekday", "Sun")),
]


class VolunteerForm(forms.Form):
    """Skills, areas and availability (the same hours on each day ticked)."""

    skills = forms.ModelMultipleChoiceField(
        Skill.objects.all(), label=_("skills"), required=False, widget=forms.CheckboxSelectMultiple
    )
    areas = forms.ModelMultipleChoiceField(
        Grid.objects.none(), label=_("areas"), required=False, widget=forms.CheckboxSelectMultiple
    )
    weekdays = forms.TypedMultipleChoiceField(
        choices=WEEKDAYS,
        coerce=int,
        label=_("available on"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    start = forms.TimeField(
        label=_("from"), required=False, widget=forms.TimeInput({"type": "time"})
    )
    end = forms.TimeField(label=_("to"), required=False, widget=forms.TimeInput({"type": "time"}))

    def __init__(self, *args, street=None, **kwargs):
        super().__init__(*args, **kwargs)
        if street is not None:
            self.fields["areas"].queryset = Grid.objects.filter(community__street=street)
        style_widgets(self)

    def availability(self) -> list[dict]:
        start, end = self.cleaned_data.get("start"), self.cleaned_data.get("end")
        if not start or not end:
            return []
        return [
            {"weekday": day, "start": start.strftime("%H:%M"), "end": end.strftime("%H:%M")}
            for day in self.cleaned_data.get("weekdays") or []
        ]


class SelfRegisterForm(VolunteerForm):
    consent = forms.BooleanField(label=_("I agree to the record keeping above"), required=True)


class StaffRegisterForm(VolunteerForm):
    resident = forms.ModelChoiceField(
        Resident.objects.none(),
        label=_("resident (registry number)"),
        widget=forms.NumberInput,
    )
    consent = forms.BooleanField(
        label=_("The resident agreed to the record keeping"), required=True
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resident"].queryset = Resident.objects.visible_to(user, "civil.add_volunteer")
        self.fields["areas"].queryset = Grid.objects.visible_to(user)


class ActivityForm(forms.ModelForm):
    skills = forms.ModelMultipleChoiceField(
        Skill.objects.all(), label=_("skills"), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Activity
        fields = [
            "community",
            "grid",
            "kind",
            "title",
            "content",
            "reference",
            "place",
            "starts_at",
            "ends_at",
            "people_needed",
            "for_people_in_need",
        ]
        widgets = {
            "starts_at": forms.DateTimeInput({"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "ends_at": forms.DateTimeInput({"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }

    def __init__(self, *args, user=None, permission="civil.add_activity", communities=None, **kw):
        super().__init__(*args, **kw)
        self.fields["community"].required = True
        self.fields["community"].queryset = (
            communities
            if communities is not None
            else Community.objects.visible_to(user, permission)
        )
        self.fields["grid"].queryset = Grid.objects.filter(
            community__in=self.fields["community"].queryset
        )
        self.fields["kind"].choices = ActivityKind.choices
        style_widgets(self)


class RateForm(forms.Form):
    stars = forms.TypedChoiceField(
        choices=[(i, "★" * i) for i in range(5, 0, -1)], coerce=int, label=_("stars")
    )
    comment = forms.CharField(label=_("comment"), required=False, max_length=500)
