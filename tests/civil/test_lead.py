"""A residents' leader's own activities (issue #14 §2): the phone page civil:lead posts an
activity for their group and registers who came; the same through /api/civil/my-activities/.
A resident who leads nothing is refused with nothing written; another leader's activity is
not found."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from gongzhi.civil.actions import leaders as leader_actions
from gongzhi.civil.choices import LeaderKind
from gongzhi.civil.models import Activity, Assignment, HoursEntry, Leader
from gongzhi.core.models import AuditEntry
from tests.civil import vol_helpers as h

WHEN = "%Y-%m-%dT%H:%M"


def _leader(admin, community, grid):
    account = h.resident_account(community)
    resident = h.resident(community, grid, account=account)
    leader_actions.do_recognize_leader(
        admin, Leader(resident=resident, kind=LeaderKind.RESIDENT_LEADER, group_name="广场舞队")
    )
    return account


def _api(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


@pytest.fixture
def lead(users, world):
    admin = users["street_admin"]
    account = _leader(admin, world["c1"], world["g1"])
    start = timezone.localtime().replace(second=0, microsecond=0) - datetime.timedelta(days=1)
    return {
        "admin": admin,
        "account": account,
        "vols": [h.volunteer(admin, world["c1"], world["g1"]) for _ in range(3)],
        "start": start,
    }


def _post_as_leader(account, community, start, title="楼道清洁"):
    from gongzhi.civil.actions import activities as actions

    return actions.do_post_as_leader(
        account,
        Activity(
            community=community,
            title=title,
            place="3栋",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
        ),
    )


def _form(community, start, title="楼道清洁"):
    return {
        "community": community.pk,
        "title": title,
        "content": "",
        "place": "3栋楼道",
        "starts_at": start.strftime(WHEN),
        "ends_at": (start + datetime.timedelta(hours=2)).strftime(WHEN),
        "people_needed": 4,
    }


def test_a_leader_posts_an_activity_for_their_group_from_the_page(lead, world, verified_client):
    c = verified_client(lead["account"])
    page = c.get(reverse("civil:lead"))
    assert page.status_code == 200 and "广场舞队" in page.content.decode()
    resp = c.post(reverse("civil:lead"), _form(world["c1"], lead["start"]))
    act = Activity.objects.get()
    assert resp.status_code == 302 and resp.url == reverse("civil:lead_attendance", args=[act.pk])
    assert act.status == "published" and act.coordinator == lead["account"]
    assert AuditEntry.objects.filter(verb="civil.do_post_as_leader").count() == 1


def test_a_resident_who_leads_nothing_is_refused_on_the_page(users, world, verified_client):
    account = h.resident_account(world["c1"])
    h.resident(world["c1"], world["g1"], account=account)
    c = verified_client(account)
    start = timezone.localtime() + datetime.timedelta(days=1)
    resp = c.post(reverse("civil:lead"), _form(world["c1"], start))
    assert resp.status_code == 403
    assert "data-refused" in resp.content.decode()
    assert not Activity.objects.exists()


def test_a_leader_posts_only_in_a_community_they_lead_in(lead, world, verified_client):
    c = verified_client(lead["account"])
    resp = c.post(reverse("civil:lead"), _form(world["c2"], lead["start"]))
    assert resp.status_code == 200  # the form again, the community refused by the form
    assert resp.context["form"].errors["community"]
    assert not Activity.objects.exists()


def test_attendance_registered_on_the_page_records_the_hours(lead, world, verified_client):
    act = _post_as_leader(lead["account"], world["c1"], lead["start"])
    c = verified_client(lead["account"])
    page = c.get(reverse("civil:lead_attendance", args=[act.pk]))
    assert page.status_code == 200
    a, b, _ = lead["vols"]
    late = lead["start"] + datetime.timedelta(minutes=30)
    resp = c.post(
        reverse("civil:lead_attendance", args=[act.pk]),
        {f"v{a.pk}": "on", f"v{b.pk}": "on", f"s{b.pk}": late.strftime(WHEN)},
    )
    assert resp.status_code == 302
    assert HoursEntry.objects.get(volunteer=a).hours == 2
    assert HoursEntry.objects.get(volunteer=b).hours == 1.5
    assert Assignment.objects.filter(activity=act, checked_out_at__isnull=False).count() == 2


def test_an_overlapping_row_refuses_the_whole_attendance(lead, world, verified_client):
    earlier = _post_as_leader(lead["account"], world["c1"], lead["start"], title="早先")
    a, b, _ = lead["vols"]
    c = verified_client(lead["account"])
    c.post(reverse("civil:lead_attendance", args=[earlier.pk]), {f"v{b.pk}": "on"})
    assert HoursEntry.objects.count() == 1
    act = _post_as_leader(lead["account"], world["c1"], lead["start"] + datetime.timedelta(hours=1))
    resp = c.post(
        reverse("civil:lead_attendance", args=[act.pk]), {f"v{a.pk}": "on", f"v{b.pk}": "on"}
    )
    assert resp.status_code == 200 and resp.context["form"].errors
    assert HoursEntry.objects.count() == 1  # nothing of the batch, not even a's
    assert not Assignment.objects.filter(activity=act).exists()


def test_attendance_with_nobody_ticked_is_refused(lead, world, verified_client):
    act = _post_as_leader(lead["account"], world["c1"], lead["start"])
    c = verified_client(lead["account"])
    resp = c.post(reverse("civil:lead_attendance", args=[act.pk]), {})
    assert resp.status_code == 200 and resp.context["form"].non_field_errors()
    assert not HoursEntry.objects.exists()


def test_another_leaders_activity_is_not_found(lead, users, world, verified_client):
    act = _post_as_leader(lead["account"], world["c1"], lead["start"])
    other = _leader(lead["admin"], world["c1"], world["g1"])
    c = verified_client(other)
    assert c.get(reverse("civil:lead_attendance", args=[act.pk])).status_code == 404
    assert _api(other).get(f"/api/civil/my-activities/{act.pk}/").status_code == 404
    body = {"volunteers": [lead["vols"][0].pk]}
    resp = _api(other).post(f"/api/civil/my-activities/{act.pk}/attendance/", body, format="json")
    assert resp.status_code == 404
    assert not HoursEntry.objects.exists()


def test_a_leader_posts_and_lists_activities_through_the_api(lead, world):
    api = _api(lead["account"])
    start = lead["start"] + datetime.timedelta(days=3)
    body = {
        "community": world["c1"].pk,
        "title": "楼道清洁",
        "place": "3栋",
        "starts_at": start.isoformat(),
        "ends_at": (start + datetime.timedelta(hours=2)).isoformat(),
    }
    resp = api.post("/api/civil/my-activities/", body, format="json")
    assert resp.status_code == 201, resp.content
    assert resp.json()["status"] == "published"
    listed = api.get("/api/civil/my-activities/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [r["id"] for r in rows] == [resp.json()["id"]]


def test_a_resident_who_leads_nothing_cannot_post_through_the_api(world):
    account = h.resident_account(world["c1"])
    start = timezone.now() + datetime.timedelta(days=3)
    body = {
        "community": world["c1"].pk,
        "title": "x",
        "place": "y",
        "starts_at": start.isoformat(),
        "ends_at": (start + datetime.timedelta(hours=1)).isoformat(),
    }
    resp = _api(account).post("/api/civil/my-activities/", body, format="json")
    assert resp.status_code == 400
    assert resp.json()["community"][0]["code"] == "civil_activity_not_leader"
    assert not Activity.objects.exists()


def test_attendance_through_the_api_records_the_hours_all_or_nothing(lead, world):
    act = _post_as_leader(lead["account"], world["c1"], lead["start"])
    api = _api(lead["account"])
    a, b, c = lead["vols"]
    url = f"/api/civil/my-activities/{act.pk}/attendance/"
    late = lead["start"] + datetime.timedelta(hours=1)
    bad = {
        "volunteers": [a.pk],
        "rows": [{"volunteer": b.pk, "started_at": late.isoformat(), "ended_at": late.isoformat()}],
    }
    resp = api.post(url, bad, format="json")
    assert resp.status_code == 400  # b's end is not after the start: a is not recorded either
    assert not HoursEntry.objects.exists()
    twice = {"volunteers": [a.pk], "rows": [{"volunteer": a.pk, **_times(late)}]}
    assert api.post(url, twice, format="json").status_code == 400
    body = {"volunteers": [a.pk], "rows": [{"volunteer": b.pk, **_times(late)}]}
    resp = api.post(url, body, format="json")
    assert resp.status_code == 200, resp.content
    assert HoursEntry.objects.get(volunteer=a).hours == 2
    assert HoursEntry.objects.get(volunteer=b).hours == 1


def _times(start):
    return {
        "started_at": start.isoformat(),
        "ended_at": (start + datetime.timedelta(hours=1)).isoformat(),
    }


def test_a_leaders_unrecorded_activity_is_on_their_workbench(lead, world, verified_client):
    from gongzhi.civil.views.lead import to_record

    act = _post_as_leader(lead["account"], world["c1"], lead["start"])
    assert list(to_record(lead["account"])) == [act]
    c = verified_client(lead["account"])
    c.post(reverse("civil:lead_attendance", args=[act.pk]), {f"v{lead['vols'][0].pk}": "on"})
    assert not to_record(lead["account"]).exists()


def test_the_workbench_counts_a_leaders_activities_to_record(lead, world, verified_client):
    _post_as_leader(lead["account"], world["c1"], lead["start"])
    page = verified_client(lead["account"]).get(reverse("home")).content.decode()
    assert 'data-todo="civil-lead-attendance" data-count="1"' in page


def test_the_volunteer_page_links_a_leader_to_their_groups_activities(lead, world, verified_client):
    c = verified_client(lead["account"])
    from gongzhi.civil.actions import volunteers as registration

    registration.do_register_volunteer(
        lead["admin"],
        lead["account"].registry_resident,
        consent_version=registration.CONSENT_VERSION,
    )
    assert reverse("civil:lead") in c.get(reverse("civil:my_activities")).content.decode()


def test_a_title_with_control_characters_is_refused_through_the_api(lead, world):
    start = lead["start"] + datetime.timedelta(days=3)
    body = {
        "community": world["c1"].pk,
        "title": "楼道\x0b清洁",
        "place": "3栋",
        "starts_at": start.isoformat(),
        "ends_at": (start + datetime.timedelta(hours=2)).isoformat(),
    }
    resp = _api(lead["account"]).post("/api/civil/my-activities/", body, format="json")
    assert resp.status_code == 400 and "title" in resp.json()
    assert not Activity.objects.exists()
