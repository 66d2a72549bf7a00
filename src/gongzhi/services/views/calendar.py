"""The holiday calendar (working days and 调休) the time limits count on."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongzhi.core.views_base import role_required
from gongzhi.services.views._common import _flash_errors
from gongzhi.workdays import actions as workdays_actions
from gongzhi.workdays import data as workdays_data
from gongzhi.workdays import services as workdays_services
from gongzhi.workdays.models import CalendarDay


@role_required("workdays.view_calendarday")
def calendar(request):
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() else timezone.localdate().year
    days = CalendarDay.objects.filter(date__year=year)
    edited = {d.date for d in days}
    return render(
        request,
        "services/calendar.html",
        {
            "days": days,
            "year": year,
            "kinds": CalendarDay.Kind.choices,
            # The official days (holidays package) the street has not overridden.
            "official": [d for d in workdays_data.days_of(year) if d[0] not in edited],
            "provisional": workdays_data.provisional(year),
            "warning": workdays_services.missing_schedule_warning(),
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
        workdays_actions.do_set_day(request.user, day)
    except ValidationError as exc:
        _flash_errors(request, exc)
        return redirect("services:calendar")
    messages.success(request, _("Saved."))
    return redirect(reverse("services:calendar") + f"?year={date.year}")


@require_POST
@role_required("workdays.delete_calendarday")
def calendar_delete(request, pk):
    day = get_object_or_404(CalendarDay, pk=pk)
    year = day.date.year
    workdays_actions.do_delete_day(request.user, day)
    messages.success(request, _("Deleted."))
    return redirect(reverse("services:calendar") + f"?year={year}")
