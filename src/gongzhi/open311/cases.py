"""Cases (grid incidents) over Open311 GeoReport v2, beside the service menu's requests.

- **Codes**: a case category's `service_code` is `case-<small-class code>` (e.g.
  `case-0109`); the menu's service codes are plain numbers (ServiceItem pk), so the two can
  never clash. A case's `service_request_id` is `case-<case number>`.
- `GET services` lists the active small classes after the menu items (group: the large
  class); `GET services/case-<code>` is their definition (no attributes).
- `POST requests` with a `case-…` service_code reports a case through
  `cases.actions.do_report_open311` (channel Open311, placed by lat/long inside one of the
  api_key's street's grids; `client` = "open311:<key id>").
- `GET requests` and `GET requests/case-<number>` show cases with their public status
  (open/closed), status_notes, service_code, lat/long, address and times — **never** the
  reporter's name or phone, the household or building; the description and the status
  note's text only of cases that came in through Open311 (as for requests).

No view lives here: open311.views calls these and renders (JSON or XML, text escaped
there)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.cases.actions import do_report_open311
from gongzhi.cases.choices import OPEN_STATUSES, Channel, Status
from gongzhi.cases.models import Case, Category
from gongzhi.org.models import Street

PREFIX = "case-"
CLOSED = (Status.CLOSED, Status.RATED, Status.NOT_ACCEPTED, Status.MERGED)
# The text rule's field names → the Open311 parameters (for 400 messages).
PARAMS = {
    "description": "description",
    "category": "service_code",
    "lat": "lat",
    "reporter_name": "last_name/first_name",
    "reporter_phone": "phone",
    "address": "address_string",
}


class Refused(Exception):
    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status, self.description = status, str(description)


def is_case(code: str | None) -> bool:
    return bool(code) and code.startswith(PREFIX)


def strip(code: str) -> str:
    return code[len(PREFIX) :][:40]


def _small_classes():
    return Category.objects.filter(parent__isnull=False, active=True).select_related("parent")


def services() -> list[dict]:
    return [
        {
            "service_code": f"{PREFIX}{c.code}",
            "service_name": c.name,
            "description": c.name_en or c.name,
            "metadata": False,
            "type": "realtime",
            "keywords": "",
            "group": c.parent.name,
        }
        for c in _small_classes().order_by("code")
    ]


def category(code: str) -> Category | None:
    return _small_classes().filter(code=strip(code)).first()


def create(post_arg, code: str, street_id: int, client: str, lat, lng) -> dict:
    """Report a case from an Open311 POST; `post_arg(name)` reads an argument (empty =
    missing). Raises Refused (404 unknown service_code, 400 broken rule)."""
    found = category(code)
    if found is None:
        raise Refused(404, _("Unknown service_code: %(code)s.") % {"code": code[:40]})
    if lat is None or lng is None:
        raise Refused(400, _("lat and long are required for this service_code."))
    name = " ".join(p for p in (post_arg("last_name"), post_arg("first_name")) if p)
    try:
        case = do_report_open311(
            None,
            Street.objects.get(pk=street_id),
            client=client,
            category=found,
            description=post_arg("description") or "",
            lat=lat,
            lng=lng,
            address=post_arg("address_string") or "",
            reporter_name=name[:50],
            reporter_phone=(post_arg("phone") or "")[:30],
        )
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            parts = [f"{PARAMS.get(k, k)}: {m}" for k, ms in exc.message_dict.items() for m in ms]
        else:
            parts = exc.messages
        raise Refused(400, " ".join(parts)) from None
    return {
        "service_request_id": f"{PREFIX}{case.number}",
        "token": None,
        "service_notice": "",
        "account_id": None,
    }


def _iso(dt) -> str | None:
    return timezone.localtime(dt).isoformat(timespec="seconds") if dt else None


def row(case: Case) -> dict:
    """What Open311 shows of a case: no reporter, no household, no building."""
    closed = case.status in CLOSED
    public = case.channel == Channel.OPEN311
    label = str(case.get_status_display())
    due = case.current_due() if case.status in OPEN_STATUSES else None
    return {
        "service_request_id": f"{PREFIX}{case.number}",
        "status": "closed" if closed else "open",
        "status_notes": f"{label}: {case.status_note}" if public and case.status_note else label,
        "service_name": case.category.name,
        "service_code": f"{PREFIX}{case.category.code}",
        "description": case.description if public else "",
        "agency_responsible": case.unit.name if case.unit_id else case.street.name,
        "service_notice": "",
        "requested_datetime": _iso(case.reported_at),
        "updated_datetime": _iso(case.updated_at),
        "expected_datetime": _iso(due),
        "address": case.address,
        "address_id": "",
        "zipcode": "",
        "lat": str(case.lat) if case.lat is not None else "",
        "long": str(case.lng) if case.lng is not None else "",
        "media_url": "",
    }


def _rows_qs():
    return Case.objects.select_related("category", "unit", "street").only(
        "number",
        "status",
        "status_note",
        "channel",
        "description",
        "address",
        "lat",
        "lng",
        "reported_at",
        "updated_at",
        "due_accept",
        "due_dispatch",
        "due_handle",
        "due_verify",
        "category__name",
        "category__code",
        "unit__name",
        "street__name",
    )


def rows(*, street=None, codes=None, numbers=None, start=None, end=None, status=None, limit=1000):
    """The cases of a GET requests: `numbers` (case numbers) overrides the other filters;
    `codes` are small-class codes; `status` a set of "open"/"closed"."""
    qs = _rows_qs()
    if street is not None:
        qs = qs.filter(street=street)
    if numbers is not None:
        qs = qs.filter(number__in=numbers)
    else:
        if codes is not None:
            qs = qs.filter(category__code__in=codes)
        if start:
            qs = qs.filter(reported_at__gte=start)
        if end:
            qs = qs.filter(reported_at__lte=end)
        if status == {"open"}:
            qs = qs.exclude(status__in=CLOSED)
        elif status == {"closed"}:
            qs = qs.filter(status__in=CLOSED)
    return [row(c) for c in qs.order_by("-reported_at", "-pk")[:limit]]


def one(number: str, street=None) -> dict | None:
    qs = _rows_qs().filter(number=number[:16])
    if street is not None:
        qs = qs.filter(street=street)
    case = qs.first()
    return row(case) if case is not None else None


def definition(code: str) -> dict | None:
    found = category(code)
    if found is None:
        return None
    return {"service_code": f"{PREFIX}{found.code}", "attributes": []}
