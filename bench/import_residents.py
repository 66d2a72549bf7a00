"""Benchmark: import N residents through the real import path vs a raw PostgreSQL COPY.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        python bench/import_residents.py --rows 1000000

1. (Re)creates the database `gongzhi_bench`, migrates it, and creates one community with
   buildings and households.
2. Writes bench/out/residents-<N>.csv: N valid residents (real check digits, fixed seed).
3. Loads that file with raw `COPY … FROM STDIN (FORMAT csv)` into a bare table (all text
   columns, no index, no check) and times it.
4. Imports the same file with `registry.imports.run_import` — the path the web, API and
   CLI use: every cell checked, ID numbers validated, duplicates looked up by blind index,
   pinyin derived, ID and phone encrypted, rows COPYed into the real table with all its
   indexes, one audit entry — and times it.
5. Imports 20,000 other residents with django-import-export (a ModelResource setting the
   same fields) and compares rows per second.
6. Diagnostic "floor" (skip with --no-floor): COPYs the rows the import wrote, already
   final, into a bare copy of the residents table and into one with its indexes: what the
   server alone costs, apart from the Python work.
Prints the timings (and the CPU time of this process during the import), the peak memory
of this process, and last `ratio_vs_copy=<x>`. Set GONGZHI_BENCH_DB to use another
database name than gongzhi_bench.
"""

import argparse
import csv
import datetime
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _setup

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤欧阳"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉斌宇浩凯健俊帆帅旭宁龙林欣然梓涵子轩一诺浩然雨泽思远佳怡文博晨曦建国建华志强春梅海燕小红"
AREAS = [
    "320102",
    "320104",
    "320105",
    "320106",
    "320111",
    "320113",
    "320114",
    "320115",
    "110105",
    "310104",
    "340104",
    "150204",
    "420106",
    "510107",
    "330106",
    "440106",
]
DAYS = 30000  # birth dates 1935-01-01 + 0..30000 days


def id_for(i: int) -> str:
    """The i-th of a sequence of distinct, valid ID numbers (a bijection scrambles order)."""
    from stdnum.cn import ric

    space = len(AREAS) * DAYS * 1000
    j = (i * 7_368_787) % space  # 7368787 is prime, coprime with the space: a permutation
    seq, rest = j % 1000, j // 1000
    day, area = rest % DAYS, rest // DAYS
    birth = datetime.date(1935, 1, 1) + datetime.timedelta(days=day)
    base = f"{AREAS[area]}{birth:%Y%m%d}{seq:03d}"
    return base + ric.calc_check_digit(base + "0")


def generate(path: Path, rows: int, households: int, seed: int, offset: int = 0) -> None:
    """`rows` residents whose ID numbers are the `offset`-th onwards of the sequence."""
    from gongzhi.org.models import Ethnicity
    from gongzhi.registry import choices
    from gongzhi.registry.imports.columns import zh

    rnd = random.Random(seed)
    ethnic = [zh(Ethnicity.HAN.label)] * 20 + [zh(Ethnicity.HUI.label), zh(Ethnicity.MANCHU.label)]
    political = [zh(label) for _c, label in choices.PoliticalStatus.choices]
    education = [zh(label) for _c, label in choices.Education.choices]
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["姓名", "身份证号", "联系电话", "户号", "民族", "政治面貌", "文化程度"])
        for i in range(rows):
            name = rnd.choice(SURNAMES) + "".join(
                rnd.choice(GIVEN) for _ in range(rnd.choice((1, 2, 2)))
            )
            phone = f"1{rnd.choice('3589')}{rnd.randrange(10**9):09d}"
            w.writerow(
                [
                    name,
                    id_for(i + offset),
                    phone,
                    f"H{i % households + 1:07d}",
                    rnd.choice(ethnic),
                    rnd.choice(political),
                    rnd.choice(education),
                ]
            )


