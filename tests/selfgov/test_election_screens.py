"""The election page's steps that a residents' committee needs beyond the happy path: the
voter's log-in comes from the registry link, the online second round's voting window,
discarding tally entries that disagree, objections, removals and the list of register
changes, adding voters by hand after publication. Through the screens (views), as the
committee, the clerks and the residents use them."""

import datetime

from django.urls import reverse
from django.utils import timezone

from gongzhi.core.context import acting_as
from gongzhi.core.models import AuditEntry
from gongzhi.org.roles import Role
from gongzhi.registry import actions as registry
from gongzhi.selfgov import actions, queries
from gongzhi.selfgov.models import Ballot, Election, RegisterChange, TallySheet
from tests.conftest import make_user
from tests.registry.helpers import clerk

from .helpers import act, admin, form_for, make_election, make_residents
from .test_elections import paper_round
from .test_views_api import online

S = Election.Status


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def _action(client, election, action, **data):
    """POST to the step's own route (selfgov:election_<action>)."""
    return client.post(reverse(f"selfgov:election_{action}", args=[election.pk]), data, follow=True)


def _page(client, election):
    return client.get(reverse("selfgov:election_detail", args=[election.pk]))


def _vote(client, election, choices):
    url = reverse("selfgov:election_vote", args=[election.pk])
    return client.post(url, {"choice": choices, "confirmed": "1"})


# --- 1. the voter's log-in is the registry's link ---------------------------------------------


def test_resident_who_links_their_account_after_the_register_was_made_votes_online(
    world, verified_client
):
    election = online(make_election(world["c1"], voters=6, seats=2, candidates=3))
    voter = election.voters.select_related("resident").order_by("pk").last()
    resident = voter.resident
    resident.phone = "13800001234"
    resident.save()
    account = make_user("liu", Role.RESIDENT, world["c1"])
    client = verified_client(account)
    candidate = election.candidates.first().pk

    # not linked yet: no "vote online" button, and a ballot is refused
    assert not _page(client, election).context["can_vote"]
    _vote(client, election, [candidate])
    assert not Ballot.objects.exists()

    # the resident proves who they are at /registry/me/verify/ ...
    client.post(
        reverse("registry:verify_identity"),
        {"name": resident.name, "id_number": resident.id_number, "phone_last4": "1234"},
    )
    resident.refresh_from_db()
    assert resident.account == account
    # ... and may vote at once, on the register made before
    assert _page(client, election).context["can_vote"]
    done = _vote(client, election, [candidate])
    assert done.context["receipt"] and Ballot.objects.count() == 1
    again = client.get(reverse("selfgov:election_vote", args=[election.pk]))
    assert again.context["voted"]


def test_account_unlinked_at_the_window_can_no_longer_vote_for_the_record(world, verified_client):
    election = online(make_election(world["c1"], voters=6, seats=2, candidates=3))
    voter = election.voters.select_related("resident").order_by("pk").last()
    wrong = make_user("wrong", Role.RESIDENT, world["c1"])
    with acting_as(None, source="test"):
        registry.do_link_account(clerk(), voter.resident, "wrong")
        registry.do_unlink_account(clerk(), voter.resident)  # the wrong person had been linked
    client = verified_client(wrong)
    assert not _page(client, election).context["can_vote"]
    _vote(client, election, [election.candidates.first().pk])
    assert not Ballot.objects.exists()


def test_accounts_linked_before_or_after_the_register_was_made_find_their_voter(world):
    before = make_residents(world["c1"], 1)[0]
    first = make_user("early", Role.RESIDENT, world["c1"])
    with acting_as(None, source="test"):
        registry.do_link_account(clerk(), before, "early")
    election = make_election(world["c1"], voters=4, seats=1, candidates=2)  # register made
    after = election.voters.select_related("resident").exclude(resident=before).last()
    second = make_user("late", Role.RESIDENT, world["c1"])
    with acting_as(None, source="test"):
        registry.do_link_account(clerk(), after.resident, "late")
    assert queries.voter_for(election, first) == election.voters.get(resident=before)
    assert queries.voter_for(election, second) == after
    assert queries.voter_for(election, make_user("nobody_here", Role.RESIDENT, world["c1"])) is None


def test_hand_link_counts_only_while_the_record_is_linked_to_no_other_account(world):
    election = make_election(world["c1"], voters=4, seats=1, candidates=2)
    voter = election.voters.select_related("resident").order_by("pk").first()
    by_hand = make_user("byhand", Role.RESIDENT, world["c1"])
    with acting_as(None, source="test"):
        actions.do_link_voter_login(admin(voter), voter, by_hand)
    assert queries.voter_for(election, by_hand) == voter
    make_user("owner", Role.RESIDENT, world["c1"])
    with acting_as(None, source="test"):
        registry.do_link_account(clerk(), voter.resident, "owner")
    assert queries.voter_for(election, by_hand) is None


