"""Organization endpoints: scoping, filters, computed fields, masking, and the org rules
(Organic Law Art. 7 through services.add_committee_member / validate_member)."""

import datetime

import pytest

from gongzhi.core.models import AuditEntry
from gongzhi.org.models import CommitteeMember, Community, RoleAssignment, Staff
from gongzhi.org.roles import Role
from tests.conftest import make_user

EN: dict = {}  # api_client is in English already


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


# --- scoping -------------------------------------------------------------------------------


def test_grid_worker_cannot_read_another_grids_records(users, world, api_client):
    alice = api_client(users["grid_worker"])
    assert ids(alice.get("/api/grids/")) == {world["g1"].pk}
    for other in ("g2", "g3", "g4"):
        assert alice.get(f"/api/grids/{world[other].pk}/").status_code == 404
    assert alice.get(f"/api/grids/{world['g1'].pk}/").status_code == 200
    # Filtering for another grid's id gives nothing rather than the record.
    assert ids(alice.get(f"/api/grids/?id={world['g2'].pk}&community={world['c1'].pk}")) <= {
        world["g1"].pk
    }


def test_street_admin_sees_only_own_street(users, world, org, api_client):
    client = api_client(users["street_admin"])
    assert ids(client.get("/api/communities/")) == {world["c1"].pk, world["c2"].pk}
    assert client.get(f"/api/communities/{world['c3'].pk}/").status_code == 404
    assert ids(client.get("/api/staff/")) == {org["staff_in"].pk}
    assert client.get(f"/api/staff/{org['staff_out'].pk}/").status_code == 404


def test_community_role_sees_only_its_community(users, world, org, api_client):
    client = api_client(users["committee_member"])
    assert ids(client.get("/api/committee-members/")) == {org["member_in"].pk}
    assert client.get(f"/api/committee-members/{org['member_out'].pk}/").status_code == 404


def test_role_without_permission_is_403(users, api_client):
    assert api_client(users["resident"]).get("/api/staff/").status_code == 403
    assert api_client(users["nobody"]).get("/api/communities/").status_code == 403


# --- computed fields and masking -------------------------------------------------------------


def test_community_has_division_code_and_warnings(users, world, org, api_client):
    client = api_client(users["street_admin"])
    Community.objects.filter(pk=world["c2"].pk).update(household_count=50)
    data = client.get(f"/api/communities/{world['c2'].pk}/", **EN).json()
    assert data["division_code"] == "150204001002"
    codes = {w["code"] for w in data["warnings"]}
    assert "households_out_of_range" in codes
    assert all(w["message"] for w in data["warnings"])
    # C1's committee has one member: fewer than the Organic Law's 5 (Art. 7).
    data = client.get(f"/api/communities/{world['c1'].pk}/").json()
    assert "committee_too_small" in {w["code"] for w in data["warnings"]}


def test_grid_code_follows_cjt_349(users, world, api_client):
    data = api_client(users["street_admin"]).get(f"/api/grids/{world['g2'].pk}/").json()
    assert data["code"] == "150204001" + "001" + "02"


def test_staff_phone_is_only_ever_masked(users, org, api_client):
    client = api_client(users["street_admin"])
    response = client.get(f"/api/staff/{org['staff_in'].pk}/")
    data = response.json()
    assert data["phone_masked"] == "138****5678"
    assert "phone" not in data
    assert b"13812345678" not in response.content
    assert b"13812345678" not in client.get("/api/staff/").content
    # Search never matches the encrypted phone.
    assert ids(client.get("/api/staff/?search=13812345678")) == set()


