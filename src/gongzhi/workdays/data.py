"""The official calendar, from the `holidays` package (China, zh_CN): public holidays and
the make-up working days (调休) of every year whose State Council schedule it holds.

A kept library beats hand-kept data: each year's notice (国办发明电) reaches the package in a
release, and `pip install -U holidays` brings it. Street admins still edit the calendar
(workdays.models.CalendarDay); their days take precedence over these.

A year without a published schedule gets only its statutory holidays (元旦, 春节, 清明, 劳动节,
端午, 中秋, 国庆 — fixed by the 全国年节及纪念日放假办法), without make-up days: counted as
holidays, never silently as working days, and `provisional(year)` says that the year's
schedule is still to come (workdays.services warns about it).
"""

import datetime
from functools import cache

import holidays
from holidays.countries.china import ChinaStaticHolidays

from gongzhi.workdays.models import CalendarDay


def official_years() -> frozenset[int]:
    """Years whose State Council holiday schedule the installed package holds."""
    return frozenset(ChinaStaticHolidays.special_public_holidays)


def provisional(year: int) -> bool:
    return year not in official_years()


@cache
def days_of(year: int) -> tuple[tuple[datetime.date, str, str], ...]:
    """(date, kind, name) of every exception day of the year: "holiday" on a weekday or
    weekend, "workday" for a weekend worked in exchange (调休)."""
    official = not provisional(year)
    calendar = holidays.China(years=year, language="zh_CN", observed=official)
    days = [(day, "holiday", name) for day, name in sorted(calendar.items())]
    if official:
        days += [
            (day, "workday", "调休上班")
            for day in sorted(calendar.weekend_workdays)
            if day.year == year
        ]
    return tuple(days)


def load(year: int) -> int:
    """Write the year's days into the editable calendar: the internal step of
    workdays.actions.do_load_year (which a command calls), and a set-up for tests and
    benchmarks."""
    count = 0
    for day, kind, name in days_of(year):
        CalendarDay.objects.update_or_create(date=day, defaults={"kind": kind, "name": name[:50]})
        count += 1
    return count
