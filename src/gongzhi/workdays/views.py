"""The holiday calendar's screens: the official days (the `holidays` package), the days the
street edits (working days and 调休) that every time limit counts on."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongzhi.core.forms import apply_errors
from gongzhi.core.views_base import role_required
from gongzhi.workdays import actions, services
from gongzhi.workdays.forms import CalendarDayForm
from gongzhi.workdays.models import CalendarDay
from gongzhi.workdays.queries import valid_year, year_view


def _page(request, year: int, form=None):
    view = year_view(year)
    return render(
        request,
        "workdays/calendar.html",
        {
            "days": view["edited"],
            "year": year,
            # The official days (holidays package) the street has not overridden.
            "official": view["official"],
            "provisional": view["provisional"],
            "warning": services.missing_schedule_warning(),
            "form": form or CalendarDayForm(),
        },
    )


@role_required("workdays.view_calendarday")
def calendar(request):
    return _page(request, valid_year(request.GET.get("year", ""), timezone.localdate().year))


@require_POST
@role_required("workdays.add_calendarday")
def calendar_add(request):
    """A refused day shows the page again with the errors on the fields and what was typed."""
    form = CalendarDayForm(request.POST)
    if form.is_valid():
        try:
            day = actions.do_set_day(request.user, form.instance)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(reverse("workdays:calendar") + f"?year={day.date.year}")
    date = form.cleaned_data.get("date")
    return _page(request, date.year if date else timezone.localdate().year, form)


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
