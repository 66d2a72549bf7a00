"""The holiday calendar's screens: the official days (the `holidays` package), the days the
street edits (working days and 调休) that every time limit counts on."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongzhi.core.views_base import role_required
from gongzhi.workdays import actions, data, services
from gongzhi.workdays.models import CalendarDay


@role_required("workdays.view_calendarday")
def calendar(request):
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() else timezone.localdate().year
    days = CalendarDay.objects.filter(date__year=year)
    edited = {d.date for d in days}
    return render(
        request,
        "workdays/calendar.html",
        {
            "days": days,
            "year": year,
            "kinds": CalendarDay.Kind.choices,
            # The official days (holidays package) the street has not overridden.
            "official": [d for d in data.days_of(year) if d[0] not in edited],
            "provisional": data.provisional(year),
            "warning": services.missing_schedule_warning(),
        },
    )


@require_POST
@role_required("workdays.add_calendarday")
def calendar_add(request):
    try:
        try:
            date = datetime.date.fromisoformat(request.POST.get("date", ""))
        except ValueError:
            raise ValidationError({"date": _("Enter a date as YYYY-MM-DD.")}) from None
        day = CalendarDay(
            date=date, kind=request.POST.get("kind", ""), name=request.POST.get("name", "")
        )
        actions.do_set_day(request.user, day)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("workdays:calendar")
    messages.success(request, _("Saved."))
    return redirect(reverse("workdays:calendar") + f"?year={date.year}")


@require_POST
@role_required("workdays.delete_calendarday")
def calendar_delete(request, pk):
    day = get_object_or_404(CalendarDay, pk=pk)
    year = day.date.year
    actions.do_delete_day(request.user, day)
    messages.success(request, _("Deleted."))
    return redirect(reverse("workdays:calendar") + f"?year={year}")


# The model the route's <pk> names (read by the permission-matrix test).
calendar_delete.model = CalendarDay
