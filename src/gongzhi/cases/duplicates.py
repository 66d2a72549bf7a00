"""Possible duplicates of a report (12345 合并): the cases of the same small class within a
distance (default 50 m) of the point and a time window (default 72 h) of the report.

`suggest_duplicates` is the one function the intake page, the desk, the case page and the
benchmark call. It is index-friendly: a box of latitude/longitude around the point (the
index `cases_case_dup_box` on category, lat, lng) with the window on `reported_at`, then the
exact haversine distance in Python on the few rows the box lets through. The box is one SQL
statement written out (`SUGGEST_SQL`), not built by the ORM each time: see its comment.

The distance and the window are settings for the whole installation
(`GONGZHI_DUPLICATE_METRES`, `GONGZHI_DUPLICATE_HOURS`): there is no per-street settings
model in cases yet."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import connection
from django.utils import timezone

from gongzhi.cases.choices import Status
from gongzhi.cases.models import Case

DEFAULT_METRES = 50
DEFAULT_HOURS = 72
EARTH_RADIUS_M = 6_371_008.8  # mean radius (IUGG)
METRES_PER_DEGREE_LAT = 111_320.0
MAX_SUGGESTIONS = 10
# A merged or not accepted case is no main case to merge into (cases.actions.flow.do_merge).
NOT_A_MAIN = (Status.MERGED, Status.NOT_ACCEPTED)
# The box on the index, written once as SQL: it runs as the reporter types (htmx), and the
# ORM's building and compiling of the same statement cost twice the query itself
# (bench/cases.py (a)). Same statement on SQLite and PostgreSQL; parameters adapted by the
# connection as the ORM would.
SUGGEST_SQL = """
SELECT * FROM cases_case
WHERE street_id = %s AND category_id = %s AND lat BETWEEN %s AND %s AND lng BETWEEN %s AND %s
  AND reported_at BETWEEN %s AND %s AND status NOT IN (%s, %s) AND id <> %s
"""


def window_metres() -> int:
    return int(getattr(settings, "GONGZHI_DUPLICATE_METRES", DEFAULT_METRES))


def window_hours() -> int:
    return int(getattr(settings, "GONGZHI_DUPLICATE_HOURS", DEFAULT_HOURS))


def haversine_m(lat1, lng1, lat2, lng2) -> float:
    """The great-circle distance in metres between two points in degrees."""
    p1, p2 = math.radians(float(lat1)), math.radians(float(lat2))
    dp = p2 - p1
    dl = math.radians(float(lng2) - float(lng1))
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def _box(lat: float, lng: float, metres: float) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """The lat/lng box holding every point within `metres` of (lat, lng), a little wider."""
    dlat = metres / METRES_PER_DEGREE_LAT * 1.01
    dlng = metres / (METRES_PER_DEGREE_LAT * max(math.cos(math.radians(lat)), 0.01)) * 1.01

    def d(x):
        return Decimal(f"{x:.6f}")

    return d(lat - dlat), d(lat + dlat), d(lng - dlng), d(lng + dlng)


@dataclass(frozen=True)
class Suggestion:
    case: Case
    distance_m: float


def suggest_duplicates(
    street,
    category,
    lat,
    lng,
    at: datetime.datetime | None = None,
    *,
    exclude=None,
    metres: int | None = None,
    hours: int | None = None,
    limit: int = MAX_SUGGESTIONS,
) -> list[Suggestion]:
    """The cases of `street` in the small class `category` reported within `hours` (default
    the setting) of `at` (default now) and within `metres` of (lat, lng), nearest first.
    `exclude`: a case (or its pk) left out — the report itself on its own page. Unscoped:
    the caller shows only what its user may see of them."""
    if street is None or category is None or lat is None or lng is None:
        return []
    try:
        lat, lng = float(lat), float(lng)
    except (TypeError, ValueError):
        return []
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        return []
    metres = window_metres() if metres is None else metres
    hours = window_hours() if hours is None else hours
    at = at or timezone.now()
    window = datetime.timedelta(hours=hours)
    lat_lo, lat_hi, lng_lo, lng_hi = _box(lat, lng, metres)
    ops = connection.ops
    params = [
        getattr(street, "pk", street),
        getattr(category, "pk", category),
        ops.adapt_decimalfield_value(lat_lo),
        ops.adapt_decimalfield_value(lat_hi),
        ops.adapt_decimalfield_value(lng_lo),
        ops.adapt_decimalfield_value(lng_hi),
        ops.adapt_datetimefield_value(at - window),
        ops.adapt_datetimefield_value(at + window),
        *NOT_A_MAIN,
        getattr(exclude, "pk", exclude) or 0,
    ]
    rows = Case.objects.raw(SUGGEST_SQL, params)
    found = []
    for case in rows:
        case.category = category  # the same small class for all: no join, no query
        distance = haversine_m(lat, lng, case.lat, case.lng)
        if distance <= metres:
            found.append(Suggestion(case, distance))
    found.sort(key=lambda s: (s.distance_m, s.case.reported_at))
    return found[:limit]
