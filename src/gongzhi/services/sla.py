"""Time-limit figures: on-time rate (办结及时率) and satisfaction per item, staff member,
community and street, computed in the database (one grouped query per table)."""

from django.db.models import Avg, Count, F, Q
from django.utils import timezone

from gongzhi.services.models import CLOSED_STATUSES, Status

GROUPS = {
    "item": ("item", "item__name"),
    "staff": ("handled_by", "handled_by__username"),
    "community": ("community", "community__name"),
    "street": ("street", "street__name"),
}


def figures(requests, by: str) -> list[dict]:
    """Rows of {key, name, total, completed, on_time, overdue_open, rate, ratings,
    satisfaction} for `requests` (already scoped) grouped by `by`."""
    key, name = GROUPS[by]

    today = timezone.localdate()
    rows = (
        requests.order_by()
        .values(key_value=F(key), name=F(name))
        .annotate(
            total=Count("pk"),
            completed=Count("pk", filter=Q(status__in=(Status.COMPLETED, Status.RATED))),
            on_time=Count("pk", filter=Q(on_time=True)),
            overdue_open=Count(
                "pk",
                filter=~Q(status__in=CLOSED_STATUSES + (Status.MATERIALS_REQUESTED,))
                & Q(due_date__lt=today),
            ),
            ratings=Count("rating"),
            satisfaction=Avg("rating__stars"),
        )
        .order_by("name")
    )
    result = []
    for row in rows:
        row["rate"] = (
            round(100 * row["on_time"] / row["completed"], 1) if row["completed"] else None
        )
        if row["satisfaction"] is not None:
            row["satisfaction"] = round(float(row["satisfaction"]), 2)
        result.append(row)
    return result
