"""Open311 GeoReport v2 over the service menu and service requests, at /open311/v2/.

Follows http://wiki.open311.org/GeoReport_v2 (summary in the project brief, domain §4):

- XML (required by the spec) and JSON, chosen by the `.xml` / `.json` suffix;
- `service_code` is the menu item's number (ServiceItem pk); `service_request_id` is the
  request's number; `token` is the request's tracking code (a request is created at once, so
  POST answers `service_request_id` and `token` together);
- cases (grid incidents) ride along: a case class's `service_code` is `case-<code>` and a
  case's `service_request_id` `case-<number>`, so they never clash with the numbers above
  (open311.cases holds all of it; these views only branch to it);
- `jurisdiction_id` is a street's 12-digit division code; unknown → 404;
- POST needs an `api_key` (one per integration, stored hashed) → 403 when wrong; the key's
  street is the jurisdiction;
- errors are a list of {code, description}: 404 (unknown service / request / jurisdiction),
  403 (api_key), 400 (everything else); nothing is stored when the request is refused;
- HTML in `description` or an attribute is REFUSED (400), not stripped: silently changing
  what a citizen wrote is worse than telling the client;
- an empty optional argument is treated exactly like a missing one;
- privacy (PIPL): GET shows description, address, position and status notes only of
  requests that came in through Open311; requests made at the window or online (they may
  concern minimum living allowance, disability, …) show only service, status and dates.

Lean on purpose (no DRF, no per-row queries, docs/performance.md): /open311/ has its own
short middleware stack (open311.middleware); POST reads the api_key afresh and the item,
its fields and the calendar from short-lived per-process copies (open311.definitions),
then stores request, step and audit entry in one statement on PostgreSQL — two queries in
all once warm, the notification task queued after commit; GET of one request is one
query compiled once per thread, a list one query whatever its length (tests/open311), and
one more for the cases it lists too (open311.cases: not when only menu codes are asked for).
"""

from __future__ import annotations

import datetime
import functools
import json
import threading
from decimal import Decimal, InvalidOperation
from xml.sax.saxutils import escape

import psycopg
from django.core.exceptions import EmptyResultSet, ValidationError
from django.db import connections
from django.db.models import Count
from django.http import HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from psycopg.pq import Format

from gongzhi.cases.models import Case, Category
from gongzhi.core import text
from gongzhi.core.context import acting_as
from gongzhi.core.middleware import client_ip
from gongzhi.core.views_base import public_view
from gongzhi.open311 import cases, definitions
from gongzhi.open311.models import ApiKey
from gongzhi.org.geo import grid_at
from gongzhi.org.models import Street
from gongzhi.services import actions
from gongzhi.services.models import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    ItemField,
    ServiceItem,
    ServiceRequest,
)

SPEC_URL = "http://wiki.open311.org/GeoReport_v2"
MAX_RESULTS = 1000
DEFAULT_DAYS = 90
DATATYPES = {
    ItemField.Kind.TEXT: "string",
    ItemField.Kind.NUMBER: "number",
    ItemField.Kind.DATE: "datetime",
    ItemField.Kind.CHOICE: "singlevaluelist",
    ItemField.Kind.MULTICHOICE: "multivaluelist",
    ItemField.Kind.FILE: "string",
}
CONTENT_TYPES = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}


class Open311Error(Exception):
    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status, self.description = status, str(description)


# --- rendering -----------------------------------------------------------------------------


def _xml_value(value, memo: dict) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    value = str(value)
    out = memo.get(value)
    if out is None:  # one bad stored value must not break the XML
        out = memo[value] = escape(text.sanitize(value))
    return out


def _xml(tag: str, value, item_tags: dict, out: list, memo: dict) -> None:
    """Element `tag` holding `value`, appended to `out`: a dict (children), a list (repeated
    children named by item_tags[tag]) or a scalar. `memo` keeps each distinct text escaped
    once per answer (a list repeats service names, agencies, labels and dates)."""
    if isinstance(value, dict):
        out.append(f"<{tag}>")
        for k, v in value.items():
            if v.__class__ is str:  # the common case, inline: a list has ~17 per row
                t = memo.get(v)
                if t is None:
                    t = memo[v] = escape(text.sanitize(v))
                out.append(f"<{k}>{t}</{k}>")
            else:
                _xml(k, v, item_tags, out, memo)
        out.append(f"</{tag}>")
    elif isinstance(value, list):
        child = item_tags.get(tag, "item")
        out.append(f"<{tag}>")
        for v in value:
            _xml(child, v, item_tags, out, memo)
        out.append(f"</{tag}>")
    else:
        out.append(f"<{tag}>{_xml_value(value, memo)}</{tag}>")


