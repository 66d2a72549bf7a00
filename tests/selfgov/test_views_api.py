"""Screens and API: a voter votes on the phone page and via the API, a clerk enters the
tally by API, public pages need no log-in and mask names, out-of-scope is 404."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from gongzhi.org.roles import Role
from gongzhi.org.services import assign_role
from gongzhi.selfgov import actions
from gongzhi.selfgov.models import Ballot, Election, Notice, TallySheet

from .helpers import act, admin, form_for, make_election, make_voter_user


def online(election):
    now = timezone.now()
    election.online_voting = True
    election.voting_opens, election.voting_closes = (
        now - datetime.timedelta(hours=1),
        now + datetime.timedelta(hours=1),
    )
    election.save()
    actions.do_open_voting(admin(election), election)
    return election


def test_vote_page_and_api_ballot(world, users, verified_client):
    election = online(make_election(world["c1"], voters=6, seats=2, candidates=3))
    voters = list(election.voters.all())
    user = make_voter_user(voters[0])
    assign_role(user, Role.RESIDENT, world["c1"])
    client = verified_client(user)
    cands = list(election.candidates.values_list("pk", flat=True))
    page = client.get(reverse("selfgov:election_vote", args=[election.pk]))
    assert page.status_code == 200 and "selfgov/ballot.js" in page.content.decode()
    too_many = client.post(reverse("selfgov:election_vote", args=[election.pk]), {"choice": cands})
    assert too_many.status_code == 200 and not Ballot.objects.exists()
    url = reverse("selfgov:election_vote", args=[election.pk])
    # issue #18 §2: the choices are shown for confirmation, with the word that it is final
    check = client.post(url, {"choice": cands[:2]})
    assert [c.pk for c in check.context["chosen"]] == cands[:2] and not Ballot.objects.exists()
    assert "选票一经投出，不能更改或撤回" in check.content.decode()
    done = client.post(url, {"choice": cands[:2], "confirmed": "1"})
    assert done.status_code == 200 and done.context["receipt"]
    code = done.context["receipt"]
    again = client.post(
        f"/api/selfgov/elections/{election.pk}/ballot/",
        {"choices": [cands[0]]},
        content_type="application/json",
    )
    assert again.status_code == 400
    second = make_voter_user(voters[1], "second")
    assign_role(second, Role.RESIDENT, world["c1"])
    api = verified_client(second).post(
        f"/api/selfgov/elections/{election.pk}/ballot/",
        {"choices": [cands[2]]},
        content_type="application/json",
    )
    assert api.status_code == 201 and api.json()["receipt"]
    assert Ballot.objects.count() == 2
    check = client.get(
        reverse("selfgov_public:election_receipt", args=[election.pk]), {"code": code}
    )
    assert check.status_code == 200 and check.context["ballot"] is not None


def test_tally_entry_by_api_needs_two_clerks(world, users, verified_client):
    election = make_election(world["c1"], voters=6, seats=1, candidates=2)
    actions.do_open_voting(admin(election), election)
    station = actions.do_add_station(admin(election), election, "站")
    for v in election.voters.all()[:4]:
        actions.do_issue_paper_ballot(admin(station), station, v)
    a = election.candidates.first().pk
    body = {
        "station": station.pk,
        "ballots_returned": 4,
        "invalid_ballots": 0,
        "votes": {str(a): 4},
    }
    first = verified_client(users["committee_member"]).post(
        "/api/selfgov/tally-sheets/", body, content_type="application/json"
    )
    assert first.status_code == 201, first.content
    twice = verified_client(users["committee_member"]).post(
        "/api/selfgov/tally-sheets/", body, content_type="application/json"
    )
    assert twice.status_code == 400
    bad = dict(body, ballots_returned=9)
    assert (
        verified_client(users["party_secretary"])
        .post("/api/selfgov/tally-sheets/", bad, content_type="application/json")
        .status_code
        == 400
    )
    resident = verified_client(users["resident"]).post(
        "/api/selfgov/tally-sheets/", body, content_type="application/json"
    )
    assert resident.status_code == 403


def test_tally_entry_for_a_station_of_another_community_is_a_coded_not_found(
    world, users, verified_client
):
    election = make_election(world["c2"], voters=4, seats=1, candidates=2)
    actions.do_open_voting(admin(election), election)
    station = actions.do_add_station(admin(election), election, "站")
    body = {"station": station.pk, "ballots_returned": 0, "invalid_ballots": 0, "votes": {}}
    answer = verified_client(users["committee_member"]).post(  # of C1
        "/api/selfgov/tally-sheets/", body, content_type="application/json"
    )
    assert answer.status_code == 400, answer.content
    assert [e["code"] for e in answer.json()["station"]] == ["does_not_exist"]
    assert not TallySheet.objects.filter(station=station).exists()


def test_public_pages_without_login_and_masked_register(world, client):
    election = make_election(world["c1"], voters=3, seats=1, candidates=2)
    page = client.get(reverse("selfgov_public:election_register", args=[election.pk]))
    assert page.status_code == 200
    names = list(election.voters.values_list("name", flat=True))
    body = page.content.decode()
    assert all(n not in body for n in names) and "居*" in body
    draft = Election.objects.create(
        community=world["c1"], title="草稿", election_day=datetime.date(2026, 9, 1)
    )
    assert (
        client.get(reverse("selfgov_public:election_register", args=[draft.pk])).status_code == 404
    )
    today = timezone.localdate()
    shown = Notice.objects.create(
        community=world["c1"], title="财务公开", body="收支", publish_on=today
    )
    hidden = Notice.objects.create(
        community=world["c1"], title="明天", body="x", publish_on=today + datetime.timedelta(days=1)
    )
    board = client.get(
        reverse("selfgov_public:community_notices", args=[world["c1"].pk])
    ).content.decode()
    assert "财务公开" in board and "明天" not in board
    assert client.get(reverse("selfgov_public:notice_detail", args=[hidden.pk])).status_code == 404
    pdf = client.get(reverse("selfgov_public:notice_detail", args=[shown.pk]), {"format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"


def test_residents_see_the_register_as_posted_by_group_with_whole_names(
    world, users, verified_client
):
    """Issue #18 §2: the register as the law posts it — name and residents' group — in full
    for the community's signed-in residents, masked on the open internet."""
    from gongzhi.org.models import ResidentsGroup

    election = make_election(world["c1"], voters=3, seats=1, candidates=2)
    group = ResidentsGroup.objects.create(community=world["c1"], number=2, name="第二居民小组")
    first = election.voters.order_by("pk").first()
    first.residents_group = group
    first.save()
    url = reverse("selfgov_public:election_register", args=[election.pk])
    body = verified_client(users["resident"]).get(url).content.decode()  # a resident of c1
    assert "第二居民小组" in body and first.name in body
    assert all(v.name in body for v in election.voters.all())
    assert first.household.address not in body
    outsider = verified_client(users["outsider"]).get(url).content.decode()
    assert first.name not in outsider and "第二居民小组" in outsider


