"""The street's monthly hours report: per community, the net hours of the entries that
started in the month (corrections count negative), how many entries and how many
volunteers served. One aggregate query (bench/volunteers.py compares it with bare SQL)."""

import datetime

from django.db.models import Count, Sum
from django.utils import timezone

from gongzhi.civil.models import HoursEntry


def month_bounds(year: int, month: int):
    tz = timezone.get_current_timezone()
    start = datetime.datetime(year, month, 1)
    end = datetime.datetime(year + month // 12, month % 12 + 1, 1)
    return timezone.make_aware(start, tz), timezone.make_aware(end, tz)


def street_month(street, year: int, month: int) -> list[dict]:
    start, end = month_bounds(year, month)
    rows = (
        HoursEntry.objects.filter(
            volunteer__community__street=street, started_at__gte=start, started_at__lt=end
        )
        .values("volunteer__community")
        .annotate(
            hours=Sum("hours"), entries=Count("id"), volunteers=Count("volunteer", distinct=True)
        )
        .order_by("volunteer__community")
    )
    return [
        {
            "community": r["volunteer__community"],
            "hours": r["hours"],
            "entries": r["entries"],
            "volunteers": r["volunteers"],
        }
        for r in rows
    ]
