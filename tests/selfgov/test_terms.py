import datetime

import pytest
from django.core.exceptions import ValidationError

from gongzhi.org import services as org
from gongzhi.org.models import CommitteeMember, Ethnicity
from gongzhi.selfgov import actions
from gongzhi.selfgov.models import Term

from .helpers import admin, ensure_committee

START = datetime.date(2026, 7, 1)


def members(n, **extra):
    return [
        dict(
            name=f"委员{i}",
            post=CommitteeMember.Post.CHAIR if i == 0 else CommitteeMember.Post.MEMBER,
            **extra,
        )
        for i in range(n)
    ]


def test_term_is_five_years_by_default(world):
    committee = ensure_committee(world["c1"])
    term = actions.do_create_term(admin(committee), committee, START)
    assert term.number == 1 and term.end_date == datetime.date(2031, 6, 30)
    assert (
        actions.do_create_term(admin(committee), committee, datetime.date(2031, 7, 1)).number == 2
    )
    with pytest.raises(ValidationError):
        actions.do_create_term(admin(committee), committee, START, number=1)


@pytest.mark.parametrize("n, ok", [(4, False), (5, True), (9, True), (10, False)])
def test_handover_needs_five_to_nine_members(world, n, ok):
    committee = ensure_committee(world["c1"])
    term = actions.do_create_term(admin(committee), committee, START)
    if ok:
        actions.do_hand_over(admin(term), term, members(n, monthly_allowance=0))
        assert org.current_members(committee, on=START).count() == n
        assert term.term_members.count() == n
    else:
        with pytest.raises(ValidationError):
            actions.do_hand_over(admin(term), term, members(n))
        assert not CommitteeMember.objects.filter(committee=committee).exists()
        term.refresh_from_db()
        assert term.status == Term.Status.PLANNED


def test_handover_ends_old_members_and_warns_about_minority(world):
    from django.utils import timezone

    today = timezone.localdate()
    community = world["c1"]
    community.multi_ethnic = True
    community.save()
    committee = ensure_committee(community)
    first = actions.do_create_term(
        admin(committee), committee, today - datetime.timedelta(days=800)
    )
    actions.do_hand_over(admin(first), first, members(5))
    second = actions.do_create_term(admin(committee), committee, today)
    warnings = actions.do_hand_over(admin(second), second, members(6))
    assert [w.code for w in warnings] == ["no_minority_member"]
    first.refresh_from_db()
    assert first.status == Term.Status.ENDED
    assert org.current_members(committee, on=today).count() == 6
    assert all(m.end_date == today - datetime.timedelta(days=1) for m in first_members(first))
    with pytest.raises(ValidationError):
        actions.do_hand_over(admin(second), second, members(5))


def test_handover_with_minority_member_has_no_warning(world):
    from django.utils import timezone

    community = world["c1"]
    community.multi_ethnic = True
    community.save()
    committee = ensure_committee(community)
    term = actions.do_create_term(admin(committee), committee, timezone.localdate())
    data = members(5)
    data[1]["ethnicity"] = [e for e in Ethnicity.values if e != Ethnicity.HAN][0]
    assert actions.do_hand_over(admin(term), term, data) == []


def first_members(term):
    return [tm.member for tm in term.term_members.select_related("member")]


def test_paid_allowance_recorded(world):
    committee = ensure_committee(world["c1"])
    term = actions.do_create_term(admin(committee), committee, START)
    data = members(5)
    data[0].update(on_duty=True, paid=True, monthly_allowance=3200)
    actions.do_hand_over(admin(term), term, data)
    chair = committee.members.get(post=CommitteeMember.Post.CHAIR)
    assert chair.paid and chair.monthly_allowance == 3200


