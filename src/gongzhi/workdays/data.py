"""Published holiday arrangements. Source: General Office of the State Council notice on the
2026 holiday arrangements (国办发明电〔2025〕7号). Add each year's notice here and load it with
`gongzhi load-holidays YEAR`, or edit the calendar in the admin."""

import datetime

D = datetime.date

HOLIDAYS = {
    2026: {
        "holiday": [
            ("元旦", D(2026, 1, 1), D(2026, 1, 3)),
            ("春节", D(2026, 2, 15), D(2026, 2, 23)),
            ("清明节", D(2026, 4, 4), D(2026, 4, 6)),
            ("劳动节", D(2026, 5, 1), D(2026, 5, 5)),
            ("端午节", D(2026, 6, 19), D(2026, 6, 21)),
            ("中秋节", D(2026, 9, 25), D(2026, 9, 27)),
            ("国庆节", D(2026, 10, 1), D(2026, 10, 7)),
        ],
        "workday": [
            ("元旦调休", D(2026, 1, 4)),
            ("春节调休", D(2026, 2, 14)),
            ("春节调休", D(2026, 2, 28)),
            ("劳动节调休", D(2026, 5, 9)),
            ("国庆节调休", D(2026, 9, 20)),
            ("国庆节调休", D(2026, 10, 10)),
        ],
    }
}


def days_of(year: int):
    """(date, kind, name) for every exception day of the year."""
    spec = HOLIDAYS[year]
    for name, first, last in spec["holiday"]:
        day = first
        while day <= last:
            yield day, "holiday", name
            day += datetime.timedelta(days=1)
    for name, day in spec["workday"]:
        yield day, "workday", name


def load(year: int) -> int:
    from gongzhi.workdays.models import CalendarDay

    count = 0
    for day, kind, name in days_of(year):
        CalendarDay.objects.update_or_create(date=day, defaults={"kind": kind, "name": name})
        count += 1
    return count
