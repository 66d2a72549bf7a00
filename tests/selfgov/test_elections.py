"""Elections: register, publication, nomination (差额), proxies, online and paper ballots,
tally, second round, ties, announcement and certificate. Named after the rules of
domain.md §4, each tested at and around its boundary."""

import datetime
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from gongzhi.core.models import AuditEntry
from gongzhi.selfgov import actions, ballot_box, pdf, queries
from gongzhi.selfgov.models import (
    Ballot,
    Election,
    PollingStation,
    TallySheet,
    Voter,
    VoterParticipation,
)
from gongzhi.selfgov.rules import at_least, more_than
from tests.tools import pdffonts, pdftotext

from .helpers import (
    DAY,
    act,
    admin,
    ensure_committee,
    make_election,
    make_residents,
    make_voter_user,
)

S = Election.Status


# --- the arithmetic -------------------------------------------------------------------------


@given(st.integers(0, 10_000), st.integers(1, 10_000))
def test_more_than_half_is_strict(part, whole):
    assert more_than(part, whole, 1, 2) == (2 * part > whole)
    if whole % 2 == 0:
        assert not more_than(whole // 2, whole, 1, 2)  # exactly half is NOT a majority
        assert more_than(whole // 2 + 1, whole, 1, 2)


@given(st.integers(0, 10_000), st.integers(1, 10_000))
def test_at_least_a_third_is_inclusive(part, whole):
    assert at_least(part, whole, 1, 3) == (3 * part >= whole)
    if whole % 3 == 0:
        assert at_least(whole // 3, whole, 1, 3)
        assert not at_least(whole // 3 - 1, whole, 1, 3)


# --- voter register -------------------------------------------------------------------------


def test_voters_are_18_on_election_day_and_not_deprived(world):
    c = world["c1"]
    ensure_committee(c)
    turns_18 = make_residents(c, 1, birth=DAY.replace(year=DAY.year - 18))[0]
    one_day_short = make_residents(
        c, 1, birth=DAY.replace(year=DAY.year - 18) + datetime.timedelta(days=1)
    )[0]
    deprived = make_residents(c, 1, deprived_of_political_rights=True)[0]
    moved = make_residents(c, 1, status="moved_out")[0]
    other = make_residents(world["c2"], 1)[0]
    election = act(
        actions.do_create_election, Election(community=c, title="t", election_day=DAY, seats=1)
    )
    assert actions.do_generate_register(admin(election), election) == 1
    on_register = set(election.voters.values_list("resident_id", flat=True))
    assert on_register == {turns_18.pk}
    assert not {one_day_short.pk, deprived.pk, moved.pk, other.pk} & on_register
    # a long-term migrant added by hand, with a reason, logged
    migrant = make_residents(c, 1, residence_type="migrant")[0]
    migrant.delete() if False else None
    with pytest.raises(ValidationError):
        actions.do_add_voter(admin(election), election, deprived, "请求加入")
    with pytest.raises(ValidationError):
        actions.do_add_voter(admin(election), election, turns_18, "")
    assert election.voters.count() == 1


def test_voting_age_is_the_laws_18_not_a_setting(world):
    c = world["c1"]
    ensure_committee(c)
    make_residents(c, 1, birth=DAY.replace(year=DAY.year - 17))
    for age in (16, 17, 19):
        with pytest.raises(ValidationError) as refused:
            act(
                actions.do_create_election,
                Election(community=c, title="t", election_day=DAY, voting_age=age),
            )
        assert "voting_age" in refused.value.message_dict
    election = act(actions.do_create_election, Election(community=c, title="t", election_day=DAY))
    assert actions.do_generate_register(admin(election), election) == 0


@pytest.mark.parametrize("days, ok", [(21, True), (20, True), (19, False)])
def test_register_published_at_least_20_days_before(world, days, ok):
    c = world["c1"]
    ensure_committee(c)
    make_residents(c, 3)
    election = act(actions.do_create_election, Election(community=c, title="t", election_day=DAY))
    actions.do_generate_register(admin(election), election)
    today = DAY - datetime.timedelta(days=days)
    if ok:
        actions.do_publish_register(admin(election), election, today=today)
        assert election.status == S.REGISTER_PUBLISHED
    else:
        with pytest.raises(ValidationError, match="20"):
            actions.do_publish_register(admin(election), election, today=today)
        election.refresh_from_db()
        assert election.status == S.DRAFT


def test_objections_and_corrections_logged(world):
    election = make_election(world["c1"], voters=6, seats=2, candidates=3)
    voter = election.voters.last()
    actions.do_log_objection(admin(election), election, "姓名有误", voter)
    with pytest.raises(ValidationError):
        actions.do_remove_voter(
            admin(voter), voter, ""
        )  # wrong state also: register published is allowed, reason missing
    actions.do_remove_voter(admin(voter), voter, "已迁出")
    kinds = list(election.register_changes.values_list("kind", flat=True))
    assert sorted(kinds) == ["objection", "removed"]


# --- nomination ---------------------------------------------------------------------------


@pytest.mark.parametrize("supporters, ok", [(9, False), (10, True), (11, True)])
def test_joint_nomination_needs_configured_number_of_voters(world, supporters, ok):
    c = world["c1"]
    ensure_committee(c)
    make_residents(c, 15)
    election = act(
        actions.do_create_election,
        Election(community=c, title="t", election_day=DAY, allow_self_nomination=False),
    )
    actions.do_generate_register(admin(election), election)
    actions.do_publish_register(admin(election), election, today=DAY - datetime.timedelta(days=25))
    voters = list(election.voters.all())
    if ok:
        candidate = actions.do_nominate(
            admin(election), election, voters[0], supporters=voters[1 : 1 + supporters]
        )
        assert candidate.supporters.count() == supporters
    else:
        with pytest.raises(ValidationError):
            actions.do_nominate(
                admin(election), election, voters[0], supporters=voters[1 : 1 + supporters]
            )
        assert not election.candidates.exists()
    with pytest.raises(ValidationError):
        actions.do_nominate(admin(election), election, voters[2], self_nomination=True)
    with pytest.raises(ValidationError):  # a nominator listed twice
        actions.do_nominate(admin(election), election, voters[3], supporters=[voters[4]] * 10)


@pytest.mark.parametrize("candidates, ok", [(3, False), (4, True)])
def test_candidates_outnumber_seats(world, candidates, ok):
    election = make_election(world["c1"], voters=10, seats=3, candidates=3)
    assert election.status == S.REGISTER_PUBLISHED  # 3 candidates for 3 seats: not published
    if candidates == 4:
        actions.do_nominate(
            admin(election), election, election.voters.all()[5], self_nomination=True
        )
    if ok:
        actions.do_publish_candidates(admin(election), election)
        assert election.status == S.CANDIDATES_PUBLISHED
    else:
        with pytest.raises(ValidationError, match="差额|competitive"):
            actions.do_publish_candidates(admin(election), election)


# --- proxies -------------------------------------------------------------------------------


def test_at_most_three_proxies_per_holder(world):
    election = make_election(world["c1"], voters=10, seats=2, candidates=3)
    holder, *others = list(election.voters.all())
    for principal in others[:3]:
        actions.do_add_proxy(admin(election), election, holder, principal, "书面委托书 No.1")
    with pytest.raises(ValidationError, match="3"):
        actions.do_add_proxy(admin(election), election, holder, others[3], "书面委托书 No.4")
    with pytest.raises(ValidationError):  # without the principal's authorization
        actions.do_add_proxy(admin(election), election, others[5], others[4], " ")
    with pytest.raises(ValidationError):  # a principal gives one proxy only
        actions.do_add_proxy(admin(election), election, others[5], others[0], "x")
    assert election.proxies.count() == 3


# --- online ballot ------------------------------------------------------------------------


def open_online(election, **window):
    now = timezone.now()
    election.online_voting = True
    election.voting_opens = window.get("opens", now - datetime.timedelta(hours=1))
    election.voting_closes = window.get("closes", now + datetime.timedelta(hours=1))
    election.save()
    actions.do_open_voting(admin(election), election)
    return election


def test_online_ballot_one_voter_one_ballot_and_receipt(world):
    election = open_online(make_election(world["c1"], voters=6, seats=2, candidates=3))
    voter = election.voters.first()
    user = make_voter_user(voter)
    cands = list(election.candidates.values_list("pk", flat=True))
    code = actions.do_cast_ballot(user, election, [cands[1], cands[0]])
    assert queries.check_receipt(election, code) is not None
    assert queries.check_receipt(election, "AAAA-BBBB-CCCC") is None
    with pytest.raises(ValidationError, match="already|已经"):
        actions.do_cast_ballot(user, election, [cands[0]])
    assert Ballot.objects.filter(election=election).count() == 1
    assert Ballot.objects.get().choices == sorted(cands[:2])  # order of ticking not kept
    assert VoterParticipation.objects.filter(election=election).count() == 1
    assert queries.has_voted(election, user)


def test_online_ballot_refusals_change_nothing(world):
    election = open_online(make_election(world["c1"], voters=6, seats=2, candidates=3))
    user = make_voter_user(election.voters.first())
    cands = list(election.candidates.values_list("pk", flat=True))
    for bad in ([*cands], [cands[0], cands[0]], [999999], ["x"]):
        with pytest.raises(ValidationError):
            actions.do_cast_ballot(user, election, bad)
    stranger = get_user_model().objects.create_user("stranger", password="x-Very-long-9")
    with pytest.raises(ValidationError):
        actions.do_cast_ballot(stranger, election, [cands[0]])
    with pytest.raises(ValidationError, match="closed|已于"):
        actions.do_cast_ballot(user, election, [cands[0]], now=election.voting_closes)
    with pytest.raises(ValidationError):
        actions.do_cast_ballot(
            user, election, [cands[0]], now=election.voting_opens - datetime.timedelta(seconds=1)
        )
    assert not Ballot.objects.exists() and not VoterParticipation.objects.exists()
    actions.do_cast_ballot(
        user, election, [cands[0]], now=election.voting_opens
    )  # boundary: opens inclusive


def test_secrecy_nothing_links_a_ballot_to_a_voter(world):
    """Schema and rows: the ballot table has no column or foreign key that refers to a voter,
    a user or a participation, no time, and random keys."""
    from django.db import connection

    fields = {f.name: f for f in Ballot._meta.concrete_fields}
    assert set(fields) == {"id", "election", "round", "choices", "receipt_hash"}
    related = {f.related_model for f in Ballot._meta.concrete_fields if f.is_relation}
    assert related == {Election}
    assert not any(
        f.get_internal_type() in ("DateTimeField", "DateField", "TimeField")
        for f in fields.values()
    )
    assert (
        isinstance(fields["id"], type(VoterParticipation._meta.pk))
        and fields["id"].get_internal_type() == "UUIDField"
    )
    with connection.cursor() as cursor:
        columns = {
            c.name
            for c in connection.introspection.get_table_description(cursor, Ballot._meta.db_table)
        }
        fks = connection.introspection.get_constraints(cursor, Ballot._meta.db_table)
    assert columns == {"id", "election_id", "round", "choices", "receipt_hash"}
    assert {c["foreign_key"][0] for c in fks.values() if c["foreign_key"]} == {
        Election._meta.db_table
    }
    # participation: no time either, random key
    assert not any(
        f.get_internal_type() in ("DateTimeField", "DateField")
        for f in VoterParticipation._meta.concrete_fields
    )
    # rows: cast 5 ballots, seal the box, nothing in a ballot row matches a voter id
    election = open_online(make_election(world["c1"], voters=8, seats=2, candidates=3))
    cands = list(election.candidates.values_list("pk", flat=True))
    codes = []
    for i, voter in enumerate(list(election.voters.all()[:5])):
        codes.append(actions.do_cast_ballot(make_voter_user(voter), election, [cands[i % 3]]))
    before = set(Ballot.objects.values_list("id", flat=True))
    ballot_box.seal_ballot_box(election, 1)
    rows = list(Ballot.objects.values())
    assert all(isinstance(r["id"], uuid.UUID) and r["id"].version == 4 for r in rows)
    assert not before & {r["id"] for r in rows}  # keys renewed after sealing
    voter_ids = {str(v) for v in election.voters.values_list("pk", flat=True)}
    user_ids = {
        str(v) for v in election.voters.exclude(user=None).values_list("user_id", flat=True)
    }
    for r in rows:
        assert r.keys() == {"id", "election_id", "round", "choices", "receipt_hash"}
        assert str(r["receipt_hash"]) not in voter_ids | user_ids
    # receipts still verify after sealing; the audit log never names a ballot
    assert all(queries.check_receipt(election, code) for code in codes)
    ballot_ids = {str(r["id"]) for r in rows} | before
    assert not AuditEntry.objects.filter(object_id__in=[str(b) for b in ballot_ids]).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_parallel_attempts_by_one_voter_count_once(world):
    """PostgreSQL: 50 threads, each with its own connection, cast the same voter's ballot at
    once; exactly one ballot and one participation exist afterwards."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL (set DATABASE_URL=postgres://…): SQLite serialises writers, "
            "so it cannot show the database guarantee under real concurrency"
        )
    election = open_online(make_election(world["c1"], voters=6, seats=2, candidates=3))
    user = make_voter_user(election.voters.first())
    cand = election.candidates.first().pk
    barrier = threading.Barrier(50)
    outcomes = []

    def attempt():
        try:
            barrier.wait()
            actions.do_cast_ballot(user, election, [cand])
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append(exc.code or "refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1, outcomes
    assert outcomes.count("already_voted") == 49
    assert Ballot.objects.filter(election=election).count() == 1
    assert VoterParticipation.objects.filter(election=election).count() == 1


# --- paper ballots and the tally ---------------------------------------------------------------


def paper_round(election, clerks, marks, *, returned=None, invalid=0, station=None, second=None):
    """Issue a ballot to each of len(marks) voters at one station, then two clerks enter the
    same sheet: votes per candidate from `marks` (list of candidate-id lists)."""
    station = station or actions.do_add_station(admin(election), election, "第一投票站")
    voters = [
        v
        for v in election.voters.filter(active=True)
        if not v.participations.filter(round=election.round).exists()
    ]
    for voter in voters[: len(marks)]:
        actions.do_issue_paper_ballot(admin(station), station, voter)
    counts = {}
    for m in marks:
        for c in m:
            counts[str(c)] = counts.get(str(c), 0) + 1
    returned = len(marks) if returned is None else returned
    actions.do_enter_tally_sheet(
        clerks[0], station, ballots_returned=returned, invalid_ballots=invalid, votes=counts
    )
    actions.do_enter_tally_sheet(
        clerks[1],
        station,
        ballots_returned=returned,
        invalid_ballots=invalid,
        votes=second if second is not None else counts,
    )
    return station


@pytest.fixture
def clerks(users):
    return users["committee_member"], users["party_secretary"]


@pytest.mark.parametrize("voted, valid", [(10, False), (11, True)])
def test_election_valid_only_if_more_than_half_voted(world, clerks, voted, valid):
    election = make_election(world["c1"], voters=20, seats=1, candidates=2)
    actions.do_open_voting(admin(election), election)
    a = election.candidates.first().pk
    paper_round(election, clerks, [[a]] * voted)
    result = actions.do_count_round(admin(election), election).result
    assert result.valid is valid and result.registered == 20 and result.voted == voted
    election.refresh_from_db()
    assert election.status == (S.COUNTED if valid else S.FAILED)
    assert election.candidates.filter(elected=True).exists() is valid


@pytest.mark.parametrize("votes_for_a, elected", [(6, False), (7, True)])
def test_elected_with_more_than_half_of_votes_cast(world, clerks, votes_for_a, elected):
    election = make_election(world["c1"], voters=20, seats=1, candidates=2)
    actions.do_open_voting(admin(election), election)
    a, b = election.candidates.values_list("pk", flat=True)
    marks = [[a]] * votes_for_a + [[b]] * (12 - votes_for_a)  # 12 cast; 6 = exactly half
    paper_round(election, clerks, marks)
    result = actions.do_count_round(admin(election), election).result
    assert (a in result.elected) is elected
    assert result.unfilled == (0 if elected else 1)


def test_tally_sheets_double_entry_mismatch_blocks_result(world, clerks):
    election = make_election(world["c1"], voters=20, seats=1, candidates=2)
    actions.do_open_voting(admin(election), election)
    a, b = election.candidates.values_list("pk", flat=True)
    station = paper_round(election, clerks, [[a]] * 12, second={str(a): 11, str(b): 1})
    with pytest.raises(ValidationError, match="agree|不一致"):
        actions.do_count_round(admin(election), election)
    election.refresh_from_db()
    assert election.status == S.VOTING and not election.results.exists()
    # the same clerk cannot enter twice; a third entry is refused
    with pytest.raises(ValidationError):
        actions.do_enter_tally_sheet(
            clerks[0], station, ballots_returned=12, invalid_ballots=0, votes={str(a): 12}
        )
    actions.do_discard_sheets(admin(station), station, 1, reason="两次录入不一致，核对原始计票单")
    for clerk in clerks:
        actions.do_enter_tally_sheet(
            clerk, station, ballots_returned=12, invalid_ballots=0, votes={str(a): 12}
        )
    assert actions.do_count_round(admin(election), election).result.elected == [a]


def test_tally_sheet_refuses_impossible_figures(world, clerks):
    election = make_election(world["c1"], voters=20, seats=1, candidates=2)
    actions.do_open_voting(admin(election), election)
    a, b = election.candidates.values_list("pk", flat=True)
    station = actions.do_add_station(
        admin(election), election, "流动票箱", PollingStation.Kind.MOBILE
    )
    for voter in election.voters.all()[:5]:
        actions.do_issue_paper_ballot(admin(station), station, voter)
    with pytest.raises(ValidationError):  # a voter issued twice
        actions.do_issue_paper_ballot(admin(station), station, election.voters.first())
    station.refresh_from_db()
    assert station.ballots_issued == 5
    bad = [
        dict(ballots_returned=6, invalid_ballots=0, votes={}),  # more returned than issued
        dict(ballots_returned=5, invalid_ballots=6, votes={}),
        dict(ballots_returned=5, invalid_ballots=1, votes={str(a): 5}),  # > valid ballots
        dict(ballots_returned=5, invalid_ballots=0, votes={"99999": 1}),
        dict(
            ballots_returned=5, invalid_ballots=0, votes={str(a): 3, str(b): 3}
        ),  # > valid × seats
    ]
    for figures in bad:
        with pytest.raises(ValidationError):
            actions.do_enter_tally_sheet(clerks[0], station, **figures)
    assert not TallySheet.objects.exists()
    with pytest.raises(ValidationError, match="two clerks|两名"):
        actions.do_count_round(admin(election), election)


def test_online_voter_cannot_also_vote_on_paper(world, clerks):
    election = open_online(make_election(world["c1"], voters=6, seats=2, candidates=3))
    voter = election.voters.first()
    actions.do_cast_ballot(make_voter_user(voter), election, [election.candidates.first().pk])
    station = actions.do_add_station(admin(election), election, "站")
    with pytest.raises(ValidationError):
        actions.do_issue_paper_ballot(admin(station), station, voter)


def test_proxy_holder_votes_for_principal_only_with_proxy(world):
    election = make_election(world["c1"], voters=6, seats=2, candidates=3)
    actions.do_open_voting(admin(election), election)
    holder, principal, other = list(election.voters.all()[:3])
    station = actions.do_add_station(admin(election), election, "站")
    with pytest.raises(ValidationError):
        actions.do_issue_paper_ballot(admin(station), station, principal, proxy_holder=holder)
    actions.do_add_proxy(admin(election), election, holder, principal, "委托书")
    participation = actions.do_issue_paper_ballot(
        admin(station), station, principal, proxy_holder=holder
    )
    assert participation.proxy_holder == holder


@pytest.mark.parametrize("votes_b, second_elected", [(3, False), (4, True)])
def test_second_round_most_votes_with_at_least_a_third(world, clerks, votes_b, second_elected):
    election = make_election(world["c1"], voters=20, seats=2, candidates=4)
    actions.do_open_voting(admin(election), election)
    a, b, c, d = election.candidates.order_by("pk").values_list("pk", flat=True)
    # round 1: 12 cast; a has 7 (> half), b 6 (exactly half) → one seat left
    marks = [[a, b]] * 6 + [[a]] + [[c]] * 5
    paper_round(election, clerks, marks)
    r1 = actions.do_count_round(admin(election), election).result
    assert r1.elected == [a] and r1.unfilled == 1
    actions.do_start_second_round(admin(election), election)
    election.refresh_from_db()
    assert election.status == S.SECOND_ROUND and election.round == 2
    standing = set(election.candidates.filter(second_round=True).values_list("pk", flat=True))
    assert a not in standing and {b, c} <= standing
    # round 2: 12 cast; 1/3 is 4 votes — b gets votes_b, the others fewer
    rest = 12 - votes_b
    marks2 = (
        [[b]] * votes_b + [[c]] * min(rest, votes_b - 1) + [[]] * (rest - min(rest, votes_b - 1))
    )
    st2 = actions.do_add_station(admin(election), election, "第二轮投票站")
    paper_round(election, clerks, marks2, station=st2)
    r2 = actions.do_count_round(admin(election), election).result
    assert (b in r2.elected) is second_elected


@pytest.mark.parametrize("rule", [Election.TieRule.LOT, Election.TieRule.ANOTHER_ROUND])
def test_tie_for_the_last_seat(world, clerks, rule):
    election = make_election(world["c1"], voters=20, seats=1, candidates=2, tie_rule=rule)
    actions.do_open_voting(admin(election), election)
    a, b = election.candidates.values_list("pk", flat=True)
    # both above half: 12 cast, each marked on 7 ballots (a 2-seat ballot is impossible here, so
    # use 2 stations with separate counts) — simpler: the tie at the top below the seat count
    paper_round(election, clerks, [[a]] * 6 + [[b]] * 6)
    result = actions.do_count_round(admin(election), election).result
    # exactly half each: nobody passes the majority; no tie to break in round 1
    assert result.elected == []
    actions.do_start_second_round(admin(election), election)
    election.refresh_from_db()
    paper_round(
        election,
        clerks,
        [[a]] * 6 + [[b]] * 6,
        station=actions.do_add_station(admin(election), election, "二"),
    )
    r2 = actions.do_count_round(admin(election), election).result
    if rule == Election.TieRule.LOT:
        assert len(r2.elected) == 1 and r2.notes[0]["rule"] == "lot"
    else:
        assert r2.elected == [] and r2.unfilled == 1 and r2.notes[0]["rule"] == "round"


def test_online_and_paper_counted_together_announced_with_certificate(world, clerks, tmp_path):
    election = open_online(
        make_election(
            world["c1"], voters=10, seats=1, candidates=2, election_committee="王主任\n李委员"
        )
    )
    a, b = election.candidates.order_by("pk").values_list("pk", flat=True)
    voters = list(election.voters.all())
    codes = [actions.do_cast_ballot(make_voter_user(v), election, [a]) for v in voters[:4]]
    station = actions.do_add_station(admin(election), election, "站")
    for v in voters[4:7]:
        actions.do_issue_paper_ballot(admin(station), station, v)
    for clerk in clerks:
        actions.do_enter_tally_sheet(
            clerk, station, ballots_returned=3, invalid_ballots=1, votes={str(b): 2}
        )
    result = actions.do_count_round(admin(election), election).result
    assert result.voted == 7 and result.counts == {str(a): 4, str(b): 2} and result.elected == [a]
    assert all(queries.check_receipt(election, c).round == 1 for c in codes)
    notice = actions.do_announce(admin(election), election, on=DAY).notice
    election.refresh_from_db()
    assert election.status == S.ANNOUNCED and election.term.number == 1
    assert "votes" in notice.body or "票" in notice.body
    fonts = pdffonts(pdf.certificate_pdf(election))
    assert "CJK" in fonts and " yes " in fonts.split("CJK", 1)[1].splitlines()[0]
    assert (
        AuditEntry.objects.filter(
            action=AuditEntry.Action.TRANSITION, object_id=str(election.pk)
        ).count()
        >= 4
    )


def test_register_pdf_embeds_cjk_font(world, tmp_path):
    election = make_election(world["c1"], voters=5, seats=1, candidates=2)
    data = pdf.register_pdf(election)
    assert "CJK" in pdffonts(data)
    text = pdftotext(data)
    assert "居民" in text


def test_rules_fixed_once_register_published(world):
    election = make_election(world["c1"], voters=5, seats=1, candidates=2)
    election.turnout_num = 0
    with pytest.raises(ValidationError):
        actions.do_create_election(admin(election), election)
    assert Voter.objects.filter(election=election).count() == 5


# --- the election's method (Art. 8) ------------------------------------------------------------


def test_household_method_registers_one_representative_per_household(world):
    from gongzhi.registry.models import Household, Resident

    community = world["c1"]
    ensure_committee(community)
    hh = Household.objects.create(community=community, number="H-M1", address="1号")
    old, head, young = (
        Resident.objects.create(
            community=community, household=hh, name=n, birth_date=b, id_number=f"15020419{i:010d}"
        )
        for i, (n, b) in enumerate(
            [
                ("长者", datetime.date(1950, 1, 1)),
                ("户主", datetime.date(1975, 1, 1)),
                ("青年", datetime.date(2000, 1, 1)),
            ]
        )
    )
    hh.head = head
    hh.save()
    alone = make_residents(community, 2)  # two more households of one adult each
    election = act(
        actions.do_create_election,
        Election(
            community=community,
            title="户代表选举",
            election_day=DAY,
            method=Election.Method.HOUSEHOLD,
        ),
    )
    assert actions.do_generate_register(admin(election), election) == 3
    assert set(election.voters.values_list("resident", flat=True)) == {
        head.pk,
        alone[0].pk,
        alone[1].pk,
    }
    # a second voter from the same household is refused, a swap works
    with pytest.raises(ValidationError) as refused:
        actions.do_add_voter(admin(election), election, old, "户主委托")
    assert "resident" in refused.value.message_dict
    act(actions.do_remove_voter, election.voters.get(resident=head), "户主外出")
    actions.do_add_voter(admin(election), election, old, "家庭推选")
    assert queries.registered_count(election) == 3


def test_group_method_needs_two_or_three_representatives_per_group(world):
    from gongzhi.org.models import ResidentsGroup

    community = world["c1"]
    ensure_committee(community)
    group = ResidentsGroup.objects.create(community=community, number=1)
    people = make_residents(community, 5)
    election = act(
        actions.do_create_election,
        Election(
            community=community,
            title="居民小组代表选举",
            election_day=DAY,
            method=Election.Method.GROUP,
        ),
    )
    with pytest.raises(ValidationError):
        actions.do_generate_register(
            admin(election), election
        )  # chosen by the groups, not the registry
    with pytest.raises(ValidationError) as no_group:
        actions.do_add_voter(admin(election), election, people[0], "小组推选")
    assert "residents_group" in no_group.value.message_dict
    actions.do_add_voter(admin(election), election, people[0], "小组推选", residents_group=group)
    with pytest.raises(ValidationError):  # 1 representative: too few to publish
        actions.do_publish_register(
            admin(election), election, today=DAY - datetime.timedelta(days=30)
        )
    actions.do_add_voter(admin(election), election, people[1], "小组推选", residents_group=group)
    actions.do_add_voter(admin(election), election, people[2], "小组推选", residents_group=group)
    with pytest.raises(ValidationError) as fourth:
        actions.do_add_voter(
            admin(election), election, people[3], "小组推选", residents_group=group
        )
    assert "residents_group" in fourth.value.message_dict
    assert queries.registered_count(election) == 3
    actions.do_publish_register(admin(election), election, today=DAY - datetime.timedelta(days=30))
    assert election.status == S.REGISTER_PUBLISHED


def _group_election(community):
    ensure_committee(community)
    return act(
        actions.do_create_election,
        Election(
            community=community,
            title="居民小组代表选举",
            election_day=DAY,
            method=Election.Method.GROUP,
        ),
    )


@pytest.mark.parametrize("sent, ok", [(1, False), (2, True), (3, True)])
def test_group_representatives_every_group_sends_two_or_three(world, sent, ok):
    """Art. 8: with the group method, group 1 sends `sent`; group 2 sends 2; a third group
    that sends nobody blocks the register until it sends 2 or 3."""
    from gongzhi.org.models import ResidentsGroup

    community = world["c1"]
    g1, g2, g3 = (ResidentsGroup.objects.create(community=community, number=n) for n in (1, 2, 3))
    people = make_residents(community, 8)
    election = _group_election(community)
    for p in people[:sent]:
        actions.do_add_voter(admin(election), election, p, "小组推选", residents_group=g1)
    for p in people[3:5]:
        actions.do_add_voter(admin(election), election, p, "小组推选", residents_group=g2)
    publish_day = DAY - datetime.timedelta(days=30)
    with pytest.raises(ValidationError) as silent:  # group 3 sends nobody
        actions.do_publish_register(admin(election), election, today=publish_day)
    assert "3" in silent.value.messages[0]
    assert ("1" in silent.value.messages[0].split(";")[-1]) is not ok
    for p in people[5:7]:
        actions.do_add_voter(admin(election), election, p, "小组推选", residents_group=g3)
    if ok:
        actions.do_publish_register(admin(election), election, today=publish_day)
        assert election.status == S.REGISTER_PUBLISHED
    else:
        with pytest.raises(ValidationError):
            actions.do_publish_register(admin(election), election, today=publish_day)
        assert Election.objects.get(pk=election.pk).status == S.DRAFT


def test_group_representatives_four_refused_and_a_removal_blocks_voting(world):
    from gongzhi.org.models import ResidentsGroup

    community = world["c1"]
    group = ResidentsGroup.objects.create(community=community, number=1)
    people = make_residents(community, 5)
    election = _group_election(community)
    voters = [
        actions.do_add_voter(admin(election), election, p, "小组推选", residents_group=group)
        for p in people[:3]
    ]
    with pytest.raises(ValidationError) as fourth:
        actions.do_add_voter(
            admin(election), election, people[3], "小组推选", residents_group=group
        )
    assert "residents_group" in fourth.value.message_dict
    actions.do_publish_register(admin(election), election, today=DAY - datetime.timedelta(days=30))
    actions.do_remove_voter(admin(voters[0]), voters[0], "迁出")
    actions.do_remove_voter(admin(voters[1]), voters[1], "迁出")
    with pytest.raises(ValidationError) as short:  # 1 left: the candidates wait
        actions.do_publish_candidates(admin(election), election)
    assert short.value.code == "group_representatives"
    Election.objects.filter(pk=election.pk).update(status=S.CANDIDATES_PUBLISHED)
    election.refresh_from_db()
    with pytest.raises(ValidationError):
        actions.do_open_voting(admin(election), election)
    # the group sends a replacement and voting may open
    actions.do_add_voter(admin(election), election, people[4], "小组补推", residents_group=group)
    actions.do_open_voting(admin(election), election)
    assert election.status == S.VOTING


def test_group_representatives_a_silent_group_blocks_publication_through_the_api(
    world, users, verified_client
):
    from gongzhi.org.models import ResidentsGroup

    community = world["c1"]
    g1 = ResidentsGroup.objects.create(community=community, number=1)
    ResidentsGroup.objects.create(community=community, number=2)
    election = _group_election(community)
    for p in make_residents(community, 2):
        actions.do_add_voter(admin(election), election, p, "小组推选", residents_group=g1)
    Election.objects.filter(pk=election.pk).update(election_day=timezone.localdate() + DAY_30)
    client = verified_client(users["street_admin"])
    answer = client.post(f"/api/selfgov/elections/{election.pk}/publish-register/")
    assert answer.status_code == 400
    assert "2" in str(answer.json())
    assert Election.objects.get(pk=election.pk).status == S.DRAFT
    page = client.post(
        f"/selfgov/elections/{election.pk}/action/", {"action": "publish_register"}, follow=True
    )
    assert "第 2 组不符合" in page.content.decode()
    assert Election.objects.get(pk=election.pk).status == S.DRAFT


DAY_30 = datetime.timedelta(days=30)
