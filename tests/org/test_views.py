"""Organization screens: overview, community and committee pages, lists, forms, public page."""

import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape

from gongzhi.org import services
from gongzhi.org.models import (
    CommitteeMember,
    DispatchedCadre,
    ResidentsCommittee,
    ResidentsGroup,
    RoleAssignment,
    Staff,
)
from gongzhi.org.roles import Role

START = datetime.date(2021, 6, 1)


@pytest.fixture
def committee(world):
    services.ensure_bodies(world["c1"])
    return ResidentsCommittee.objects.get(community=world["c1"])


def fill(committee, n):
    for i in range(n):
        services.add_committee_member(
            committee,
            name=f"委员{i}",
            start_date=START,
            post=CommitteeMember.Post.CHAIR if i == 0 else CommitteeMember.Post.MEMBER,
        )


def test_street_overview_lists_communities_with_warnings(users, world, verified_client):
    world["c2"].household_count = 800
    world["c2"].save()
    client = verified_client(users["street_admin"])
    page = client.get(reverse("org:overview")).content.decode()
    assert "幸福社区" in page and "和谐社区" in page
    assert "莫愁社区" not in page  # another street
    assert 'data-warning="households_out_of_range"' in page


def test_community_page_shows_three_bodies_and_warnings(users, world, committee, verified_client):
    fill(committee, 4)
    client = verified_client(users["street_admin"])
    page = client.get(reverse("org:community", args=[world["c1"].pk])).content.decode()
    assert escape(committee.name) in page
    assert escape(world["c1"].station.name) in page
    assert 'data-warning="committee_too_small"' in page
    assert "委员3" in page


def test_committee_page_warns_about_missing_minority_member(
    users, world, committee, verified_client
):
    world["c1"].multi_ethnic = True
    world["c1"].save()
    fill(committee, 5)
    client = verified_client(users["street_admin"])
    page = client.get(reverse("org:committee", args=[committee.pk])).content.decode()
    assert 'data-warning="no_minority_member"' in page
    assert 'data-warning="committee_too_small"' not in page


def test_community_outside_scope_is_404(users, world, verified_client):
    client = verified_client(users["grid_worker"])
    assert client.get(reverse("org:community", args=[world["c1"].pk])).status_code == 200
    assert client.get(reverse("org:community", args=[world["c2"].pk])).status_code == 404
    assert client.get(reverse("org:community", args=[world["c3"].pk])).status_code == 404


def test_list_needs_permission(users, client, verified_client):
    assert client.get(reverse("org:staff_list")).status_code == 302  # to the log-in page
    assert verified_client(users["resident"]).get(reverse("org:staff_list")).status_code == 403


def test_list_search_sort_filter_and_pages(users, world, verified_client):
    for n in range(1, 31):
        ResidentsGroup.objects.create(
            community=world["c1"], number=n, name=f"第{n}组", leader_name=f"组长{n}"
        )
    ResidentsGroup.objects.create(community=world["c3"], number=1, name="外街道组")
    client = verified_client(users["street_admin"])
    url = reverse("org:residentsgroup_list")

    def numbers(**params):
        return [g.number for g in client.get(url, params).context["table"].page.object_list]

    assert numbers(sort="number") == list(range(1, 26))
    assert numbers(sort="number", page=2) == [26, 27, 28, 29, 30]
    assert numbers(sort="-number")[0] == 30
    assert numbers(q="组长17") == [17]
    assert numbers(q="外街道") == []  # another street's group is not even found
    assert numbers(community=world["c2"].pk) == []
    assert len(numbers(community=world["c1"].pk)) == 25
    # An unknown sort key is ignored, not an error.
    assert client.get(url, {"sort": "leader_name; DROP"}).status_code == 200


def test_member_form_refuses_tenth_member_in_chinese(users, committee, verified_client):
    fill(committee, 9)
    client = verified_client(users["party_secretary"])
    response = client.post(
        reverse("org:committeemember_add"),
        {
            "committee": committee.pk,
            "name": "第十人",
            "post": "member",
            "ethnicity": "01",
            "monthly_allowance": "0",
            "start_date": "2024-01-01",
        },
    )
    assert response.status_code == 200
    assert "5至9人" in response.content.decode() or "5 至 9" in response.content.decode()
    assert committee.members.count() == 9


def test_member_form_end_before_start_is_field_error(users, committee, verified_client):
    client = verified_client(users["party_secretary"])
    response = client.post(
        reverse("org:committeemember_add"),
        {
            "committee": committee.pk,
            "name": "甲",
            "post": "member",
            "ethnicity": "01",
            "monthly_allowance": "0",
            "start_date": "2024-01-01",
            "end_date": "2023-01-01",
        },
    )
    assert response.status_code == 200
    assert "end_date" in response.context["form"].errors
    assert "结束日期早于开始日期" in response.content.decode()


