"""The filtered list of requests (GET requests.json / .xml), the busiest read of Open311
(docs/performance.md, issue 12): one query whatever the number of rows, and exactly the
answer the spec's fields call for — checked here against rows worked out independently
from model instances, in Python, without the view's query or its row code."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone, translation

from gongzhi.core import text
from gongzhi.services import actions
from gongzhi.services.models import CLOSED_STATUSES, OPEN_STATUSES, ServiceRequest
from tests.open311.test_open311 import BASE

pytestmark = pytest.mark.django_db

STATUSES = ["submitted", "accepted", "completed", "transferred", "refused", "rated", "withdrawn"]
CHANNELS = ["open311", "window", "online"]


def make_requests(menu, world, users, n):
    """n requests of two items (one with a department), through the action, then varied by
    plain UPDATEs: channel, status, notes, transfer, position or not, due date or not, text
    that XML must escape or drop, and submission times with ties and microseconds."""
    items = [menu["permit"], menu["simple"]]
    base = timezone.now().replace(microsecond=654321) - datetime.timedelta(days=3)
    for i in range(n):
        req = actions.submit_request(
            items[i % 2],
            street=world["s1"],
            community=world["c1"],
            channel="window",
            user=users["station_staff"],
            applicant_name="王五",
            description=f"第{i}号：路灯 <不亮> & 闪烁",
            values={"reason": "work", "since": "2026-01-05"} if i % 2 == 0 else {},
        )
        public = CHANNELS[i % 3] == "open311"
        k = i - (i % 3 == 2)  # every third request shares the time of the one before it
        ServiceRequest.objects.filter(pk=req.pk).update(
            channel=CHANNELS[i % 3],
            status=STATUSES[i % len(STATUSES)],
            # a control character as a legacy row may hold (XML drops it)
            description=f"第{i}号：路灯 <不亮> & 闪烁" + ("\x07" if i % 2 else ""),
            status_note="已派单 & <处理中>" if i % 4 == 0 else "",
            transferred_to="区水务局" if i % 5 == 0 else "",
            lat="32.045000" if public and i % 2 == 0 else None,
            lng="118.785123" if public and i % 2 == 0 else None,
            address="中山路 1 号 & 2 号" if i % 3 else "",
            address_id=f"A{i}" if i % 2 else "",
            media_url="http://example.com/p.jpg?a=1&b=2" if i % 4 == 1 else "",
            due_date=None if i % 6 == 0 else datetime.date(2026, 12, 1 + i % 9),
            submitted_at=base + datetime.timedelta(minutes=7 * k, microseconds=k),
            updated_at=base + datetime.timedelta(days=1, seconds=31 * i),
        )
    return items


def expected_rows(keep):
    """The rows a list should answer, worked out from model instances in Python: the ones
    `keep` accepts, newest first (ties by number), at most 1000."""
    rows = [r for r in ServiceRequest.objects.select_related("item__department", "street")]
    rows = sorted((r for r in rows if keep(r)), key=lambda r: (r.submitted_at, r.pk), reverse=True)
    return [expected_row(r) for r in rows[:1000]]


def expected_row(r: ServiceRequest) -> dict:
    public = r.channel == ServiceRequest.Channel.OPEN311
    closed = r.status in CLOSED_STATUSES
    label = r.get_status_display()
    due = None
    if r.due_date and not closed:
        due = timezone.make_aware(datetime.datetime.combine(r.due_date, datetime.time(18, 0)))

    def iso(dt):
        return timezone.localtime(dt).isoformat(timespec="seconds") if dt else None

    return {
        "service_request_id": str(r.pk),
        "status": "closed" if closed else "open",
        "status_notes": f"{label}: {r.status_note}" if public and r.status_note else label,
        "service_name": r.item.name,
        "service_code": str(r.item_id),
        "description": r.description if public else "",
        "agency_responsible": r.transferred_to
        or (r.item.department.name if r.item.department_id else r.street.name),
        "service_notice": "",
        "requested_datetime": iso(r.submitted_at),
        "updated_datetime": iso(r.updated_at),
        "expected_datetime": iso(due),
        "address": r.address if public else "",
        "address_id": r.address_id if public else "",
        "zipcode": "",
        "lat": str(r.lat) if public and r.lat is not None else "",
        "long": str(r.lng) if public and r.lng is not None else "",
        "media_url": r.media_url if public else "",
    }


def as_xml_text(row: dict) -> dict:
    """What the XML answer holds for a row: text sanitized, None as an empty element."""
    return {k: text.sanitize(v) if v is not None else "" for k, v in row.items()}


def xml_rows(content: bytes) -> list[dict]:
    root = ET.fromstring(content)
    assert root.tag == "service_requests"
    return [{child.tag: child.text or "" for child in request} for request in root]


@pytest.fixture
def many(menu, world, users):
    return make_requests(menu, world, users, 42)


def test_filtered_list_is_one_query_whatever_its_length(
    client, menu, world, users, django_assert_num_queries
):
    make_requests(menu, world, users, 3)
    since = (timezone.now() - datetime.timedelta(days=10)).isoformat()
    query = {"service_code": str(menu["permit"].pk), "status": "open", "start_date": since}
    with django_assert_num_queries(1):
        few = client.get(f"{BASE}requests.json", query).json()
    make_requests(menu, world, users, 70)
    for fmt in ("json", "xml"):
        with django_assert_num_queries(1):  # the rows with item, department and street names
            r = client.get(f"{BASE}requests.{fmt}", query)
        assert r.status_code == 200
    many = r.content.count(b"<request>")
    assert many > len(few) and many >= 10
    # the jurisdiction is looked up once, not per row
    with django_assert_num_queries(2):
        client.get(f"{BASE}requests.json", {**query, "jurisdiction_id": "150204001000"})


def test_filtered_list_answers_the_same_rows_and_fields(client, menu, many):
    now = timezone.now()
    start, end = now - datetime.timedelta(days=3, hours=1), now - datetime.timedelta(days=1)
    permit = menu["permit"]
    query = {
        "service_code": str(permit.pk),
        "status": "open",
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
    }
    want = expected_rows(
        lambda r: (
            r.item_id == permit.pk and r.status in OPEN_STATUSES and start <= r.submitted_at <= end
        )
    )
    assert 5 <= len(want) < ServiceRequest.objects.count()
    assert client.get(f"{BASE}requests.json", query).json() == want
    assert xml_rows(client.get(f"{BASE}requests.xml", query).content) == [
        as_xml_text(row) for row in want
    ]


@pytest.mark.parametrize(
    "query, keep",
    [
        ({}, lambda r: True),  # the last 90 days: all of them
        ({"status": "closed"}, lambda r: r.status in CLOSED_STATUSES),
        ({"status": "open,closed", "service_code": "{simple}"}, lambda r: r.item.code == "T002"),
    ],
)
def test_other_lists_answer_the_same_rows_and_fields(client, menu, many, query, keep):
    query = {k: v.format(simple=menu["simple"].pk) for k, v in query.items()}
    want = expected_rows(keep)
    assert want
    assert client.get(f"{BASE}requests.json", query).json() == want


def test_list_speaks_the_chosen_language(client, menu, many, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the only way to choose (core)
    r = client.get(f"{BASE}requests.json", {"status": "open"})
    with translation.override("en"):
        want = expected_rows(lambda r: r.status in OPEN_STATUSES)
    assert r.json() == want
    assert {row["status_notes"].split(":")[0] for row in want} >= {"submitted", "accepted"}


def test_list_of_nothing_is_empty(client, menu, many):
    # a comma alone names no service: no row can match, and no query is needed for that
    assert client.get(f"{BASE}requests.json", {"service_code": ","}).json() == []
    assert xml_rows(client.get(f"{BASE}requests.xml", {"service_code": ","}).content) == []


def test_one_request_and_list_agree(client, many):
    rows = client.get(f"{BASE}requests.json", {"status": "open,closed"}).json()
    for row in rows[:5]:
        assert client.get(f"{BASE}requests/{row['service_request_id']}.json").json() == [row]
