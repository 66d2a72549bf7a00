"""Check-in and check-out (issue #14 §4): scanning the activity's code at the place, or the
coordinator; check-out records the hours; bad input is refused with a code and nothing is
written; a retried scan records one entry."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from gongzhi.civil.actions import activities as actions
from gongzhi.civil.models import Assignment, HoursEntry
from gongzhi.core.models import AuditEntry
from tests.civil import vol_helpers as h


@pytest.fixture
def setup(users, world):
    admin = users["street_admin"]
    account = h.resident_account(world["c1"])
    vol = h.volunteer(admin, world["c1"], world["g1"], account=account)
    now = timezone.now()
    act = h.activity(admin, world["c1"], start=now - datetime.timedelta(minutes=30), hours=3)
    actions.do_dispatch(admin, act, [vol])
    assignment = Assignment.objects.get(activity=act, volunteer=vol)
    actions.do_accept(account, assignment)
    api = APIClient()
    api.force_authenticate(account)
    return {"admin": admin, "account": account, "vol": vol, "act": act, "a": assignment, "api": api}


def _post(s, step, token=None, pk=None):
    token = s["act"].qr_token if token is None else token
    url = f"/api/civil/my-assignments/{pk or s['a'].pk}/{step}/"
    return s["api"].post(url, {"token": token}, format="json")


def test_scanning_checks_in_then_out_and_records_the_hours(setup):
    s = setup
    assert _post(s, "check-in").status_code == 200
    a = Assignment.objects.get(pk=s["a"].pk)
    a.checked_in_at = timezone.now() - datetime.timedelta(hours=2)
    a.save()  # two hours later
    r = _post(s, "check-out")
    assert r.status_code == 200, r.content
    entry = HoursEntry.objects.get(assignment=s["a"])
    assert entry.hours == pytest.approx(2, abs=0.02)
    s["vol"].refresh_from_db()
    assert s["vol"].total_hours == entry.hours


def test_a_code_that_is_not_the_activitys_is_refused(setup):
    r = _post(setup, "check-in", token="wrong-token")
    assert r.status_code == 400
    assert r.json()["token"][0]["code"] == "civil_checkin_token"
    assert Assignment.objects.get(pk=setup["a"].pk).checked_in_at is None


def test_scanning_outside_the_activitys_time_is_refused(setup, users, world):
    s = setup
    later = h.activity(s["admin"], world["c1"], start=timezone.now() + datetime.timedelta(days=3))
    actions.do_dispatch(s["admin"], later, [s["vol"]])
    a = Assignment.objects.get(activity=later, volunteer=s["vol"])
    actions.do_accept(s["account"], a)
    r = _post(s, "check-in", token=later.qr_token, pk=a.pk)
    assert r.json()["token"][0]["code"] == "civil_checkin_window"


def test_overlapping_check_ins_are_refused_and_nothing_is_written(setup, world):
    s = setup
    assert _post(s, "check-in").status_code == 200
    other = h.activity(
        s["admin"], world["c1"], start=timezone.now() - datetime.timedelta(minutes=10)
    )
    actions.do_dispatch(s["admin"], other, [s["vol"]])
    a = Assignment.objects.get(activity=other, volunteer=s["vol"])
    actions.do_accept(s["account"], a)
    before = AuditEntry.objects.count()
    r = _post(s, "check-in", token=other.qr_token, pk=a.pk)
    assert r.status_code == 400
    assert r.json()["token"][0]["code"] == "civil_checkin_elsewhere"
    assert Assignment.objects.get(pk=a.pk).checked_in_at is None
    assert AuditEntry.objects.count() == before


def test_a_retried_check_in_records_one_check_in(setup):
    s = setup
    assert _post(s, "check-in").status_code == 200
    first = Assignment.objects.get(pk=s["a"].pk).checked_in_at
    assert _post(s, "check-in").status_code == 200
    assert Assignment.objects.get(pk=s["a"].pk).checked_in_at == first


def test_a_retried_check_out_records_one_entry(setup):
    s = setup
    _post(s, "check-in")
    assert _post(s, "check-out").status_code == 200
    assert _post(s, "check-out").status_code == 200
    assert HoursEntry.objects.filter(volunteer=s["vol"]).count() == 1


def test_checking_out_without_checking_in_is_refused(setup):
    r = _post(setup, "check-out")
    assert r.status_code == 400
    assert r.json()["token"][0]["code"] == "civil_checkout_not_in"
    assert not HoursEntry.objects.exists()


def test_a_check_out_before_the_check_in_is_refused_and_nothing_written(setup):
    s = setup
    actions.do_check_in(s["admin"], s["a"])
    before = timezone.now() - datetime.timedelta(hours=1)
    with pytest.raises(Exception) as exc:
        actions.do_check_out(s["admin"], s["a"], at=before)
    assert exc.value.code == "civil_hours_end_before_start"
    assert Assignment.objects.get(pk=s["a"].pk).checked_out_at is None
    assert not HoursEntry.objects.exists()


def test_hours_over_24_in_a_day_are_refused_and_nothing_written(setup):
    s = setup
    actions.do_check_in(s["admin"], s["a"], at=timezone.now() - datetime.timedelta(hours=30))
    r = s["api"].post(
        f"/api/civil/my-assignments/{s['a'].pk}/check-out/", {"token": s["act"].qr_token}
    )
    assert r.status_code == 400
    assert r.json()["ended_at"][0]["code"] == "civil_hours_over_day"
    assert Assignment.objects.get(pk=s["a"].pk).checked_out_at is None
    assert not HoursEntry.objects.exists()


def test_the_coordinator_checks_people_in_and_out_through_the_api(setup, users):
    s = setup
    api = APIClient()
    api.force_authenticate(users["street_admin"])
    assert api.post(f"/api/civil/assignments/{s['a'].pk}/check-in/", {}).status_code == 200
    assert api.post(f"/api/civil/assignments/{s['a'].pk}/check-out/", {}).status_code == 200
    assert HoursEntry.objects.filter(assignment=s["a"]).count() == 1


def test_a_grid_worker_may_not_check_people_in(setup, users):
    api = APIClient()
    api.force_authenticate(users["grid_worker"])
    r = api.post(f"/api/civil/assignments/{setup['a'].pk}/check-in/", {})
    assert r.status_code in (403, 404)


def test_the_scan_page_checks_in_then_out(setup, client):
    s = setup
    client.force_login(s["account"])
    url = f"{reverse('civil:scan')}?t={s['act'].qr_token}"
    assert client.get(url).status_code == 200
    client.post(url)
    assert Assignment.objects.get(pk=s["a"].pk).checked_in_at is not None
    client.post(url)
    assert Assignment.objects.get(pk=s["a"].pk).checked_out_at is not None
    assert HoursEntry.objects.filter(assignment=s["a"]).count() == 1


def test_a_non_integer_id_is_404(setup):
    r = setup["api"].post("/api/civil/my-assignments/abc/check-in/", {"token": "x"})
    assert r.status_code == 404


def test_the_scan_page_without_an_activitys_code_says_how_to_use_it(setup, client):
    client.force_login(setup["account"])
    resp = client.get(reverse("civil:scan") + "?t=not-a-code")
    assert resp.status_code == 200
    assert not Assignment.objects.filter(checked_in_at__isnull=False).exists()
