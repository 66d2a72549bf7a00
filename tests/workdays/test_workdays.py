import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from gongzhi.workdays import services
from gongzhi.workdays.models import CalendarDay

D = datetime.date


@pytest.fixture
def calendar_2026(db):
    call_command("load_holidays", "2026")


def test_weekend_is_not_a_working_day_without_calendar(db):
    assert services.is_working_day(D(2026, 3, 6))  # Friday
    assert not services.is_working_day(D(2026, 3, 7))  # Saturday


def test_holiday_and_makeup_day(calendar_2026):
    assert not services.is_working_day(D(2026, 10, 5))  # National Day, a Monday
    assert services.is_working_day(D(2026, 10, 10))  # make-up Saturday


def test_add_working_days_skips_holidays(calendar_2026):
    # Received on Wed 30 Sep 2026; National Day 1–7 Oct, Sat 10 Oct is a working day.
    # Working days after receipt: 8, 9, 10, 12, 13 Oct → the 5th is 13 Oct.
    assert services.add_working_days(D(2026, 9, 30), 5) == D(2026, 10, 13)


def test_add_zero_working_days_is_the_same_day(db):
    assert services.add_working_days(D(2026, 3, 6), 0) == D(2026, 3, 6)


def test_negative_limit_is_refused(db):
    with pytest.raises(ValidationError):
        services.add_working_days(D(2026, 3, 6), -1)


def test_working_days_between_excludes_paused_days(calendar_2026):
    start, end = D(2026, 3, 2), D(2026, 3, 13)  # Mon → Fri of the next week
    assert services.working_days_between(start, end) == 9
    paused = {D(2026, 3, 3), D(2026, 3, 4)}
    assert services.working_days_between(start, end, excluded=paused) == 7


def test_calendar_edit_takes_effect_at_once(db):
    day = D(2026, 3, 9)
    assert services.is_working_day(day)
    CalendarDay.objects.create(date=day, kind=CalendarDay.Kind.HOLIDAY, name="test")
    assert not services.is_working_day(day)


def test_makeup_day_must_be_a_weekend(db):
    with pytest.raises(ValidationError):
        services.validate_day(CalendarDay(date=D(2026, 3, 9), kind=CalendarDay.Kind.WORKDAY))


def test_unknown_year_is_a_clear_error(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No published arrangement"):
        call_command("load_holidays", "1999")
