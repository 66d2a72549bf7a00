import datetime

from django.contrib.auth import get_user_model
from django.urls import reverse

from gongzhi.org import services
from gongzhi.org.models import ResidentsCommittee
from gongzhi.org.roles import Role
from gongzhi.registry.models import Household, Resident
from gongzhi.selfgov import actions
from gongzhi.selfgov.actions._common import place_of
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
    actor = admin(community)
    election = actions.do_create_election(actor, Election(**data))
    actions.do_generate_register(actor, election)
    actions.do_publish_register(actor, election, today=DAY - datetime.timedelta(days=30))
    for voter in list(election.voters.all()[:candidates]):
        actions.do_nominate(actor, election, voter, self_nomination=True)
    if candidates > seats:
        actions.do_publish_candidates(actor, election)
    return election


def make_voter_user(voter, name=None):
    user = get_user_model().objects.create_user(
        username=name or f"voter{voter.pk}", password="x-Very-long-9"
    )
    actions.do_link_voter_login(admin(voter), voter, user)
    return user


def admin(obj):
    """The street admin of the street `obj` (a selfgov record, community, committee…) lies in:
    every selfgov right there, none elsewhere — the actor of the tests' actions."""
    street = place_of(obj).street
    user, created = get_user_model().objects.get_or_create(username=f"sg_admin_{street.pk}")
    if created:
        user.set_password("x-Very-long-9")
        user.save()
        services.assign_role(user, Role.STREET_ADMIN, street)
    return user


def act(action, obj, *args, **kwargs):
    """`action(admin(obj), obj, …)`: an action taken by the street admin of obj's place."""
    return action(admin(obj), obj, *args, **kwargs)


def form_for(step: str, election) -> str:
    """The opening of the election page's form for `step` (its own route)."""
    return f'action="{reverse(f"selfgov:election_{step}", args=[election.pk])}"'


def present(assembly, n):
    """`n` new adult residents of the community sign in to `assembly`."""
    for r in make_residents(assembly.community, n):
        actions.do_record_attendance(admin(assembly), assembly, resident=r)
