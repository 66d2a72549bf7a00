"""Role AND place: a permission granted by a role counts only inside that role's place.

Users here hold 2–3 roles at once, drawn by hypothesis across the street, its communities and
grids. What each should be allowed is computed from an independent table written below (the
domain's rule, by hand), never read from the views: for every household, an action is allowed
when SOME assignment both grants the permission AND holds a place containing the household.
Before this rule, permissions and places were merged separately, so a committee member of C1
who was also grid worker of G1 could edit a household of G2 (committee: C1 covers G2; grid
worker: may edit households) — see test_committee_member_and_grid_worker_cannot_edit_another_grid.
"""

import json

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongzhi.org.roles import Role
from tests.conftest import make_user
from tests.registry.helpers import reg  # noqa: F401

# What each role may do with households (domain.md: the registry is kept by the service
# station and grid workers; the street admin administers it; the others read it).
MAY = {
    Role.STREET_ADMIN: {"view", "change", "delete"},
    Role.STREET_STAFF: {"view"},
    Role.PARTY_SECRETARY: {"view"},
    Role.COMMITTEE_MEMBER: {"view"},
    Role.STATION_STAFF: {"view", "change"},
    Role.GRID_WORKER: {"view", "change"},
}
# Where each role may be held in the test world (tests/conftest.py): S1, its communities
# C1 (grids G1, G2) and C2 (grid G3).
PLACES = {
    Role.STREET_ADMIN: ["s1"],
    Role.STREET_STAFF: ["s1"],
    Role.PARTY_SECRETARY: ["c1", "c2"],
    Role.COMMITTEE_MEMBER: ["c1", "c2"],
    Role.STATION_STAFF: ["c1", "c2"],
    Role.GRID_WORKER: ["g1", "g2", "g3"],
}
# Which places hold each household of the `reg` fixture.
HOLDERS = {
    "h1": {"s1", "c1", "g1"},
    "h2": {"s1", "c1", "g2"},
    "h3": {"s1", "c2", "g3"},
    "h4": {"s2", "c3", "g4"},
}

assignment = st.sampled_from(sorted(MAY)).flatmap(
    lambda role: st.tuples(st.just(role), st.sampled_from(PLACES[role]))
)
assignments = st.lists(assignment, min_size=2, max_size=3, unique=True)


def allowed(held, action, household) -> bool:
    return any(action in MAY[role] and place in HOLDERS[household] for role, place in held)


def user_holding(held, world, n=[0]):  # noqa: B006 — a counter for unique user names
    n[0] += 1
    user = make_user(f"combo{n[0]}")
    from gongzhi.org import services

    for role, place in held:
        services.assign_role(user, role, world[place])
    return user


def check(held, world, reg, verified_client):  # noqa: F811
    user = user_holding(held, world)
    client = verified_client(user)
    listed = client.get("/api/registry/households/?page_size=100")
    if not any("view" in MAY[role] for role, _ in held):
        assert listed.status_code == 403
    else:
        ids = {row["id"] for row in listed.json()["results"]}
        assert ids == {reg[h].pk for h in HOLDERS if allowed(held, "view", h)}, held
    for h in HOLDERS:
        pk = reg[h].pk
        page = client.get(reverse("registry:household_detail", args=[pk]))
        assert (page.status_code == 200) == allowed(held, "view", h), (held, h, page.status_code)
        edit = client.get(reverse("registry:household_edit", args=[pk]))
        assert (edit.status_code == 200) == allowed(held, "change", h), (held, h, edit.status_code)
        patched = client.patch(
            f"/api/registry/households/{pk}/",
            data=json.dumps({"address": f"新地址 {h}"}),
            content_type="application/json",
        )
        assert (patched.status_code == 200) == allowed(held, "change", h), (
            held,
            h,
            patched.status_code,
        )
        reg[h].refresh_from_db()
        assert (reg[h].address == f"新地址 {h}") == allowed(held, "change", h)
        if not allowed(held, "change", h):
            assert patched.status_code in (403, 404)


@pytest.mark.django_db
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(held=assignments)
def test_households_answer_what_the_role_by_role_rule_says(held, world, reg, verified_client):  # noqa: F811
    with transaction.atomic():
        check(held, world, reg, verified_client)
        transaction.set_rollback(True)


def test_committee_member_and_grid_worker_cannot_edit_another_grid(world, reg, verified_client):  # noqa: F811
    """The leak found in issue 11: committee member of C1 + grid worker of G1."""
    held = [(Role.COMMITTEE_MEMBER, "c1"), (Role.GRID_WORKER, "g1")]
    client = verified_client(user_holding(held, world))
    other_grid, own_grid = reg["h2"], reg["h1"]
    assert client.get(reverse("registry:household_detail", args=[other_grid.pk])).status_code == 200
    assert client.get(reverse("registry:household_edit", args=[other_grid.pk])).status_code == 404
    assert (
        client.post(
            reverse("registry:household_edit", args=[other_grid.pk]), {"address": "x"}
        ).status_code
        == 404
    )
    patched = client.patch(
        f"/api/registry/households/{other_grid.pk}/",
        data=json.dumps({"address": "越权"}),
        content_type="application/json",
    )
    assert patched.status_code == 404
    other_grid.refresh_from_db()
    assert other_grid.address != "越权"
    # In the grid worker's own grid the right still holds.
    assert client.get(reverse("registry:household_edit", args=[own_grid.pk])).status_code == 200


def test_street_staff_and_grid_worker_may_edit_only_the_grid(world, reg, verified_client):  # noqa: F811
    held = [(Role.STREET_STAFF, "s1"), (Role.GRID_WORKER, "g3")]
    client = verified_client(user_holding(held, world))
    for h, code in (("h1", 404), ("h2", 404), ("h3", 200)):
        r = client.get(reverse("registry:household_edit", args=[reg[h].pk]))
        assert r.status_code == code, h


def test_visible_to_by_action_keeps_the_places_of_the_roles_that_grant_it(world, reg):  # noqa: F811
    from gongzhi.registry.models import Household, Resident

    user = user_holding([(Role.COMMITTEE_MEMBER, "c1"), (Role.GRID_WORKER, "g1")], world)
    seen = set(Household.objects.visible_to(user).values_list("pk", flat=True))
    assert seen == {reg["h1"].pk, reg["h2"].pk}
    changeable = set(Household.objects.visible_to(user, "change").values_list("pk", flat=True))
    assert changeable == {reg["h1"].pk}
    assert not Household.objects.visible_to(user, "delete").exists()
    residents = Resident.objects.visible_to(user, "registry.change_resident")
    assert {r.household_id for r in residents} == {reg["h1"].pk}
    with pytest.raises(ValueError):
        Household.objects.visible_to(user, "approve")
