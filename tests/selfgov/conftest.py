"""Fixtures of the assembly and charter tests: an assembly of C1 and a charter it adopted."""

import datetime

import pytest

from gongzhi.org.models import ResidentsGroup
from gongzhi.selfgov import actions
from gongzhi.selfgov.models import AgendaItem, Assembly

from .helpers import admin, ensure_committee, present

DAY = datetime.date(2026, 6, 20)


@pytest.fixture
def assembly(world):
    """An assembly of C1's residents' groups: 10 members, nobody signed in yet."""
    c = world["c1"]
    ensure_committee(c)
    for n in range(1, 5):
        ResidentsGroup.objects.get_or_create(community=c, number=n)
    return actions.do_convene(
        admin(c), c, "居民会议", DAY, kind=Assembly.Kind.GROUPS, members_total=10
    )


@pytest.fixture
def charter(world, assembly):
    """Version 1 of C1's charter, adopted by the assembly (6 of 10 present, 6 for)."""
    c = world["c1"]
    charter = actions.do_draft_charter(admin(c), c, "第一条 邻里和睦")
    present(assembly, 6)
    item = actions.do_add_item(
        admin(assembly), assembly, "通过居民公约", AgendaItem.Kind.CHARTER, charter=charter
    )
    actions.do_vote_item(admin(item), item, yes=6, no=0)
    charter.refresh_from_db()
    assert charter.adopted_by == assembly
    return charter
