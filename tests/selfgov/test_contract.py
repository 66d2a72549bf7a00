"""The write contract (core.actions) in self-government: every do_ action writes exactly one
audit event carrying its verb, and a role counts only in its own place — the street admin of
another street (`outsider`) is refused (Denied, audited as denied) and nothing is written."""

import datetime
import pathlib
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from gongzhi.core.actions import REGISTRY
from gongzhi.core.errors import Denied
from gongzhi.core.models import AuditEntry
from gongzhi.registry.models import Estate
from gongzhi.selfgov import actions
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
    RegisterChange,
    TallySheet,
    Term,
    Voter,
    VoterParticipation,
)

from .helpers import DAY, ensure_committee, make_election, make_residents, make_voter_user


def _one_event(verb, run):
    """Run `run()`; exactly one new audit entry, with `verb`."""
    before = AuditEntry.objects.count()
    result = run()
    new = list(AuditEntry.objects.order_by("pk")[before:])
    assert [e.verb for e in new] == [verb], [(e.verb, e.action, e.object_repr) for e in new]
    return result


def _denied(verb, run, *models):
    """Run `run()` as an actor without the right here: Denied, one `denied` entry, no rows."""
    counts = [m.objects.count() for m in models]
    before = AuditEntry.objects.count()
    with pytest.raises(Denied):
        run()
    new = list(AuditEntry.objects.order_by("pk")[before:])
    assert [(e.action, e.verb) for e in new] == [(AuditEntry.Action.DENIED, verb)]
    assert [m.objects.count() for m in models] == counts


def test_election_actions_one_event_each(world, users):
    admin, member = users["street_admin"], users["committee_member"]
    c = world["c1"]
    ensure_committee(c)
    make_residents(c, 8)
    election = _one_event(
        "selfgov.do_create_election",
        lambda: actions.do_create_election(
            admin, Election(community=c, title="换届", election_day=DAY, seats=2)
        ),
    )
    election.title = "换届选举"
    _one_event("selfgov.do_update_election", lambda: actions.do_update_election(admin, election))
    assert (
        _one_event(
            "selfgov.do_generate_register", lambda: actions.do_generate_register(member, election)
        )
        == 8
    )
    extra = make_residents(c, 2)
    voter = _one_event(
        "selfgov.do_add_voter",
        lambda: actions.do_add_voter(member, election, extra[0], "更正"),
    )
    _one_event("selfgov.do_remove_voter", lambda: actions.do_remove_voter(member, voter, "迁出"))
    objection = _one_event(
        "selfgov.do_log_objection",
        lambda: actions.do_log_objection(member, election, "漏登一户"),
    )
    _one_event(
        "selfgov.do_resolve_objection",
        lambda: actions.do_resolve_objection(member, objection, "已更正"),
    )
    station = _one_event(
        "selfgov.do_add_station", lambda: actions.do_add_station(member, election, "一站")
    )
    _one_event(
        "selfgov.do_publish_register",
        lambda: actions.do_publish_register(
            member, election, today=DAY - datetime.timedelta(days=30)
        ),
    )
    entry = AuditEntry.objects.filter(verb="selfgov.do_publish_register").latest("pk")
    assert entry.action == AuditEntry.Action.TRANSITION
    assert (entry.before["status"], entry.after["status"]) == ("draft", "register")
    voters = list(election.voters.filter(active=True).order_by("pk"))
    candidates = [
        _one_event(
            "selfgov.do_nominate",
            lambda v=v: actions.do_nominate(member, election, v, self_nomination=True),
        )
        for v in voters[:4]
    ]
    # the 4th withdraws: 3 left for 2 seats + 1 is still 差额, nothing reopens
    _one_event(
        "selfgov.do_withdraw_candidate",
        lambda: actions.do_withdraw_candidate(member, candidates[3], "个人原因"),
    )
    _one_event(
        "selfgov.do_publish_candidates", lambda: actions.do_publish_candidates(member, election)
    )
    _one_event(
        "selfgov.do_add_proxy",
        lambda: actions.do_add_proxy(member, election, voters[6], voters[7], "委托书"),
    )
    login = get_user_model().objects.create_user(username="contract-voter")
    _one_event(
        "selfgov.do_link_voter_login",
        lambda: actions.do_link_voter_login(member, voters[5], login),
    )
    _one_event("selfgov.do_open_voting", lambda: actions.do_open_voting(member, election))
    a, b, _c = candidates[:3]
    for v in voters[:5]:
        _one_event(
            "selfgov.do_issue_paper_ballot",
            lambda v=v: actions.do_issue_paper_ballot(member, station, v),
        )
    for clerk in (member, users["station_staff"]):
        _one_event(
            "selfgov.do_enter_tally_sheet",
            lambda clerk=clerk: actions.do_enter_tally_sheet(
                clerk,
                station,
                ballots_returned=5,
                invalid_ballots=0,
                votes={str(a.pk): 5, str(b.pk): 4},
            ),
        )
    counted = _one_event("selfgov.do_count_round", lambda: actions.do_count_round(member, election))
    assert counted.status == Election.Status.COUNTED and counted.result.elected
    announced = _one_event(
        "selfgov.do_announce",
        lambda: actions.do_announce(users["party_secretary"], election, on=DAY),
    )
    entry = AuditEntry.objects.filter(verb="selfgov.do_announce").latest("pk")
    assert entry.object_id == str(election.pk) and entry.action == AuditEntry.Action.TRANSITION
    assert announced.notice.category == Notice.Category.ELECTION


