"""Placing a report (org.geo): the location decides the grid; a location outside every mapped
grid is refused unless a dispatcher accepts it; a grid worker reports only in their grid."""

import pytest
from django.core.exceptions import ValidationError

from gongzhi.cases import actions
from gongzhi.cases.choices import Channel, Urgency
from gongzhi.cases.models import Case
from gongzhi.core.errors import Denied
from tests.cases.conftest import jpeg


def square(x, y):
    return {
        "type": "Polygon",
        "coordinates": [[[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]],
    }


@pytest.fixture
def mapped(world):
    for name, x in (("g1", 118.00), ("g2", 118.02), ("g3", 118.04)):
        world[name].boundary = square(x, 32.00)
        world[name].save()
    return world


def codes(exc):
    return {e.code for errs in exc.error_dict.values() for e in errs}


def report(user, world, tree, **more):
    more.setdefault("channel", Channel.GRID_WORKER)
    return actions.do_report(user, world["s1"], category=tree["noise"], description="噪声", **more)


def test_the_location_places_the_case_in_its_grid(mapped, users, tree):
    case = report(
        users["street_staff"], mapped, tree, channel=Channel.DESK, lat=32.005, lng=118.045
    )
    assert case.grid == mapped["g3"] and case.community == mapped["c2"]


def test_a_location_outside_the_street_grids_is_refused(mapped, users, tree):
    with pytest.raises(ValidationError) as exc:
        report(users["grid_worker"], mapped, tree, lat=31.5, lng=117.5)
    assert codes(exc.value) == {"case_outside_grids"}


def test_a_dispatcher_may_accept_a_location_outside_the_grids(mapped, users, tree):
    case = report(
        users["street_staff"],
        mapped,
        tree,
        channel=Channel.DESK,
        lat=31.5,
        lng=117.5,
        community=mapped["c1"],
        accept_outside=True,
    )
    assert case.community == mapped["c1"] and case.grid is None
    with pytest.raises(ValidationError):  # a grid worker may not
        report(users["grid_worker"], mapped, tree, lat=31.5, lng=117.5, accept_outside=True)


def test_a_grid_worker_reports_only_in_their_grid(mapped, users, tree):
    assert report(users["grid_worker"], mapped, tree, lat=32.005, lng=118.005).grid == mapped["g1"]
    with pytest.raises(ValidationError) as exc:
        report(users["grid_worker"], mapped, tree, lat=32.005, lng=118.025)  # in G2
    assert codes(exc.value) == {"case_outside_place"}


def test_without_location_the_grid_workers_own_grid_places_it(world, users, tree):
    case = report(users["grid_worker"], world, tree)
    assert case.grid == world["g1"]


def test_an_urgent_class_makes_an_urgent_case_due_in_working_hours(world, users, tree):
    case = report(users["grid_worker"], world, tree, urgency=Urgency.NORMAL)
    assert case.urgency == Urgency.NORMAL
    urgent = actions.do_report(
        users["grid_worker"],
        world["s1"],
        channel=Channel.GRID_WORKER,
        category=tree["manhole"],
        description="井盖缺失",
    )
    assert urgent.urgency == Urgency.URGENT
    assert (urgent.due_accept - urgent.reported_at).total_seconds() <= 3 * 24 * 3600


def test_a_resident_reports_in_their_community_and_is_the_reporter(world, users, tree):
    case = report(users["resident"], world, tree, channel=Channel.RESIDENT, community=world["c1"])
    assert case.reporter == users["resident"] and case.grid is None
    with pytest.raises(ValidationError) as exc:
        report(users["resident"], world, tree, channel=Channel.RESIDENT, community=world["c2"])
    assert codes(exc.value) == {"case_outside_place"}


def test_nobody_without_a_role_reports(world, users, tree):
    with pytest.raises(Denied):
        report(users["nobody"], world, tree, community=world["c1"])


def test_html_in_the_description_is_refused(world, users, tree):
    with pytest.raises(ValidationError) as exc:
        actions.do_report(
            users["grid_worker"],
            world["s1"],
            channel=Channel.GRID_WORKER,
            category=tree["noise"],
            description="<script>alert(1)</script>",
        )
    assert "description" in exc.value.error_dict


def test_a_report_carries_at_most_six_photos(world, users, tree):
    with pytest.raises(ValidationError) as exc:
        report(users["grid_worker"], world, tree, photos=[jpeg(f"{n}.jpg") for n in range(7)])
    assert [e.code for e in exc.value.error_dict["photos"]] == ["too_many_photos"]
    assert not Case.objects.exists()
