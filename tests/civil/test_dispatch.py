"""The dispatch proposal (issue #14 §4): volunteers ranked by skill match, availability,
place (same grid first) and recent load, in one or two queries."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from gongzhi.civil import dispatch
from gongzhi.civil.actions import activities as actions
from tests.civil import vol_helpers as h


def _start(weekday=2, hour=9):
    today = timezone.localtime()
    days = (weekday - today.weekday()) % 7 or 7
    day = (today + datetime.timedelta(days=days)).replace(
        hour=hour, minute=0, second=0, microsecond=0
    )
    return day


def test_the_proposal_puts_skill_match_first(users, world):
    admin = users["street_admin"]
    care = h.skill("companionship")
    skilled = h.volunteer(admin, world["c2"], world["g3"], skills=[care])
    near = h.volunteer(admin, world["c1"], world["g1"])
    a = h.activity(admin, world["c1"], grid=world["g1"], skills=[care])
    ranked = [p.volunteer_id for p in dispatch.propose(a)]
    assert ranked == [skilled.pk, near.pk]


def test_the_same_grid_comes_before_the_same_community_and_the_street(users, world):
    admin = users["street_admin"]
    street = h.volunteer(admin, world["c2"], world["g3"])
    community = h.volunteer(admin, world["c1"], world["g2"])
    grid = h.volunteer(admin, world["c1"], world["g1"])
    a = h.activity(admin, world["c1"], grid=world["g1"])
    proposals = dispatch.propose(a)
    assert [p.volunteer_id for p in proposals] == [grid.pk, community.pk, street.pk]
    assert [p.place for p in proposals] == ["grid", "community", "street"]


def test_an_available_volunteer_comes_before_an_unavailable_one(users, world):
    admin = users["street_admin"]
    start = _start(weekday=2, hour=9)
    slot = [{"weekday": 2, "start": "08:00", "end": "12:00"}]
    busy = h.volunteer(admin, world["c1"], world["g1"])
    free = h.volunteer(admin, world["c1"], world["g1"], availability=slot)
    a = h.activity(admin, world["c1"], grid=world["g1"], start=start)
    proposals = dispatch.propose(a)
    assert [p.volunteer_id for p in proposals] == [free.pk, busy.pk]
    assert proposals[0].available and not proposals[1].available


def test_a_recent_load_lowers_the_rank(users, world):
    admin = users["street_admin"]
    tired = h.volunteer(admin, world["c1"], world["g1"])
    rested = h.volunteer(admin, world["c1"], world["g1"])
    start = timezone.now() - datetime.timedelta(days=3)
    for _ in range(2):
        past = h.activity(admin, world["c1"], start=start)
        actions.do_register_attendance(
            admin, past, [(tired, start, start + datetime.timedelta(hours=1))]
        )
        start -= datetime.timedelta(days=1)
    a = h.activity(admin, world["c1"], grid=world["g1"])
    proposals = dispatch.propose(a)
    assert [p.volunteer_id for p in proposals] == [rested.pk, tired.pk]
    assert proposals[1].recent_load == 2


def test_the_proposal_leaves_out_those_already_on_it_and_other_streets(users, world):
    admin = users["street_admin"]
    on_it = h.volunteer(admin, world["c1"], world["g1"])
    free = h.volunteer(admin, world["c1"], world["g1"])
    h.volunteer(users["outsider"], world["c3"], world["g4"])
    a = h.activity(admin, world["c1"])
    actions.do_dispatch(admin, a, [on_it])
    assert [p.volunteer_id for p in dispatch.propose(a)] == [free.pk]


def test_the_proposal_is_two_queries(users, world):
    admin = users["street_admin"]
    for _ in range(5):
        h.volunteer(admin, world["c1"], world["g1"], skills=[h.skill("repair")])
    a = h.activity(admin, world["c1"], grid=world["g1"], skills=[h.skill("repair")])
    a = type(a).objects.get(pk=a.pk)
    with CaptureQueriesContext(connection) as queries:
        dispatch.propose(a)
    assert len(queries) <= 2


def test_the_api_shows_the_proposal_to_a_coordinator_only(users, world):
    admin = users["street_admin"]
    v = h.volunteer(admin, world["c1"], world["g1"])
    a = h.activity(admin, world["c1"], grid=world["g1"])
    api = APIClient()
    api.force_authenticate(admin)
    rows = api.get(f"/api/civil/activities/{a.pk}/propose/").json()
    assert rows[0]["volunteer_id"] == v.pk and rows[0]["place"] == "grid"
    api.force_authenticate(users["grid_worker"])
    assert api.get(f"/api/civil/activities/{a.pk}/propose/").status_code == 403
