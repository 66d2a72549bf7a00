"""Forms of workdays: they check the shape of input; the rules (a make-up working day is a
weekend day, …) are in actions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gongzhi.core.forms import style_widgets
from gongzhi.workdays.models import CalendarDay


class CalendarDayForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "kind", "name"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)
        for field in self.fields.values():
            field.widget.attrs.setdefault("aria-label", field.label)
        self.fields["name"].widget.attrs["placeholder"] = _("e.g. 春节")

    def validate_unique(self):
        """Entering a date again replaces its day (do_set_day): not a duplicate."""
