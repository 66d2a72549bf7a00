"""Benchmark: volunteers, the hours ledger and the time bank on PostgreSQL — 100,000
volunteers and 5,000,000 ledger entries in one street of 10 communities.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres GONGZHI_BENCH_DB=bench_<you> \
        python bench/volunteers.py [--volunteers N] [--entries N] [--repeat N] [--keep]

The records are generated in SQL (`INSERT … SELECT … FROM generate_series`, not through the
actions: this measures reading): residents, volunteers with their `total_hours`, a year of
hours entries (4 hours at most, one a day per volunteer at most, so no rule is broken), a
time-bank account per volunteer with its balance. Then (issue 14, Speed):

(a) a volunteer's balance and star level — the volunteer row (`total_hours`), the star level
    from the StarLevel rows (`civil.actions.recognition.star_level`) and the time-bank
    account's balance, as the volunteer's page asks — p50/p99 (target p99 ≤ 10 ms);
(b) the dispatch proposal (`civil.dispatch.propose`) for an activity of one community —
    p50/p99 (target p99 ≤ 100 ms; bench/civil_dispatch.py measures it against its bare SQL);
(c) the street's monthly hours report (`civil.ledger_report.street_month`) against one bare
    SQL statement computing the same aggregate — `ratio_vs_sql=` (target ≤ 1.5).

The database it creates is dropped at the end unless `--keep`.
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import migrate, pct, run_then_drop, timed

COMMUNITIES, GRIDS = 10, 5


def _insert_select(model, n: int, values: dict) -> None:
    """INSERT n rows of `model` from generate_series (g = 1..n): `values` gives SQL for some
    columns; the others get their field's default, '' / 0 / false, or NULL."""
    from django.db import connection, models

    cols, exprs = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        col = field.column
        if col in values:
            expr = values[col]
        elif field.has_default() and not callable(field.default):
            default = field.get_default()
            expr = "NULL" if default is None else connection.ops.adapt_unknown_value(default)
            expr = f"'{expr}'" if isinstance(expr, str) else str(expr)
            if isinstance(default, bool):
                expr = "true" if default else "false"
        elif isinstance(field, models.DateTimeField):
            expr = "now()"
        elif field.null:
            expr = "NULL"
        elif isinstance(field, models.DateField):
            expr = "'1980-01-01'"
        elif isinstance(field, models.BooleanField):
            expr = "false"
        elif isinstance(field, models.JSONField):
            expr = "'[]'::jsonb"
        elif isinstance(field, (models.IntegerField, models.DecimalField, models.FloatField)):
            expr = "0"
        else:
            expr = "''"
        cols.append(f'"{col}"')
        exprs.append(expr)
    sql = (
        f'INSERT INTO "{model._meta.db_table}" ({", ".join(cols)}) '
        f"SELECT {', '.join(exprs)} FROM generate_series(1, {n}) g"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)


