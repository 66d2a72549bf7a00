"""The patrol (巡查, issue #13 item 8): start, route points in batches, end, from the phone
page and the API; a case reported on the patrol is linked to it; one open patrol per grid
worker; nobody else records on a grid worker's patrol."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from gongzhi.cases import actions
from gongzhi.cases.models import Patrol, PatrolPoint
from gongzhi.core.errors import Denied
from gongzhi.core.models import AuditEntry
from tests.cases.conftest import jpeg
from tests.cases.test_flow import codes


def _points(n, start=None, step_s=30):
    start = start or timezone.now() - datetime.timedelta(minutes=5)
    return [
        {
            "lat": f"{40.66 + i * 0.0003:.6f}",
            "lng": "109.840000",
            "at": (start + datetime.timedelta(seconds=i * step_s)).isoformat(),
        }
        for i in range(n)
    ]


@pytest.fixture
def patrol(users, world):
    started = actions.do_start_patrol(users["grid_worker"], world["g1"])
    Patrol.objects.filter(pk=started.pk).update(
        started_at=timezone.now() - datetime.timedelta(minutes=10)
    )
    started.refresh_from_db()
    return started


def test_start_add_points_and_end_a_patrol_from_the_phone(verified_client, users, world, tree):
    client = verified_client(users["grid_worker"])
    day = client.get(reverse("cases:my_day")).content.decode()
    assert reverse("cases:patrol_start") in day
    answer = client.post(reverse("cases:patrol_start"), {"grid": world["g1"].pk})
    patrol = Patrol.objects.get()
    assert answer.status_code == 302 and answer.url == patrol.get_absolute_url()
    assert patrol.grid == world["g1"] and patrol.grid_worker == users["grid_worker"]
    page = client.get(patrol.get_absolute_url()).content.decode()
    assert "patrol.js" in page and reverse("cases:patrol_points", args=[patrol.pk]) in page
    url = reverse("cases:patrol_points", args=[patrol.pk])
    batch = {"points": _points(3, start=patrol.started_at)}
    answer = client.post(url, json.dumps(batch), content_type="application/json")
    assert answer.status_code == 200 and answer.json() == {"points": 3}
    # The phone sends the batch again (its answer was lost): nothing is stored twice.
    again = client.post(url, json.dumps(batch), content_type="application/json")
    assert again.json() == {"points": 3}
    # A case reported on the patrol is linked to it.
    client.post(
        reverse("cases:report"),
        {
            "category": tree["noise"].pk,
            "description": "占道经营",
            "urgency": "normal",
            "photos": [jpeg()],
        },
    )
    patrol.refresh_from_db()
    assert patrol.cases.count() == 1
    answer = client.post(reverse("cases:patrol_end", args=[patrol.pk]), {"notes": "一切正常"})
    assert answer.status_code == 302
    patrol.refresh_from_db()
    assert patrol.ended_at is not None and "一切正常" in patrol.notes
    page = client.get(patrol.get_absolute_url()).content.decode()
    assert "patrol-route" in page and "patrol-recorder" not in page  # the map, no recorder


def test_each_patrol_action_writes_one_audit_event(users, world):
    verbs = ["cases.do_start_patrol", "cases.do_add_patrol_points", "cases.do_end_patrol"]
    patrol = actions.do_start_patrol(users["grid_worker"], world["g1"])
    actions.do_add_patrol_points(users["grid_worker"], patrol, _points(2, patrol.started_at))
    actions.do_end_patrol(users["grid_worker"], patrol)
    for verb in verbs:
        assert AuditEntry.objects.filter(verb=verb).count() == 1


def test_starting_again_in_the_grid_resumes_the_open_patrol(users, world, patrol, verified_client):
    # The phone presses start again (its answer was lost, the page was closed): the open
    # patrol resumes, with the notes added; no second patrol.
    again = actions.do_start_patrol(users["grid_worker"], world["g1"], notes="继续巡查")
    assert again.pk == patrol.pk and again.resumed and again.is_open
    assert Patrol.objects.count() == 1 and "继续巡查" in Patrol.objects.get().notes
    client = verified_client(users["grid_worker"])
    answer = client.post(reverse("cases:patrol_start"), {"grid": world["g1"].pk})
    assert answer.status_code == 302 and answer.url == patrol.get_absolute_url()
    assert Patrol.objects.count() == 1
    actions.do_end_patrol(users["grid_worker"], patrol)
    fresh = actions.do_start_patrol(users["grid_worker"], world["g1"])
    assert fresh.pk != patrol.pk and fresh.is_open and not fresh.resumed


def test_one_open_patrol_per_grid_worker(users, world, patrol, verified_client):
    # A grid worker of two grids with a patrol open in G1 cannot start one in G2: end it first.
    from gongzhi.org import services
    from gongzhi.org.roles import Role

    services.assign_role(users["grid_worker"], Role.GRID_WORKER, world["g2"])
    alice = type(users["grid_worker"]).objects.get(pk=users["grid_worker"].pk)  # its roles anew
    with pytest.raises(ValidationError) as exc:
        actions.do_start_patrol(alice, world["g2"])
    assert codes(exc.value) == {"case_patrol_open"}
    client = verified_client(users["grid_worker"])
    answer = client.post(reverse("cases:patrol_start"), {"grid": world["g2"].pk}, follow=True)
    assert answer.status_code == 200 and Patrol.objects.count() == 1
    actions.do_end_patrol(alice, patrol)
    assert actions.do_start_patrol(alice, world["g2"]).is_open


def test_a_grid_worker_starts_patrols_only_in_their_grid(users, world):
    with pytest.raises(Denied):
        actions.do_start_patrol(users["grid_worker"], world["g2"])
    with pytest.raises(Denied):
        actions.do_start_patrol(users["street_staff"], world["g1"])  # not a grid worker
    assert not Patrol.objects.exists()


def test_another_grid_worker_cannot_add_points_to_my_patrol(users, world, patrol):
    # bob works in G2: he may not touch a patrol of G1 at all.
    with pytest.raises(Denied):
        actions.do_add_patrol_points(users["bob"], patrol, _points(1, patrol.started_at))
    # A second grid worker of the same grid G1 holds the permission there, but it is not his.
    from gongzhi.org.roles import Role
    from tests.conftest import make_user

    dave = make_user("dave", Role.GRID_WORKER, world["g1"])
    with pytest.raises(ValidationError) as exc:
        actions.do_add_patrol_points(dave, patrol, _points(1, patrol.started_at))
    assert codes(exc.value) == {"case_not_your_patrol"}
    with pytest.raises(ValidationError):
        actions.do_end_patrol(dave, patrol)
    assert not PatrolPoint.objects.exists() and Patrol.objects.get().is_open


def test_another_grid_worker_gets_404_on_my_patrol_through_the_screens(
    users, patrol, verified_client
):
    client = verified_client(users["bob"])
    url = reverse("cases:patrol_points", args=[patrol.pk])
    answer = client.post(url, json.dumps({"points": _points(1)}), content_type="application/json")
    assert answer.status_code == 404
    assert client.get(patrol.get_absolute_url()).status_code == 404
    assert not PatrolPoint.objects.exists()


def test_a_bad_point_refuses_the_whole_batch(users, patrol, verified_client):
    good = _points(2, patrol.started_at)
    for bad in (
        {"lat": "91", "lng": "109.84", "at": good[0]["at"]},
        {"lat": "40.66", "lng": "abc", "at": good[0]["at"]},
        {"lat": "40.66", "lng": "109.84", "at": "yesterday"},
        {"lat": "40.66", "lng": "109.84", "at": "2020-01-01T00:00:00+08:00"},  # before the start
        "40.66,109.84",
    ):
        with pytest.raises(ValidationError) as exc:
            actions.do_add_patrol_points(users["grid_worker"], patrol, [*good, bad])
        assert codes(exc.value) == {"case_patrol_point"}
    assert not PatrolPoint.objects.exists()
    client = verified_client(users["grid_worker"])
    url = reverse("cases:patrol_points", args=[patrol.pk])
    answer = client.post(url, "not json", content_type="application/json")
    assert answer.status_code == 400 and "points" in answer.json()


def test_an_ended_patrol_takes_no_more_points(users, patrol):
    actions.do_end_patrol(users["grid_worker"], patrol)
    with pytest.raises(ValidationError) as exc:
        actions.do_add_patrol_points(users["grid_worker"], patrol, _points(1, patrol.started_at))
    assert codes(exc.value) == {"case_patrol_ended"}
    with pytest.raises(ValidationError):
        actions.do_end_patrol(users["grid_worker"], patrol)


def test_a_case_is_linked_only_to_the_reporters_open_patrol(users, world, patrol, report):
    on_patrol = report()
    assert on_patrol.patrol == patrol
    by_bob = report(by=users["bob"], grid=world["g2"])
    assert by_bob.patrol is None
    actions.do_end_patrol(users["grid_worker"], patrol)
    assert report().patrol is None


def test_patrols_through_the_api(users, world, verified_client):
    client = verified_client(users["grid_worker"])
    api = "/api/cases/patrols/"
    answer = client.post(api, {"grid": world["g1"].pk}, content_type="application/json")
    assert answer.status_code == 201, answer.json()
    pk = answer.json()["id"]
    # Started again in its grid: the same patrol resumes (200), no second one.
    second = client.post(api, {"grid": world["g1"].pk}, content_type="application/json")
    assert second.status_code == 200 and second.json()["id"] == pk
    assert Patrol.objects.count() == 1
    outside = client.post(api, {"grid": world["g2"].pk}, content_type="application/json")
    assert outside.status_code == 400  # a grid the worker cannot see: like a missing one
    started = Patrol.objects.get(pk=pk).started_at
    answer = client.post(
        f"{api}{pk}/points/",
        {"points": _points(4, start=started)},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.json()
    assert answer.json()["point_count"] == 4
    route = client.get(f"{api}{pk}/route/").json()
    assert len(route) == 4 and route[0]["lat"] == "40.660000"
    answer = client.post(f"{api}{pk}/end/", {"notes": "正常"}, content_type="application/json")
    assert answer.status_code == 200 and answer.json()["ended_at"]
    # Another grid worker (G2) sees nothing of it; the dispatcher of the street does.
    bob = verified_client(users["bob"])
    assert bob.get(f"{api}{pk}/").status_code == 404
    assert bob.get(api).json()["count"] == 0
    assert (
        bob.post(f"{api}{pk}/points/", {"points": []}, content_type="application/json").status_code
        == 404
    )
    staff = verified_client(users["street_staff"])
    assert staff.get(f"{api}{pk}/").status_code == 200
    assert (
        staff.post(api, {"grid": world["g1"].pk}, content_type="application/json").status_code
        == 403
    )
