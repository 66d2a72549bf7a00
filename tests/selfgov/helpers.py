import datetime

from django.contrib.auth import get_user_model

from gongzhi.core.context import acting_as
from gongzhi.org.models import ResidentsCommittee
from gongzhi.registry.models import Household, Resident
from gongzhi.selfgov import elections
from gongzhi.selfgov.models import Election

DAY = datetime.date(2026, 6, 20)
ADULT = datetime.date(1980, 5, 1)


def id_number(i: int, birth=ADULT) -> str:
    return f"150204{birth:%Y%m%d}{i:03d}{i % 10}"[:18].ljust(18, "0")


_counter = {"n": 0}


def make_residents(community, n, *, birth=ADULT, household=True, start=None, **extra):
    out = []
    for _ in range(n):
        _counter["n"] += 1
        i = _counter["n"]
        hh = None
        if household:
            hh = Household.objects.create(community=community, number=f"H{i:06d}", address=f"{i}号")
        out.append(
            Resident.objects.create(
                community=community,
                household=hh,
                name=f"居民{i}",
                birth_date=birth,
                id_number=f"1502041980{i:08d}",
                **extra,
            )
        )
    return out


def ensure_committee(community):
    return ResidentsCommittee.objects.get_or_create(
        community=community, defaults={"name": f"{community.name}居委会"}
    )[0]


def make_election(community, *, voters=20, seats=3, candidates=4, **fields):
    """An election with `voters` registered voters, candidates nominated by self-nomination,
    published and ready to open voting (or at the stage asked)."""
    ensure_committee(community)
    make_residents(community, voters)
    data = dict(
        community=community,
        title="第一届居委会选举",
        election_day=DAY,
        seats=seats,
        nomination_supporters=2,
    )
    data.update(fields)
    with acting_as(None, source="test"):
        election = elections.save_election(Election(**data))
        elections.generate_register(election)
        elections.publish_register(election, today=DAY - datetime.timedelta(days=30))
        for voter in list(election.voters.all()[:candidates]):
            elections.nominate(election, voter, self_nomination=True)
        if candidates > seats:
            elections.publish_candidates(election)
    return election


def make_voter_user(voter, name=None):
    user = get_user_model().objects.create_user(
        username=name or f"voter{voter.pk}", password="x-Very-long-9"
    )
    elections.link_voter_login(voter, user)
    return user
