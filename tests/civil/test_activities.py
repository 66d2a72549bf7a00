"""Activities (issue #14 §2, §4, §7): the activity's state machine, dispatch with
notifications, answers on the phone, sign-up, withdrawal, leaders posting for their group,
ratings after the activity."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from gongzhi.civil.actions import activities as actions
from gongzhi.civil.choices import LeaderKind
from gongzhi.civil.models import Activity, Assignment, Leader, Rating
from gongzhi.core.models import AuditEntry, Notification
from tests.civil import vol_helpers as h


def _api(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


@pytest.fixture
def people(users, world):
    admin = users["street_admin"]
    account = h.resident_account(world["c1"])
    return {
        "admin": admin,
        "account": account,
        "vol": h.volunteer(admin, world["c1"], world["g1"], account=account),
        "api": _api(account),
    }


def test_an_activity_is_created_as_a_draft_through_the_api(users, world):
    start = timezone.now() + datetime.timedelta(days=3)
    body = {
        "community": world["c1"].pk,
        "title": "助老送餐",
        "place": "幸福社区食堂",
        "starts_at": start.isoformat(),
        "ends_at": (start + datetime.timedelta(hours=2)).isoformat(),
        "people_needed": 4,
        "skills": [h.skill("companionship").pk],
    }
    resp = _api(users["street_admin"]).post("/api/civil/activities/", body, format="json")
    assert resp.status_code == 201, resp.content
    assert resp.json()["status"] == "draft"
    assert Activity.objects.get().coordinator == users["street_admin"]


def test_an_activity_ends_after_it_starts(users, world):
    start = timezone.now() + datetime.timedelta(days=3)
    body = {
        "community": world["c1"].pk,
        "title": "助老送餐",
        "place": "食堂",
        "starts_at": start.isoformat(),
        "ends_at": (start - datetime.timedelta(hours=1)).isoformat(),
    }
    resp = _api(users["street_admin"]).post("/api/civil/activities/", body, format="json")
    assert resp.status_code == 400
    assert resp.json()["ends_at"][0]["code"] == "civil_activity_ends"
    assert not Activity.objects.exists()


def test_only_a_published_activity_is_finished(users, world):
    a = h.activity(users["street_admin"], world["c1"], publish=False)
    api = _api(users["street_admin"])
    resp = api.post(f"/api/civil/activities/{a.pk}/finish/", {})
    assert resp.status_code == 400
    assert api.post(f"/api/civil/activities/{a.pk}/publish/", {}).json()["status"] == "published"
    assert api.post(f"/api/civil/activities/{a.pk}/finish/", {}).json()["status"] == "finished"


def test_dispatch_invites_and_notifies_in_one_step(people, world):
    p = people
    a = h.activity(p["admin"], world["c1"])
    other = h.volunteer(p["admin"], world["c1"], world["g2"])
    before = AuditEntry.objects.count()
    resp = _api(p["admin"]).post(
        f"/api/civil/activities/{a.pk}/dispatch/",
        {"volunteers": [p["vol"].pk, other.pk]},
        format="json",
    )
    assert resp.status_code == 200, resp.content
    assert Assignment.objects.filter(activity=a, status="invited").count() == 2
    assert Notification.objects.filter(user=p["account"]).count() == 1
    assert AuditEntry.objects.count() == before + 1


def test_dispatch_is_for_a_published_activity_only(people, world):
    a = h.activity(people["admin"], world["c1"], publish=False)
    resp = _api(people["admin"]).post(
        f"/api/civil/activities/{a.pk}/dispatch/", {"volunteers": [people["vol"].pk]}, format="json"
    )
    assert resp.status_code == 400
    assert resp.json()["activity"][0]["code"] == "civil_activity_not_open"
    assert not Assignment.objects.exists()


def test_a_volunteer_accepts_or_declines_on_the_phone(people, world):
    p = people
    a = h.activity(p["admin"], world["c1"])
    b = h.activity(p["admin"], world["c1"])
    actions.do_dispatch(p["admin"], a, [p["vol"]])
    actions.do_dispatch(p["admin"], b, [p["vol"]])
    mine = {x.activity_id: x.pk for x in Assignment.objects.filter(volunteer=p["vol"])}
    assert (
        p["api"].post(f"/api/civil/my-assignments/{mine[a.pk]}/accept/", {}).json()["status"]
        == "accepted"
    )
    resp = p["api"].post(f"/api/civil/my-assignments/{mine[b.pk]}/decline/", {"note": "出差"})
    assert resp.json()["status"] == "declined"
    # the coordinator hears of the refusal
    assert Notification.objects.filter(user=p["admin"]).count() == 1


def test_another_users_assignment_is_not_found(people, world, users):
    a = h.activity(people["admin"], world["c1"])
    actions.do_dispatch(people["admin"], a, [people["vol"]])
    assignment = Assignment.objects.get()
    stranger = h.resident_account(world["c1"])
    resp = _api(stranger).post(f"/api/civil/my-assignments/{assignment.pk}/accept/", {})
    assert resp.status_code == 404


def test_volunteers_sign_up_themselves_once(people, world):
    a = h.activity(people["admin"], world["c1"])
    api = people["api"]
    assert api.post("/api/civil/my-assignments/", {"activity": a.pk}).status_code == 201
    assert api.post("/api/civil/my-assignments/", {"activity": a.pk}).status_code == 201
    assert Assignment.objects.filter(activity=a).count() == 1


def test_a_full_activity_refuses_sign_ups(people, world):
    p = people
    a = h.activity(p["admin"], world["c1"], people=1)
    other = h.volunteer(p["admin"], world["c1"], world["g1"])
    actions.do_dispatch(p["admin"], a, [other])
    actions.do_accept(p["admin"], Assignment.objects.get(volunteer=other))
    resp = p["api"].post("/api/civil/my-assignments/", {"activity": a.pk})
    assert resp.status_code == 400
    assert resp.json()["non_field_errors"][0]["code"] == "civil_activity_full"
    assert Assignment.objects.filter(activity=a).count() == 1


def test_a_volunteer_withdraws_before_checking_in_only(people, world):
    p = people
    start = timezone.now() - datetime.timedelta(minutes=10)
    a = h.activity(p["admin"], world["c1"], start=start)
    resp = p["api"].post("/api/civil/my-assignments/", {"activity": a.pk})
    pk = resp.json()["id"]
    actions.do_check_in(p["admin"], Assignment.objects.get(pk=pk))
    resp = p["api"].post(f"/api/civil/my-assignments/{pk}/withdraw/", {})
    assert resp.status_code == 400
    assert resp.json()["non_field_errors"][0]["code"] == "civil_checked_in"
    assert Assignment.objects.get(pk=pk).status == "accepted"


def test_cancelling_an_activity_tells_the_people_on_it(people, world):
    p = people
    a = h.activity(p["admin"], world["c1"])
    actions.do_dispatch(p["admin"], a, [p["vol"]])
    Notification.objects.all().delete()
    _api(p["admin"]).post(f"/api/civil/activities/{a.pk}/cancel/", {"note": "下雨"})
    assert Assignment.objects.get().status == "cancelled"
    assert Notification.objects.filter(user=p["account"]).count() == 1


def test_participants_rate_a_finished_activity_once(people, world):
    p = people
    start = timezone.now() - datetime.timedelta(hours=3)
    a = h.activity(p["admin"], world["c1"], start=start)
    actions.do_register_attendance(
        p["admin"], a, [(p["vol"], start, start + datetime.timedelta(hours=2))]
    )
    pk = Assignment.objects.get().pk
    resp = p["api"].post(f"/api/civil/my-assignments/{pk}/rate/", {"stars": 5})
    assert resp.status_code == 400  # not finished yet
    actions.do_finish(p["admin"], a)
    assert p["api"].post(f"/api/civil/my-assignments/{pk}/rate/", {"stars": 5}).status_code == 201
    resp = p["api"].post(f"/api/civil/my-assignments/{pk}/rate/", {"stars": 4})
    assert resp.json()["non_field_errors"][0]["code"] == "civil_rating_twice"
    assert Rating.objects.count() == 1


def test_registered_attendance_records_the_hours(people, world):
    from gongzhi.civil.models import HoursEntry

    p = people
    start = timezone.now() - datetime.timedelta(hours=5)
    a = h.activity(p["admin"], world["c1"], start=start)
    actions.do_register_attendance(
        p["admin"], a, [(p["vol"], start, start + datetime.timedelta(hours=2))]
    )
    assert HoursEntry.objects.get(volunteer=p["vol"]).hours == 2


def test_a_leader_posts_an_activity_and_checks_people_in(people, world, client):
    p = people
    leader_account = h.resident_account(world["c1"])
    leader = h.resident(world["c1"], world["g1"], account=leader_account)
    Leader.objects.create(
        resident=leader, community=world["c1"], kind=LeaderKind.BUILDING_HEAD, active=True
    )
    start = timezone.now() - datetime.timedelta(minutes=5)
    act = actions.do_post_as_leader(
        leader_account,
        Activity(
            community=world["c1"],
            title="楼道清洁",
            place="3栋",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=1),
        ),
    )
    assert act.status == "published"
    p["api"].post("/api/civil/my-assignments/", {"activity": act.pk})
    assignment = Assignment.objects.get(activity=act)
    actions.do_check_in(leader_account, assignment)
    assert Assignment.objects.get(pk=assignment.pk).checked_in_at is not None


def test_a_resident_who_leads_nothing_cannot_post(people, world):
    start = timezone.now() + datetime.timedelta(days=1)
    with pytest.raises(Exception) as exc:
        actions.do_post_as_leader(
            people["account"],
            Activity(
                community=world["c1"],
                title="x",
                place="y",
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=1),
            ),
        )
    assert exc.value.code == "civil_activity_not_leader"
    assert not Activity.objects.exists()


def test_the_phone_page_lists_invitations_and_open_activities(people, world, client):
    p = people
    a = h.activity(p["admin"], world["c1"])
    b = h.activity(p["admin"], world["c1"])
    actions.do_dispatch(p["admin"], a, [p["vol"]])
    client.force_login(p["account"])
    page = client.get(reverse("civil:my_activities")).content.decode()
    assert reverse("civil:my_step", args=[Assignment.objects.get().pk]) in page
    assert 'name="step" value="accept"' in page
    assert reverse("civil:sign_up", args=[b.pk]) in page
    client.post(reverse("civil:sign_up", args=[b.pk]))
    assert Assignment.objects.filter(activity=b, status="accepted").exists()


def test_the_coordinator_page_proposes_and_dispatches(people, world, verified_client):
    p = people
    a = h.activity(p["admin"], world["c1"])
    c = verified_client(p["admin"])
    page = c.get(reverse("civil:activity", args=[a.pk])).content.decode()
    assert f'value="{p["vol"].pk}"' in page
    c.post(reverse("civil:activity_dispatch", args=[a.pk]), {"volunteer": [p["vol"].pk]})
    assert Assignment.objects.filter(activity=a, volunteer=p["vol"]).exists()
    assert c.get(reverse("civil:activity_qr", args=[a.pk]))["Content-Type"] == "image/svg+xml"
    assert c.get(reverse("civil:activities")).status_code == 200


def test_non_integer_ids_are_404(users):
    api = _api(users["street_admin"])
    assert api.get("/api/civil/activities/abc/").status_code == 404
    assert api.post("/api/civil/activities/abc/publish/", {}).status_code == 404
    assert api.get("/api/civil/activities/abc/propose/").status_code == 404


def test_the_new_activity_page_creates_a_draft(users, world, verified_client):
    c = verified_client(users["street_admin"])
    start = timezone.localtime() + datetime.timedelta(days=2)
    resp = c.post(
        reverse("civil:activity_new"),
        {
            "community": world["c1"].pk,
            "kind": "elder",
            "title": "陪同就医",
            "place": "社区医院",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "people_needed": 2,
        },
    )
    assert resp.status_code == 302, resp.content.decode()[:2000]
    assert Activity.objects.get().status == "draft"


def test_the_phone_page_accepts_an_invitation(people, world, client):
    p = people
    a = h.activity(p["admin"], world["c1"])
    actions.do_dispatch(p["admin"], a, [p["vol"]])
    client.force_login(p["account"])
    pk = Assignment.objects.get().pk
    client.post(reverse("civil:my_step", args=[pk]), {"step": "accept"})
    assert Assignment.objects.get().status == "accepted"


def test_the_coordinator_checks_in_on_the_activity_page(people, world, verified_client):
    p = people
    a = h.activity(p["admin"], world["c1"], start=timezone.now() - datetime.timedelta(minutes=5))
    p["api"].post("/api/civil/my-assignments/", {"activity": a.pk})
    c = verified_client(p["admin"])
    pk = Assignment.objects.get().pk
    c.post(reverse("civil:assignment_step", args=[pk]), {"step": "check_in"})
    assert Assignment.objects.get().checked_in_at is not None
    c.post(reverse("civil:activity_step", args=[a.pk]), {"step": "finish"})
    assert Activity.objects.get().status == "finished"
