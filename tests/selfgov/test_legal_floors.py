"""What the law fixes is not a setting (issue 12, "Rules at their boundary"): the committee's
term is 5 years, the vote is every resident's from 18 on election day, the register is published at least
20 days before, and a department applies at least 30 working days ahead. Each value is tried
just inside and just outside its boundary, through the API and the screen."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from gongzhi.access.models import AccessPolicy
from gongzhi.selfgov.models import Election

from .helpers import ensure_committee

DAY = (timezone.localdate() + datetime.timedelta(days=40)).isoformat()


def _election(world, **rules):
    return {
        "community": world["c1"].pk,
        "title": "第二届居委会选举",
        "term_number": 2,
        "election_day": DAY,
        "seats": 5,
        "nomination_supporters": 2,
        **rules,
    }


@pytest.mark.parametrize(
    ("field", "value", "accepted"),
    [
        ("term_years", 4, False),
        ("term_years", 6, False),
        ("term_years", 5, True),
        ("voting_age", 17, False),
        ("voting_age", 18, True),
        ("voting_age", 19, False),
        ("register_days_before", 19, False),
        ("register_days_before", 20, True),
    ],
)
def test_api_holds_the_laws_fixed_values(world, users, verified_client, field, value, accepted):
    ensure_committee(world["c1"])
    client = verified_client(users["street_admin"])
    r = client.post(
        "/api/selfgov/elections/",
        _election(world, **{field: value}),
        content_type="application/json",
    )
    if accepted:
        assert r.status_code == 201, r.content
    else:
        assert r.status_code == 400 and field in r.json(), r.content
        assert not Election.objects.exists()


def test_screen_refuses_a_voting_age_under_18(world, users, verified_client):
    ensure_committee(world["c1"])
    client = verified_client(users["street_admin"])
    data = _election(
        world,
        voting_age=17,
        register_days_before=20,
        candidate_surplus=1,
        max_proxies=3,
        tie_rule="lot",
        method="all",
    )
    r = client.post(reverse("selfgov:election_create"), data)
    assert r.status_code == 200
    assert "voting_age" in r.context["form"].errors
    assert not Election.objects.exists()


@pytest.mark.parametrize(("days", "accepted"), [(29, False), (30, True), (45, True)])
def test_access_lead_time_cannot_go_below_30_working_days(
    world, users, verified_client, days, accepted
):
    policy, _ = AccessPolicy.objects.get_or_create(street=world["s1"])
    client = verified_client(users["street_admin"])
    r = client.patch(
        f"/api/access/policies/{policy.pk}/", {"lead_days": days}, content_type="application/json"
    )
    assert (r.status_code == 200) == accepted, r.content
    policy.refresh_from_db()
    assert (policy.lead_days == days) == accepted
