"""The Django admin: scoped querysets and choices, and the same service rules as the screens."""

import datetime

import pytest
from django.urls import reverse

from gongzhi.org import services
from gongzhi.org.models import CommitteeMember, Community, ResidentsCommittee, Staff


@pytest.fixture
def admin_client(users, verified_client):
    user = users["street_admin"]
    user.is_staff = True
    user.save()
    return verified_client(user)


def test_admin_lists_only_own_street(admin_client, world):
    response = admin_client.get(reverse("admin:org_community_changelist"))
    assert response.status_code == 200
    names = {c.name for c in response.context["cl"].queryset}
    assert names == {"幸福社区", "和谐社区"}


def test_admin_object_of_other_street_is_not_found(admin_client, world):
    response = admin_client.get(reverse("admin:org_community_change", args=[world["c3"].pk]))
    assert response.status_code in (302, 404)  # the admin redirects "doesn't exist" to its index
    assert "莫愁社区" not in response.content.decode()


def test_admin_refuses_tenth_committee_member(admin_client, world):
    services.ensure_bodies(world["c1"])
    committee = ResidentsCommittee.objects.get(community=world["c1"])
    for i in range(9):
        services.add_committee_member(
            committee,
            name=f"委员{i}",
            start_date=datetime.date(2021, 6, 1),
            post="chair" if i == 0 else "member",
        )
    response = admin_client.post(
        reverse("admin:org_committeemember_add"),
        {
            "committee": committee.pk,
            "name": "第十人",
            "post": "member",
            "ethnicity": "01",
            "monthly_allowance": "0",
            "start_date": "2024-01-01",
        },
    )
    assert response.status_code == 200  # form shown again with the error
    assert response.context["adminform"].form.errors
    assert CommitteeMember.objects.count() == 9


def test_admin_refuses_station_in_xuanwu_community(admin_client, world):
    response = admin_client.post(
        reverse("admin:org_servicestation_add"),
        {
            "street": world["s1"].pk,
            "community": world["c2"].pk,
            "name": "站",
            "supervised_by_committee": "on",
        },
    )
    assert response.status_code == 200
    assert "community" in response.context["adminform"].form.errors


def test_admin_choices_are_scoped(admin_client, world):
    response = admin_client.post(
        reverse("admin:org_staff_add"),
        {
            "street": world["s2"].pk,
            "community": world["c3"].pk,
            "name": "甲",
            "position": "社工",
            "employment": "social_worker",
            "active": "on",
        },
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "street" in form.errors and "community" in form.errors
    assert not Staff.objects.exists()


def test_admin_creates_community_with_bodies(admin_client, world):
    response = admin_client.post(
        reverse("admin:org_community_add"),
        {
            "street": world["s1"].pk,
            "name": "新社区",
            "code": "007",
            "structure": Community.Structure.PARTY_STATION_COMMITTEE,
            "household_count": "300",
        },
    )
    assert response.status_code == 302
    community = Community.objects.get(name="新社区")
    assert community.residents_committee and community.station


def test_admin_edits_a_member_of_a_full_committee(admin_client, world):
    services.ensure_bodies(world["c1"])
    committee = ResidentsCommittee.objects.get(community=world["c1"])
    for i in range(9):
        services.add_committee_member(
            committee,
            name=f"委员{i}",
            start_date=datetime.date(2021, 6, 1),
            post="chair" if i == 0 else "member",
        )
    member = committee.members.get(name="委员5")
    response = admin_client.post(
        reverse("admin:org_committeemember_change", args=[member.pk]),
        {
            "committee": committee.pk,
            "name": "委员五",
            "post": "vice_chair",
            "ethnicity": "01",
            "monthly_allowance": "0",
            "start_date": "2021-06-01",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.name == "委员五" and member.post == "vice_chair"
