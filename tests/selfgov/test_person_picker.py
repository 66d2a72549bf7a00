"""Issue #18 §3: the election screens pick people from the register (or the community's
residents) by name, household number or the last digits of the ID number — nobody types an
18-digit number — and self-nomination is not ticked by default. Through the screens, as the
committee member uses them."""

import re

from django.urls import reverse

from gongzhi.registry.models import Resident
from gongzhi.selfgov.models import Election
from gongzhi.selfgov.people import VOTERS

from .helpers import make_election, make_residents

S = Election.Status


def _last4(residents):
    """The helpers' residents carry test ID numbers without a check digit, so the registry
    derives no last digits from them: set what it would have derived."""
    for r in residents:
        Resident.objects.filter(pk=r.pk).update(id_last4=r.id_number[-4:])
        r.id_last4 = r.id_number[-4:]
    return residents


def _election(community, **kwargs):
    election = make_election(community, candidates=0, **kwargs)
    _last4(Resident.objects.filter(pk__in=election.voters.values("resident")))
    return election


def _suggest(client, election, q, who=None):
    params = {"q": q, **({"who": who} if who else {})}
    response = client.get(reverse("selfgov:election_people", args=[election.pk]), params)
    assert response.status_code == 200
    return [r["label"] for r in response.json()["results"]]


def _post(client, election, step, **data):
    url = reverse(f"selfgov:election_{step}", args=[election.pk])
    response = client.post(url, data, follow=True)
    return [str(m) for m in response.context["messages"]]


def _voter(election, i=0):
    return election.voters.select_related("resident", "household").order_by("pk")[i]


def test_register_suggests_by_name_household_number_and_last_id_digits(
    world, users, verified_client
):
    election = _election(world["c1"], voters=8)
    client = verified_client(users["committee_member"])
    voter = _voter(election, 3)
    label = VOTERS.label(voter)
    assert voter.resident.id_number not in label  # only the last four digits, masked
    assert label.endswith(f"****{voter.resident.id_number[-4:]}")
    assert _suggest(client, election, voter.name) == [label]
    assert label in _suggest(client, election, voter.household.number)
    assert _suggest(client, election, voter.resident.id_number[-4:]) == [label]
    # residents of the community, for adding a voter by hand
    extra = _last4(make_residents(world["c1"], 1))[0]
    assert _suggest(client, election, extra.name) == []
    assert _suggest(client, election, extra.name, who="residents") == [
        f"{extra.name} · {extra.household.number} · ****{extra.id_number[-4:]}"
    ]


def test_register_suggestions_stay_inside_the_users_area(world, users, verified_client):
    elsewhere = _election(world["c2"], voters=3)
    client = verified_client(users["committee_member"])  # of c1
    url = reverse("selfgov:election_people", args=[elsewhere.pk])
    assert client.get(url, {"q": "居民"}).status_code == 404
    resident = verified_client(users["resident"])
    assert resident.get(url, {"q": "居民"}).status_code == 403


def test_joint_nomination_picks_nominee_and_nominators_from_suggestions(
    world, users, verified_client
):
    election = _election(world["c1"], voters=6, nomination_supporters=2)
    client = verified_client(users["committee_member"])
    nominee, a, b = (_voter(election, i) for i in range(3))
    page = client.get(reverse("selfgov:election_detail", args=[election.pk])).content.decode()
    people = re.findall(
        r'<input[^>]*name="(?:id_number|holder|principal|proxy_holder)"[^>]*>', page
    )
    assert people and all("data-lookup-url" in tag for tag in people)  # pickers, not ID boxes
    assert 'name="self" value="1" id="self" checked' not in page
    _post(
        client,
        election,
        "nominate",
        id_number=VOTERS.label(nominee),
        supporters="\n".join([VOTERS.label(a), f"{b.name} {b.resident.id_number[-4:]}"]),
    )
    candidate = election.candidates.get()
    assert candidate.voter == nominee and candidate.nomination == "joint"
    assert set(candidate.supporters.all()) == {a, b}


def test_a_name_that_matches_two_voters_asks_to_choose(world, users, verified_client):
    election = _election(world["c1"], voters=4)
    client = verified_client(users["committee_member"])
    first, second = _voter(election, 0), _voter(election, 1)
    second.name = first.name
    second.save()
    messages = _post(client, election, "nominate", id_number=first.name, self="1")
    assert any("多人" in m or "Several" in m for m in messages), messages
    assert not election.candidates.exists()
    unknown = _post(client, election, "nominate", id_number="无此人", self="1")
    assert any("无此人" in m for m in unknown), unknown


def test_proxy_and_added_voter_are_picked_not_typed(world, users, verified_client):
    election = _election(world["c1"], voters=5)
    client = verified_client(users["committee_member"])
    principal, holder = _voter(election, 0), _voter(election, 1)
    _post(
        client,
        election,
        "proxy",
        principal=VOTERS.label(principal),
        holder=VOTERS.label(holder),
        authorization="书面委托书第1号",
    )
    proxy = election.proxies.get()
    assert (proxy.principal, proxy.holder) == (principal, holder)
    migrant = _last4(make_residents(world["c1"], 1))[0]
    label = f"{migrant.name} · {migrant.household.number} · ****{migrant.id_number[-4:]}"
    _post(client, election, "add_voter", id_number=label, reason="长期居住的流动人口")
    assert election.voters.filter(resident=migrant, active=True).exists()