# --- 2. the online second round's voting window ------------------------------------------------


def _online_counted_with_a_seat_left(world, users):
    election = online(make_election(world["c1"], voters=20, seats=2, candidates=4))
    a, b, c, _d = election.candidates.order_by("pk").values_list("pk", flat=True)
    clerks = (users["committee_member"], users["party_secretary"])
    with acting_as(None, source="test"):
        paper_round(election, clerks, [[a, b]] * 6 + [[a]] + [[c]] * 5)
        actions.do_count_round(admin(election), election)
    election.refresh_from_db()
    assert election.status == S.COUNTED
    return election


def _local(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def test_online_second_round_form_asks_for_the_voting_window_and_checks_it(
    world, users, verified_client
):
    election = _online_counted_with_a_seat_left(world, users)
    client = verified_client(users["committee_member"])
    page = _page(client, election).content.decode()
    assert 'name="voting_opens"' in page and 'name="voting_closes"' in page
    now = timezone.now()
    refused = [
        ({}, "请填写另行选举的投票时间"),
        (
            {
                "voting_opens": _local(now + datetime.timedelta(hours=2)),
                "voting_closes": _local(now + datetime.timedelta(hours=1)),
            },
            "结束",
        ),
        (
            {
                "voting_opens": _local(now - datetime.timedelta(hours=3)),
                "voting_closes": _local(now - datetime.timedelta(hours=1)),
            },
            "晚于当前时间",
        ),
        ({"voting_opens": "tomorrow", "voting_closes": "later"}, "请填写另行选举的投票时间"),
    ]
    for window, message in refused:
        response = _action(client, election, action="second_round", **window)
        assert any(message in m for m in _messages(response)), (window, _messages(response))
        election.refresh_from_db()
        assert election.status == S.COUNTED and election.round == 1
    opens, closes = now - datetime.timedelta(minutes=5), now + datetime.timedelta(days=1)
    _action(
        client,
        election,
        action="second_round",
        voting_opens=_local(opens),
        voting_closes=_local(closes),
    )
    election.refresh_from_db()
    assert election.status == S.SECOND_ROUND and election.round == 2
    assert _local(election.voting_closes) == _local(closes)


def test_paper_only_second_round_form_has_no_window_fields(world, users, verified_client):
    election = make_election(world["c1"], voters=20, seats=2, candidates=4)
    actions.do_open_voting(admin(election), election)
    a, b, c, _d = election.candidates.order_by("pk").values_list("pk", flat=True)
    with acting_as(None, source="test"):
        paper_round(
            election,
            (users["committee_member"], users["party_secretary"]),
            [[a, b]] * 6 + [[a]] + [[c]] * 5,
        )
        actions.do_count_round(admin(election), election)
    client = verified_client(users["committee_member"])
    assert 'name="voting_opens"' not in _page(client, election).content.decode()
    _action(client, election, action="second_round")
    election.refresh_from_db()
    assert election.status == S.SECOND_ROUND


# --- 3. tally entries that disagree --------------------------------------------------------------


def _mismatch(world, users):
    election = make_election(world["c1"], voters=20, seats=1, candidates=2)
    actions.do_open_voting(admin(election), election)
    a, b = election.candidates.order_by("pk").values_list("pk", flat=True)
    with acting_as(None, source="test"):
        station = paper_round(
            election,
            (users["committee_member"], users["party_secretary"]),
            [[a]] * 12,
            second={str(a): 11, str(b): 1},
        )
    return election, station, a


def test_election_committee_discards_disagreeing_tally_entries_with_a_reason(
    world, users, verified_client
):
    election, station, a = _mismatch(world, users)
    client = verified_client(users["committee_member"])
    page = _page(client, election)
    assert page.context["disagreeing"] == [station]
    assert form_for("discard_sheets", election) in page.content.decode()

    no_reason = _action(client, election, action="discard_sheets", station=station.pk, reason=" ")
    assert any("理由" in m for m in _messages(no_reason))
    assert TallySheet.objects.filter(station=station).count() == 2

    reason = "第二次录入有误，已核对原始计票单"
    _action(client, election, action="discard_sheets", station=station.pk, reason=reason)
    assert not TallySheet.objects.filter(station=station).exists()
    entry = AuditEntry.objects.filter(reason__contains=reason).get()
    assert entry.actor == users["committee_member"] and len(entry.extra["sheets"]) == 2
    assert form_for("discard_sheets", election) not in _page(client, election).content.decode()

    # entered again by two clerks, the round counts
    with acting_as(None, source="test"):
        for clerk in (users["committee_member"], users["party_secretary"]):
            actions.do_enter_tally_sheet(
                clerk, station, ballots_returned=12, invalid_ballots=0, votes={str(a): 12}
            )
        assert actions.do_count_round(admin(election), election).result.elected == [a]


def test_agreeing_tally_entries_cannot_be_discarded(world, users, verified_client):
    election = make_election(world["c1"], voters=20, seats=1, candidates=2)
    actions.do_open_voting(admin(election), election)
    a = election.candidates.order_by("pk").first().pk
    with acting_as(None, source="test"):
        station = paper_round(
            election, (users["committee_member"], users["party_secretary"]), [[a]] * 12
        )
    client = verified_client(users["committee_member"])
    assert _page(client, election).context["disagreeing"] == []
    response = _action(client, election, action="discard_sheets", station=station.pk, reason="x")
    assert any("无需作废" in m for m in _messages(response))
    assert TallySheet.objects.filter(station=station).count() == 2


def test_a_station_clerk_may_not_discard_tally_entries(world, users, verified_client):
    election, station, _a = _mismatch(world, users)
    client = verified_client(users["station_staff"])
    response = client.post(
        reverse("selfgov:election_action", args=[election.pk]),
        {"action": "discard_sheets", "station": station.pk, "reason": "我录错了"},
    )
    assert response.status_code == 403
    assert TallySheet.objects.filter(station=station).count() == 2


# --- 4 and 5. register changes -----------------------------------------------------------------


def test_register_forms_follow_the_rules_and_changes_are_listed(world, users, verified_client):
    election = make_election(world["c1"], voters=6, seats=2, candidates=2)  # register published
    assert election.status == S.REGISTER_PUBLISHED
    client = verified_client(users["committee_member"])
    page = _page(client, election).content.decode()
    for form in ("add_voter", "remove_voter", "objection"):
        assert form_for(form, election) in page, form

    # 5. a voter added by hand after publication (a long-term migrant)
    migrant = make_residents(world["c1"], 1)[0]
    _action(
        client,
        election,
        action="add_voter",
        id_number=migrant.id_number,
        reason="长期居住的流动人口",
    )
    assert election.voters.filter(resident=migrant, active=True).exists()

    # 4. removal: the reason is required
    leaving = election.voters.select_related("resident").order_by("pk").first()
    no_reason = _action(
        client, election, action="remove_voter", id_number=leaving.resident.id_number, reason=""
    )
    assert any("理由" in m for m in _messages(no_reason))
    leaving.refresh_from_db()
    assert leaving.active
    _action(
        client,
        election,
        action="remove_voter",
        id_number=leaving.resident.id_number,
        reason="已迁出本社区",
    )
    leaving.refresh_from_db()
    assert not leaving.active

    # an objection, about a voter or in general; empty text refused
    other = election.voters.select_related("resident").filter(active=True).order_by("pk").last()
    _action(client, election, action="objection", text="")
    _action(
        client,
        election,
        action="objection",
        id_number=other.resident.id_number,
        text="居民张某提出：该选民姓名有误",
    )
    _action(client, election, action="objection", text="居民李某提出：名单漏登一户")
    objections = election.register_changes.filter(kind=RegisterChange.Kind.OBJECTION)
    assert objections.count() == 2 and objections.filter(voter=other).exists()

    # the list: who, what, when, reason
    page = _page(client, election)
    changes = page.context["changes"]
    assert [c.kind for c in changes] == ["objection", "objection", "removed", "added"]
    assert {c.recorded_by for c in changes} == {users["committee_member"].username}
    html = page.content.decode()
    for text in ("已迁出本社区", "长期居住的流动人口", "名单漏登一户", "committee_member"):
        assert text in html


def test_register_forms_are_gone_once_voting_opens(world, users, verified_client):
    election = make_election(world["c1"], voters=6, seats=1, candidates=2)
    client = verified_client(users["committee_member"])
    page = _page(client, election).content.decode()  # candidates published: no more additions
    assert (
        form_for("add_voter", election) not in page and form_for("remove_voter", election) in page
    )
    actions.do_open_voting(admin(election), election)
    page = _page(client, election).content.decode()
    for form in ("add_voter", "remove_voter", "objection"):
        assert form_for(form, election) not in page
    voter = election.voters.select_related("resident").first()
    response = _action(
        client, election, action="remove_voter", id_number=voter.resident.id_number, reason="x"
    )
    assert response.status_code == 200
    voter.refresh_from_db()
    assert voter.active
    _action(client, election, action="objection", text="太晚了")
    assert not election.register_changes.filter(kind=RegisterChange.Kind.OBJECTION).exists()


def test_register_changes_are_not_shown_to_residents(world, users, verified_client):
    election = make_election(world["c1"], voters=4, seats=1, candidates=2)
    voter = election.voters.first()
    with acting_as(users["committee_member"], source="test"):
        actions.do_remove_voter(admin(voter), voter, "已迁出本社区")
    page = _page(verified_client(users["resident"]), election)
    assert page.status_code == 200 and "已迁出本社区" not in page.content.decode()


def test_add_voter_form_is_shown_in_draft_and_after_publication_only(world, users, verified_client):
    from .helpers import DAY, ensure_committee

    ensure_committee(world["c1"])
    with acting_as(None, source="test"):
        draft = act(
            actions.do_create_election,
            Election(community=world["c1"], title="草稿选举", election_day=DAY, seats=1),
        )
    client = verified_client(users["committee_member"])
    assert form_for("add_voter", draft) in _page(client, draft).content.decode()
    published = make_election(world["c1"], voters=4, seats=2, candidates=2)
    assert published.status == S.REGISTER_PUBLISHED
    assert form_for("add_voter", published) in _page(client, published).content.decode()
    candidates = make_election(world["c1"], voters=4, seats=1, candidates=2)
    assert candidates.status == S.CANDIDATES_PUBLISHED
    assert form_for("add_voter", candidates) not in _page(client, candidates).content.decode()


# --- objections decided ------------------------------------------------------------------------


def _objection(election, user):
    with acting_as(user, source="test"):
        return actions.do_log_objection(admin(election), election, "居民王某提出：名单漏登一户")


def test_an_objection_is_decided_once_with_the_decision(world, users, verified_client):
    election = make_election(world["c1"], voters=6, seats=2, candidates=2)
    objection = _objection(election, users["committee_member"])
    client = verified_client(users["committee_member"])
    assert form_for("resolve_objection", election) in _page(client, election).content.decode()

    empty = _action(client, election, action="resolve_objection", objection=objection.pk)
    assert any("处理意见" in m for m in _messages(empty))
    objection.refresh_from_db()
    assert objection.resolution == ""

    decision = "经核实属实，已补登该户选民"
    _action(
        client, election, action="resolve_objection", objection=objection.pk, resolution=decision
    )
    objection.refresh_from_db()
    assert objection.resolution == decision
    entry = AuditEntry.objects.filter(
        action=AuditEntry.Action.UPDATE,
        content_type__model="registerchange",
        object_id=str(objection.pk),
    ).get()
    assert entry.actor == users["committee_member"]
    html = _page(client, election).content.decode()
    assert decision in html and form_for("resolve_objection", election) not in html

    again = _action(
        client, election, action="resolve_objection", objection=objection.pk, resolution="改判"
    )
    assert any("已处理" in m for m in _messages(again))
    objection.refresh_from_db()
    assert objection.resolution == decision


def test_an_objection_cannot_be_decided_once_voting_opens(world, users, verified_client):
    election = make_election(world["c1"], voters=6, seats=1, candidates=2)
    objection = _objection(election, users["committee_member"])
    actions.do_open_voting(admin(election), election)
    client = verified_client(users["committee_member"])
    assert form_for("resolve_objection", election) not in _page(client, election).content.decode()
    _action(client, election, action="resolve_objection", objection=objection.pk, resolution="x")
    objection.refresh_from_db()
    assert objection.resolution == ""


def test_a_station_clerk_or_resident_may_not_decide_objections(world, users, verified_client):
    election = make_election(world["c1"], voters=6, seats=2, candidates=2)
    objection = _objection(election, users["committee_member"])
    for role in ("station_staff", "resident"):
        client = verified_client(users[role])
        assert (
            form_for("resolve_objection", election) not in _page(client, election).content.decode()
        )
        response = client.post(
            reverse("selfgov:election_action", args=[election.pk]),
            {"action": "resolve_objection", "objection": objection.pk, "resolution": "驳回"},
        )
        assert response.status_code == 403, role
    objection.refresh_from_db()
    assert objection.resolution == ""


def test_an_objection_of_another_election_is_not_found(world, users, verified_client):
    election = make_election(world["c1"], voters=6, seats=2, candidates=2)
    other = make_election(world["c1"], voters=4, seats=2, candidates=2)
    objection = _objection(other, users["committee_member"])
    client = verified_client(users["committee_member"])
    response = client.post(
        reverse("selfgov:election_action", args=[election.pk]),
        {"action": "resolve_objection", "objection": objection.pk, "resolution": "驳回"},
    )
    assert response.status_code == 404
    objection.refresh_from_db()
    assert objection.resolution == ""