def build(volunteers: int, entries: int):
    from django.contrib.auth import get_user_model
    from django.db import connection

    from gongzhi.civil.models import Account, HoursEntry, TimeBankSettings, Volunteer
    from gongzhi.core import crypto
    from gongzhi.org.models import Community, Grid, Street
    from gongzhi.registry.models import Resident

    street = Street.objects.create(name="基准街道", division_code="320102099000")
    communities = [
        Community.objects.create(street=street, name=f"基准社区{c + 1}", code=f"{c + 1:03d}")
        for c in range(COMMUNITIES)
    ]
    grids = [
        Grid.objects.create(community=c, number=g + 1) for c in communities for g in range(GRIDS)
    ]
    TimeBankSettings.objects.create(street=street, enabled=True)
    user = get_user_model().objects.create_user(
        username="bench_coordinator", password="x-Unused-9!"
    )
    first_grid, first_comm = grids[0].pk, communities[0].pk
    # One synthetic ID number, encrypted once (a throw-away database: the same token on
    # every row is fine here).
    token = crypto.encrypt("110105198001010011")
    t = time.perf_counter()
    _insert_select(
        Resident,
        volunteers,
        {
            "community_id": f"{first_comm} + ((g - 1) % {COMMUNITIES})",
            "grid_id": f"{first_grid} + ((g - 1) % {COMMUNITIES}) * {GRIDS} + ((g - 1) / {COMMUNITIES}) % {GRIDS}",
            "name": "'志愿者' || g",
            "id_number": f"'{token}'",
            "id_number_index": "md5(g::text)",
            "status": "'active'",
        },
    )
    first_resident = Resident.objects.order_by("pk").values_list("pk", flat=True)[0]
    _insert_select(
        Volunteer,
        volunteers,
        {
            "resident_id": f"{first_resident} + g - 1",
            "community_id": f"{first_comm} + ((g - 1) % {COMMUNITIES})",
            "grid_id": f"{first_grid} + ((g - 1) % {COMMUNITIES}) * {GRIDS} + ((g - 1) / {COMMUNITIES}) % {GRIDS}",
            "consent_at": "now()",
            "consent_version": "'bench'",
            "active": "true",
            "availability": "'[]'::jsonb",
        },
    )
    first_volunteer = Volunteer.objects.order_by("pk").values_list("pk", flat=True)[0]
    print(f"{volunteers:,} residents and volunteers in {time.perf_counter() - t:.1f}s")
    t = time.perf_counter()
    # Entry g: volunteer (g mod V), on day (g / V) of the past year, from 09:00 for 1–4 hours.
    day = f"((g - 1) / {volunteers})"
    start = f"(date_trunc('day', now()) - ({day} + 1) * interval '1 day' + interval '1 hour')"
    _insert_select(
        HoursEntry,
        entries,
        {
            "volunteer_id": f"{first_volunteer} + (g - 1) % {volunteers}",
            "content": "'陪伴'",
            "place": "'社区'",
            "started_at": start,
            "ended_at": f"{start} + (1 + g % 4) * interval '1 hour'",
            "hours": "(1 + g % 4)::numeric",
            "recorded_by_id": str(user.pk),
            "confirmed_by_id": str(user.pk),
            "confirmed_at": "now()",
        },
    )
    with connection.cursor() as cursor:
        cursor.execute(
            'UPDATE "civil_volunteer" v SET total_hours = s.t FROM (SELECT volunteer_id, '
            'SUM(hours) t FROM "civil_hoursentry" GROUP BY volunteer_id) s '
            "WHERE s.volunteer_id = v.id"
        )
    print(f"{entries:,} ledger entries in {time.perf_counter() - t:.1f}s")
    _insert_select(
        Account,
        volunteers,
        {
            "street_id": str(street.pk),
            "kind": "'person'",
            "owner_id": f"{first_resident} + g - 1",
            "balance": "(g % 200)::numeric",
        },
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return street, first_volunteer


def run(args):
    from django.db import connection
    from django.utils import timezone

    from gongzhi.civil.actions.recognition import star_level
    from gongzhi.civil.ledger_report import month_bounds, street_month
    from gongzhi.civil.models import Account, Activity, Volunteer

    migrate()
    street, first = build(args.volunteers, args.entries)
    rng = random.Random(2026)

    # (a) balance and star level
    def standing():
        # the two figures need the volunteer's kept total and owner, not the resident's
        # encrypted fields (decrypting them is what a page showing ID numbers pays)
        volunteer = Volunteer.objects.only("total_hours", "resident_id").get(
            pk=first + rng.randrange(args.volunteers)
        )
        star_level(volunteer)
        Account.objects.filter(owner_id=volunteer.resident_id, kind="person").values_list(
            "balance", flat=True
        ).first()

    timed(standing, 20)
    times = timed(standing, args.repeat)
    print(
        f"(a) balance and star level: p50={pct(times, 50):.2f}ms p99={pct(times, 99):.2f}ms "
        "(target p99 <= 10 ms)"
    )

    # (b) the dispatch proposal
    from django.contrib.auth import get_user_model

    from gongzhi.civil.dispatch import propose

    now = timezone.now()
    activity = Activity.objects.create(
        street=street,
        community=street.communities.order_by("pk").first(),
        title="基准活动",
        place="社区",
        starts_at=now + timezone.timedelta(days=2),
        ends_at=now + timezone.timedelta(days=2, hours=3),
        status="published",
        coordinator=get_user_model().objects.get(username="bench_coordinator"),
    )
    timed(lambda: propose(activity), 5)
    times = timed(lambda: propose(activity), max(20, args.repeat // 10))
    print(
        f"(b) dispatch proposal: p50={pct(times, 50):.1f}ms p99={pct(times, 99):.1f}ms "
        "(target p99 <= 100 ms)"
    )

    # (c) the street's monthly hours report vs one bare SQL aggregate
    today = timezone.localdate()
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    start, end = month_bounds(year, month)
    sql = (
        "SELECT v.community_id, SUM(h.hours), COUNT(h.id), COUNT(DISTINCT h.volunteer_id) "
        "FROM civil_hoursentry h JOIN civil_volunteer v ON v.id = h.volunteer_id "
        "JOIN org_community c ON c.id = v.community_id "
        "WHERE c.street_id = %s AND h.started_at >= %s AND h.started_at < %s "
        "GROUP BY v.community_id ORDER BY v.community_id"
    )

    def bare():
        with connection.cursor() as cursor:
            cursor.execute(sql, [street.pk, start, end])
            return cursor.fetchall()

    rows = street_month(street, year, month)
    assert len(rows) == len(bare()) and rows, "the report and the bare SQL disagree"
    bare()
    repeat = max(3, args.repeat // 100)
    report_ms = statistics.median(timed(lambda: street_month(street, year, month), repeat))
    sql_ms = statistics.median(timed(bare, repeat))
    print(
        f"(c) monthly hours report {year}-{month:02d}: {report_ms:.1f}ms, bare SQL "
        f"{sql_ms:.1f}ms, ratio_vs_sql={report_ms / sql_ms:.2f} (target <= 1.5)"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--volunteers", type=int, default=100_000)
    parser.add_argument("--entries", type=int, default=5_000_000)
    parser.add_argument("--repeat", type=int, default=1000, help="runs of (a)")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()
    run_then_drop(run, args)


if __name__ == "__main__":
    main()
