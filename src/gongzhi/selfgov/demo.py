"""Demo data for self-government in the first demo community: the current term (the 2021
one, its members those of org's demo) and the announced election that opened it, run
through the real steps (register of group representatives, candidates, paper ballots,
two tally entries, count, announcement); the next election in preparation (draft); an
assembly, a charter, notices and estate management modes. Idempotent."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

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
    Term,
    TermMember,
)


def load(stdout):
    community = Community.objects.order_by("pk").first()
    if community is None:
        stdout.write("selfgov: no community, nothing loaded")
        return
    ResidentsCommittee.objects.get_or_create(
        community=community, defaults={"name": f"{community.name}居民委员会"}
    )
    today = timezone.localdate()
    term = _announced_election(community)
    Election.objects.get_or_create(
        community=community,
        title="第十二届居民委员会换届选举",
        defaults={
            "term_number": term.number + 1 if term else 1,
            "election_day": today + datetime.timedelta(days=40),
            "seats": 7,
            "online_voting": True,
            "election_committee": "社区选举委员会主任\n委员",
        },
    )
    admin = get_user_model().objects.filter(username="demo_street_admin").first()
    if (
        admin is not None
        and not Assembly.objects.filter(community=community, title="2026年第一次居民会议").exists()
    ):
        actions.do_convene(admin, community, "2026年第一次居民会议", today)  # size: registry
    CharterVersion.objects.get_or_create(
        community=community,
        version=1,
        defaults={"text": "第一条 爱护公共设施，保持环境整洁。\n第二条 邻里互助，文明养犬。"},
    )
    for title, category in (
        ("2026年第一季度社区经费收支公开", "finance"),
        ("关于加装电梯的居民会议决定", "decision"),
    ):
        Notice.objects.get_or_create(
            community=community,
            title=title,
            defaults={
                "category": category,
                "body": title + "。详见社区公告栏。",
                "publish_on": today,
            },
        )
    modes = ["company", "custody", "self"]
    for i, estate in enumerate(Estate.objects.filter(community=community).order_by("pk")[:3]):
        EstateManagement.objects.get_or_create(
            estate=estate,
            defaults={
                "mode": modes[i],
                "company_name": "万家物业" if i == 0 else "",
                "owners_committee": "业主委员会" if i == 2 else "",
            },
        )
    stdout.write(
        f"selfgov: current term {term.number if term else '—'}, announced and draft elections, "
        "assembly, charter, notices and estate management loaded"
    )


ANNOUNCED_TITLE = "第十一届居民委员会换届选举"


def _announced_election(community):
    """The election of the current term, through the same steps as on the screens: every
    residents' group sends 2 representatives, 6 candidates stand for 5 seats, paper ballots,
    two clerks' tally entries, count, announcement; then the term is the current one with
    org's demo committee as its members. Once only: a re-run finds it and changes nothing."""

    committee = community.residents_committee
    done = Election.objects.filter(community=community, title=ANNOUNCED_TITLE).first()
    if done is not None:
        return done.term
    groups = list(ResidentsGroup.objects.filter(community=community).order_by("number"))
    # the street's admin runs it; two street accounts enter the tally
    users = {
        u.username: u
        for u in get_user_model().objects.filter(
            username__in=["demo_street_admin", "demo_street_staff"]
        )
    }
    clerks = [users[n] for n in ("demo_street_admin", "demo_street_staff") if n in users]
    day = TERM_START - datetime.timedelta(days=10)
    adults = list(
        Resident.objects.filter(
            community=community,
            status=ResidentStatus.ACTIVE,
            residence_type=ResidenceType.REGISTERED,  # migrants join only on application
            birth_date__lte=day.replace(year=day.year - 18),
        ).order_by("pk")[: 2 * len(groups)]
    )
    if not groups or len(clerks) < 2 or len(adults) < max(6, 2 * len(groups)):
        return None  # the registry or org demo is missing
    admin = clerks[0]
    election = actions.do_create_election(
        admin,
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
            admin, election, person, "居民小组推选", residents_group=groups[i // 2]
        )
        for i, person in enumerate(adults)
    ]
    actions.do_publish_register(admin, election, today=day - datetime.timedelta(days=25))
    candidates = [actions.do_nominate(admin, election, v, self_nomination=True) for v in voters[:6]]
    actions.do_publish_candidates(admin, election)
    station = actions.do_add_station(admin, election, "社区居委会投票站")
    actions.do_open_voting(admin, election)
    for voter in voters[:-1]:  # all but one vote
        actions.do_issue_paper_ballot(admin, station, voter)
    n = len(voters) - 1
    votes = {str(c.pk): (n - 1 if i < 5 else 2) for i, c in enumerate(candidates)}
    for clerk in clerks:
        actions.do_enter_tally_sheet(
            clerk, station, ballots_returned=n, invalid_ballots=0, votes=votes
        )
    actions.do_count_round(admin, election)
    term = Term.objects.filter(committee=committee, number=11).first() or actions.do_create_term(
        admin, committee, TERM_START, number=11
    )
    election.refresh_from_db()
    election.term = term
    election.save(update_fields=["term", "updated_at"])
    actions.do_announce(admin, election, on=day + datetime.timedelta(days=1))
    # the committee of org's demo serves this term (org keeps its members as they are)
    term.status, term.handed_over_on = Term.Status.CURRENT, TERM_START
    term.save()
    for member in committee.members.filter(end_date__isnull=True):
        TermMember.objects.get_or_create(term=term, member=member)
    return term
