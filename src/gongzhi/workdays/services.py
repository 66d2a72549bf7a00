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
from django.utils.translation import gettext as _

from gongzhi.workdays.models import CalendarDay

ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Calendar:
    exceptions: dict  # date → CalendarDay.Kind

    @classmethod
    def load(cls) -> "Calendar":
        return cls(dict(CalendarDay.objects.values_list("date", "kind")))

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
        raise ValidationError({"kind": _("A make-up working day must fall on a Saturday or Sunday.")})
