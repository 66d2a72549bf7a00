"""Test data of the hours ledger, certificates and the time bank on top of `world`, `users`
and registry's `reg`: volunteers 张三 and 李四 (one household, H001 in C1/G1) and 王五 (H002,
C1/G2); an activity for people in need and an ordinary one in C1; the street S1's time bank
enabled (cap 1,500 h). Volunteers and activities are the volunteers helper's records: made
here directly as fixtures, as their own actions are not this topic's."""

import datetime

import pytest
from django.utils import timezone

from gongzhi.civil.actions import timebank
from gongzhi.civil.models import Activity, Volunteer
from tests.registry.helpers import clerk, reg  # noqa: F401

TZ = datetime.timezone(datetime.timedelta(hours=8))


def at(days_ago: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A past local time (Asia/Shanghai), `days_ago` days before today at `hour`."""
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=TZ)


def make_volunteer(resident) -> Volunteer:
    return Volunteer.objects.create(
        resident=resident,
        community=resident.community,
        grid=resident.grid,
        consent_at=timezone.now(),
        consent_version="v1",
    )


def make_activity(street, community, coordinator, *, need: bool, title="") -> Activity:
    return Activity.objects.create(
        street=street,
        community=community,
        title=title or ("陪伴老人" if need else "社区清扫"),
        place="幸福社区活动室",
        starts_at=at(30, 8),
        ends_at=at(30, 18),
        for_people_in_need=need,
        status="published",
        coordinator=coordinator,
    )


@pytest.fixture
def bank(world, users, reg):  # noqa: F811
    admin = users["street_admin"]
    timebank.do_configure_time_bank(admin, world["s1"], enabled=True, cap_hours=1500)
    return {
        **reg,
        "zhang": make_volunteer(reg["zhang"]),
        "li": make_volunteer(reg["li"]),
        "wang": make_volunteer(reg["wang"]),
        "need": make_activity(world["s1"], world["c1"], admin, need=True),
        "plain": make_activity(world["s1"], world["c1"], admin, need=False),
        "admin": admin,
    }
