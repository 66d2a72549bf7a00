"""Benchmark: grid incidents (cases) on PostgreSQL — 1,000,000 cases over 10 streets.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres GONGZHI_BENCH_DB=bench_<you> \
        python bench/cases.py [--cases N] [--repeat N] [--keep]

The cases are generated with a fixed seed and COPYed into `cases_case` (not through the
actions: this measures reading, not writing): 10 streets × 4 communities × 5 grids, one grid
worker per grid, a year of reports, a realistic class and state mix. Then (issue 13, Speed):

(a) the duplicate suggestion at intake — the same class, the bounding box lat±d, lng±d, the
    72 hours before the report (`suggest`, written through the ORM exactly as the app asks;
    `gongzhi.cases.duplicates.suggest_duplicates` is called instead when it exists) — p50/p99
    against the bare SQL statement of the same box on the same index (category, reported_at);
    target p99 ≤ 20 ms and ≤ 2× the bare query;
(b) the assessment figures (`cases.indicators.figures`) for one street for a month and for
    the whole district for a year, against one bare SQL statement computing the same
    aggregates — `ratio_vs_sql=` (target ≤ 1.5);
(c) a grid worker's open-cases list (`Case.objects.visible_to(worker, "view").open()`, the
    first page of 30 and its count, as the list screen asks) — p99 (target ≤ 50 ms).

The database it creates is dropped at the end unless `--keep`.
"""

import argparse
import datetime
import io
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import migrate, pct, run_then_drop, timed

STREETS, COMMUNITIES, GRIDS = 10, 4, 5
BOX = 0.002  # ± degrees of the duplicate suggestion's box (about 200 m)
WINDOW_HOURS = 72


def build_places():
    from django.contrib.auth import get_user_model

    from gongzhi.cases import demo
    from gongzhi.org.models import Community, Grid, Street
    from gongzhi.org.roles import Role
    from gongzhi.org.services import assign_role

    User = get_user_model()
    streets, grids, workers = [], [], {}
    for s in range(STREETS):
        street = Street.objects.create(
            name=f"基准街道{s + 1}", division_code=f"3201020{s + 10:02d}000"
        )
        base_lat, base_lng = 32.0 + s * 0.05, 118.7 + s * 0.05
        for c in range(COMMUNITIES):
            community = Community.objects.create(
                street=street,
                name=f"社区{s + 1}-{c + 1}",
                code=f"{c + 1:03d}",
                structure="party_committee",
            )
            for g in range(GRIDS):
                lat0 = base_lat + c * 0.01
                lng0 = base_lng + g * 0.008
                grid = Grid.objects.create(
                    community=community,
                    number=g + 1,
                    boundary={
                        "type": "Polygon",
                        "coordinates": [
                            [
                                [lng0, lat0],
                                [lng0 + 0.008, lat0],
                                [lng0 + 0.008, lat0 + 0.01],
                                [lng0, lat0 + 0.01],
                                [lng0, lat0],
                            ]
                        ],
                    },
                )
                user = User.objects.create(username=f"gw{s}_{c}_{g}")
                assign_role(user, Role.GRID_WORKER, grid)
                workers[grid.pk] = user
                grids.append((street, community, grid, lat0, lng0))
        streets.append(street)
    units = {}
    for street in streets:
        units[street.pk] = demo._units(street)
    small = demo._tree(streets[0], units[streets[0].pk])
    return streets, grids, workers, units, small


# The columns the COPY fills: every NOT NULL column of cases_case (the ORM's defaults are not
# the database's; tests/bench/test_bench_cases.py keeps this list whole as the model grows).
COPY_COLUMNS = (
    "created_at updated_at number channel hotline_ticket category_id description urgency "
    "lat lng address street_id community_id grid_id reporter_id reporter_name "
    "reporter_phone status unit_id reported_at accepted_at decided_at dispatched_at "
    "handled_at closed_at due_accept dispatched_on_time handled_on_time closed_on_time "
    "rework_count reopened extension_requested status_note stars rating_comment "
    "client remind_count supervise_count"
).split()


