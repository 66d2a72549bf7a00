"""The assessment figures against a hand-counted fixture (cases.indicators).

Nine cases with their outcome fields written by hand (the actions that set them are tested
in test_flow.py); the expected numbers below were counted from this table, not computed:

 #  place  reporter status        accepted disp.on_time hand.on_time closed_on_time rework reopened stars decided_in_time
 1  C1     alice    rated         yes      yes          yes          yes            0      no       5     yes
 2  C1     alice    closed        yes      yes          no           no             1      no       -     no (late)
 3  C1     alice    handling      yes      no           -            -              0      no       -     yes
 4  C1     bob      not_accepted  no       -            -            -              0      no       -     yes
 5  C1     bob      merged        no       -            -            -              0      no       -     yes
 6  C1     bob      reported      no       -            -            -              0      no       -     (undecided)
 7  C1     bob      rated         yes      yes          yes          no             1      yes      3     yes
 8  C2     bob      accepted      yes      -            -            -              0      no       -     yes
 9  C1     alice    reported      (reported before the range: never counted)
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from gongzhi.cases import indicators
from gongzhi.cases.choices import Channel, Status
from gongzhi.cases.models import Case

START, END = datetime.date(2026, 11, 1), datetime.date(2026, 11, 30)
DAY = timezone.make_aware(datetime.datetime(2026, 11, 10, 9))
HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def fixture_cases(world, users, tree):
    def make(n, community, reporter, status, **kw):
        accepted = kw.pop("accepted", False)
        in_time = kw.pop("in_time", None)
        handled = kw.get("handled_on_time") is not None
        return Case.objects.create(
            channel=Channel.GRID_WORKER,
            category=tree["noise"],
            description=f"case {n}",
            street=world["s1"],
            community=world[community],
            reporter=users[reporter],
            status=status,
            reported_at=kw.pop("reported_at", DAY),
            due_accept=DAY + 4 * HOUR,
            decided_at=None if in_time is None else DAY + (HOUR if in_time else 9 * HOUR),
            accepted_at=DAY + HOUR if accepted else None,
            handled_at=DAY + 20 * HOUR if handled else None,
            unit=kw.pop("unit", None),
            **kw,
        )

    units = tree["units"]
    c = {
        1: make(
            1,
            "c1",
            "grid_worker",
            Status.RATED,
            accepted=True,
            in_time=True,
            dispatched_on_time=True,
            handled_on_time=True,
            closed_on_time=True,
            stars=5,
            unit=units["c1"],
        ),
        2: make(
            2,
            "c1",
            "grid_worker",
            Status.CLOSED,
            accepted=True,
            in_time=False,
            dispatched_on_time=True,
            handled_on_time=False,
            closed_on_time=False,
            rework_count=1,
            unit=units["c1"],
        ),
        3: make(
            3,
            "c1",
            "grid_worker",
            Status.HANDLING,
            accepted=True,
            in_time=True,
            dispatched_on_time=False,
            unit=units["centre"],
        ),
        4: make(4, "c1", "bob", Status.NOT_ACCEPTED, in_time=True),
        5: make(5, "c1", "bob", Status.MERGED, in_time=True),
        6: make(6, "c1", "bob", Status.REPORTED),
        7: make(
            7,
            "c1",
            "bob",
            Status.RATED,
            accepted=True,
            in_time=True,
            dispatched_on_time=True,
            handled_on_time=True,
            closed_on_time=False,
            rework_count=1,
            reopened=True,
            stars=3,
            unit=units["centre"],
        ),
        8: make(8, "c2", "bob", Status.ACCEPTED, accepted=True, in_time=True),
        9: make(9, "c1", "grid_worker", Status.REPORTED, reported_at=DAY.replace(month=10)),
    }
    return c


def counts(figs):
    return {name: (f.numerator, f.denominator) for name, f in figs.items()}


def test_community_figures_match_the_hand_count(fixture_cases, world):
    assert counts(indicators.for_community(world["c1"], START, END)) == {
        "reported": (7, None),
        "acceptance_rate": (4, 6),
        "dispatch_on_time_rate": (3, 4),
        "handling_on_time_rate": (2, 3),
        "closure_rate": (3, 4),
        "closure_on_time_rate": (1, 4),
        "rework_rate": (2, 3),
        "response_rate": (5, 7),
        "resolution_rate": (2, 3),
        "satisfaction_rate": (1, 2),
    }


def test_street_figures_add_the_other_community(fixture_cases, world):
    figs = counts(indicators.for_street(world["s1"], START, END))
    assert figs["reported"] == (8, None)
    assert figs["acceptance_rate"] == (5, 7)
    assert figs["response_rate"] == (6, 8)
    assert figs["closure_rate"] == (3, 5)


def test_grid_worker_figures_count_their_own_reports(fixture_cases, users):
    figs = indicators.for_grid_worker(users["grid_worker"], START, END)
    assert figs["reported"].value == 3
    assert figs["acceptance_rate"].value == Decimal("1.0000")
    assert figs["closure_rate"].percent == "66.7%"


def test_unit_figures_count_the_cases_dispatched_to_it(fixture_cases, tree):
    figs = counts(indicators.for_unit(tree["units"]["c1"], START, END))
    assert figs["reported"] == (2, None)
    assert figs["handling_on_time_rate"] == (1, 2)


def test_a_rate_without_a_denominator_is_none(world, tree):
    figs = indicators.for_community(world["c1"], START, END)
    assert figs["satisfaction_rate"].value is None and figs["satisfaction_rate"].percent == "—"
