import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from gongzhi.workdays import services
from gongzhi.workdays.models import CalendarDay

D = datetime.date


@pytest.fixture
def calendar_2026(users):
    call_command("load_holidays", "2026", "--user", users["street_admin"].username)


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


def test_unknown_year_is_a_clear_error(users):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="1999"):
        call_command("load_holidays", "1999", "--user", "street_admin")


# --- the official calendar from the holidays package (issue 12: "Holiday calendar") -------


def test_new_years_day_2027_is_not_a_working_day_without_loading_anything(db):
    """Only 2026 used to be loaded, so 1 January 2027 counted as a working day."""
    assert not CalendarDay.objects.exists()
    calendar = services.Calendar.load()
    assert not calendar.is_working_day(D(2027, 1, 1))
    assert not calendar.is_working_day(D(2027, 10, 1))  # 国庆节 of a year not yet scheduled
    assert calendar.is_working_day(D(2027, 1, 4))


def test_a_make_up_saturday_is_a_working_day_and_a_street_edit_wins(db):
    calendar = services.Calendar.load()
    assert calendar.is_working_day(D(2026, 2, 14))  # 春节调休, a Saturday
    assert not calendar.is_working_day(D(2026, 2, 16))
    CalendarDay.objects.create(date=D(2026, 2, 14), kind=CalendarDay.Kind.HOLIDAY, name="街道调整")
    assert not services.Calendar.load().is_working_day(D(2026, 2, 14))


def test_time_limits_skip_next_years_holidays(db):
    # 2026-12-31 (Thursday) + 1 working day: 1 January 2027 is a holiday, 2 and 3 a weekend.
    assert services.add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)


def test_missing_schedule_is_warned_from_1_november(db, users, verified_client, monkeypatch):
    assert services.missing_schedule_warning(D(2026, 10, 31)) is None
    warning = services.missing_schedule_warning(D(2026, 11, 1))
    assert warning and "2027" in warning
    # A schedule entered by hand (a make-up working day of next year) ends the warning.
    CalendarDay.objects.create(date=D(2027, 2, 20), kind=CalendarDay.Kind.WORKDAY, name="春节调休")
    assert services.missing_schedule_warning(D(2026, 11, 1)) is None
    CalendarDay.objects.all().delete()
    # The street admin sees it on the calendar page.
    monkeypatch.setattr(services.timezone, "localdate", lambda: D(2026, 12, 5))
    page = verified_client(users["street_admin"]).get("/calendar/?year=2027")
    body = page.content.decode()
    assert 'data-warning="holiday-schedule"' in body and "2027 年国务院放假安排尚未载入" in body
    assert "元旦" in body  # the statutory holidays are shown, and counted


def test_a_published_year_has_no_warning(db):
    assert services.missing_schedule_warning(D(2025, 11, 1)) is None  # 2026 is in the package