def test_online_ballot_and_second_round_one_event_each(world, users):
    member = users["committee_member"]
    election = make_election(
        world["c1"],
        voters=6,
        seats=2,
        candidates=4,
        online_voting=True,
        voting_opens=timezone.now() - datetime.timedelta(hours=1),
        voting_closes=timezone.now() + datetime.timedelta(hours=1),
    )
    actions.do_open_voting(member, election)
    voter = election.voters.order_by("pk").first()
    user = make_voter_user(voter)
    ranked = list(election.candidates.order_by("pk"))
    _one_event(
        "selfgov.do_cast_ballot",
        lambda: actions.do_cast_ballot(user, election, [ranked[0].pk]),
    )
    entry = AuditEntry.objects.filter(verb="selfgov.do_cast_ballot").latest("pk")
    assert entry.object_id == str(voter.pk)  # that they voted, never how
    # four more ballots, all for the first candidate: one seat left for a second round
    for v in election.voters.order_by("pk")[1:5]:
        actions.do_cast_ballot(make_voter_user(v), election, [ranked[0].pk])
    actions.do_count_round(member, election)
    _one_event(
        "selfgov.do_start_second_round",
        lambda: actions.do_start_second_round(
            member,
            election,
            opens=timezone.now(),
            closes=timezone.now() + datetime.timedelta(hours=2),
        ),
    )
    election.refresh_from_db()
    assert election.status == Election.Status.SECOND_ROUND and election.round == 2


def test_discarding_tally_entries_one_event(world, users):
    member = users["committee_member"]
    election = make_election(world["c1"], voters=6, seats=1, candidates=2)
    actions.do_open_voting(member, election)
    station = actions.do_add_station(member, election, "站")
    for v in election.voters.all()[:4]:
        actions.do_issue_paper_ballot(member, station, v)
    a = election.candidates.first()
    for clerk, n in ((member, 4), (users["station_staff"], 3)):
        actions.do_enter_tally_sheet(
            clerk, station, ballots_returned=4, invalid_ballots=0, votes={str(a.pk): n}
        )
    assert (
        _one_event(
            "selfgov.do_discard_sheets",
            lambda: actions.do_discard_sheets(member, station, 1, reason="录入不一致"),
        )
        == 2
    )
    assert not TallySheet.objects.exists()