def test_staff_phone_written_in_plain_read_masked(users, world, org, api_client):
    client = api_client(users["party_secretary"])
    response = client.post(
        "/api/staff/",
        {
            "street": world["s1"].pk,
            "community": world["c1"].pk,
            "name": "孙社工",
            "position": "社工",
            "phone": "13700001234",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["phone_masked"] == "137****1234"
    assert b"13700001234" not in response.content
    assert Staff.objects.get(pk=response.json()["id"]).phone == "13700001234"


def test_provider_phone_masked(users, org, api_client):
    data = (
        api_client(users["street_admin"]).get(f"/api/providers/{org['provider_care'].pk}/").json()
    )
    assert data["contact_phone_masked"] == "139****1111"
    assert "contact_phone" not in data


# --- filters, search, ordering, pagination ---------------------------------------------------


def test_filter_search_ordering_pagination(users, world, api_client):
    client = api_client(users["street_admin"])
    assert ids(client.get(f"/api/grids/?community={world['c2'].pk}")) == {world["g3"].pk}
    assert ids(client.get("/api/communities/?search=和谐")) == {world["c2"].pk}
    names = [c["name"] for c in client.get("/api/communities/?ordering=-code").json()["results"]]
    assert names == ["和谐社区", "幸福社区"]
    page = client.get("/api/grids/?page_size=2").json()
    assert page["count"] == 3 and len(page["results"]) == 2 and page["next"]
    assert ids(client.get("/api/communities/?multi_ethnic=false")) == {
        world["c1"].pk,
        world["c2"].pk,
    }


def test_bad_filter_value_is_400(users, api_client):
    client = api_client(users["street_admin"])
    response = client.get("/api/grids/?community=abc", **EN)
    assert response.status_code == 400
    assert response.json() == {"community": [{"message": "Invalid value.", "code": "invalid"}]}
    assert client.get("/api/communities/?multi_ethnic=maybe").status_code == 400


def test_errors_in_chinese_by_default(users, verified_client):
    response = verified_client(users["street_admin"]).get("/api/grids/?community=abc")
    [message] = [e["message"] for e in response.json()["community"]]
    assert message != "Invalid value." and any("\u4e00" <= ch <= "\u9fff" for ch in message)


# --- committee members: Organic Law Art. 7 ---------------------------------------------------


def add_member(client, committee, name, **extra):
    data = {"committee": committee.pk, "name": name, "start_date": "2024-01-01", **extra}
    return client.post("/api/committee-members/", data, content_type="application/json", **EN)


def test_committee_of_at_most_9_members_art_7(users, org, api_client):
    client = api_client(users["party_secretary"])
    committee = org["committee_in"]  # holds the chair already
    for n in range(8):
        assert add_member(client, committee, f"委员{n}").status_code == 201
    assert CommitteeMember.objects.filter(committee=committee).count() == 9
    response = add_member(client, committee, "第十人")
    assert response.status_code == 400
    message = response.json()["non_field_errors"][0]["message"]
    assert "5 to 9" in message and "Art. 7" in message
    assert CommitteeMember.objects.filter(committee=committee).count() == 9


def test_second_chair_is_refused(users, org, api_client):
    response = add_member(
        api_client(users["party_secretary"]), org["committee_in"], "又一主任", post="chair"
    )
    assert response.status_code == 400
    assert "post" in response.json()


def test_member_update_goes_through_the_rules(users, org, api_client):
    client = api_client(users["party_secretary"])
    member = add_member(client, org["committee_in"], "张委员").json()
    url = f"/api/committee-members/{member['id']}/"
    response = client.patch(url, {"post": "chair"}, content_type="application/json", **EN)
    assert response.status_code == 400 and "post" in response.json()
    response = client.patch(url, {"end_date": "2023-01-01"}, content_type="application/json", **EN)
    assert response.status_code == 400 and "end_date" in response.json()
    response = client.patch(url, {"post": "vice_chair"}, content_type="application/json")
    assert response.status_code == 200 and response.json()["post"] == "vice_chair"
    response = client.patch(
        url, {"committee": org["committee_out"].pk}, content_type="application/json"
    )
    assert response.status_code == 400


def test_member_cannot_be_added_outside_own_area(users, org, api_client):
    response = add_member(api_client(users["party_secretary"]), org["committee_out"], "外人")
    assert response.status_code == 400
    assert "committee" in response.json()
    assert not CommitteeMember.objects.filter(name="外人").exists()


def test_view_only_role_cannot_write(users, org, api_client):
    client = api_client(users["committee_member"])
    assert add_member(client, org["committee_in"], "某人").status_code == 403
    url = f"/api/committee-members/{org['member_in'].pk}/"
    assert client.delete(url).status_code == 403
    assert CommitteeMember.objects.filter(pk=org["member_in"].pk).exists()


# --- writes: scope, validation, conflicts, audit ---------------------------------------------


def test_write_that_would_leave_the_area_writes_nothing(users, world, api_client):
    client = api_client(users["party_secretary"])
    response = client.post(
        "/api/staff/",
        {"street": world["s1"].pk, "name": "街道人员", "position": "干事"},
        content_type="application/json",
        **EN,
    )
    assert response.status_code == 400
    assert "own area" in response.json()["non_field_errors"][0]["message"]
    assert not Staff.objects.filter(name="街道人员").exists()


def test_update_is_audited(users, world, api_client):
    client = api_client(users["party_secretary"])
    url = f"/api/communities/{world['c1'].pk}/"
    response = client.patch(url, {"household_count": 640}, content_type="application/json")
    assert response.status_code == 200
    entry = AuditEntry.objects.filter(
        action=AuditEntry.Action.UPDATE, object_id=str(world["c1"].pk)
    ).first()
    assert entry.actor == users["party_secretary"] and entry.source == "api"
    assert entry.after == {"household_count": 640}


def test_delete_of_record_in_use_is_409(users, world, api_client):
    response = api_client(users["street_admin"]).delete(f"/api/streets/{world['s1'].pk}/", **EN)
    assert response.status_code == 409
    assert "still used" in response.json()["detail"]


def test_model_rules_give_field_errors(users, world, api_client):
    client = api_client(users["street_admin"])
    response = client.post(
        "/api/grids/", {"community": world["c1"].pk, "number": 100}, content_type="application/json"
    )
    assert response.status_code == 400
    response = client.post(
        "/api/grids/", {"community": world["c1"].pk, "number": 1}, content_type="application/json"
    )
    assert response.status_code == 400  # already taken in C1
    response = client.post(
        "/api/grids/", {"community": world["c1"].pk, "number": 3}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["code"].endswith("03")


# --- role assignments ----------------------------------------------------------------------


def assign(client, **data):
    return client.post("/api/role-assignments/", data, content_type="application/json", **EN)


def test_role_assignment_validated_by_service(users, world, api_client):
    client = api_client(users["street_admin"])
    nobody = users["nobody"]
    response = assign(client, user=nobody.pk, role="grid_worker", community=world["c1"].pk)
    assert response.status_code == 400
    assert "role" in response.json()
    response = assign(client, user=nobody.pk, role="department_staff", street=world["s1"].pk)
    assert response.status_code == 400 and "department" in response.json()
    response = assign(client, user=nobody.pk, role="grid_worker")
    assert response.status_code == 400 and "non_field_errors" in response.json()
    assert not RoleAssignment.objects.filter(user=nobody).exists()
    response = assign(client, user=nobody.pk, role="grid_worker", grid=world["g2"].pk)
    assert response.status_code == 201, response.content
    assert response.json()["level"] == "grid"


def test_role_cannot_be_given_outside_own_street(users, world, api_client):
    client = api_client(users["street_admin"])
    response = assign(client, user=users["nobody"].pk, role="street_admin", street=world["s2"].pk)
    assert response.status_code == 400
    assert "street" in response.json()
    assert not RoleAssignment.objects.filter(user=users["nobody"]).exists()


def test_role_assignments_scoped(users, world, api_client):
    client = api_client(users["street_admin"])
    rows = client.get("/api/role-assignments/?page_size=100").json()["results"]
    usernames = {row["user"] for row in rows}
    assert users["outsider"].pk not in usernames
    assert users["grid_worker"].pk in usernames


@pytest.mark.parametrize("path", ["/api/communities/", "/api/committee-members/", "/api/staff/"])
def test_dates_and_lists_serialize(path, users, org, api_client):
    assert api_client(users["street_admin"]).get(path).status_code == 200


def test_dispatched_cadre_term_order(users, world, api_client):
    client = api_client(users["street_admin"])
    response = client.post(
        "/api/dispatched-cadres/",
        {
            "department": world["dept"].pk,
            "community": world["c1"].pk,
            "name": "周干部",
            "post": "民警",
            "start_date": datetime.date(2024, 5, 1).isoformat(),
            "end_date": datetime.date(2024, 1, 1).isoformat(),
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "end_date" in response.json()


def test_another_streets_account_cannot_be_given_a_role(users, world, api_client):
    """Issue 12 item 3: the API took a user of another street (201)."""
    client = api_client(users["street_admin"])
    outsider = users["outsider"]  # street admin of S2
    response = assign(client, user=outsider.pk, role="grid_worker", grid=world["g1"].pk)
    assert response.status_code == 400 and "user" in response.json(), response.content
    assert not RoleAssignment.objects.filter(user=outsider, grid=world["g1"]).exists()
    # An account of the own street, or one without any role, still can.
    response = assign(client, user=users["bob"].pk, role="grid_worker", grid=world["g1"].pk)
    assert response.status_code == 201, response.content


def test_role_assignment_form_lists_only_accounts_of_the_area(users, world, verified_client):
    client = verified_client(users["street_admin"])
    page = client.get("/org/roleassignment/add/")
    assert page.status_code == 200
    choices = {str(u) for u in page.context["form"].fields["user"].queryset}
    assert "outsider" not in choices and "nobody" in choices and "bob" in choices


def test_a_street_admin_cannot_end_or_delete_their_own_admin_role(users, world, api_client):
    admin_user = users["street_admin"]
    own = RoleAssignment.objects.get(user=admin_user, role="street_admin")
    client = api_client(admin_user)
    assert client.delete(f"/api/role-assignments/{own.pk}/", **EN).status_code == 400
    ended = client.patch(
        f"/api/role-assignments/{own.pk}/",
        {"end_date": "2026-01-01"},
        content_type="application/json",
        **EN,
    )
    assert ended.status_code == 400
    own.refresh_from_db()
    assert own.end_date is None
    # Another street admin of the same street may.
    other = make_user("second_admin", Role.STREET_ADMIN, world["s1"])
    assert api_client(other).delete(f"/api/role-assignments/{own.pk}/", **EN).status_code == 204
