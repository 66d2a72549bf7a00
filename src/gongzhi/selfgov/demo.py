"""Demo data for self-government in the first demo community: the current term (the 2021
one, its members those of org's demo) and the announced election that opened it, run
through the real steps (register of group representatives, candidates, paper ballots,
two tally entries, count, announcement); the next election in preparation (draft); an
assembly, a charter, notices and estate management modes.

Every record is written by its action (selfgov.actions), taken by a demo user of org's demo
whose role allows it in the community (`_actor`) — the demo obeys the rules the screens
obey. Idempotent: what exists is found by its natural key and left alone."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from gongzhi.core.actions import may
from gongzhi.org.actions import do_create_residents_committee
from gongzhi.org.demo import TERM_START
from gongzhi.org.models import Community, ResidentsCommittee, ResidentsGroup
from gongzhi.registry.choices import ResidenceType, ResidentStatus
from gongzhi.registry.models import Estate, Resident
from gongzhi.selfgov import actions
from gongzhi.selfgov.models import (
    Assembly,
    CharterVersion,
    Election,
    EstateManagement,
    Notice,
)

ANNOUNCED_TITLE = "第十一届居民委员会换届选举"
DRAFT_TITLE = "第十二届居民委员会换届选举"
ASSEMBLY_TITLE = "2026年第一次居民会议"
NOTICES = (
    ("2026年第一季度社区经费收支公开", "finance"),
    ("关于加装电梯的居民会议决定", "decision"),
)


def _actor(permission: str, place, *, other_than=None):
    """The first demo user (org's demo; community people before street staff, by name) whose
    role allows `permission` at `place`, other than `other_than`; None when nobody does."""
    users = get_user_model().objects.filter(username__startswith="demo_", is_active=True)
    for user in users.order_by("username"):
        if user != other_than and may(user, permission, place):
            return user
    return None


def load(stdout):
    community = Community.objects.order_by("pk").first()
    if community is None:
        stdout.write("selfgov: no community, nothing loaded")
        return
    if not ResidentsCommittee.objects.filter(community=community).exists():
        do_create_residents_committee(
            _actor("org.add_residentscommittee", community),
            ResidentsCommittee(community=community, name=f"{community.name}居民委员会"),
        )
    today = timezone.localdate()
    term = _announced_election(community)
    if not Election.objects.filter(community=community, title=DRAFT_TITLE).exists():
        actions.do_create_election(
            _actor("selfgov.add_election", community),
            Election(
                community=community,
                title=DRAFT_TITLE,
                term_number=term.number + 1 if term else 1,
                election_day=today + datetime.timedelta(days=40),
                seats=7,
                online_voting=True,
                voting_opens=_at(today + datetime.timedelta(days=40), 8),
                voting_closes=_at(today + datetime.timedelta(days=40), 18),
                election_committee="社区选举委员会主任\n委员",
            ),
        )
    if not Assembly.objects.filter(community=community, title=ASSEMBLY_TITLE).exists():
        actions.do_convene(  # its size: the registry's count
            _actor("selfgov.add_assembly", community), community, ASSEMBLY_TITLE, today
        )
    if not CharterVersion.objects.filter(community=community).exists():
        actions.do_draft_charter(
            _actor("selfgov.add_charterversion", community),
            community,
            "第一条 爱护公共设施，保持环境整洁。\n第二条 邻里互助，文明养犬。",
        )
    for title, category in NOTICES:
        if not Notice.objects.filter(community=community, title=title).exists():
            actions.do_create_notice(
                _actor("selfgov.add_notice", community),
                Notice(
                    community=community,
                    title=title,
                    category=category,
                    body=title + "。详见社区公告栏。",
                    publish_on=today,
                ),
            )
    modes = ["company", "custody", "self"]
    for i, estate in enumerate(Estate.objects.filter(community=community).order_by("pk")[:3]):
        if not EstateManagement.objects.filter(estate=estate).exists():
            actions.do_save_management(
                _actor("selfgov.change_estatemanagement", estate),
                EstateManagement(
                    estate=estate,
                    mode=modes[i],
                    company_name="万家物业" if i == 0 else "",
                    owners_committee="业主委员会" if i == 2 else "",
                ),
            )
    stdout.write(
        f"selfgov: current term {term.number if term else '—'}, announced and draft elections, "
        "assembly, charter, notices and estate management loaded"
    )


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _announced_election(community):
    """The election of the current term, through the same steps as on the screens: every
    residents' group sends 2 representatives, 6 candidates stand for 5 seats, paper ballots,
    two clerks' tally entries, count, announcement of a term starting on TERM_START; then
    org's demo committee, serving since that day, is seated as the term's members. Once
    only: a re-run finds it and changes nothing."""

    committee = community.residents_committee
    done = Election.objects.filter(community=community, title=ANNOUNCED_TITLE).first()
    if done is not None:
        return done.term
    if committee.terms.filter(number=11).exists():
        return None  # term 11 was recorded otherwise: the demo leaves it alone
    groups = list(ResidentsGroup.objects.filter(community=community).order_by("number"))
    day = TERM_START - datetime.timedelta(days=10)
    adults = list(
        Resident.objects.filter(
            community=community,
            status=ResidentStatus.ACTIVE,
            residence_type=ResidenceType.REGISTERED,  # migrants join only on application
            birth_date__lte=day.replace(year=day.year - 18),
        ).order_by("pk")[: 2 * len(groups)]
    )
    manager = _actor("selfgov.manage_election", community)
    announcer = _actor("selfgov.announce_election", community)
    if not groups or None in (manager, announcer) or len(adults) < max(6, 2 * len(groups)):
        return None  # the registry or org demo is missing
    election = actions.do_create_election(
        _actor("selfgov.add_election", community),
        Election(
            community=community,
            title=ANNOUNCED_TITLE,
            term_number=11,
            election_day=day,
            seats=5,
            method=Election.Method.GROUP,
            election_committee="社区选举委员会主任\n委员",
        ),
    )
    voters = [
        actions.do_add_voter(
            manager, election, person, "居民小组推选", residents_group=groups[i // 2]
        )
        for i, person in enumerate(adults)
    ]
    actions.do_publish_register(manager, election, today=day - datetime.timedelta(days=25))
    candidates = [
        actions.do_nominate(manager, election, v, self_nomination=True) for v in voters[:6]
    ]
    actions.do_publish_candidates(manager, election)
    station = actions.do_add_station(manager, election, "社区居委会投票站")
    actions.do_open_voting(manager, election)
    for voter in voters[:-1]:  # all but one vote
        actions.do_issue_paper_ballot(manager, station, voter)
    n = len(voters) - 1
    votes = {str(c.pk): (n - 1 if i < 5 else 2) for i, c in enumerate(candidates)}
    first = _actor("selfgov.enter_tally", station)
    second = _actor("selfgov.enter_tally", station, other_than=first)  # two clerks
    for clerk in (first, second):
        actions.do_enter_tally_sheet(
            clerk, station, ballots_returned=n, invalid_ballots=0, votes=votes
        )
    actions.do_count_round(manager, election)
    election = actions.do_announce(
        announcer, election, on=day + datetime.timedelta(days=1), term_start=TERM_START
    )
    # org's demo committee serves this term from its first day (org keeps its members)
    return actions.do_seat_serving_members(manager, election.term)
