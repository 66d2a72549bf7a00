"""Working days: weekdays, minus public holidays, plus make-up working days (调休).

Time limits in the services and the access system ("15 working days") use these functions;
paused periods (e.g. waiting for missing materials) are excluded by the caller passing the
paused days to `working_days_between`.

The calendar is read from the database on each call (one query), never cached across
requests: several app servers must all see an edit at once. For many computations in one
request, load it once with `Calendar.load()` and call its methods. One exception: the
Open311 machine endpoint keeps a per-process copy for at most 5 seconds
(gongzhi.open311.definitions) — a holiday edited on another server reaches Open311 due
dates within those seconds, which is far below a day's granularity.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.core.errors import refuse
from gongzhi.workdays import data
from gongzhi.workdays.errors import Code
from gongzhi.workdays.models import CalendarDay

ONE_DAY = datetime.timedelta(days=1)
# The official calendar is read for these years around today (time limits run months, not
# years; older requests keep the due dates they were given).
YEARS_BACK, YEARS_AHEAD = 3, 2


@dataclass(frozen=True)
class Calendar:
    exceptions: dict  # date → CalendarDay.Kind

    @classmethod
    def load(cls) -> "Calendar":
        """The official calendar (workdays.data, from the `holidays` package) of the years
        around today, overlaid with the days the street edited (one query)."""
        this_year = timezone.localdate().year
        exceptions = {
            day: kind
            for year in range(this_year - YEARS_BACK, this_year + YEARS_AHEAD + 1)
            for day, kind, _name in data.days_of(year)
        }
        exceptions.update(CalendarDay.objects.values_list("date", "kind"))
        return cls(exceptions)

    def is_working_day(self, day: datetime.date) -> bool:
        kind = self.exceptions.get(day)
        if kind == CalendarDay.Kind.HOLIDAY:
            return False
        if kind == CalendarDay.Kind.WORKDAY:
            return True
        return day.weekday() < 5

    def add_working_days(self, start: datetime.date, days: int) -> datetime.date:
        """The date on which a limit of `days` working days, counted from the day after
        `start` (the day of receipt does not count), expires."""
        if days < 0:
            raise ValidationError(_("A time limit cannot be negative."))
        current, remaining = start, days
        while remaining:
            current += ONE_DAY
            if self.is_working_day(current):
                remaining -= 1
        return current

    def working_days_between(self, start: datetime.date, end: datetime.date, excluded=None) -> int:
        """Working days after `start` up to and including `end` (0 if end <= start); days in
        `excluded` (paused time) do not count."""
        excluded = excluded or set()
        count, current = 0, start
        while current < end:
            current += ONE_DAY
            if current not in excluded and self.is_working_day(current):
                count += 1
        return count


def is_working_day(day: datetime.date) -> bool:
    return Calendar.load().is_working_day(day)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    return Calendar.load().add_working_days(start, days)


def working_days_between(start: datetime.date, end: datetime.date, excluded=None) -> int:
    return Calendar.load().working_days_between(start, end, excluded)


def validate_day(day: CalendarDay) -> None:
    if day.kind == CalendarDay.Kind.WORKDAY and day.date.weekday() < 5:
        refuse(
            Code.MAKEUP_ON_WEEKDAY,
            _("A make-up working day must fall on a Saturday or Sunday."),
            field="kind",
        )


def schedule_missing(year: int) -> bool:
    """The year's State Council schedule is neither in the installed `holidays` package nor
    entered by hand (a make-up working day of that year): its time limits count statutory
    holidays but no 调休, so a due date in it may still move."""
    if not data.provisional(year):
        return False
    return not CalendarDay.objects.filter(date__year=year, kind=CalendarDay.Kind.WORKDAY).exists()


def missing_schedule_warning(today: datetime.date | None = None) -> str | None:
    """From 1 November, while next year's State Council schedule is neither in the installed
    `holidays` package nor entered by hand (a make-up working day of that year), say so:
    until then next year's time limits count its statutory holidays but no 调休 days."""
    today = today or timezone.localdate()
    year = today.year + 1
    if today < datetime.date(today.year, 11, 1) or not schedule_missing(year):
        return None
    return _(
        "The State Council's holiday schedule for %(year)d is not loaded yet: time limits in "
        "%(year)d count its statutory holidays but no make-up working days. Update the "
        "holidays package (pip install -U holidays) or enter the schedule in the calendar."
    ) % {"year": year}