def copy_cases(n, streets, grids, units, small, rng):
    """COPY n cases: reported over the last 365 days, the class mix and the states of a
    street's year (most closed or rated, some open, some overdue)."""
    from django.db import connection
    from django.utils import timezone

    now = timezone.now()
    weights = [1 + 30 * (i % 7 == 0) + 10 * (i % 5 == 0) for i in range(len(small))]
    columns = COPY_COLUMNS
    statuses = ["rated"] * 40 + ["closed"] * 30 + ["merged"] * 3 + ["not_accepted"] * 3
    statuses += ["reported"] * 3 + ["accepted"] * 2 + ["dispatched"] * 5 + ["handling"] * 6
    statuses += ["handled"] * 4 + ["on_hold"] * 2 + ["returned"] * 2
    from gongzhi.cases.models import Case

    worker_ids = dict(
        Case._meta.apps.get_model("org", "RoleAssignment")
        .objects.filter(role="grid_worker")
        .values_list("grid_id", "user_id")
    )

    def iso(t):
        return "\\N" if t is None else t.isoformat()

    def b(v):
        return "\\N" if v is None else ("t" if v else "f")

    def rows():
        for i in range(n):
            street, community, grid, lat0, lng0 = grids[rng.randrange(len(grids))]
            cat = rng.choices(small, weights=weights)[0]
            reported = now - datetime.timedelta(seconds=rng.randrange(365 * 86400))
            status = rng.choice(statuses)
            lat, lng = lat0 + rng.random() * 0.01, lng0 + rng.random() * 0.008
            accepted = decided = dispatched = handled = closed = None
            d_on = h_on = c_on = None
            stars = None
            unit = None
            due_accept = reported + datetime.timedelta(hours=4)
            if status not in ("reported",):
                decided = reported + datetime.timedelta(minutes=rng.randint(5, 400))
            if status not in ("reported", "merged", "not_accepted"):
                accepted = decided
            if status in ("dispatched", "handling", "handled", "closed", "rated", "on_hold"):
                dispatched = accepted + datetime.timedelta(minutes=rng.randint(5, 600))
                d_on = rng.random() < 0.9
                unit = units[street.pk][f"community:{community.pk}"].pk
            if status in ("handled", "closed", "rated"):
                handled = dispatched + datetime.timedelta(hours=rng.randint(1, 96))
                h_on = rng.random() < 0.85
            if status in ("closed", "rated"):
                closed = handled + datetime.timedelta(hours=rng.randint(1, 24))
                c_on = h_on and rng.random() < 0.95
            if status == "rated":
                stars = rng.choices([5, 4, 3, 2, 1], weights=[6, 3, 1, 0.5, 0.3])[0]
            rework = 1 if handled and rng.random() < 0.05 else 0
            yield (
                "\t".join(
                    (
                        reported.isoformat(),
                        reported.isoformat(),
                        f"B{i:014d}",
                        "grid_worker",
                        "",
                        str(cat.pk),
                        f"{cat.name}，请处理",
                        "normal",
                        f"{lat:.6f}",
                        f"{lng:.6f}",
                        "",
                        str(street.pk),
                        str(community.pk),
                        str(grid.pk),
                        str(worker_ids[grid.pk]),
                        "",
                        "",
                        status,
                        "\\N" if unit is None else str(unit),
                        reported.isoformat(),
                        iso(accepted),
                        iso(decided),
                        iso(dispatched),
                        iso(handled),
                        iso(closed),
                        due_accept.isoformat(),
                        b(d_on),
                        b(h_on),
                        b(c_on),
                        str(rework),
                        b(stars is not None and rng.random() < 0.03),
                        "0",
                        "",
                        "\\N" if stars is None else str(stars),
                        "",
                        "",
                        "0",
                        "0",
                    )
                )
                + "\n"
            )

    sql = f"COPY cases_case ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor:
        with cursor.copy(sql) as copy:
            buf = io.StringIO()
            for k, line in enumerate(rows()):
                buf.write(line)
                if k % 20000 == 19999:
                    copy.write(buf.getvalue())
                    buf = io.StringIO()
            copy.write(buf.getvalue())
        # What autovacuum does after a load: statistics and the visibility map (so counts
        # over an index need not visit the table).
        cursor.execute("VACUUM ANALYZE cases_case")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=300, help="runs of (a) and (c)")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()
    run_then_drop(run, args)