def test_election_steps_through_the_screen_and_scope(world, users, verified_client):
    election = make_election(world["c1"], voters=6, seats=1, candidates=2)
    client = verified_client(users["committee_member"])
    assert client.get(reverse("selfgov:election_detail", args=[election.pk])).status_code == 200
    client.post(
        reverse("selfgov:election_action", args=[election.pk]), {"action": "publish_candidates"}
    )
    election.refresh_from_db()
    assert election.status == Election.Status.CANDIDATES_PUBLISHED
    response = client.get(reverse("selfgov:election_register_pdf", args=[election.pk]))
    assert response["Content-Type"] == "application/pdf"
    # the staff's register (with addresses) is not a resident's to print (#18 §2)
    resident = verified_client(users["resident"])
    pdf_url = reverse("selfgov:election_register_pdf", args=[election.pk])
    assert resident.get(pdf_url).status_code == 403
    page = resident.get(reverse("selfgov:election_detail", args=[election.pk])).content.decode()
    assert pdf_url not in page
    outsider = verified_client(users["outsider"])  # the same test client, now the outsider
    assert outsider.get(reverse("selfgov:election_detail", args=[election.pk])).status_code == 404


def test_proxy_form_records_at_most_three_per_holder(world, users, verified_client):
    from gongzhi.selfgov.models import Proxy

    election = make_election(world["c1"], voters=8, seats=1, candidates=2)
    voters = list(election.voters.select_related("resident").order_by("pk"))
    client = verified_client(users["committee_member"])
    url = reverse("selfgov:election_action", args=[election.pk])
    page = client.get(reverse("selfgov:election_detail", args=[election.pk])).content.decode()
    assert form_for("proxy", election) in page
    holder = voters[0].resident.id_number
    for v in voters[1:5]:
        client.post(
            url,
            {
                "action": "proxy",
                "holder": holder,
                "principal": v.resident.id_number,
                "authorization": "书面委托",
            },
        )
    assert Proxy.objects.filter(election=election, holder=voters[0]).count() == 3
    page = client.get(reverse("selfgov:election_detail", args=[election.pk]))
    shown = [str(m) for m in page.context["messages"]]
    assert any("3" in m for m in shown)  # the fourth was refused with the rule's message
    # without written authorization: refused
    client.post(
        url,
        {
            "action": "proxy",
            "holder": voters[6].resident.id_number,
            "principal": voters[7].resident.id_number,
        },
    )
    assert not Proxy.objects.filter(principal=voters[7]).exists()
    # at the station the holder takes the principal's ballot, only with a recorded proxy
    from gongzhi.selfgov.models import VoterParticipation

    actions.do_open_voting(admin(election), election)
    station = actions.do_add_station(admin(election), election, "第一站")
    issue = {"action": "issue", "station": station.pk, "proxy_holder": holder}
    client.post(url, dict(issue, id_number=voters[6].resident.id_number))  # no proxy: refused
    client.post(url, dict(issue, id_number=voters[1].resident.id_number))
    assert list(VoterParticipation.objects.values_list("voter", "proxy_holder")) == [
        (voters[1].pk, voters[0].pk)
    ]


