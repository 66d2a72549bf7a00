"""Due times on the workdays calendar: working days with 调休, working hours for urgent
classes (cases.timelimits is the one place that defines working hours)."""

import datetime

from django.utils import timezone

from gongzhi.cases import timelimits
from gongzhi.cases.choices import LimitUnit
from gongzhi.workdays.models import CalendarDay
from gongzhi.workdays.services import Calendar


def at(y, m, d, hh, mm=0):
    return timezone.make_aware(datetime.datetime(y, m, d, hh, mm))


def local(moment):
    return timezone.localtime(moment).replace(tzinfo=None)


def test_working_days_skip_weekends_and_end_at_close_of_day():
    # Friday 2026-12-04 + 1 working day = Monday 2026-12-07, 17:30
    due = timelimits.due(Calendar({}), at(2026, 12, 4, 10), 1, LimitUnit.DAYS)
    assert local(due) == datetime.datetime(2026, 12, 7, 17, 30)


def test_working_days_count_holidays_and_makeup_days():
    calendar = Calendar(
        {
            datetime.date(2026, 12, 7): CalendarDay.Kind.HOLIDAY,
            datetime.date(2026, 12, 5): CalendarDay.Kind.WORKDAY,  # 调休 Saturday
        }
    )
    due = timelimits.due(calendar, at(2026, 12, 4, 10), 2, LimitUnit.DAYS)
    assert local(due) == datetime.datetime(2026, 12, 8, 17, 30)


def test_working_hours_skip_lunch_nights_and_weekends():
    # Friday 16:30 + 4 working hours: 1 h on Friday, then Monday 8:30 + 3 h = 11:30
    due = timelimits.due(Calendar({}), at(2026, 12, 4, 16, 30), 4, LimitUnit.HOURS)
    assert local(due) == datetime.datetime(2026, 12, 7, 11, 30)
    # Monday 11:00 + 2 h: 1 h before lunch, 1 h after 13:30
    due = timelimits.due(Calendar({}), at(2026, 12, 7, 11), 2, LimitUnit.HOURS)
    assert local(due) == datetime.datetime(2026, 12, 7, 14, 30)


def test_working_hours_skip_a_holiday():
    calendar = Calendar({datetime.date(2026, 12, 7): CalendarDay.Kind.HOLIDAY})
    due = timelimits.due(calendar, at(2026, 12, 4, 17), 1, LimitUnit.HOURS)
    assert local(due) == datetime.datetime(2026, 12, 8, 9, 0)
