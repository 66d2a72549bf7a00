"""The time bank's published redemption record (易存难兑 is the known failure of time banks):
per month of request, how many requests to spend hours were made, served, cancelled or are
still waiting, and the median days from request to service. Figures only: no names."""

import statistics

from django.utils import timezone

from gongzhi.civil.models import Redemption


def monthly_record(street, months: int = 12) -> list[dict]:
    rows: dict[str, dict] = {}
    requests = Redemption.objects.filter(account__street=street).values_list(
        "created_at", "status", "served_at"
    )
    days: dict[str, list[float]] = {}
    for created, status, served in requests:
        month = timezone.localtime(created).strftime("%Y-%m")
        row = rows.setdefault(month, {"month": month, "requested": 0, "served": 0, "waiting": 0})
        row["requested"] += 1
        if status == Redemption.Status.SERVED and served is not None:
            row["served"] += 1
            days.setdefault(month, []).append((served - created).total_seconds() / 86400)
        elif status == Redemption.Status.REQUESTED:
            row["waiting"] += 1
    result = []
    for month in sorted(rows, reverse=True)[:months]:
        row = rows[month]
        waits = days.get(month)
        row["median_days"] = round(statistics.median(waits), 1) if waits else None
        result.append(row)
    return result
