"""The year as the time limits count it: the official exception days (the `holidays`
package) with the days the street edited laid over them — one reading for the calendar page
and the API."""

from gongzhi.workdays import data
from gongzhi.workdays.models import CalendarDay


def year_view(year: int) -> dict:
    """{"year", "provisional", "official": [(date, kind, name)] not overridden, "edited":
    CalendarDay rows}."""
    edited = list(CalendarDay.objects.filter(date__year=year).order_by("date"))
    dates = {day.date for day in edited}
    return {
        "year": year,
        "provisional": data.provisional(year),
        "official": [day for day in data.days_of(year) if day[0] not in dates],
        "edited": edited,
    }


def effective_days(year: int) -> list[dict]:
    """Every exception day of the year, in date order, with where it comes from."""
    view = year_view(year)
    rows = [
        {"date": day, "kind": kind, "name": name, "source": "official"}
        for day, kind, name in view["official"]
    ] + [
        {"date": d.date, "kind": d.kind, "name": d.name, "source": "street"} for d in view["edited"]
    ]
    return sorted(rows, key=lambda row: row["date"])


def valid_year(text: str, default: int) -> int:
    """A year from a query string (1900–2100), else `default`."""
    if text.isdigit() and 1900 <= int(text) <= 2100:
        return int(text)
    return default
