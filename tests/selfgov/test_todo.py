"""The workbench's to-dos for self-government: voter registers to publish by their legal
date (election day − register_days_before, at least 20 days), elections voting soon,
assemblies to hold or to record, notices waiting for their publish date — each user hears of
their own community's (or street's) only, and each card's count is the length of its list."""

import datetime

import pytest
from django.utils import timezone

from gongzhi.selfgov.models import Assembly, Election, Notice
from tests.workbench import card, home, listed

pytestmark = pytest.mark.django_db

ELECTIONS = r'href="/selfgov/elections/(\d+)/"'
ASSEMBLIES = r'href="/selfgov/assemblies/(\d+)/"'
NOTICES = r'href="/selfgov/notices/(\d+)/print.pdf"'


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def election(community, day, **fields):
    return Election.objects.create(
        community=community, title="第十二届换届选举", election_day=day, **fields
    )


def test_a_register_is_due_by_its_legal_date_in_its_own_community(world, users, verified_client):
    # Register due 20 days before the vote: in 10 days (due soon), in 30 days (not yet).
    soon = election(world["c1"], days(30))
    later = election(world["c1"], days(50))
    late = election(world["c1"], days(15))  # the legal last day has passed already
    stricter = election(world["c1"], days(40), register_days_before=30)  # due in 10 days
    published = election(world["c1"], days(25), status=Election.Status.REGISTER_PUBLISHED)
    elsewhere = election(world["c3"], days(30))
    committee = verified_client(users["committee_member"])
    page = home(committee)
    assert card(page, "selfgov-register") == 3
    assert "待公布的选民名单" in page
    expected = [str(pk) for pk in sorted(e.pk for e in (soon, late, stricter))]
    assert listed(committee, page, "selfgov-register", ELECTIONS) == expected
    assert str(later.pk) not in expected
    assert listed(committee, page, "selfgov-vote", ELECTIONS) == []
    del published
    outsider = verified_client(users["outsider"])
    page = home(outsider)
    assert listed(outsider, page, "selfgov-register", ELECTIONS) == [str(elsewhere.pk)]
    assert card(home(verified_client(users["resident"])), "selfgov-register") is None


def test_elections_voting_soon(world, users, verified_client):
    near = election(world["c1"], days(7), status=Election.Status.CANDIDATES_PUBLISHED)
    election(world["c1"], days(20), status=Election.Status.CANDIDATES_PUBLISHED)
    street = verified_client(users["street_staff"])
    page = home(street)
    assert card(page, "selfgov-vote") == 1
    assert listed(street, page, "selfgov-vote", ELECTIONS) == [str(near.pk)]


def test_assemblies_to_hold_and_to_record(world, users, verified_client):
    ahead = Assembly.objects.create(
        community=world["c1"], title="居民会议", date=days(3), members_total=10
    )
    past = Assembly.objects.create(
        community=world["c1"], title="居民会议", date=days(-3), members_total=10
    )
    Assembly.objects.create(
        community=world["c1"],
        title="居民会议",
        date=days(-9),
        members_total=10,
        status=Assembly.Status.HELD,
    )
    Assembly.objects.create(community=world["c2"], title="居民会议", date=days(3), members_total=10)
    committee = verified_client(users["committee_member"])
    page = home(committee)
    assert listed(committee, page, "selfgov-assembly", ASSEMBLIES) == [str(ahead.pk)]
    assert listed(committee, page, "selfgov-assembly-record", ASSEMBLIES) == [str(past.pk)]
    assert card(page, "selfgov-assembly") == 1 and card(page, "selfgov-assembly-record") == 1
    street = verified_client(users["street_staff"])
    assert card(home(street), "selfgov-assembly") == 2  # C1 and C2


def test_notices_waiting_for_their_publish_date(world, users, verified_client):
    waiting = Notice.objects.create(
        community=world["c1"], title="换届公告", body="内容", publish_on=days(2)
    )
    Notice.objects.create(community=world["c1"], title="已公布", body="内容", publish_on=days(0))
    Notice.objects.create(community=world["c3"], title="别处", body="内容", publish_on=days(2))
    committee = verified_client(users["committee_member"])
    page = home(committee)
    assert card(page, "selfgov-notices") == 1
    assert listed(committee, page, "selfgov-notices", NOTICES) == [str(waiting.pk)]
