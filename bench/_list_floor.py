"""The floor of the Open311 filtered list (bench/open311_load.py): a bare WSGI app, served by
the same gunicorn as the site, that answers `requests.json?service_code=…&status=open&
start_date=…&end_date=…` with the same rows — the list's SQL (joins, filters, order, limit)
by plain psycopg, one connection per thread — dumped as JSON (`json.dumps`, values as they
come, timestamps by `str`). No Django, no spec fields: what any Python server must at least
spend to send these rows.
"""

import json
import os
import threading
from urllib.parse import parse_qs

import psycopg

# The statuses of services.models.OPEN_STATUSES (status=open).
OPEN = ["submitted", "accepted", "materials_requested", "in_progress", "transferred"]
NAMES = [
    "pk",
    "status",
    "status_note",
    "channel",
    "description",
    "transferred_to",
    "address",
    "address_id",
    "lat",
    "lng",
    "media_url",
    "submitted_at",
    "updated_at",
    "due_date",
    "item_id",
    "item__name",
    "item__department_id",
    "item__department__name",
    "street__name",
]
SQL = """
SELECT r.id, r.status, r.status_note, r.channel, r.description, r.transferred_to, r.address,
       r.address_id, r.lat, r.lng, r.media_url, r.submitted_at, r.updated_at, r.due_date,
       r.item_id, i.name, i.department_id, d.name, s.name
FROM services_servicerequest r
JOIN services_serviceitem i ON r.item_id = i.id
LEFT JOIN org_department d ON i.department_id = d.id
JOIN org_street s ON r.street_id = s.id
WHERE r.item_id = ANY(%s) AND r.submitted_at >= %s AND r.submitted_at <= %s
  AND r.status = ANY(%s)
ORDER BY r.submitted_at DESC, r.id DESC
LIMIT 1000
"""
_local = threading.local()


def application(environ, start_response):
    conn = getattr(_local, "conn", None)
    if conn is None:
        conn = _local.conn = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
    q = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
    if "service_code" not in q:  # /healthz and the like: up
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
        return [b"ok"]
    codes = [int(c) for c in q["service_code"].split(",")]
    rows = conn.execute(SQL, [codes, q["start_date"], q["end_date"], OPEN]).fetchall()
    body = json.dumps(
        [dict(zip(NAMES, row, strict=True)) for row in rows],
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    ).encode()
    start_response(
        "200 OK",
        [("Content-Type", "application/json; charset=utf-8"), ("Content-Length", str(len(body)))],
    )
    return [body]
