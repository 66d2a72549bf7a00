from django import forms
from django.contrib import admin

from gongzhi.workdays.models import CalendarDay
from gongzhi.workdays.services import validate_day


class CalendarDayForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "kind", "name"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date") and cleaned.get("kind"):
            validate_day(CalendarDay(**{k: cleaned[k] for k in ("date", "kind")}))
        return cleaned


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    form = CalendarDayForm
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    date_hierarchy = "date"
