"""Due times of a case's steps, on the workdays calendar (working days and 调休).

Working hours are defined here and only here: WORKING_HOURS, local time (Asia/Shanghai).
A limit in working days ends at the close of the last working day (the day of receipt does
not count, as in workdays.Calendar.add_working_days); a limit in working hours (urgent
classes) counts only the minutes inside working hours of working days."""

import datetime

from django.utils import timezone

from gongzhi.cases.choices import LimitUnit
from gongzhi.workdays.services import Calendar

# The office's working hours: morning and afternoon, local time.
WORKING_HOURS = (
    (datetime.time(8, 30), datetime.time(12, 0)),
    (datetime.time(13, 30), datetime.time(17, 30)),
)
CLOSE_OF_DAY = WORKING_HOURS[-1][1]


def _local(moment: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(moment)


def _at(day: datetime.date, t: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, t))


def add_working_hours(calendar: Calendar, start: datetime.datetime, hours: int):
    """The moment `hours` working hours after `start`."""
    remaining = datetime.timedelta(hours=hours)
    moment = _local(start)
    day = moment.date()
    while True:
        if calendar.is_working_day(day):
            for begin, end in WORKING_HOURS:
                period_start, period_end = _at(day, begin), _at(day, end)
                if moment >= period_end:
                    continue
                moment = max(moment, period_start)
                available = period_end - moment
                if remaining <= available:
                    return moment + remaining
                remaining -= available
                moment = period_end
        day += datetime.timedelta(days=1)
        moment = _at(day, datetime.time(0, 0))


def due(calendar: Calendar, start: datetime.datetime, limit: int, unit: str):
    """When a limit of `limit` `unit`s counted from `start` runs out."""
    if unit == LimitUnit.HOURS:
        return add_working_hours(calendar, start, limit)
    last_day = calendar.add_working_days(_local(start).date(), limit)
    return _at(last_day, CLOSE_OF_DAY)