def test_member_form_creates_and_edits(users, committee, verified_client):
    client = verified_client(users["party_secretary"])
    response = client.post(
        reverse("org:committeemember_add"),
        {
            "committee": committee.pk,
            "name": "乙",
            "post": "chair",
            "ethnicity": "02",
            "monthly_allowance": "3000",
            "paid": "on",
            "on_duty": "on",
            "start_date": "2024-01-01",
        },
    )
    assert response.status_code == 302
    member = committee.members.get(name="乙")
    assert member.paid and member.is_minority
    response = client.post(
        reverse("org:committeemember_edit", args=[member.pk]),
        {
            "committee": committee.pk,
            "name": "乙",
            "post": "vice_chair",
            "ethnicity": "02",
            "monthly_allowance": "3000",
            "paid": "on",
            "start_date": "2024-01-01",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.post == "vice_chair"


def test_end_member_button(users, committee, verified_client):
    fill(committee, 1)
    member = committee.members.get()
    client = verified_client(users["party_secretary"])
    assert client.post(reverse("org:member_end", args=[member.pk])).status_code == 302
    member.refresh_from_db()
    assert member.end_date is not None


def test_staff_form_cannot_place_staff_outside_own_area(users, world, verified_client):
    client = verified_client(users["party_secretary"])  # secretary of C1
    response = client.post(
        reverse("org:staff_add"),
        {
            "street": world["s1"].pk,
            "community": world["c2"].pk,
            "name": "丙",
            "position": "社工",
            "employment": "social_worker",
        },
    )
    assert response.status_code == 200
    assert "community" in response.context["form"].errors
    response = client.post(
        reverse("org:staff_add"),
        {
            "street": world["s1"].pk,
            "name": "丙",
            "position": "社工",
            "employment": "social_worker",
        },
    )
    assert response.status_code == 200  # street-level staff is outside a community's area
    assert not Staff.objects.exists()


def test_staff_phone_is_never_sent_back_to_the_page(users, world, verified_client):
    staff = Staff.objects.create(
        street=world["s1"], community=world["c1"], name="丁", position="社工", phone="13812345678"
    )
    client = verified_client(users["street_admin"])
    page = client.get(reverse("org:staff_edit", args=[staff.pk])).content.decode()
    assert "13812345678" not in page and "138****5678" in page
    response = client.post(
        reverse("org:staff_edit", args=[staff.pk]),
        {
            "street": world["s1"].pk,
            "community": world["c1"].pk,
            "name": "丁",
            "position": "站长",
            "employment": "social_worker",
            "phone": "",
            "active": "on",
        },
    )
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.phone == "13812345678" and staff.position == "站长"


def test_role_assignment_form_checks_level(users, world, verified_client):
    client = verified_client(users["street_admin"])
    response = client.post(
        reverse("org:roleassignment_add"),
        {
            "user": users["nobody"].pk,
            "role": Role.GRID_WORKER,
            "community": world["c1"].pk,
        },
    )
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    response = client.post(
        reverse("org:roleassignment_add"),
        {
            "user": users["nobody"].pk,
            "role": Role.GRID_WORKER,
            "grid": world["g1"].pk,
        },
    )
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(user=users["nobody"], grid=world["g1"]).exists()


def test_role_assignment_form_needs_one_place(users, world, verified_client):
    client = verified_client(users["street_admin"])
    response = client.post(
        reverse("org:roleassignment_add"),
        {
            "user": users["nobody"].pk,
            "role": Role.RESIDENT,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_role_assignments_of_other_street_are_invisible(users, world, verified_client):
    client = verified_client(users["street_admin"])
    page = client.get(reverse("org:roleassignment_list")).content.decode()
    assert "alice" in page and "outsider" not in page
    other = RoleAssignment.objects.get(user=users["outsider"])
    assert client.get(reverse("org:roleassignment_edit", args=[other.pk])).status_code == 404


def test_cadre_form_and_community_page(users, world, verified_client):
    client = verified_client(users["street_admin"])
    response = client.post(
        reverse("org:dispatchedcadre_add"),
        {
            "department": world["dept"].pk,
            "community": world["c1"].pk,
            "name": "戊",
            "post": "社区民警",
            "office_hours": "周一 9:00-11:00",
            "start_date": "2024-03-01",
        },
    )
    assert response.status_code == 302
    assert DispatchedCadre.objects.filter(name="戊").exists()


def test_public_page_without_login_and_without_personal_data(client, world, committee):
    services.add_committee_member(
        committee, name="主任甲", post="chair", start_date=START, paid=True, monthly_allowance=3210
    )
    Staff.objects.create(
        street=world["s1"],
        community=world["c1"],
        name="社工乙",
        position="社工",
        phone="13812345678",
    )
    DispatchedCadre.objects.create(
        department=world["dept"],
        community=world["c1"],
        name="民警丙",
        post="社区民警",
        duties="治安巡查、矛盾调解",
        office_hours="周三 9:00-11:00",
        start_date=START,
    )
    response = client.get(reverse("org_public:community", args=[world["c1"].pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "主任甲" in page and "民警丙" in page and "周三 9:00-11:00" in page
    # Dispatched staff are shown with their duties and term (access issue, part 8).
    assert "治安巡查、矛盾调解" in page and "派驻开始" in page
    assert "3210" not in page and "138" not in page and "社工乙" not in page
    assert client.get(reverse("org_public:communities")).status_code == 200
