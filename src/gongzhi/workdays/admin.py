from django.contrib import admin

from gongzhi.workdays.models import CalendarDay


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """Read-only for everyone, superusers included (core.admin_site): every deadline in
    working days is computed from this calendar, so a day is entered only where
    workdays' rules run (`gongzhi load_holidays`, the workdays actions)."""

    rule_guarded = True
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    date_hierarchy = "date"
