"""Objects for the permission matrix: one of each selfgov model in C1 (street S1) and C3 (S2)."""

import datetime

from django.utils import timezone

from gongzhi.registry.models import Estate
from gongzhi.selfgov.models import (
    AgendaItem,
    Assembly,
    Candidate,
    CharterVersion,
    Election,
    EstateManagement,
    Notice,
    Petition,
    PollingStation,
    Proxy,
    RoundResult,
    TallySheet,
    Term,
    Voter,
)

from .helpers import ensure_committee, make_residents


def build(world, users):
    today = timezone.localdate()
    for key in ("c1", "c3"):
        c = world[key]
        committee = ensure_committee(c)
        term = Term.objects.create(
            committee=committee,
            number=1,
            start_date=today,
            end_date=today + datetime.timedelta(days=1800),
        )
        election = Election.objects.create(
            community=c,
            title=f"选举{key}",
            election_day=today + datetime.timedelta(days=30),
            status=Election.Status.REGISTER_PUBLISHED,
            online_voting=True,
        )
        resident = make_residents(c, 1)[0]
        voter = Voter.objects.create(election=election, resident=resident, name=resident.name)
        Candidate.objects.create(election=election, voter=voter, nomination="self")
        principal = make_residents(c, 1)[0]
        Proxy.objects.create(
            election=election,
            holder=voter,
            principal=Voter.objects.create(
                election=election, resident=principal, name=principal.name
            ),
            authorization="委托书",
        )
        station = PollingStation.objects.create(election=election, name="站")
        TallySheet.objects.create(
            station=station, clerk=users["committee_member"], ballots_returned=0
        )
        RoundResult.objects.create(
            election=election, round=1, registered=1, voted=0, votes_cast=0, valid=False
        )
        assembly = Assembly.objects.create(
            community=c, title="居民会议", date=today, members_total=10
        )
        charter = CharterVersion.objects.create(community=c, version=1, text="公约")
        AgendaItem.objects.create(assembly=assembly, title="议题")
        Petition.objects.create(community=c, basis="adults", subject="议题")
        Notice.objects.create(community=c, title="公告", body="内容", publish_on=today)
        estate = Estate.objects.create(community=c, name=f"小区{key}")
        EstateManagement.objects.create(estate=estate, mode="company", company_name="物业")
        del term, charter
    # charlie (grid worker in C2) may read C2's notices and estates.
    c2 = world["c2"]
    Notice.objects.create(community=c2, title="公告", body="内容", publish_on=today)
    estate = Estate.objects.create(community=c2, name="小区c2")
    EstateManagement.objects.create(estate=estate, mode="company", company_name="物业")
