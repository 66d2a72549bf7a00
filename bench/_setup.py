"""Shared by the benchmarks: a PostgreSQL database of their own, Django set up on it, and a
community with buildings and households to import residents into; timing helpers."""

import os
import shutil
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
BENCH_DB = os.environ.get("GONGZHI_BENCH_DB", "gongzhi_bench")


def database_url(name: str) -> str:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    parts = urlsplit(base)
    if parts.scheme not in ("postgres", "postgresql"):
        sys.exit("The benchmarks need PostgreSQL: set DATABASE_URL=postgres://user@host:5432/db")
    return urlunsplit(parts._replace(path="/" + name))


def create_database(recreate: bool = True) -> str:
    """(Re)create the bench database with psycopg; return its URL."""
    import psycopg

    admin_url = os.environ.get("DATABASE_URL") or database_url("postgres")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone()
        if exists and recreate:
            conn.execute(f'DROP DATABASE "{BENCH_DB}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    return database_url(BENCH_DB)


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongzhi.settings")
    # Development keys are fine for a throw-away database; DEBUG stays off (no query log).
    os.environ.setdefault("GONGZHI_TESTING", "1")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault(
        "GONGZHI_TASK_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
    )
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def make_community(households: int, buildings: int = 1000, grids: int = 20):
    """One street, one community, `grids` grids, `buildings` buildings and `households`
    households numbered H0000001…, spread over the buildings."""
    from gongzhi.org.models import Community, Grid, Street
    from gongzhi.registry.models import Building, Household

    street, _ = Street.objects.get_or_create(
        division_code="320102001000", defaults={"name": "基准街道"}
    )
    community, created = Community.objects.get_or_create(
        street=street, code="001", defaults={"name": "基准社区", "structure": "party_committee"}
    )
    if not created:
        return community
    grid_objs = Grid.objects.bulk_create(
        [Grid(community=community, number=i + 1) for i in range(grids)]
    )
    b_objs = Building.objects.bulk_create(
        [
            Building(
                community=community,
                grid=grid_objs[i % grids],
                name=f"{i + 1}号楼",
                address=f"基准路{i + 1}号",
            )
            for i in range(buildings)
        ],
        batch_size=2000,
    )
    Household.objects.bulk_create(
        (
            Household(
                community=community,
                grid_id=b_objs[i % buildings].grid_id,
                building=b_objs[i % buildings],
                number=f"H{i + 1:07d}",
                address=b_objs[i % buildings].address,
            )
            for i in range(households)
        ),
        batch_size=5000,
    )
    return community


@contextmanager
def background(command: list[str], **popen):
    """Run a server for a benchmark and stop it, with everything it forked, however the
    benchmark ends: normally, by an exception, or by Ctrl-C / SIGTERM (turned into an
    exception so this `finally` runs)."""

    def stop_on_signal(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, stop_on_signal)
    process = subprocess.Popen(command, start_new_session=True, **popen)
    try:
        yield process
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        signal.signal(signal.SIGTERM, previous)


def require_tool(name: str) -> None:
    """Stop before starting anything when a Debian tool is missing (make bench-deps)."""
    if shutil.which(name) is None:
        sys.exit(f"{name} is not installed: run `make bench-deps` (or apt-get install {name})")


def pct(values, q):
    """The q-th percentile of `values` (nearest rank)."""
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


def timed(fn, repeat):
    """Run `fn` `repeat` times; each run's time in milliseconds."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return times


def drop_database():
    """Drop the benchmark's database (BENCH_DB)."""
    import psycopg

    with psycopg.connect(database_url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')


def run_then_drop(run, args) -> None:
    """Set Django up on a fresh benchmark database, `run(args)`, then drop the database
    unless `args.keep` (however `run` ends)."""
    setup_django(create_database())
    try:
        run(args)
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            drop_database()
            print(f"database {BENCH_DB} dropped")