ITEM_TAGS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "keywords": "keyword",
}


def render(fmt: str, root: str, data, status: int = 200) -> HttpResponse:
    if fmt == "json":
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    else:
        out = ['<?xml version="1.0" encoding="utf-8"?>']
        _xml(root, data, ITEM_TAGS, out, {})
        body = "".join(out)
    response = HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])
    # Set here: the lean middleware stack (open311.middleware) has no CommonMiddleware.
    response["Content-Length"] = str(len(response.content))
    return response


def error_response(fmt: str, status: int, description: str) -> HttpResponse:
    return render(fmt, "errors", [{"code": status, "description": description}], status)


def open311_view(view):
    """Public (the spec's GETs need no key; POST checks its api_key itself), CSRF-exempt
    (clients are other servers and apps), errors in the spec's format."""

    def wrapped(request, format, **kwargs):
        try:
            with acting_as(
                None,
                ip=client_ip(request),
                source="open311",
                request_id=getattr(request, "request_id", None),
            ):
                return view(request, format, **kwargs)
        except Open311Error as exc:
            return error_response(format, exc.status, exc.description)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return public_view(csrf_exempt(wrapped))


def _arg(params, name: str) -> str | None:
    """An argument; empty means missing (the spec)."""
    value = params.get(name)
    if value is None:
        return None
    value = value.strip()
    return value or None


def _iso(dt) -> str | None:
    return timezone.localtime(dt).isoformat(timespec="seconds") if dt else None


def _jurisdiction(params) -> Street | None:
    code = _arg(params, "jurisdiction_id")
    if code is None:
        return None
    street = Street.objects.filter(division_code=code).first()
    if street is None:
        raise Open311Error(404, _("Unknown jurisdiction_id: %(id)s.") % {"id": code[:40]})
    return street


# --- discovery and services ----------------------------------------------------------------


@open311_view
def discovery(request, format):
    base = request.build_absolute_uri("/open311/v2/")
    return render(
        format,
        "discovery",
        {
            "changeset": _iso(timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)),
            "contact": _("The street office's service centre"),
            "key_service": _("Ask the street office for an api_key for your integration."),
            "endpoints": [
                {
                    "specification": SPEC_URL,
                    "url": base,
                    "changeset": "2026-01-01T00:00:00+08:00",
                    "type": "production",
                    "formats": ["text/xml", "application/json"],
                }
            ],
        },
    )


def _service(item: ServiceItem) -> dict:
    return {
        "service_code": str(item.pk),
        "service_name": item.name,
        "description": item.description,
        "metadata": item.field_count > 0,
        "type": "batch",
        "keywords": item.keywords,
        "group": item.category.name,
    }


@open311_view
def service_list(request, format):
    _jurisdiction(request.GET)
    items = (
        ServiceItem.objects.active()
        .select_related("category")
        .annotate(field_count=Count("fields"))
        .order_by("category__order", "code")
    )
    return render(format, "services", [_service(i) for i in items] + cases.services())


def _attribute(f: ItemField) -> dict:
    data = {
        "variable": True,
        "code": f.code,
        "datatype": DATATYPES[f.kind],
        "required": f.required,
        "datatype_description": (
            _("Date as YYYY-MM-DD")
            if f.kind == ItemField.Kind.DATE
            else _("URL of the file")
            if f.kind == ItemField.Kind.FILE
            else (f.help_text or "")
        ),
        "order": f.order,
        "description": f.label,
    }
    if f.kind in (ItemField.Kind.CHOICE, ItemField.Kind.MULTICHOICE):
        data["values"] = [{"key": str(c["key"]), "name": c["name"]} for c in f.choices]
    return data


def _service_code(code) -> int | None:
    code = (code or "").strip()
    return int(code) if code.isdigit() and len(code) < 19 else None  # fits a bigint


def _unknown_service(code) -> Open311Error:
    return Open311Error(404, _("Unknown service_code: %(code)s.") % {"code": (code or "")[:40]})


def _item_or_404(code) -> ServiceItem:
    pk = _service_code(code)
    item = ServiceItem.objects.active().filter(pk=pk).first() if pk is not None else None
    if item is None:
        raise _unknown_service(code)
    return item