def test_warnings_look_at_the_members_of_the_term_handed_over(world):
    """A term starting in the future is checked on its own members, not on today's."""
    from django.utils import timezone

    today = timezone.localdate()
    community = world["c1"]
    community.multi_ethnic = True
    community.save()
    committee = ensure_committee(community)
    minority = [e for e in Ethnicity.values if e != Ethnicity.HAN][0]
    with_minority = members(5)
    with_minority[1]["ethnicity"] = minority
    current = actions.do_create_term(
        admin(committee), committee, today - datetime.timedelta(days=100)
    )
    assert actions.do_hand_over(admin(current), current, with_minority) == []
    # next term (starts in 60 days) has no minority member: warned, although today's has one
    later = actions.do_create_term(admin(committee), committee, today + datetime.timedelta(days=60))
    assert [w.code for w in actions.do_hand_over(admin(later), later, members(7))] == [
        "no_minority_member"
    ]
    # and the other way round: today's lacks one, the future term has one — no warning
    other = world["c3"]
    other.multi_ethnic = True
    other.save()
    committee3 = ensure_committee(other)
    actor = admin(committee3)
    past = actions.do_create_term(actor, committee3, today - datetime.timedelta(days=100))
    actions.do_hand_over(actor, past, members(5))
    future = actions.do_create_term(
        admin(committee3), committee3, today + datetime.timedelta(days=60)
    )
    assert actions.do_hand_over(admin(future), future, with_minority) == []


# --- the new term's first day, and a term whose members already serve -------------------------


def _counted(world, clerks):
    from .helpers import make_election
    from .test_elections import paper_round

    election = make_election(world["c1"], voters=6, seats=1, candidates=2)
    actions.do_open_voting(admin(election), election)
    a = election.candidates.order_by("pk").first().pk
    paper_round(election, clerks, [[a]] * 5)
    actions.do_count_round(admin(election), election)
    return election


def test_new_term_starts_on_the_day_given_never_before_the_announcement(world, users):
    clerks = users["committee_member"], users["party_secretary"]
    election = _counted(world, clerks)
    day = datetime.date(2026, 6, 21)
    with pytest.raises(ValidationError) as refused:
        actions.do_announce(admin(election), election, on=day, term_start=day.replace(day=20))
    assert refused.value.code == "term_before_result" and "term_start" in refused.value.error_dict
    election.refresh_from_db()
    assert election.status == "counted" and election.term is None and not Term.objects.exists()
    announced = actions.do_announce(admin(election), election, on=day, term_start=START)
    assert (announced.term.start_date, announced.term.end_date) == (
        START,
        datetime.date(2031, 6, 30),
    )


def test_seating_serving_members_makes_the_term_current_with_them(world):
    committee = ensure_committee(world["c1"])
    old = actions.do_create_term(admin(committee), committee, datetime.date(2021, 7, 1))
    actions.do_hand_over(admin(old), old, members(5))  # they serve until 2026-06-30
    term = actions.do_create_term(admin(committee), committee, START)
    for i in range(6):  # entered in org before their term was recorded
        org.add_committee_member(
            committee, name=f"新委员{i}", post=CommitteeMember.Post.MEMBER, start_date=START
        )
    seated = actions.do_seat_serving_members(admin(term), term)
    assert (seated.status, seated.handed_over_on) == (Term.Status.CURRENT, START)
    assert {tm.member.name for tm in seated.term_members.all()} == {f"新委员{i}" for i in range(6)}
    old.refresh_from_db()
    assert old.status == Term.Status.ENDED and old.term_members.count() == 5


@pytest.mark.parametrize("n, ok", [(4, False), (5, True), (9, True), (10, False)])
def test_seating_serving_members_needs_five_to_nine(world, n, ok):
    committee = ensure_committee(world["c1"])
    term = actions.do_create_term(admin(committee), committee, START)
    committee.members.all().delete()
    for m in members(n):  # entered straight into org's table: the 9-member cap is org's rule
        CommitteeMember.objects.create(committee=committee, start_date=START, **m)
    if ok:
        assert actions.do_seat_serving_members(admin(term), term).term_members.count() == n
    else:
        with pytest.raises(ValidationError) as refused:
            actions.do_seat_serving_members(admin(term), term)
        assert refused.value.code == "committee_size"
        term.refresh_from_db()
        assert term.status == Term.Status.PLANNED and not term.term_members.exists()


def test_seating_serving_members_refused_once_handed_over(world):
    committee = ensure_committee(world["c1"])
    term = actions.do_create_term(admin(committee), committee, START)
    actions.do_hand_over(admin(term), term, members(5))
    with pytest.raises(ValidationError) as refused:
        actions.do_seat_serving_members(admin(term), term)
    assert refused.value.code == "handed_over"
