"""The assessment figures of grid incidents, defined once (issue 13 §6), for a grid worker,
a community, a handling unit or a street and a range of report dates.

The base of every figure is the cases *reported* in the range (`reported_at`, local dates,
both ends included), restricted to the subject:

- grid worker: the cases they reported; community: the cases in it; handling unit: the cases
  now dispatched to it; street: the cases in it.

Each figure is a count or a rate `numerator / denominator` (None when the denominator is 0),
computed in one aggregate query (`figures`). The formulas (also in docs/user-guide.zh.md and .en.md):

======================  ====================================================================
上报数 reported          all cases reported (every channel, duplicates and refusals included)
立案率 acceptance        accepted (立案) / (reported − merged as duplicates)
按期派遣率 dispatch       dispatched by the dispatch limit the first time / dispatched
按期处置率 handling       reported done by the handling limit the first time / reported done
结案率 closure            closed (closed or rated) / accepted
按期结案率 on-time close   closed with every limit met (handled and verified in time) / accepted
返工率 rework             cases with ≥ 1 rework (failed verification or reopened) / reported done
响应率 response           first decision (accept, refuse, merge) by the accept limit / reported
解决率 resolution         closed cases never reopened / closed cases
满意率 satisfaction       rated 4 or 5 stars / rated
======================  ====================================================================

"Dispatched", "reported done" and "on time" are kept on the case by the actions
(`dispatched_on_time`, `handled_on_time`, `closed_on_time`: set once, at the first time the
step is taken), so the figures need no step history and no periodic job.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.cases.choices import Channel, Status
from gongzhi.cases.models import Case

CLOSED = (Status.CLOSED, Status.RATED)

# name → (label, numerator filter, denominator filter); a count has no denominator.
DEFINITIONS: dict[str, tuple] = {
    "reported": (_("reported (上报数)"), Q(), None),
    "acceptance_rate": (
        _("acceptance rate (立案率)"),
        Q(accepted_at__isnull=False),
        ~Q(status=Status.MERGED),
    ),
    "dispatch_on_time_rate": (
        _("dispatched on time (按期派遣率)"),
        Q(dispatched_on_time=True),
        Q(dispatched_on_time__isnull=False),
    ),
    "handling_on_time_rate": (
        _("handled on time (按期处置率)"),
        Q(handled_on_time=True),
        Q(handled_on_time__isnull=False),
    ),
    "closure_rate": (
        _("closure rate (结案率)"),
        Q(status__in=CLOSED),
        Q(accepted_at__isnull=False),
    ),
    "closure_on_time_rate": (
        _("closed on time (按期结案率)"),
        Q(status__in=CLOSED, closed_on_time=True),
        Q(accepted_at__isnull=False),
    ),
    "rework_rate": (
        _("rework rate (返工率)"),
        Q(handled_at__isnull=False, rework_count__gt=0),
        Q(handled_at__isnull=False),
    ),
    "response_rate": (
        _("response rate (响应率)"),
        Q(decided_at__isnull=False, decided_at__lte=F("due_accept")),
        Q(),
    ),
    "resolution_rate": (
        _("resolution rate (解决率)"),
        Q(status__in=CLOSED, reopened=False),
        Q(status__in=CLOSED),
    ),
    "satisfaction_rate": (
        _("satisfaction rate (满意率)"),
        Q(stars__gte=4),
        Q(stars__isnull=False),
    ),
}


@dataclass(frozen=True)
class Figure:
    name: str
    label: str
    numerator: int
    denominator: int | None

    @property
    def value(self) -> Decimal | int | None:
        """The count, or the rate as a fraction rounded to 4 places (None: nothing to
        divide by)."""
        if self.denominator is None:
            return self.numerator
        if not self.denominator:
            return None
        return (Decimal(self.numerator) / Decimal(self.denominator)).quantize(Decimal("0.0001"))

    @property
    def percent(self) -> str:
        value = self.value
        if self.denominator is None:
            return str(value)
        return "—" if value is None else f"{value * 100:.1f}%"


def bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The aware times [begin, stop) of the local dates `start` to `end` (both included)."""
    begin = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    stop = timezone.make_aware(
        datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min)
    )
    return begin, stop


def in_range(cases: QuerySet, start: datetime.date, end: datetime.date) -> QuerySet:
    """The cases reported from `start` to `end` (local dates, both included)."""
    begin, stop = bounds(start, end)
    return cases.filter(reported_at__gte=begin, reported_at__lt=stop)


def figures(cases: QuerySet) -> dict[str, Figure]:
    """Every figure of DEFINITIONS over `cases`, in one query."""
    return _figures_of(cases.order_by().aggregate(**_aggregates()))


def for_grid_worker(user, start, end) -> dict[str, Figure]:
    return figures(in_range(Case.objects.filter(reporter=user), start, end))


def for_community(community, start, end) -> dict[str, Figure]:
    return figures(in_range(Case.objects.filter(community=community), start, end))


def for_unit(unit, start, end) -> dict[str, Figure]:
    return figures(in_range(Case.objects.filter(unit=unit), start, end))


def for_street(street, start, end) -> dict[str, Figure]:
    return figures(in_range(Case.objects.filter(street=street), start, end))


INDICATORS: dict = {
    "cases.grid_worker": for_grid_worker,
    "cases.community": for_community,
    "cases.unit": for_unit,
    "cases.street": for_street,
}


# --- per row: the figures screen, its API and its export (cases.reports) -------------------

# level → the Case field a row groups by.
LEVEL_FIELDS = {
    "grid_worker": "reporter",
    "community": "community",
    "unit": "unit",
    "street": "street",
}


def _aggregates() -> dict:
    aggregates = {}
    for name, (_label, numerator, denominator) in DEFINITIONS.items():
        aggregates[f"{name}__n"] = Count("pk", filter=numerator)
        if denominator is not None:
            aggregates[f"{name}__d"] = Count("pk", filter=denominator)
    return aggregates


def _figures_of(row: dict) -> dict[str, Figure]:
    return {
        name: Figure(name, str(label), row[f"{name}__n"], row.get(f"{name}__d"))
        for name, (label, _n, _d) in DEFINITIONS.items()
    }


def grouped(cases: QuerySet, level: str) -> dict[int, dict[str, Figure]]:
    """Every figure of DEFINITIONS per grid worker, community, handling unit or street of
    `cases` (one GROUP BY query); the key is the id of the row's subject. A grid worker's
    row counts the cases they reported as grid worker; a unit's the cases dispatched to it."""
    field = LEVEL_FIELDS[level]
    cases = cases.filter(**{f"{field}__isnull": False})
    if level == "grid_worker":
        cases = cases.filter(channel=Channel.GRID_WORKER)
    rows = cases.order_by().values(field).annotate(**_aggregates())
    return {row[field]: _figures_of(row) for row in rows}


def rank_key(figs: dict[str, Figure]) -> tuple:
    """The monthly ranking of handling units: by 按期结案率, then 结案率, then the number of
    cases (higher first); a unit without accepted cases (no rate) comes last."""

    def rate(name):
        value = figs[name].value
        return -1 if value is None else value

    return (-rate("closure_on_time_rate"), -rate("closure_rate"), -figs["reported"].numerator)