def test_register_application_one_event(world, users):
    c = world["c1"]
    ensure_committee(c)
    make_residents(c, 3)
    migrant = make_residents(
        c, 1, residence_type="migrant", living_here_since=datetime.date(2020, 1, 1)
    )[0]
    election = actions.do_create_election(
        users["street_admin"], Election(community=c, title="t", election_day=DAY, seats=1)
    )
    voter = _one_event(
        "selfgov.do_apply_for_register",
        lambda: actions.do_apply_for_register(users["committee_member"], election, migrant),
    )
    assert voter.source == Voter.Source.APPLICATION


def test_terms_assemblies_charter_notices_one_event_each(world, users):
    admin, member = users["street_admin"], users["committee_member"]
    c = world["c1"]
    committee = ensure_committee(c)
    people = make_residents(c, 5)
    today = timezone.localdate()
    term = _one_event(
        "selfgov.do_create_term",
        lambda: actions.do_create_term(admin, committee, today),
    )
    _one_event(
        "selfgov.do_hand_over",
        lambda: actions.do_hand_over(
            member,
            term,
            [{"name": f"委员{i}", "post": "chair" if i == 0 else "member"} for i in range(5)],
        ),
    )
    later = actions.do_create_term(admin, committee, today + datetime.timedelta(days=1))
    # its members already serve (they are term 1's, so none is linked again)
    _one_event(
        "selfgov.do_seat_serving_members",
        lambda: actions.do_seat_serving_members(member, later),
    )
    petition = _one_event(
        "selfgov.do_file_petition",
        lambda: actions.do_file_petition(
            member, c, Petition.Basis.ADULTS, "加装电梯", id_numbers=[people[0].id_number]
        ),
    )
    assert petition.accepted
    assembly = _one_event(
        "selfgov.do_convene",
        lambda: actions.do_convene(member, c, "居民会议", today, kind=Assembly.Kind.ADULTS),
    )
    for r in people[:3]:
        _one_event(
            "selfgov.do_record_attendance",
            lambda r=r: actions.do_record_attendance(member, assembly, resident=r),
        )
    _one_event(
        "selfgov.do_sign_in",
        lambda: actions.do_sign_in(member, assembly, people[3].id_number),
    )
    charter = _one_event(
        "selfgov.do_draft_charter", lambda: actions.do_draft_charter(member, c, "第一条")
    )
    item = _one_event(
        "selfgov.do_add_item",
        lambda: actions.do_add_item(
            member, assembly, "通过公约", AgendaItem.Kind.CHARTER, charter=charter
        ),
    )
    _one_event(
        "selfgov.do_vote_item",
        lambda: actions.do_vote_item(member, item, yes=4, no=0),
    )
    _one_event(
        "selfgov.do_record_minutes",
        lambda: actions.do_record_minutes(member, assembly, "会议记录"),
    )
    charter.refresh_from_db()
    _one_event("selfgov.do_filing_step", lambda: actions.do_filing_step(admin, charter, "submit"))
    entry = AuditEntry.objects.filter(verb="selfgov.do_filing_step").latest("pk")
    assert entry.action == AuditEntry.Action.TRANSITION
    assert (entry.before["filing"], entry.after["filing"]) == ("not_filed", "submitted")
    _one_event(
        "selfgov.do_filing_step",
        lambda: actions.do_filing_step(admin, charter, "return", "第二条措辞需修改"),
    )
    entry = AuditEntry.objects.filter(verb="selfgov.do_filing_step").latest("pk")
    assert entry.reason == "第二条措辞需修改"
    assert CharterVersion.objects.get(pk=charter.pk).filing == CharterVersion.Filing.RETURNED
    notice = _one_event(
        "selfgov.do_create_notice",
        lambda: actions.do_create_notice(
            member, Notice(community=c, title="公开", body="…", publish_on=today)
        ),
    )
    notice.title = "公开(更正)"
    _one_event("selfgov.do_update_notice", lambda: actions.do_update_notice(member, notice))
    gone = Notice.objects.create(community=c, title="错发的公告", body="…", publish_on=today)
    _one_event("selfgov.do_delete_notice", lambda: actions.do_delete_notice(member, gone))
    assert not Notice.objects.filter(pk=gone.pk).exists()
    estate = Estate.objects.create(community=c, name="幸福小区")
    _one_event(
        "selfgov.do_save_management",
        lambda: actions.do_save_management(
            member, EstateManagement(estate=estate, mode="company", company_name="万家物业")
        ),
    )


