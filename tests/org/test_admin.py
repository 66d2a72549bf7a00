"""The Django admin: scoped querysets and choices; records with rules are read-only there."""

import pytest
from django.urls import reverse

from gongzhi.org.models import Community, Staff, StreetUnit


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


def test_admin_does_not_write_records_with_rules(admin_client, world):
    """Communities, committees, members, stations, staff…: on the org screens, where the
    rules run; the admin is read-only for them, superusers included (core.admin_site)."""
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
    assert response.status_code == 403
    assert not Community.objects.filter(name="新社区").exists()
    response = admin_client.post(
        reverse("admin:org_staff_add"),
        {"street": world["s1"].pk, "name": "甲", "position": "社工", "employment": "social_worker"},
    )
    assert response.status_code == 403 and not Staff.objects.exists()


def test_admin_choices_are_scoped(admin_client, world):
    response = admin_client.post(
        reverse("admin:org_streetunit_add"),
        {"street": world["s2"].pk, "name": "党政办", "kind": "office", "order": "0"},
    )
    assert response.status_code == 200
    assert "street" in response.context["adminform"].form.errors
    assert not StreetUnit.objects.exists()
    response = admin_client.post(
        reverse("admin:org_streetunit_add"),
        {"street": world["s1"].pk, "name": "党政办", "kind": "office", "order": "0"},
    )
    assert response.status_code == 302
    assert StreetUnit.objects.get().street == world["s1"]
