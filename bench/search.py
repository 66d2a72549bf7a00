"""Benchmark: p50 and p99 of each kind of registry search on N residents (PostgreSQL).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/search.py --rows 1000000

Uses the database `gongzhi_bench` left by bench/import_residents.py when it already holds
N residents; otherwise (re)creates it and imports N generated residents through the real
import path first. Then calls `gongzhi.registry.search.search(user, q, limit=20)` as a
street admin (whole street in scope) and as a grid worker (one grid), with queries drawn
from the data: name, pinyin, initials, last 4 of the ID number, full ID number, phone and
address. Last line: `p99_max_ms=<worst p99 over the kinds>`.
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _setup


def ensure_data(rows: int, seed: int):
    import psycopg

    url = _setup.database_url(_setup.BENCH_DB)
    have = 0
    try:
        with psycopg.connect(url) as conn:
            have = conn.execute("SELECT count(*) FROM registry_resident").fetchone()[0]
    except psycopg.Error:
        have = 0
    if have < rows:
        url = _setup.create_database()
    _setup.setup_django(url)
    _setup.migrate()
    from gongzhi.org.models import Community

    if have >= rows:
        return Community.objects.get(street__division_code="320102001000", code="001")
    import import_residents as ir

    households = max(rows * 2 // 5, 1)
    community = _setup.make_community(households)
    path = _setup.OUT / f"residents-{rows}.csv"
    if not path.exists():
        ir.generate(path, rows, households, seed)
    ir.real_import(path, community, rows)
    return community


def percentile(values, p):
    values = sorted(values)
    k = max(0, min(len(values) - 1, int(round(p / 100 * (len(values) - 1)))))
    return values[k]


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200, help="queries per kind")
    parser.add_argument("--seed", type=int, default=20240105)
    args = parser.parse_args()

    community = ensure_data(args.rows, args.seed)
    from django.db import connection

    from gongzhi.core.models import User
    from gongzhi.org import services
    from gongzhi.org.models import Grid
    from gongzhi.org.roles import Role
    from gongzhi.registry.models import Household, Resident
    from gongzhi.registry.search import search

    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    admin, created = User.objects.get_or_create(username="bench_admin")
    if created:
        services.assign_role(admin, Role.STREET_ADMIN, community.street)
    grid = Grid.objects.filter(community=community).order_by("number").first()
    worker, created = User.objects.get_or_create(username="bench_grid")
    if created:
        services.assign_role(worker, Role.GRID_WORKER, grid)

    rnd = random.Random(args.seed)
    max_id = Resident.objects.order_by("-pk").values_list("pk", flat=True).first()
    sample = []
    while len(sample) < args.queries:
        r = (
            Resident.objects.filter(pk__gte=rnd.randint(1, max_id))
            .select_related("household")
            .order_by("pk")
            .first()
        )
        if r is not None:
            sample.append(r)
    grid_sample = list(Resident.objects.filter(grid=grid).order_by("?")[: args.queries])
    addresses = list(
        Household.objects.filter(community=community)
        .order_by("?")
        .values_list("address", flat=True)[: args.queries]
    )
    queries = {
        "name": lambda r: r.name,
        "pinyin": lambda r: r.name_pinyin,
        "initials": lambda r: r.name_initials,
        "last4": lambda r: r.id_last4,
        "full_id": lambda r: r.id_number,
        "phone": lambda r: r.phone,
    }
    print(f"{Resident.objects.count():,} residents; {args.queries} queries per kind; limit=20")
    worst = 0.0
    for who, user, people in (
        ("street admin", admin, sample),
        ("grid worker", worker, grid_sample or sample),
    ):
        user = User.objects.get(pk=user.pk)
        print(f"-- as {who}")
        kinds = dict(queries)
        kinds["address"] = None
        for kind, make in kinds.items():
            qs = [make(r) for r in people] if make else [a[: max(4, len(a) - 2)] for a in addresses]
            search(user, qs[0], limit=20)  # warm
            times, hits = [], 0
            for q in qs:
                t = time.perf_counter()
                results = search(user, q, limit=20)
                times.append((time.perf_counter() - t) * 1000)
                hits += bool(results)
            p50, p99 = statistics.median(times), percentile(times, 99)
            worst = max(worst, p99)
            print(f"{kind:9s} p50={p50:7.2f} ms  p99={p99:7.2f} ms  found {hits}/{len(qs)}")
    print(f"p99_max_ms={worst:.2f}")


if __name__ == "__main__":
    main()