def raw_copy(path: Path) -> float:
    """Seconds to COPY the file into a bare table (text columns, no index)."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS bench_raw_residents")
        cur.execute(
            "CREATE UNLOGGED TABLE bench_raw_residents (name text, id_number text, phone text, household text,"
            " ethnicity text, political_status text, education text)"
        )
    connection.commit() if not connection.get_autocommit() else None
    start = time.perf_counter()
    with connection.connection.cursor() as cur:
        with (
            cur.copy("COPY bench_raw_residents FROM STDIN WITH (FORMAT csv, HEADER true)") as copy,
            open(path, "rb") as fh,
        ):
            while block := fh.read(1 << 20):
                copy.write(block)
    elapsed = time.perf_counter() - start
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM bench_raw_residents")
        count = cur.fetchone()[0]
        cur.execute("DROP TABLE bench_raw_residents")
    print(f"raw COPY: {count:,} rows in {elapsed:.2f} s ({count / elapsed:,.0f} rows/s)")
    return elapsed


def real_import(path: Path, community, rows: int) -> float:
    from gongzhi.core.context import acting_as
    from gongzhi.registry.imports import run_import
    from gongzhi.registry.models import Resident

    last = [-1]

    def progress(done, total):
        step = 10 * done // max(total, 1)
        if step != last[0]:
            last[0] = step
            print(f"  … {done:,} rows ({time.perf_counter() - start:.1f} s)", flush=True)

    start = time.perf_counter()
    cpu = time.process_time()
    with acting_as(None, source="bench"):
        result = run_import("residents", str(path), community=community, progress=progress)
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu
    if not result.committed or result.imported != rows:
        sys.exit(f"import failed: {result.rejected} rejected, first errors {result.errors[:5]}")
    assert Resident.objects.filter(community=community).count() >= rows
    print(
        f"gongzhi import: {result.imported:,} rows in {elapsed:.2f} s ({result.imported / elapsed:,.0f} rows/s)"
    )
    print(
        f"  of which CPU of this (Python) process: {cpu:.2f} s ({cpu / rows * 1e6:.1f} µs a row);"
        " the rest is waiting for PostgreSQL"
    )
    return elapsed


def table_floor(rows: int) -> None:
    """Where the rest goes: COPY the rows the import wrote (already checked, derived and
    encrypted: no Python work left) into a bare copy of the residents table, then into a
    copy with the residents table's indexes. The difference is index maintenance, which
    any import into the real table pays."""
    import tempfile

    from django.db import connection

    dump = tempfile.TemporaryFile()
    with connection.connection.cursor() as cur:
        with cur.copy("COPY registry_resident TO STDOUT") as copy:
            for block in copy:
                dump.write(block)
    for label, like in (
        ("no index", "LIKE registry_resident"),
        ("the residents table's indexes", "LIKE registry_resident INCLUDING INDEXES"),
    ):
        with connection.cursor() as cur:
            cur.execute("DROP TABLE IF EXISTS bench_floor")
            cur.execute(f"CREATE TABLE bench_floor ({like})")
            cur.execute("SELECT count(*) FROM pg_indexes WHERE tablename = 'bench_floor'")
            indexes = cur.fetchone()[0]
        dump.seek(0)
        start = time.perf_counter()
        with connection.connection.cursor() as cur:
            with cur.copy("COPY bench_floor FROM STDIN") as copy:
                while block := dump.read(1 << 20):
                    copy.write(block)
        elapsed = time.perf_counter() - start
        print(
            f"floor: the imported rows COPYed into a table like registry_resident with {label}"
            f" ({indexes} indexes): {elapsed:.2f} s ({elapsed / rows * 1e6:.1f} µs a row)"
        )
    with connection.cursor() as cur:
        cur.execute("DROP TABLE bench_floor")
    dump.close()


def django_import_export(path: Path, community, rows: int) -> float:
    """Seconds for django-import-export to import the file (same fields, same derivations)."""
    import tablib
    from import_export import fields, resources, widgets

    from gongzhi.org.models import Ethnicity
    from gongzhi.registry import choices, derive
    from gongzhi.registry.imports.columns import enum_lookup, normalize_header
    from gongzhi.registry.models import Household, Resident

    class ChoiceWidget(widgets.Widget):
        def __init__(self, choices_cls):
            super().__init__()
            self.choices_cls = choices_cls

        def clean(self, value, row=None, **kwargs):
            return enum_lookup(self.choices_cls).get(normalize_header(value), "") if value else ""

    class ResidentResource(resources.ModelResource):
        name = fields.Field(attribute="name", column_name="姓名")
        id_number = fields.Field(attribute="id_number", column_name="身份证号")
        phone = fields.Field(attribute="phone", column_name="联系电话")
        household = fields.Field(
            attribute="household",
            column_name="户号",
            widget=widgets.ForeignKeyWidget(Household, "number"),
        )
        ethnicity = fields.Field(
            attribute="ethnicity", column_name="民族", widget=ChoiceWidget(Ethnicity)
        )
        political_status = fields.Field(
            attribute="political_status",
            column_name="政治面貌",
            widget=ChoiceWidget(choices.PoliticalStatus),
        )
        education = fields.Field(
            attribute="education", column_name="文化程度", widget=ChoiceWidget(choices.Education)
        )

        class Meta:
            model = Resident
            fields = (
                "name",
                "id_number",
                "phone",
                "household",
                "ethnicity",
                "political_status",
                "education",
            )
            import_id_fields = ()
            skip_unchanged = False
            use_transactions = True

        def get_instance(self, instance_loader, row):
            return None  # always new rows

        def before_save_instance(self, instance, row, **kwargs):
            instance.community = community
            instance.grid_id = instance.household.grid_id if instance.household_id else None
            derive.apply_to_resident(instance)  # validates the ID number, derives the rest
            if Resident.objects.filter(
                id_number_index=Resident._meta.get_field("id_number_index").index_of(
                    instance.id_number
                )
            ).exists():
                raise ValueError("duplicate")

    with open(path, encoding="utf-8") as fh:
        dataset = tablib.Dataset().load(fh.read(), format="csv")
    start = time.perf_counter()
    result = ResidentResource().import_data(dataset, dry_run=False, raise_errors=True)
    elapsed = time.perf_counter() - start
    imported = result.totals["new"]
    assert imported == rows, result.totals
    print(
        f"django-import-export: {imported:,} rows in {elapsed:.2f} s ({imported / elapsed:,.0f} rows/s)"
    )
    return elapsed


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument(
        "--dje-rows", type=int, default=20_000, help="rows for django-import-export (0: skip)"
    )
    parser.add_argument("--seed", type=int, default=20240105)
    parser.add_argument(
        "--no-floor",
        dest="floor",
        action="store_false",
        help="skip the diagnostic COPY of the imported rows into indexed/bare copies of the table",
    )
    args = parser.parse_args()

    url = _setup.create_database()
    _setup.setup_django(url)
    _setup.migrate()
    import django
    from django.db import connection

    households = max(args.rows * 2 // 5, 1)
    community = _setup.make_community(households)
    path = _setup.OUT / f"residents-{args.rows}.csv"
    t = time.perf_counter()
    generate(path, args.rows, households, args.seed)
    print(
        f"generated {path} ({path.stat().st_size / 2**20:.0f} MiB) in {time.perf_counter() - t:.1f} s"
    )
    with connection.cursor() as cur:
        cur.execute("SELECT version()")
        pg = cur.fetchone()[0].split(",")[0]
    print(f"python {sys.version.split()[0]}, django {django.get_version()}, {pg}")

    copy_s = raw_copy(path)
    rss_before = peak_mib()
    import_s = real_import(path, community, args.rows)
    rss_import = peak_mib()
    print(
        f"peak memory (max RSS of this process): {rss_import:.0f} MiB (before the import: {rss_before:.0f} MiB)"
    )
    if args.floor:
        table_floor(args.rows)

    if args.dje_rows:
        try:
            import import_export  # noqa: F401
        except ImportError:
            print(
                "django-import-export is not installed (pip install -e '.[bench]'); comparison skipped"
            )
        else:
            dje_path = _setup.OUT / f"residents-dje-{args.dje_rows}.csv"
            generate(dje_path, args.dje_rows, households, args.seed + 1, offset=args.rows)
            dje_s = django_import_export(dje_path, community, args.dje_rows)
            speedup = (args.rows / import_s) / (args.dje_rows / dje_s)
            print(f"speedup_vs_django_import_export={speedup:.1f}")
    print(f"ratio_vs_copy={import_s / copy_s:.2f}")


if __name__ == "__main__":
    main()
