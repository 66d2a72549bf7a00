"""The lean path of Open311 (docs/performance.md): its own middleware stack, per-process
copies of the item definition and the calendar, and the new request written in one
statement on PostgreSQL — doing the same work as before, checked here."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from gongzhi.core import audit
from gongzhi.core.models import AuditEntry
from gongzhi.open311.models import ApiKey, hash_key
from gongzhi.services.models import ItemField, RequestTransition, ServiceRequest
from gongzhi.workdays.models import CalendarDay
from gongzhi.workdays.services import Calendar
from tests.open311.test_open311 import BASE, good, post

pytestmark = pytest.mark.django_db


def test_open311_keeps_the_security_headers_without_the_browser_stack(client, menu, key):
    client.cookies["sessionid"] = "not-a-session"
    for r in (client.get(f"{BASE}services.json"), post(client, **good(key, menu))):
        assert r.status_code == 200
        assert r["X-Request-ID"] and r["Content-Security-Policy"].startswith("default-src")
        assert r["X-Frame-Options"] == "DENY" and r["X-Content-Type-Options"] == "nosniff"
        assert r["Content-Length"] == str(len(r.content))
        # No session, CSRF or language cookie is read or written for machine clients.
        assert not r.cookies


def test_other_paths_keep_the_full_stack(client, db):
    r = client.get("/accounts/login/")
    assert "csrftoken" in r.cookies


def test_audit_entry_names_client_address_and_request_id(client, menu, key, settings):
    settings.GONGZHI_TRUSTED_PROXIES = 2  # two proxies appended to X-Forwarded-For
    r = client.post(
        f"{BASE}requests.json",
        good(key, menu),
        HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.1",
        HTTP_X_REQUEST_ID="abcdef12-3456-7890",
    )
    assert r.status_code == 200 and r["X-Request-ID"] == "abcdef1234567890"
    entry = AuditEntry.objects.get(content_type__model="servicerequest")
    assert (entry.ip, entry.request_id, entry.source) == (
        "203.0.113.9",
        "abcdef1234567890",
        "open311",
    )


def test_new_request_is_stored_with_its_step_and_full_audit_snapshot(client, menu, key):
    r = post(client, **good(key, menu, phone="13812345678"))
    req = ServiceRequest.objects.get(pk=r.json()[0]["service_request_id"])
    assert req.applicant_phone == "13812345678"  # encrypted on the way in, like save()
    [step] = RequestTransition.objects.filter(request=req)
    assert (step.action, step.from_status, step.to_status) == ("submit", "", "submitted")
    entry = AuditEntry.objects.get(content_type__model="servicerequest", object_id=str(req.pk))
    assert entry.action == AuditEntry.Action.CREATE and entry.before is None
    assert entry.after == audit.snapshot(req)  # what core.signals writes on save()
    assert entry.after["id"] == req.pk and "applicant_phone" not in entry.after
    assert entry.object_repr == str(req)


def test_repeated_post_reads_only_the_key(
    client, menu, key, django_assert_max_num_queries, django_assert_num_queries
):
    assert post(client, **good(key, menu)).status_code == 200  # loads the item, the calendar
    if connection.vendor == "postgresql":
        # api_key; request + step + audit entry in one statement (the notification task is
        # queued after commit)
        with django_assert_num_queries(2):
            assert post(client, **good(key, menu)).status_code == 200
    else:
        with django_assert_max_num_queries(6):
            assert post(client, **good(key, menu)).status_code == 200


def test_revoked_key_is_refused_at_once(client, menu, key):
    assert post(client, **good(key, menu)).status_code == 200
    api_key = ApiKey.objects.get(key_hash=hash_key(key))
    api_key.active = False
    api_key.save()
    assert post(client, **good(key, menu)).status_code == 403


def test_item_edits_reach_open311_at_once_in_this_process(client, menu, key):
    assert post(client, **good(key, menu)).status_code == 200
    ItemField.objects.create(
        item=menu["permit"], code="floor", label="楼层", required=True, order=9
    )
    r = post(client, **good(key, menu))
    assert r.status_code == 400 and "attribute[floor]" in r.json()[0]["description"]
    item = menu["permit"]
    item.active_until = timezone.localdate() - datetime.timedelta(days=1)
    item.save()
    assert post(client, **good(key, menu, **{"attribute[floor]": "3"})).status_code == 404


def test_calendar_edits_reach_the_due_date(client, menu, key):
    first = post(client, **good(key, menu)).json()[0]["service_request_id"]
    due = ServiceRequest.objects.get(pk=first).due_date
    # Make every working day up to the due date a holiday: the limit must move past them.
    day = timezone.localdate()
    while day < due:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            CalendarDay.objects.create(date=day, kind=CalendarDay.Kind.HOLIDAY, name="假")
    second = post(client, **good(key, menu)).json()[0]["service_request_id"]
    later = ServiceRequest.objects.get(pk=second).due_date
    assert later > due
    assert later == Calendar.load().add_working_days(timezone.localdate(), 5)


def test_one_request_respects_jurisdiction(client, menu, key, world):
    pk = post(client, **good(key, menu)).json()[0]["service_request_id"]
    url = f"{BASE}requests/{pk}.json"
    for _ in range(2):  # the second time from the compiled query
        r = client.get(url, {"jurisdiction_id": world["s1"].division_code})
        assert r.status_code == 200 and r.json()[0]["service_request_id"] == pk
        assert client.get(url, {"jurisdiction_id": world["s2"].division_code}).status_code == 404
        assert client.get(url).json()[0]["lat"] == "32.045000"
    assert client.get(f"{BASE}requests/{2**63 + 5}.json").status_code == 404