@open311_view
def serviceitem_detail(request, format, pk):
    _jurisdiction(request.GET)
    item = _item_or_404(str(pk))
    return render(
        format,
        "service_definition",
        {
            "service_code": str(item.pk),
            "attributes": [_attribute(f) for f in item.fields.all()],
        },
    )


serviceitem_detail.model = ServiceItem


# --- requests ------------------------------------------------------------------------------


# What a request's row shows, read as plain tuples in this order (no model instances: the
# list and the single request are the busiest reads of the API; `_Rows` reads by position).
ROW_FIELDS = (
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
)
(
    _PK,
    _STATUS,
    _STATUS_NOTE,
    _CHANNEL,
    _DESCRIPTION,
    _TRANSFERRED_TO,
    _ADDRESS,
    _ADDRESS_ID,
    _LAT,
    _LNG,
    _MEDIA_URL,
    _SUBMITTED_AT,
    _UPDATED_AT,
    _DUE_DATE,
    _ITEM_ID,
    _ITEM_NAME,
    _DEPARTMENT_ID,
    _DEPARTMENT_NAME,
    _STREET_NAME,
) = range(len(ROW_FIELDS))
STATUS_LABELS = dict(ServiceRequest.Status.choices)
# Plain strings: a set of the enum members would hash their names, not their values.
_CLOSED = frozenset(s.value for s in CLOSED_STATUSES)
_OPEN311 = ServiceRequest.Channel.OPEN311.value
DUE_TIME = datetime.time(18, 0)  # a request is due by the end of its last working day


class _Rows:
    """Turns rows into the spec's dicts. What is the same for every row of one answer —
    the time zone, the status labels in the request's language, each due date's text — is
    worked out once per answer, not once per row (it was most of a long list's time)."""

    def __init__(self):
        self.tz = timezone.get_current_timezone()
        self.labels = {status: str(label) for status, label in STATUS_LABELS.items()}
        self.dues: dict = {}

    def iso(self, dt) -> str | None:
        # timezone.localtime(dt).isoformat(timespec="seconds"), the zone looked up once
        return dt.astimezone(self.tz).isoformat(timespec="seconds") if dt else None

    def due(self, day) -> str:
        # 18:00 local time of the due date (timezone.make_aware), as text; cached by date
        value = self.dues.get(day)
        if value is None:
            moment = datetime.datetime.combine(day, DUE_TIME, tzinfo=self.tz)
            value = self.dues[day] = moment.isoformat(timespec="seconds")
        return value

    def row(self, r: tuple) -> dict:
        status = r[_STATUS]
        closed = status in _CLOSED
        public = r[_CHANNEL] == _OPEN311
        label = self.labels.get(status, status)
        note = r[_STATUS_NOTE]
        return {
            "service_request_id": str(r[_PK]),
            "status": "closed" if closed else "open",
            "status_notes": f"{label}: {note}" if public and note else label,
            "service_name": r[_ITEM_NAME],
            "service_code": str(r[_ITEM_ID]),
            "description": r[_DESCRIPTION] if public else "",
            "agency_responsible": (
                r[_TRANSFERRED_TO]
                or (r[_DEPARTMENT_NAME] if r[_DEPARTMENT_ID] else r[_STREET_NAME])
            ),
            "service_notice": "",
            "requested_datetime": self.iso(r[_SUBMITTED_AT]),
            "updated_datetime": self.iso(r[_UPDATED_AT]),
            "expected_datetime": self.due(r[_DUE_DATE]) if r[_DUE_DATE] and not closed else None,
            "address": r[_ADDRESS] if public else "",
            "address_id": r[_ADDRESS_ID] if public else "",
            "zipcode": "",
            "lat": str(r[_LAT]) if public and r[_LAT] is not None else "",
            "long": str(r[_LNG]) if public and r[_LNG] is not None else "",
            "media_url": r[_MEDIA_URL] if public else "",
        }


def _rows_qs():
    return ServiceRequest.objects.values_list(*ROW_FIELDS)


@functools.cache
def _timestamptz_loader():
    """psycopg's own loader of `timestamptz` (compiled with psycopg[binary]). Django's, a
    Python subclass that only puts an equal UTC tzinfo in, costs ~6 µs a value: two a row."""
    return psycopg.adapters.get_loader(psycopg.adapters.types["timestamptz"].oid, Format.TEXT)


