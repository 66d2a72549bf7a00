"""Forms of a residents' leader's phone pages (issue #14 §2): an activity for their group, the
attendance of one of their activities. Shape only; the rules are in civil.actions.activities
(`do_post_as_leader`, `do_register_attendance`)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.civil.models import Activity
from gongzhi.core.forms import style_widgets
from gongzhi.org.models import Community

WHEN = {"type": "datetime-local"}
WHEN_FORMAT = "%Y-%m-%dT%H:%M"


class LeaderActivityForm(forms.ModelForm):
    """An activity for the leader's group, in one of the communities they lead in."""

    class Meta:
        model = Activity
        fields = ["community", "title", "content", "place", "starts_at", "ends_at", "people_needed"]
        widgets = {
            "starts_at": forms.DateTimeInput(WHEN, format=WHEN_FORMAT),
            "ends_at": forms.DateTimeInput(WHEN, format=WHEN_FORMAT),
            "content": forms.Textarea({"rows": 3}),
        }

    def __init__(self, *args, community_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].required = True
        self.fields["community"].queryset = Community.objects.filter(pk__in=community_ids)
        style_widgets(self)


class AttendanceForm(forms.Form):
    """The people who came, each with their start and end (the activity's by default): one
    checkbox and two times per volunteer of the activity's community (`v<id>`, `s<id>`,
    `e<id>`)."""

    def __init__(self, *args, volunteers=(), activity=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.volunteers = list(volunteers)
        self.rows = []
        for v in self.volunteers:
            came = forms.BooleanField(label=v.resident.name, required=False)
            start = forms.DateTimeField(
                label=_("from"),
                required=False,
                initial=activity.starts_at if activity else None,
                widget=forms.DateTimeInput(WHEN, format=WHEN_FORMAT),
            )
            end = forms.DateTimeField(
                label=_("to"),
                required=False,
                initial=activity.ends_at if activity else None,
                widget=forms.DateTimeInput(WHEN, format=WHEN_FORMAT),
            )
            self.fields[f"v{v.pk}"], self.fields[f"s{v.pk}"], self.fields[f"e{v.pk}"] = (
                came,
                start,
                end,
            )
            self.rows.append((v, f"v{v.pk}", f"s{v.pk}", f"e{v.pk}"))
        self.activity = activity
        style_widgets(self)

    def bound_rows(self):
        """(volunteer, checkbox, start, end) bound fields, for the template."""
        return [(v, self[c], self[s], self[e]) for v, c, s, e in self.rows]

    def clean(self):
        data = super().clean()
        chosen = []
        for v, c, s, e in self.rows:
            if not data.get(c):
                continue
            start = data.get(s) or self.activity.starts_at
            end = data.get(e) or self.activity.ends_at
            chosen.append((v, start, end))
        if not chosen:
            raise forms.ValidationError(_("Tick at least one person who came."), code="required")
        data["chosen"] = chosen
        return data