def suggest(street, category, lat, lng, at):
    """The duplicate suggestion as the app asks it (the ORM, one query)."""
    from decimal import Decimal

    from gongzhi.cases.models import Case

    d = Decimal(str(BOX))
    lat, lng = Decimal(str(lat)), Decimal(str(lng))
    return list(
        Case.objects.filter(
            street=street,
            category=category,
            lat__range=(lat - d, lat + d),
            lng__range=(lng - d, lng + d),
            reported_at__range=(at - datetime.timedelta(hours=WINDOW_HOURS), at),
        )
        .exclude(status__in=("merged", "not_accepted"))
        .order_by("-reported_at")
        .values("pk", "number", "status", "reported_at")[:5]
    )


BARE_SUGGEST = """
SELECT id, number, status, reported_at FROM cases_case
WHERE street_id = %s AND category_id = %s AND lat BETWEEN %s AND %s AND lng BETWEEN %s AND %s
  AND reported_at BETWEEN %s AND %s AND status NOT IN ('merged', 'not_accepted')
ORDER BY reported_at DESC LIMIT 5
"""

BARE_FIGURES = """
SELECT count(*),
  count(*) FILTER (WHERE accepted_at IS NOT NULL), count(*) FILTER (WHERE status <> 'merged'),
  count(*) FILTER (WHERE dispatched_on_time), count(*) FILTER (WHERE dispatched_on_time IS NOT NULL),
  count(*) FILTER (WHERE handled_on_time), count(*) FILTER (WHERE handled_on_time IS NOT NULL),
  count(*) FILTER (WHERE status IN ('closed', 'rated')), count(*) FILTER (WHERE accepted_at IS NOT NULL),
  count(*) FILTER (WHERE status IN ('closed', 'rated') AND closed_on_time),
  count(*) FILTER (WHERE accepted_at IS NOT NULL),
  count(*) FILTER (WHERE handled_at IS NOT NULL AND rework_count > 0),
  count(*) FILTER (WHERE handled_at IS NOT NULL),
  count(*) FILTER (WHERE decided_at IS NOT NULL AND decided_at <= due_accept), count(*),
  count(*) FILTER (WHERE status IN ('closed', 'rated') AND NOT reopened),
  count(*) FILTER (WHERE status IN ('closed', 'rated')),
  count(*) FILTER (WHERE stars >= 4), count(*) FILTER (WHERE stars IS NOT NULL)
FROM cases_case WHERE reported_at >= %s AND reported_at < %s {street}
"""