def _cursor(alias: str):
    """A cursor of `alias` whose timestamps are read by psycopg's own loader: the same
    instants (aware, in the connection's UTC), which the rows only format in local time."""
    connection = connections[alias]
    cursor = connection.cursor()
    if connection.vendor == "postgresql":
        cursor.cursor.adapters.register_loader("timestamptz", _timestamptz_loader())
    return cursor


def _fetch(qs) -> list[tuple]:
    """The rows of `qs` (a `_rows_qs()`), one query, through `_cursor`; Django's converters
    still turn each column into its Python value (as `results_iter` does)."""
    compiler = qs.query.get_compiler(qs.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:  # e.g. service_code=, — nothing can match
        return []
    with _cursor(qs.db) as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    converters = compiler.get_converters([s[0] for s in compiler.select[: compiler.col_count]])
    if converters:
        rows = list(compiler.apply_converters(rows, converters))
    return rows


class _CompiledRows(threading.local):
    """`_rows_qs()` of one request by id (and street), compiled to SQL once per thread
    and run with new parameters: building the SQL of this query was most of the work of
    `GET requests/{id}`. Django's own converters still turn each column into its Python
    value (`apply_converters`, as `results_iter` does)."""

    PK, STREET = -731_100_001, -731_100_002  # placeholders, never real ids

    def run(self, pk: int, street_id: int | None) -> tuple | None:
        key = street_id is not None
        compiled = self.__dict__.get(key)
        if compiled is None:
            qs = _rows_qs().filter(pk=self.PK).order_by()
            if key:
                qs = qs.filter(street_id=self.STREET)
            compiler = qs.query.get_compiler(qs.db)
            sql, params = compiler.as_sql()
            params = list(params)
            slots = [params.index(self.PK)] + ([params.index(self.STREET)] if key else [])
            columns = [s[0] for s in compiler.select[: compiler.col_count]]
            converters = compiler.get_converters(columns)
            compiled = (compiler, converters, sql, params, slots, qs.db)
            self.__dict__[key] = compiled
        compiler, converters, sql, params, slots, alias = compiled
        params = list(params)
        for slot, value in zip(slots, (pk, street_id), strict=False):
            params[slot] = value
        with _cursor(alias) as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if converters:
            rows = compiler.apply_converters(rows, converters)
        for row in rows:
            return tuple(row)
        return None


_one_row = _CompiledRows()


# Dates a client may filter by: outside these years a date is a mistake, and the databases
# cannot hold every date Python can (SQLite's year 9999 overflows once shifted to UTC).
YEARS = (1900, 2999)


def _parse_when(name: str, value: str | None):
    if value is None:
        return None
    invalid = Open311Error(400, _("%(name)s must be an ISO 8601 date and time.") % {"name": name})
    try:
        # parse_datetime raises ValueError for well-formed impossible values (year 0, +99:00).
        dt = parse_datetime(value) if "T" in value or " " in value else None
        if dt is None:
            dt = datetime.datetime.combine(datetime.date.fromisoformat(value), datetime.time())
        if timezone.is_naive(dt):
            dt = timezone.make_aware(dt)
        utc = dt.astimezone(datetime.UTC)
    except (ValueError, OverflowError):
        raise invalid from None
    if not YEARS[0] <= min(dt.year, utc.year) <= max(dt.year, utc.year) <= YEARS[1]:
        raise Open311Error(
            400,
            _("%(name)s must be a date between the years %(first)d and %(last)d.")
            % {"name": name, "first": YEARS[0], "last": YEARS[1]},
        )
    return dt


@open311_view
def requests(request, format):
    if request.method == "POST":
        return _create(request, format)
    if request.method not in ("GET", "HEAD"):
        raise Open311Error(400, _("Use GET or POST."))
    params = request.GET
    street = _jurisdiction(params)
    qs = _rows_qs()
    if street is not None:
        qs = qs.filter(street=street)
    ids = _arg(params, "service_request_id")
    if ids is not None:
        parts = [p.strip() for p in ids.split(",") if p.strip()]
        if not parts:
            raise Open311Error(
                400, _("service_request_id must be a comma-separated list of numbers.")
            )
        case_numbers = [cases.strip(p) for p in parts if cases.is_case(p)]
        parts = [p for p in parts if not cases.is_case(p)]
        if not all(p.isdigit() for p in parts) or len(case_numbers) + len(parts) > MAX_RESULTS:
            raise Open311Error(
                400, _("service_request_id must be a comma-separated list of numbers.")
            )
        qs = qs.filter(pk__in=[int(p) for p in parts])  # overrides every other filter
        case_filter = {"numbers": case_numbers} if case_numbers else None
    else:
        codes = _arg(params, "service_code")
        if codes is not None:
            parts = [p.strip() for p in codes.split(",") if p.strip()]
            case_codes = [cases.strip(p) for p in parts if cases.is_case(p)]
            parts = [p for p in parts if not cases.is_case(p)]
            if not all(p.isdigit() for p in parts):
                raise Open311Error(400, _("service_code must be a number (or a comma list)."))
            qs = qs.filter(item_id__in=[int(p) for p in parts])
        # Cases (open311.cases) are listed unless only menu items' codes are asked for.
        case_filter = None if codes is not None and not case_codes else {}
        if codes is not None and case_codes:
            case_filter["codes"] = case_codes
        start = _parse_when("start_date", _arg(params, "start_date"))
        end = _parse_when("end_date", _arg(params, "end_date"))
        if start is None and end is None:
            start = timezone.now() - datetime.timedelta(days=DEFAULT_DAYS)
        if start and end and end < start:
            raise Open311Error(400, _("end_date is before start_date."))
        if start:
            qs = qs.filter(submitted_at__gte=start)
        if end:
            qs = qs.filter(submitted_at__lte=end)
        status = _arg(params, "status")
        if status is not None:
            wanted = {s.strip() for s in status.split(",")}
            if not wanted <= {"open", "closed"}:
                raise Open311Error(400, _("status must be open or closed."))
            if wanted == {"open"}:
                qs = qs.filter(status__in=OPEN_STATUSES)
            elif wanted == {"closed"}:
                qs = qs.filter(status__in=CLOSED_STATUSES)
        if case_filter is not None:
            case_filter.update(start=start, end=end, status=wanted if status else None)
    rows = _Rows()
    found = [rows.row(r) for r in _fetch(qs.order_by("-submitted_at", "-pk")[:MAX_RESULTS])]
    if case_filter is not None:
        found = sorted(
            found + cases.rows(street=street, **case_filter),
            key=lambda r: r["requested_datetime"] or "",
            reverse=True,
        )[:MAX_RESULTS]
    return render(format, "service_requests", found)


@open311_view
def servicerequest_detail(request, format, pk):
    street = _jurisdiction(request.GET)
    r = _one_row.run(pk, street.pk if street is not None else None) if pk < 2**63 else None
    if r is None:
        raise Open311Error(404, _("Unknown service_request_id: %(id)s.") % {"id": pk})
    return render(format, "service_requests", [_Rows().row(r)])


servicerequest_detail.model = ServiceRequest


@open311_view
def case_detail(request, format, number):
    """GET requests/case-<number>: one case (open311.cases: no personal data)."""
    found = cases.one(number, _jurisdiction(request.GET))
    if found is None:
        raise Open311Error(404, _("Unknown service_request_id: %(id)s.") % {"id": number[:40]})
    return render(format, "service_requests", [found])


case_detail.model = Case


@open311_view
def case_service_detail(request, format, code):
    """GET services/case-<code>: a case class's definition (no attributes)."""
    _jurisdiction(request.GET)
    found = cases.definition(cases.PREFIX + code)
    if found is None:
        raise _unknown_service(cases.PREFIX + code)
    return render(format, "service_definition", found)


case_service_detail.model = Category


@open311_view
def token(request, format, token):
    r = ServiceRequest.objects.filter(tracking_code=token.strip().upper()[:12]).only("pk").first()
    if r is None:
        raise Open311Error(404, _("Unknown token: %(token)s.") % {"token": token[:40]})
    return render(format, "service_requests", [{"service_request_id": str(r.pk), "token": token}])


def _attributes(post, item_fields) -> dict:
    """`attribute[code]=v` and, for multivaluelist, `attribute[code][]=v` (repeated)."""
    values = {}
    for key in post:
        if not key.startswith("attribute[") or not key.endswith("]"):
            continue
        inner = key[len("attribute[") : -1]
        if inner.endswith("]["):
            inner = inner[:-2]
        got = [v for v in post.getlist(key) if v.strip() != ""]
        if got:
            values.setdefault(inner, []).extend(got)
    kinds = {f.code: f.kind for f in item_fields}
    return {
        code: (vals if kinds.get(code) == ItemField.Kind.MULTICHOICE else vals[-1])
        for code, vals in values.items()
    }


def _decimal(name: str, value: str | None, bound: int):
    if value is None:
        return None
    try:
        number = Decimal(value)
        if not number.is_finite() or abs(number) > bound:
            raise InvalidOperation
    except InvalidOperation:
        raise Open311Error(400, _("%(name)s is not a valid coordinate.") % {"name": name}) from None
    return number.quantize(Decimal("0.000001"))


# The request's own fields by their Open311 parameter (the text rule names model fields).
_PARAMS = {
    "description": "description",
    "item": "item",
    "applicant_name": "last_name/first_name",
    "applicant_phone": "phone",
    "address": "address_string",
    "address_id": "address_id",
    "device_id": "device_id",
    "external_account_id": "account_id",
    "media_url": "media_url",
}


def _grid_of(street_id: int, lat, lng):
    if lat is None or lng is None:
        return None
    return grid_at(definitions.grid_shapes(street_id), lat, lng)


def _create(request, format):
    post = request.POST
    credentials = ApiKey.credentials(_arg(post, "api_key"))
    if credentials is None:
        raise Open311Error(403, _("api_key is missing or not valid."))
    key_id, street_id = credentials
    street = _jurisdiction(post)
    if street is not None and street.pk != street_id:
        raise Open311Error(403, _("This api_key is not valid for that jurisdiction_id."))
    code = _arg(post, "service_code")
    if code is None:
        raise Open311Error(400, _("service_code is required."))
    if cases.is_case(code):  # a case category (open311.cases)
        lat, lng = _decimal("lat", _arg(post, "lat"), 90), _decimal("long", _arg(post, "long"), 180)
        try:
            answer = cases.create(
                lambda name: _arg(post, name), code, street_id, ApiKey.client_name(key_id), lat, lng
            )
        except cases.Refused as exc:
            raise Open311Error(exc.status, exc.description) from None
        return render(format, "service_requests", [answer])
    pk = _service_code(code)
    found = definitions.item_with_fields(pk) if pk is not None else None
    if found is None or not found[0].is_active():  # the rule of ServiceItem.objects.active()
        raise _unknown_service(code)
    item, fields = found
    lat, lng = _decimal("lat", _arg(post, "lat"), 90), _decimal("long", _arg(post, "long"), 180)
    address, address_id = _arg(post, "address_string"), _arg(post, "address_id")
    if (lat is None) != (lng is None):
        raise Open311Error(400, _("Give lat and long together."))
    if lat is None and address is None and address_id is None:
        raise Open311Error(
            400, _("A location is required: lat and long, address_string or address_id.")
        )
    name = " ".join(p for p in (_arg(post, "last_name"), _arg(post, "first_name")) if p)
    email = _arg(post, "email") or ""
    if email and ("@" not in email or len(email) > 254):
        raise Open311Error(400, _("email is not a valid e-mail address."))
    # A point inside one of the street's grids places the request in that grid's community.
    shape = _grid_of(street_id, lat, lng)
    try:
        req = actions.submit_request(
            item,
            street=definitions.street(street_id),
            community=definitions.community(shape.community_id) if shape else None,
            channel=ServiceRequest.Channel.OPEN311,
            applicant_name=name[:50],
            applicant_phone=(_arg(post, "phone") or "")[:30],
            applicant_email=email,
            values=_attributes(post, fields),
            description=_arg(post, "description") or "",
            address=address or "",
            address_id=address_id or "",
            lat=lat,
            lng=lng,
            media_url=(_arg(post, "media_url") or "")[:500],
            client=ApiKey.client_name(key_id),
            external_account_id=_arg(post, "account_id") or "",
            device_id=_arg(post, "device_id") or "",
            fields=fields,
            calendar=definitions.calendar(),
            fast=True,  # the hot path of machine clients (services.fastpath)
        )
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            parts = [
                f"{_PARAMS.get(k, 'attribute[' + k + ']')}: {m}"
                for k, ms in exc.message_dict.items()
                for m in ms
            ]
        else:
            parts = exc.messages
        raise Open311Error(400, " ".join(parts)) from None
    return render(
        format,
        "service_requests",
        [
            {
                "service_request_id": str(req.pk),
                "token": req.tracking_code,
                "service_notice": _("We will answer within %(n)d working days.")
                % {"n": item.time_limit_days},
                "account_id": req.external_account_id or None,
            }
        ],
    )


# The model each route's URL arguments refer to (read by the permission-matrix test, which
# for public views guesses it from the route name: hence names like `serviceitem_list`).
discovery.model = service_list.model = ServiceItem
requests.model = token.model = ServiceRequest