def test_every_selfgov_action_is_covered():
    """The tests of this file run every do_ action of selfgov through _one_event (a new
    action needs its line here)."""
    source = pathlib.Path(__file__).read_text(encoding="utf-8")
    checked = set(re.findall(r'_one_event\(\s*"(selfgov\.do_\w+)"', source))
    mine = {verb for verb in REGISTRY if verb.startswith("selfgov.")}
    assert mine and mine - checked == set()


# --- a role counts only in its own place ------------------------------------------------------


def test_election_actions_refused_outside_the_roles_place(world, users):
    outsider = users["outsider"]  # street admin of S2: every selfgov right, but not in C1
    c = world["c1"]
    election = make_election(c, voters=6, seats=2, candidates=2)  # register published
    _denied(
        "selfgov.do_create_election",
        lambda: actions.do_create_election(
            outsider, Election(community=c, title="t", election_day=DAY)
        ),
        Election,
    )
    _denied("selfgov.do_update_election", lambda: actions.do_update_election(outsider, election))
    voter = election.voters.first()
    _denied(
        "selfgov.do_remove_voter",
        lambda: actions.do_remove_voter(outsider, voter, "x"),
        RegisterChange,
    )
    _denied(
        "selfgov.do_log_objection",
        lambda: actions.do_log_objection(outsider, election, "异议"),
        RegisterChange,
    )
    _denied(
        "selfgov.do_nominate",
        lambda: actions.do_nominate(outsider, election, voter, self_nomination=True),
        Candidate,
    )
    _denied(
        "selfgov.do_add_station",
        lambda: actions.do_add_station(outsider, election, "站"),
        PollingStation,
    )
    others = list(election.voters.all()[:2])
    _denied(
        "selfgov.do_add_proxy",
        lambda: actions.do_add_proxy(outsider, election, others[0], others[1], "委托书"),
        Proxy,
    )
    _denied(
        "selfgov.do_publish_candidates",
        lambda: actions.do_publish_candidates(outsider, election),
    )
    election.refresh_from_db()
    assert election.status == Election.Status.REGISTER_PUBLISHED
    assert not VoterParticipation.objects.exists()


def test_a_committee_member_counts_only_in_their_community(world, users):
    """The committee member of C1 may run C1's election, not one in C2 of the same street."""
    election = make_election(world["c2"], voters=4, seats=1, candidates=2)
    _denied(
        "selfgov.do_open_voting",
        lambda: actions.do_open_voting(users["committee_member"], election),
    )
    _denied(
        "selfgov.do_announce",
        lambda: actions.do_announce(users["committee_member"], election),
        Notice,
        Term,
    )


def test_assembly_and_notice_actions_refused_outside_the_roles_place(world, users):
    outsider = users["outsider"]
    c = world["c1"]
    ensure_committee(c)
    make_residents(c, 3)
    _denied(
        "selfgov.do_convene",
        lambda: actions.do_convene(outsider, c, "会议", DAY, kind=Assembly.Kind.ADULTS),
        Assembly,
    )
    _denied(
        "selfgov.do_file_petition",
        lambda: actions.do_file_petition(outsider, c, Petition.Basis.ADULTS, "x"),
        Petition,
    )
    _denied(
        "selfgov.do_draft_charter",
        lambda: actions.do_draft_charter(outsider, c, "第一条"),
        CharterVersion,
    )
    _denied(
        "selfgov.do_create_notice",
        lambda: actions.do_create_notice(
            outsider, Notice(community=c, title="t", body="b", publish_on=DAY)
        ),
        Notice,
    )
    charter = actions.do_draft_charter(users["street_admin"], c, "第一条")
    _denied(
        "selfgov.do_filing_step",
        lambda: actions.do_filing_step(outsider, charter, "submit"),
    )
    assert CharterVersion.objects.get(pk=charter.pk).filing == CharterVersion.Filing.NOT_FILED
