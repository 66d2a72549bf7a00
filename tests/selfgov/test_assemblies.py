"""Resident assemblies (Art. 9–10), petitions checked against the registry, recall and
by-election, the charter and its filing, notices and property coverage."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongzhi.org import services as org
from gongzhi.org.models import ResidentsGroup
from gongzhi.registry.models import Estate
from gongzhi.selfgov import actions, queries
from gongzhi.selfgov.models import (
    AgendaItem,
    Assembly,
    EstateManagement,
    Notice,
    Petition,
)
from gongzhi.selfgov.rules import minimum_at_least

from .helpers import act, admin, ensure_committee, make_residents

DAY = datetime.date(2026, 6, 20)


@given(st.integers(1, 5000))
def test_petition_threshold_is_at_least_a_fifth(total):
    need = minimum_at_least(total, 1, 5)
    assert need * 5 >= total and (need - 1) * 5 < total


@pytest.mark.parametrize("signers, accepted", [(1, False), (2, True)])
def test_petition_by_a_fifth_of_adults(world, signers, accepted):
    c = world["c1"]
    residents = make_residents(c, 10)  # 10 adults: 2 needed
    make_residents(c, 3, birth=datetime.date(2015, 1, 1))  # children do not count
    ids = [r.id_number for r in residents[:signers]]
    petition = actions.do_file_petition(
        admin(c), c, Petition.Basis.ADULTS, "增设停车位", id_numbers=ids, on=DAY
    )
    assert petition.required == 2 and petition.accepted is accepted
    if accepted:
        assembly = actions.do_convene(admin(c), c, "临时居民会议", DAY, petition=petition)
        assert assembly.petition == petition
    else:
        with pytest.raises(ValidationError):
            actions.do_convene(admin(c), c, "临时居民会议", DAY, petition=petition)


def test_petition_refuses_unknown_and_duplicate_signatories(world):
    c = world["c1"]
    residents = make_residents(c, 10)
    outsider = make_residents(world["c2"], 1)[0]
    child = make_residents(c, 1, birth=datetime.date(2015, 1, 1))[0]
    for ids in (
        [residents[0].id_number, residents[0].id_number],
        [residents[0].id_number, outsider.id_number],
        [residents[0].id_number, child.id_number],
        [residents[0].id_number, "110101199001011234"],
    ):
        with pytest.raises(ValidationError):
            actions.do_file_petition(
                admin(c), c, Petition.Basis.ADULTS, "议题", id_numbers=ids, on=DAY
            )
    assert not Petition.objects.exists()


def test_petition_by_households_and_groups(world):
    c = world["c1"]
    residents = make_residents(c, 10)  # 10 households → 2 needed
    petition = actions.do_file_petition(
        admin(c),
        c,
        Petition.Basis.HOUSEHOLDS,
        "议题",
        id_numbers=[r.id_number for r in residents[:2]],
        on=DAY,
    )
    assert petition.accepted
    for n in range(1, 7):
        ResidentsGroup.objects.create(community=c, number=n)
    # 6 groups: at least 1/3 = 2
    assert not actions.do_file_petition(
        admin(c), c, Petition.Basis.GROUPS, "议题", group_numbers=[1], on=DAY
    ).accepted
    assert actions.do_file_petition(
        admin(c), c, Petition.Basis.GROUPS, "议题", group_numbers=[1, 2], on=DAY
    ).accepted
    with pytest.raises(ValidationError):
        actions.do_file_petition(
            admin(c), c, Petition.Basis.GROUPS, "议题", group_numbers=[1, 1], on=DAY
        )
    with pytest.raises(ValidationError):
        actions.do_file_petition(
            admin(c), c, Petition.Basis.GROUPS, "议题", group_numbers=[1, 99], on=DAY
        )


def assembly_with(world, members=10, present=0):
    c = world["c1"]
    ensure_committee(c)
    for n in range(1, 5):  # 4 groups send 8 to 12 representatives
        ResidentsGroup.objects.get_or_create(community=c, number=n)
    assembly = actions.do_convene(
        admin(c), c, "居民会议", DAY, kind=Assembly.Kind.GROUPS, members_total=members
    )
    for r in make_residents(c, present):
        actions.do_record_attendance(admin(assembly), assembly, resident=r)
    return assembly


@pytest.mark.parametrize("present, quorate", [(5, False), (6, True)])
def test_assembly_quorum_is_more_than_half(world, present, quorate):
    assembly = assembly_with(world, 10, present)
    item = actions.do_add_item(admin(assembly), assembly, "议题一")
    assert queries.has_quorum(assembly) is quorate
    if quorate:
        actions.do_vote_item(admin(item), item, yes=present, no=0)
    else:
        with pytest.raises(ValidationError, match="quorum|法定人数"):
            actions.do_vote_item(admin(item), item, yes=present, no=0)
        item.refresh_from_db()
        assert item.outcome == AgendaItem.Outcome.PENDING


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(present=st.integers(6, 10), data=st.data())
@pytest.mark.django_db
def test_resolution_passes_with_more_than_half_of_those_present(
    world_for_hypothesis, present, data
):
    yes = data.draw(st.integers(0, present))
    no = data.draw(st.integers(0, present - yes))
    assembly = Assembly.objects.create(
        community=world_for_hypothesis,
        title="x",
        date=DAY,
        members_total=10,
        kind=Assembly.Kind.GROUPS,
    )
    for r in world_for_hypothesis.residents.filter(birth_date__lte=DAY)[:present]:
        actions.do_record_attendance(admin(assembly), assembly, resident=r)
    actor = admin(assembly)
    item = actions.do_vote_item(actor, actions.do_add_item(actor, assembly, "t"), yes=yes, no=no)
    assert (item.outcome == AgendaItem.Outcome.PASSED) == (2 * yes > present)


@pytest.fixture
def world_for_hypothesis(world):
    ensure_committee(world["c1"])
    make_residents(world["c1"], 10)
    return world["c1"]


def test_exactly_half_of_present_does_not_pass_and_overvotes_refused(world):
    assembly = assembly_with(world, 10, 8)
    item = actions.do_add_item(admin(assembly), assembly, "议题")
    with pytest.raises(ValidationError):
        actions.do_vote_item(admin(item), item, yes=5, no=4)  # 9 votes, 8 present
    assert (
        actions.do_vote_item(admin(item), item, yes=4, no=4).outcome == AgendaItem.Outcome.REJECTED
    )


def test_recall_and_by_election(world):
    assembly = assembly_with(world, 10, 6)
    committee = assembly.community.residents_committee
    members = [
        org.add_committee_member(committee, name=f"委员{i}", start_date=datetime.date(2024, 1, 1))
        for i in range(5)
    ]
    recall = actions.do_add_item(
        admin(assembly), assembly, "罢免", AgendaItem.Kind.RECALL, member=members[0]
    )
    actions.do_vote_item(admin(recall), recall, yes=4, no=2)
    members[0].refresh_from_db()
    assert members[0].end_date == DAY
    by = actions.do_add_item(
        admin(assembly), assembly, "补选", AgendaItem.Kind.BY_ELECTION, candidate_name="新委员"
    )
    actions.do_vote_item(admin(by), by, yes=6, no=0)
    assert committee.members.filter(name="新委员", start_date=DAY).exists()
    with pytest.raises(ValidationError):
        actions.do_add_item(admin(assembly), assembly, "罢免", AgendaItem.Kind.RECALL)


def test_charter_versions_adoption_and_filing(world):
    c = world["c1"]
    v1 = actions.do_draft_charter(admin(c), c, "第一条 ……")
    v2 = actions.do_draft_charter(admin(c), c, "第一条 (修订) ……")
    assert (v1.version, v2.version) == (1, 2)
    with pytest.raises(ValidationError) as refused:  # not adopted yet
        actions.do_filing_step(admin(v2), v2, "submit")
    assert refused.value.code == "not_adopted"
    assembly = assembly_with(world, 10, 6)
    item = actions.do_add_item(
        admin(assembly), assembly, "通过居民公约", AgendaItem.Kind.CHARTER, charter=v2
    )
    actions.do_vote_item(admin(item), item, yes=6, no=0)
    v2.refresh_from_db()
    assert v2.adopted_by == assembly and queries.current_charter(c) == v2
    with pytest.raises(ValidationError) as refused:  # must be submitted first
        actions.do_filing_step(admin(v2), v2, "file", reference="备2026-1")
    assert refused.value.code == "filing_step"
    actions.do_filing_step(admin(v2), v2, "submit")
    with pytest.raises(ValidationError) as refused:
        actions.do_filing_step(admin(v2), v2, "file")
    assert refused.value.code == "filing_reference"
    assert (
        actions.do_filing_step(admin(v2), v2, "file", reference="备2026-1", on=DAY).filed_on == DAY
    )


def test_notice_board_shows_published_unexpired(world):
    c = world["c1"]
    n1 = act(
        actions.do_create_notice,
        Notice(
            community=c,
            title="财务公开",
            body="…",
            publish_on=DAY,
            expire_on=DAY + datetime.timedelta(days=10),
            category="finance",
        ),
    )
    act(
        actions.do_create_notice,
        Notice(community=c, title="未来", body="…", publish_on=DAY + datetime.timedelta(days=1)),
    )
    with pytest.raises(ValidationError):
        act(
            actions.do_create_notice,
            Notice(
                community=c,
                title="x",
                body="…",
                publish_on=DAY,
                expire_on=DAY - datetime.timedelta(days=1),
            ),
        )
    assert list(queries.on_board(c, DAY)) == [n1]
    assert list(queries.on_board(c, DAY + datetime.timedelta(days=10))) != []
    assert n1 not in queries.on_board(c, DAY + datetime.timedelta(days=11))


def test_property_coverage_flags_estates_without_mode(world):
    c = world["c1"]
    a = Estate.objects.create(community=c, name="阳光小区")
    b = Estate.objects.create(community=c, name="老街坊")
    Estate.objects.create(community=c, name="无人管")
    act(
        actions.do_save_management,
        EstateManagement(estate=a, mode="company", company_name="万家物业"),
    )
    with pytest.raises(ValidationError):
        act(actions.do_save_management, EstateManagement(estate=b, mode="self"))
    with pytest.raises(ValidationError):
        act(
            actions.do_save_management,
            EstateManagement(
                estate=b,
                mode="custody",
                contract_start=DAY,
                contract_end=DAY - datetime.timedelta(days=1),
            ),
        )
    act(actions.do_save_management, EstateManagement(estate=b, mode="custody"))
    [row] = queries.coverage([c])
    assert (
        row["estates"] == 3
        and row["covered"] == 2
        and [e.name for e in row["uncovered"]] == ["无人管"]
    )
    assert row["percent"] == 67


# --- assembly size and sign-in: from the registry, once each ------------------------------

API = "/api/selfgov"


@pytest.mark.parametrize("kind", [Assembly.Kind.HOUSEHOLDS, Assembly.Kind.ADULTS])
def test_assembly_size_comes_from_the_registry_not_typed_lower(world, users, verified_client, kind):
    from django.urls import reverse

    c = world["c1"]
    ensure_committee(c)
    make_residents(c, 6)
    n = queries.base_count(c, kind, DAY)
    with pytest.raises(ValidationError) as lower:
        actions.do_convene(admin(c), c, "居民会议", DAY, kind=kind, members_total=n - 1)
    assert "members_total" in lower.value.message_dict
    client = verified_client(users["street_admin"])
    data = {"community": c.pk, "title": "居民会议", "date": DAY.isoformat(), "kind": kind}
    api = client.post(
        f"{API}/assemblies/", {**data, "members_total": n - 1}, content_type="application/json"
    )
    assert api.status_code == 400 and "members_total" in api.json()
    page = client.post(reverse("selfgov:assembly_create"), {**data, "members_total": n - 1})
    assert page.status_code == 200 and "members_total" in page.context["form"].errors
    assert not Assembly.objects.exists()
    assert (
        actions.do_convene(admin(c), c, "居民会议", DAY, kind=kind, members_total=n).members_total
        == n
    )
    made = client.post(f"{API}/assemblies/", data, content_type="application/json")
    assert made.status_code == 201 and made.json()["members_total"] == n


@pytest.mark.parametrize("typed, ok", [(5, False), (6, True), (9, True), (10, False)])
def test_assembly_size_of_group_representatives_is_two_to_three_per_group(world, typed, ok):
    c = world["c1"]
    ensure_committee(c)
    for n in (1, 2, 3):
        ResidentsGroup.objects.create(community=c, number=n)
    if ok:
        assembly = actions.do_convene(
            admin(c), c, "居民会议", DAY, kind=Assembly.Kind.GROUPS, members_total=typed
        )
        assert assembly.members_total == typed
    else:
        with pytest.raises(ValidationError) as wrong:
            actions.do_convene(
                admin(c), c, "居民会议", DAY, kind=Assembly.Kind.GROUPS, members_total=typed
            )
        assert "members_total" in wrong.value.message_dict


def test_assembly_sign_in_picks_registered_people_once_each(world, users, verified_client):
    from django.urls import reverse

    from gongzhi.registry.models import Resident
    from gongzhi.selfgov.models import Attendance

    c = world["c1"]
    ensure_committee(c)
    people = make_residents(c, 4)
    housemate = Resident.objects.create(
        community=c,
        household=people[0].household,
        name="同户",
        birth_date=datetime.date(1985, 1, 1),
        id_number="150204198500000017",
    )
    (child,) = make_residents(c, 1, birth=datetime.date(2015, 1, 1))
    (elsewhere,) = make_residents(world["c2"], 1)
    assembly = actions.do_convene(admin(c), c, "居民会议", DAY)  # households
    client = verified_client(users["street_admin"])
    url = f"{API}/assemblies/{assembly.pk}/attend/"

    def attend(id_number):
        return client.post(url, {"id_number": id_number}, content_type="application/json")

    first = attend(people[0].id_number)
    assert first.status_code == 201 and first.json()["name"] == people[0].name
    again = attend(people[0].id_number)
    assert again.status_code == 400 and "已签到" in str(again.json()["resident"])
    assert attend(housemate.id_number).status_code == 400  # the household is represented
    assert attend(child.id_number).status_code == 400
    assert attend(elsewhere.id_number).status_code == 400
    typed = client.post(url, {"name": "随便一个名字"}, content_type="application/json")
    assert typed.status_code == 400 and "id_number" in typed.json()
    # the screen: the same person again is refused with the same message
    page = reverse("selfgov:assembly_sign_in", args=[assembly.pk])
    screen = client.post(page, {"id_number": people[1].id_number}, follow=True)
    assert screen.status_code == 200
    twice = client.post(page, {"id_number": people[1].id_number}, follow=True)
    assert f"{people[1].name} 已签到" in twice.content.decode()
    typed_name = client.post(page, {"name": "随便一个名字"}, follow=True)
    assert typed_name.status_code == 200
    assert sorted(Attendance.objects.values_list("resident", flat=True)) == sorted(
        [people[0].pk, people[1].pk]
    )
    assert queries.present(assembly) == 2
