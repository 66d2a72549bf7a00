"""Open311 GeoReport v2 under load, served as in production, against a raw INSERT baseline.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/open311_load.py \
        [--seconds 15] [--workers 2] [--threads 4] [--concurrency 8] [--load wrk|python]
        [--list-rows N]

1. (Re)creates the database `gongzhi_open311_bench` (GONGZHI_OPEN311_BENCH_DB), migrates it
   and loads one street, one service item with three attributes (a required list, a date,
   a text), the holiday calendar and an Open311 api_key.
2. Baseline: pgbench inserts single rows into `bench_insert`, a copy of the service-request
   table (`LIKE services_servicerequest INCLUDING ALL`: same columns, defaults, indexes),
   `--concurrency` clients for `--seconds`.
3. Starts gunicorn as docs/deploy.md runs it (`--workers` processes × `--threads` threads,
   gthread, keep-alive; default 2 × 4 for this 2-core machine; DEBUG off, production settings, persistent DB connections, the django-tasks
   database backend so notifications are really queued) on 127.0.0.1, and drives it from a
   SECOND process with `--concurrency` keep-alive connections: wrk (Debian package `wrk`)
   with a generated Lua script, or with `--load python` this script's own httpx threads
   (slower: the client then needs a good part of a core itself):
   a) POSTs requests.json (form-encoded, api_key, attributes, location, e-mail → audit
      entry, step row and a queued notification task each),
   b) GETs requests/{id}.json of random created requests,
   c) GETs filtered lists: requests.json?service_code=…&status=open&start_date=…&end_date=…
      (a one-second window: a few hundred rows each, as many as were POSTed in that second;
      `--list-rows N` closes the window on the N-th request instead, e.g. 765 as in issue 12).
4. Floor of the list (unless `--no-list-floor`): the same gunicorn serves bench/_list_floor.py,
   the same rows by the list's SQL through bare psycopg and `json.dumps`, driven by the same
   wrk; prints `list_p99_vs_floor=` and `list_per_second_vs_floor=`.
5. Prints throughput and p50/p99 of each, what was stored, and last
   `ratio_vs_insert=<POST/s ÷ INSERT/s>`.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from _setup import background, require_tool

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
DB_NAME = os.environ.get("GONGZHI_OPEN311_BENCH_DB", "gongzhi_open311_bench")


# --- the load generator (second process) ----------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(p / 100 * (len(values) - 1))))
    return values[k]


def run_client(args) -> None:
    import httpx

    base = args.client.rstrip("/") + "/open311/v2/"
    deadline = time.monotonic() + args.seconds
    latencies: list[float] = []
    ids: list[str] = []
    errors = [0]
    rows = [0]
    lock = threading.Lock()
    id_pool = args.ids.split(",") if args.ids else []

    def worker(n: int):
        rnd = random.Random(n)
        local_lat, local_ids, local_err, local_rows = [], [], 0, 0
        with httpx.Client(timeout=30) as http:
            i = 0
            while time.monotonic() < deadline:
                i += 1
                t0 = time.perf_counter()
                if args.phase == "post":
                    r = http.post(
                        base + "requests.json",
                        data={
                            "api_key": args.key,
                            "service_code": args.code,
                            "lat": f"32.{rnd.randrange(10**6):06d}",
                            "long": f"118.{rnd.randrange(10**6):06d}",
                            "attribute[kind]": rnd.choice(["light", "road", "noise"]),
                            "attribute[noticed]": "2026-11-20",
                            "attribute[detail]": "北侧第三盏",
                            "description": f"路灯不亮，第{n}-{i}次报告",
                            "email": f"user{n}@example.com",
                            "first_name": "三",
                            "last_name": "张",
                        },
                    )
                    ok = r.status_code == 200
                    if ok:
                        local_ids.append(r.json()[0]["service_request_id"])
                elif args.phase == "get":
                    r = http.get(base + f"requests/{rnd.choice(id_pool)}.json")
                    ok = r.status_code == 200
                else:
                    r = http.get(
                        base + "requests.json",
                        params={
                            "service_code": args.code,
                            "status": "open",
                            "start_date": args.start,
                            "end_date": args.end,
                        },
                    )
                    ok = r.status_code == 200
                    if ok:
                        local_rows += len(r.json())
                elapsed = time.perf_counter() - t0
                if ok:
                    local_lat.append(elapsed)
                else:
                    local_err += 1
        with lock:
            latencies.extend(local_lat)
            ids.extend(local_ids)
            errors[0] += local_err
            rows[0] += local_rows

    start = time.monotonic()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(args.concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - start
    print(
        json.dumps(
            {
                "count": len(latencies),
                "errors": errors[0],
                "seconds": wall,
                "per_second": len(latencies) / wall,
                "p50_ms": percentile(latencies, 50) * 1000,
                "p99_ms": percentile(latencies, 99) * 1000,
                "rows_per_answer": rows[0] / len(latencies) if latencies else 0,
                "ids": ids if args.phase == "post" else [],
            }
        )
    )


# --- the load generator with wrk (second process) -------------------------------------------

WRK_DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"status_errors":%d,"socket_errors":%d,'
    .. '"p50_us":%d,"p99_us":%d}\\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""


def _lua_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def wrk_post_script(key: str, code: str) -> str:
    """Each request a different body (position, kind, description numbered per thread),
    like the httpx client's."""
    from urllib.parse import quote

    fixed = (
        f"api_key={quote(key)}&service_code={quote(code)}"
        f"&attribute%5Bnoticed%5D=2026-11-20&attribute%5Bdetail%5D={quote('北侧第三盏')}"
        f"&first_name={quote('三')}&last_name={quote('张')}"
    )
    return (
        f"""
local fixed = {_lua_string(fixed)}
local kinds = {{"light", "road", "noise"}}
local before, after = {_lua_string(quote("路灯不亮，第"))}, {_lua_string(quote("次报告"))}
local n = 0
local id = tostring({{}}):sub(-6)
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
request = function()
  n = n + 1
  local body = string.format(
    "%s&lat=32.%06d&long=118.%06d&attribute%%5Bkind%%5D=%s&description=%s%s-%d%s"
    .. "&email=user%s%%40example.com",
    fixed, math.random(0, 999999), math.random(0, 999999), kinds[math.random(1, 3)],
    before, id, n, after, id)
  return wrk.format(nil, nil, nil, body)
end
"""
        + WRK_DONE
    )


