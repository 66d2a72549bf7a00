"""Residents' leaders: recognized with what they lead (a building of their community, a group
or an organization), ended once; `leads(user)` says what a user's resident leads."""

from gongzhi.civil.actions import leaders as actions
from gongzhi.civil.leaders import leaderships_of, leads
from gongzhi.civil.models import Leader

API = "/api/civil/leaders/"


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def code_of(answer, field):
    return answer.json()[field][0]["code"]


def test_a_building_head_leads_a_building_of_their_community(
    verified_client, users, world, residents, building
):
    client = verified_client(users["committee_member"])
    wang = residents["wang"]
    none = post(client, API, {"resident": wang.pk, "kind": "building_head"})
    assert code_of(none, "building") == "civil_leads_nothing"
    ok = post(client, API, {"resident": wang.pk, "kind": "building_head", "building": building.pk})
    assert ok.status_code == 201 and ok.json()["community"] == world["c1"].pk
    twice = post(
        client, API, {"resident": wang.pk, "kind": "building_head", "building": building.pk}
    )
    assert code_of(twice, "kind") == "civil_already_leads"
    street = verified_client(users["street_admin"])
    zhao = residents["zhao"]  # of C2: the building is C1's
    far = post(street, API, {"resident": zhao.pk, "kind": "unit_head", "building": building.pk})
    assert code_of(far, "building") == "civil_leads_nothing"
    assert Leader.objects.count() == 1


def test_a_leader_leads_something(verified_client, users, residents, org):
    client = verified_client(users["committee_member"])
    li = residents["li"].pk
    nothing = post(client, API, {"resident": li, "kind": "resident_leader"})
    assert code_of(nothing, "group_name") == "civil_leads_nothing"
    group = post(client, API, {"resident": li, "kind": "resident_leader", "group_name": "太极拳队"})
    assert group.status_code == 201
    core = post(client, API, {"resident": li, "kind": "volunteer_core", "organization": org.pk})
    assert core.status_code == 201


def test_a_leadership_ends_once(verified_client, users, residents, building):
    client = verified_client(users["committee_member"])
    pk = post(
        client,
        API,
        {"resident": residents["wang"].pk, "kind": "building_head", "building": building.pk},
    ).json()["id"]
    assert post(client, f"{API}{pk}/end/", {}).json()["active"] is False
    again = post(client, f"{API}{pk}/end/", {})
    assert again.status_code == 400
    assert again.json()["non_field_errors"][0]["code"] == "civil_leadership_ended"


def test_a_grid_worker_sees_the_leaders_of_their_grid_only(
    verified_client, users, residents, building
):
    admin = users["committee_member"]
    for who in ("wang", "li"):  # wang lives in G1, li in G2
        actions.do_recognize_leader(
            admin, Leader(resident=residents[who], kind="resident_leader", group_name=f"{who}队")
        )
    alice = verified_client(users["grid_worker"])  # G1
    assert [x["group_name"] for x in alice.get(API).json()["results"]] == ["wang队"]
    assert (
        post(
            alice,
            API,
            {"resident": residents["wang"].pk, "kind": "resident_leader", "group_name": "x"},
        ).status_code
        == 403
    )


def test_leads_says_what_a_user_resident_leads(users, residents, building, org):
    wang = residents["wang"]
    wang.account = users["resident"]
    wang.save()
    admin = users["committee_member"]
    actions.do_recognize_leader(
        admin, Leader(resident=wang, kind="building_head", building=building)
    )
    actions.do_recognize_leader(
        admin, Leader(resident=wang, kind="volunteer_core", organization=org)
    )
    ended = actions.do_recognize_leader(
        admin, Leader(resident=wang, kind="resident_leader", group_name="合唱团")
    )
    actions.do_end_leadership(admin, ended)
    found = leads(users["resident"])
    assert found.building(building) and found.organization(org)
    assert not found.group(wang.community, "合唱团")
    assert len(leaderships_of(wang)) == 2
    assert not leads(users["grid_worker"])