def run(args):
    migrate()
    from django.db import connection
    from django.utils import timezone

    try:
        from gongzhi.cases.duplicates import suggest_duplicates
    except ImportError:  # not yet on this branch: the same query, written here
        suggest_duplicates = None
    from gongzhi.cases import indicators
    from gongzhi.cases.models import Case
    from gongzhi.core.context import acting_as

    rng = random.Random(13)
    t = time.perf_counter()
    streets, grids, workers, units, small = build_places()
    copy_cases(args.cases, streets, grids, units, small, rng)
    print(
        f"setup: {args.cases:,} cases over {len(streets)} streets, {len(grids)} grids "
        f"(COPY) in {time.perf_counter() - t:.1f}s"
    )
    now = timezone.now()

    # (a) the duplicate suggestion
    probes = []
    for _ in range(args.repeat):
        street, community, grid, lat0, lng0 = grids[rng.randrange(len(grids))]
        probes.append(
            (
                street,
                rng.choice(small),
                round(lat0 + rng.random() * 0.01, 6),
                round(lng0 + rng.random() * 0.008, 6),
                now - datetime.timedelta(seconds=rng.randrange(365 * 86400)),
            )
        )
    app_fn = (
        (lambda s, c, la, ln, at: suggest_duplicates(s, c, la, ln, at=at))
        if suggest_duplicates
        else suggest
    )
    for p in probes[:20]:  # warm both
        app_fn(*p)
    app_ms, bare_ms, found = [], [], 0
    with connection.cursor() as cursor:
        for street, cat, lat, lng, at in probes:
            t = time.perf_counter()
            rows = app_fn(street, cat, lat, lng, at)
            app_ms.append((time.perf_counter() - t) * 1000)
            found += bool(rows)
            t = time.perf_counter()
            cursor.execute(
                BARE_SUGGEST,
                [
                    street.pk,
                    cat.pk,
                    lat - BOX,
                    lat + BOX,
                    lng - BOX,
                    lng + BOX,
                    at - datetime.timedelta(hours=WINDOW_HOURS),
                    at,
                ],
            )
            cursor.fetchall()
            bare_ms.append((time.perf_counter() - t) * 1000)
    which = "cases.duplicates.suggest_duplicates" if suggest_duplicates else "bench suggest()"
    a99, b99 = pct(app_ms, 99), pct(bare_ms, 99)
    print(
        f"(a) duplicate suggestion ({which}), {len(probes)} probes, {found} with a match: "
        f"p50={pct(app_ms, 50):.2f}ms p99={a99:.2f}ms; bare SQL p50={pct(bare_ms, 50):.2f}ms "
        f"p99={b99:.2f}ms; p99_vs_sql={a99 / b99:.2f} (target p99 <= 20 ms and <= 2x)"
    )

    # (b) the figures
    today = timezone.localdate()
    month_start = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    month_end = today.replace(day=1) - datetime.timedelta(days=1)
    year_start = today - datetime.timedelta(days=364)

    def bench_figures(label, start, end, street=None):
        base = Case.objects.all() if street is None else Case.objects.filter(street=street)

        def app():
            return indicators.figures(indicators.in_range(base, start, end))

        lo, hi = indicators.bounds(start, end)
        sql = BARE_FIGURES.format(street="" if street is None else "AND street_id = %s")
        params = [lo, hi] + ([] if street is None else [street.pk])

        def bare():
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchone()

        reps = 5 if street is None else 20
        app(), bare()
        got, row = app(), bare()
        assert got["reported"].numerator == row[0], (got["reported"], row[0])
        assert got["satisfaction_rate"].denominator == row[-1]
        a = statistics.median(timed(app, reps))
        s = statistics.median(timed(bare, reps))
        print(
            f"(b) figures, {label}: {got['reported'].numerator:,} cases; indicators "
            f"{a:.1f}ms, bare SQL {s:.1f}ms, ratio_vs_sql={a / s:.2f} (target <= 1.5)"
        )

    bench_figures("one street, one month", month_start, month_end, streets[0])
    bench_figures("district, one year", year_start, today)

    # (c) a grid worker's open-cases list
    user_list = list(workers.values())

    def open_list(user):
        qs = (
            Case.objects.visible_to(user, "view")
            .open()
            .select_related("category", "community", "unit")
            .order_by("-reported_at", "-id")
        )
        rows = list(qs[:30])
        return qs.count(), rows

    with acting_as(None, source="bench"):
        for u in user_list[:10]:
            open_list(u)
        list_ms = []
        for i in range(args.repeat):
            u = user_list[i % len(user_list)]
            t = time.perf_counter()
            open_list(u)
            list_ms.append((time.perf_counter() - t) * 1000)
    count, _rows = open_list(user_list[0])
    print(
        f"(c) grid worker's open cases (~{count} open in a grid), first page of 30 + count: "
        f"p50={pct(list_ms, 50):.2f}ms p99={pct(list_ms, 99):.2f}ms (target p99 <= 50 ms)"
    )


if __name__ == "__main__":
    main()