def test_candidate_withdrawal_form_reopens_nomination_when_too_few(world, users, verified_client):
    election = make_election(world["c1"], voters=8, seats=2, candidates=3)
    assert election.status == Election.Status.CANDIDATES_PUBLISHED
    client = verified_client(users["committee_member"])
    url = reverse("selfgov:election_action", args=[election.pk])
    page = client.get(reverse("selfgov:election_detail", args=[election.pk])).content.decode()
    assert form_for("withdraw", election) in page
    candidate = election.candidates.first()
    client.post(url, {"action": "withdraw", "candidate": candidate.pk, "reason": ""})
    candidate.refresh_from_db()
    assert not candidate.withdrawn  # a reason is required
    client.post(url, {"action": "withdraw", "candidate": candidate.pk, "reason": "工作调动"})
    candidate.refresh_from_db()
    election.refresh_from_db()
    assert candidate.withdrawn
    # 2 left for 2 seats: no longer 差额, back to nomination
    assert election.status == Election.Status.REGISTER_PUBLISHED
    response = client.post(url, {"action": "open_voting"})
    election.refresh_from_db()
    assert response.status_code == 302 and election.status == Election.Status.REGISTER_PUBLISHED


def test_candidate_cannot_withdraw_once_voting_opened(world):
    import pytest
    from django.core.exceptions import ValidationError

    election = make_election(world["c1"], voters=8, seats=2, candidates=4)
    actions.do_open_voting(admin(election), election)
    with pytest.raises(ValidationError):
        act(actions.do_withdraw_candidate, election.candidates.first(), "迟了")
    assert not election.candidates.filter(withdrawn=True).exists()


@pytest.mark.parametrize(
    "action,field", [("withdraw", "candidate"), ("issue", "station"), ("discard_sheets", "station")]
)
@pytest.mark.parametrize("garbled", ["abc", "", "1; drop"])
def test_a_garbled_id_in_an_election_form_is_not_found_not_a_crash(
    world, users, verified_client, action, field, garbled
):
    """A garbled id is not found (404); none at all is refused with a message."""
    election = make_election(world["c1"], voters=8, seats=2, candidates=3)
    client = verified_client(users["committee_member"])
    url = reverse(f"selfgov:election_{action}", args=[election.pk])
    response = client.post(url, {field: garbled, "reason": "x"}, follow=True)
    if garbled:
        assert response.status_code == 404
    else:
        assert response.status_code == 200
        assert [str(m) for m in response.context["messages"]] == ["请从列表中选择。"]
    assert not election.candidates.filter(withdrawn=True).exists()