def wrk_get_script(ids: list[str]) -> str:
    return (
        f"""
local ids = {{{",".join(ids)}}}
request = function()
  return wrk.format("GET", "/open311/v2/requests/" .. ids[math.random(1, #ids)] .. ".json")
end
"""
        + WRK_DONE
    )


def run_wrk(
    url: str, path: str, script: str, args, seconds: int | None = None, connections: int = 0
) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
        name = f.name
    try:
        out = subprocess.run(
            [
                "wrk",
                "-t",
                "1",  # one thread drives the connections (wrk is event-driven)
                "-c",
                str(connections or args.concurrency),
                "-d",
                f"{seconds or args.seconds}s",
                "--timeout",
                "10s",
                "-s",
                name,
                url + path,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(name)
    r = json.loads(out.strip().splitlines()[-1])
    seconds = r["duration_us"] / 1e6
    ok = r["requests"] - r["status_errors"]
    return {
        "count": ok,
        "errors": r["status_errors"] + r["socket_errors"],
        "seconds": seconds,
        "per_second": ok / seconds,
        "p50_ms": r["p50_us"] / 1000,
        "p99_ms": r["p99_us"] / 1000,
        "ids": [],
    }


# --- orchestration --------------------------------------------------------------------------


def db_url(name: str) -> str:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    parts = urlsplit(base)
    if parts.scheme not in ("postgres", "postgresql"):
        sys.exit("This benchmark needs PostgreSQL: set DATABASE_URL=postgres://user@host:5432/db")
    return urlunsplit(parts._replace(path="/" + name))


def recreate_database() -> str:
    import psycopg

    with psycopg.connect(db_url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    return db_url(DB_NAME)


def production_env(url: str) -> dict:
    env = dict(os.environ)
    env.pop("GONGZHI_TESTING", None)
    env.update(
        {
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "gongzhi.settings",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "GONGZHI_FIELD_KEYS": "b1:" + base64.b64encode(secrets.token_bytes(32)).decode(),
            "GONGZHI_INDEX_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback (TLS ends at nginx)
            "DB_CONN_MAX_AGE": "600",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT / "src"),
        }
    )
    return env


SETUP = r"""
import django, json
django.setup()
from gongzhi.core.context import acting_as
from gongzhi.open311.models import ApiKey
from gongzhi.org.models import Street
from gongzhi.services.models import Category, ItemField, ServiceItem
from gongzhi.workdays import data
with acting_as(None, source="bench"):
    data.load(2026)
    street = Street.objects.create(name="基准街道", division_code="320102001000")
    cat = Category.objects.create(name="市容环境")
    item = ServiceItem.objects.create(code="B001", name="路灯报修", category=cat, time_limit_days=3)
    ItemField.objects.create(item=item, code="kind", label="类型", kind="choice", required=True,
        choices=[{"key": "light", "name": "路灯"}, {"key": "road", "name": "道路"}, {"key": "noise", "name": "噪音"}])
    ItemField.objects.create(item=item, code="noticed", label="发现日期", kind="date", order=2)
    ItemField.objects.create(item=item, code="detail", label="位置说明", kind="text", order=3)
    key, raw = ApiKey.issue("bench", street)
print(json.dumps({"key": raw, "code": str(item.pk)}))
"""

INSERT_SQL = """\
INSERT INTO bench_insert (tracking_code, item_id, street_id, applicant_name, applicant_phone,
  applicant_email, channel, status, description, "values", materials_received, address,
  address_id, lat, lng, media_url, external_account_id, device_id, submitted_at, due_date,
  paused_days, transferred_to, status_note, result, supervised, decision, decision_text,
  client, created_at, updated_at)
VALUES (substr(md5(random()::text), 1, 12), 1, 1, '张 三', '', 'user@example.com', 'open311',
  'submitted', '路灯不亮，第1次报告', '{"kind": "light", "noticed": "2026-11-20"}', '[]', '',
  '', 32.045, 118.785, '', '', '', now(), current_date + 3, 0, '', '', '', false, '', '',
  'open311:1', now(), now());
"""


def pgbench_inserts(url: str, seconds: int, clients: int) -> float:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_insert")
        conn.execute("CREATE TABLE bench_insert (LIKE services_servicerequest INCLUDING ALL)")
    parts = urlsplit(url)
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as f:
        f.write(INSERT_SQL.replace("\n", " ").strip() + "\n")
        script = f.name
    cmd = [
        "pgbench",
        "-n",
        "-c",
        str(clients),
        "-j",
        "2",
        "-T",
        str(seconds),
        "-f",
        script,
        "-h",
        parts.hostname or "127.0.0.1",
        "-p",
        str(parts.port or 5432),
        "-U",
        parts.username or "postgres",
        DB_NAME,
    ]
    env = dict(os.environ)
    if parts.password:
        env["PGPASSWORD"] = parts.password
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True).stdout
    os.unlink(script)
    match = re.search(r"tps = ([\d.]+)", out)
    return float(match.group(1))


def wait_for(url: str, timeout: float = 60) -> None:
    import httpx

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if httpx.get(url + "/healthz", timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    sys.exit("gunicorn did not start")


def client(url, phase, args, **extra) -> dict:
    cmd = [
        sys.executable,
        __file__,
        "--client",
        url,
        "--phase",
        phase,
        "--seconds",
        str(args.seconds),
        "--concurrency",
        str(args.concurrency),
        "--key",
        extra.get("key", ""),
        "--code",
        extra.get("code", ""),
        "--ids",
        ",".join(extra.get("ids", [])[:5000]),
        "--start",
        extra.get("start", ""),
        "--end",
        extra.get("end", ""),
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def report(label: str, r: dict) -> None:
    extra = f", {r['rows_per_answer']:.0f} rows/answer" if r.get("rows_per_answer") else ""
    print(
        f"{label:<34} {r['per_second']:8.1f}/s  p50 {r['p50_ms']:6.1f} ms  "
        f"p99 {r['p99_ms']:6.1f} ms  ({r['count']} ok, {r['errors']} errors{extra})"
    )


def main(args) -> None:
    use_wrk = args.load == "wrk"
    if use_wrk:
        require_tool("wrk")  # before anything is started: nothing is left behind
    url = recreate_database()
    env = production_env(url)
    gongzhi = str(VENV_BIN / "gongzhi")
    subprocess.run([gongzhi, "migrate", "-v", "0"], env=env, check=True)
    setup = subprocess.run(
        [sys.executable, "-c", SETUP], env=env, check=True, capture_output=True, text=True
    )
    data = json.loads(setup.stdout.strip().splitlines()[-1])

    insert_tps = pgbench_inserts(url, args.seconds, args.concurrency)
    print(f"{'raw INSERT (pgbench, 1 row/txn)':<34} {insert_tps:8.1f}/s")

    server_command = [
        str(VENV_BIN / "gunicorn"),
        "gongzhi.wsgi:application",
        "-b",
        f"127.0.0.1:{args.port}",
        "--workers",
        str(args.workers),
        "--threads",
        str(args.threads),
        "--worker-class",
        "gthread",
        "--log-level",
        "warning",
        # Load the app once in the master: workers fork ready to serve.
        "--preload",
        *(["--access-logfile", "-"] if args.access_log else []),
    ]
    base = f"http://127.0.0.1:{args.port}"
    import psycopg

    with background(server_command, env=env, cwd=ROOT):
        wait_for(base)
        from datetime import datetime, timedelta
        from urllib.parse import urlencode

        # Warm-up, not measured: each worker loads the URLconf, translations and its DB
        # connections on its first requests (seconds of CPU on a busy machine); many
        # connections so that every worker gets some.
        if use_wrk:
            run_wrk(base, "/open311/v2/services.json", WRK_DONE, args, seconds=3, connections=64)
        t_start = datetime.now(UTC)
        if use_wrk:
            post = run_wrk(
                base,
                "/open311/v2/requests.json",
                wrk_post_script(data["key"], data["code"]),
                args,
            )
        else:
            post = client(base, "post", args, key=data["key"], code=data["code"])
        report("POST requests.json", post)
        with psycopg.connect(url) as conn:
            created = [
                str(r[0]) for r in conn.execute("SELECT id FROM services_servicerequest").fetchall()
            ]
        ids = random.Random(1).sample(created, min(5000, len(created)))
        if use_wrk:
            get = run_wrk(base, "/open311/v2/requests/1.json", wrk_get_script(ids), args)
        else:
            get = client(base, "get", args, ids=ids)
        report("GET requests/{id}.json", get)
        window_start = t_start + timedelta(seconds=args.seconds / 2)
        window_end = window_start + timedelta(seconds=1)
        if args.list_rows:
            # The window closes on the list_rows-th request after its start: the same list
            # length whatever the POST rate of this run was.
            with psycopg.connect(url) as conn:
                last = conn.execute(
                    "SELECT max(submitted_at) FROM (SELECT submitted_at"
                    " FROM services_servicerequest WHERE submitted_at >= %s"
                    " ORDER BY submitted_at LIMIT %s) AS w",
                    [window_start, args.list_rows],
                ).fetchone()[0]
            window_end = last or window_end
        window = {
            "service_code": data["code"],
            "status": "open",
            "start_date": window_start.isoformat(),
            "end_date": window_end.isoformat(),
        }
        if use_wrk:
            lst = run_wrk(base, "/open311/v2/requests.json?" + urlencode(window), WRK_DONE, args)
        else:
            lst = client(
                base,
                "list",
                args,
                code=data["code"],
                start=window["start_date"],
                end=window["end_date"],
            )
        report("GET requests.json (filtered)", lst)

    floor = None
    if args.list_floor and use_wrk:
        # The same rows by bare psycopg + json.dumps in a WSGI app of a few lines
        # (bench/_list_floor.py), served by the same gunicorn, driven by the same wrk.
        floor_command = [
            server_command[0],
            "_list_floor:application",
            "--pythonpath",
            str(ROOT / "bench"),
            *server_command[2:],
        ]
        with background(floor_command, env=env, cwd=ROOT):
            wait_for(base)
            list_path = "/open311/v2/requests.json?" + urlencode(window)
            run_wrk(base, list_path, WRK_DONE, args, seconds=3)  # warm-up, not measured
            floor = run_wrk(base, list_path, WRK_DONE, args)
        report("floor: same rows, psycopg+json", floor)

    with psycopg.connect(url) as conn:
        one = conn.execute
        stored = one("SELECT count(*) FROM services_servicerequest").fetchone()[0]
        steps = one("SELECT count(*) FROM services_requesttransition").fetchone()[0]
        queued = one("SELECT count(*) FROM django_tasks_database_dbtaskresult").fetchone()[0]
        audited = one(
            "SELECT count(*) FROM core_auditentry WHERE source = 'open311' AND action = 'create'"
        ).fetchone()[0]
        in_window = one(
            "SELECT count(*) FROM services_servicerequest WHERE submitted_at BETWEEN %s AND %s",
            [window["start_date"], window["end_date"]],
        ).fetchone()[0]
    print(
        f"stored: {stored} requests ({post['count']} POSTs answered 200), {steps} steps, "
        f"{audited} audit entries, {queued} queued notifications; "
        f"{in_window} requests in the list's window"
    )
    if floor:
        print(
            f"list_p99_vs_floor={lst['p99_ms'] / floor['p99_ms']:.2f} "
            f"list_per_second_vs_floor={lst['per_second'] / floor['per_second']:.2f}"
        )
    print(f"ratio_vs_insert={post['per_second'] / insert_tps:.3f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=15)
    # One process per core, threads to cover the waits on PostgreSQL (docs/deploy.md's 5 x 2
    # is 2 x cores + 1 for a production server; on this 2-core machine 2 x 4 does better).
    parser.add_argument("--workers", type=int, default=2, help="gunicorn processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn process")
    parser.add_argument("--load", choices=["wrk", "python"], default="wrk")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument(
        "--list-rows",
        type=int,
        default=0,
        help="the filtered list's window holds this many requests (default: a one-second "
        "window, whose length depends on the POST rate of the run)",
    )
    parser.add_argument("--port", type=int, default=8311)
    parser.add_argument(
        "--no-list-floor",
        dest="list_floor",
        action="store_false",
        help="skip the filtered list's floor (the same rows by bare psycopg + json.dumps; "
        "needs wrk)",
    )
    parser.add_argument("--access-log", action="store_true")
    parser.add_argument("--client", help=argparse.SUPPRESS)
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--key", default="", help=argparse.SUPPRESS)
    parser.add_argument("--code", default="", help=argparse.SUPPRESS)
    parser.add_argument("--ids", default="", help=argparse.SUPPRESS)
    parser.add_argument("--start", default="", help=argparse.SUPPRESS)
    parser.add_argument("--end", default="", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.client:
        run_client(arguments)
    else:
        main(arguments)
