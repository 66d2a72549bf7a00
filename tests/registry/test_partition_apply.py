"""Grid proposals in the database: propose, show, apply on confirmation (audited, all or
nothing), discard (registry.partition, registry.views_grids)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongzhi.core.models import AuditEntry
from gongzhi.org.models import Grid
from gongzhi.registry import partition
from gongzhi.registry.models import Building, Estate, GridProposal, Household
from tests.registry.partition_layouts import small_estates


@pytest.fixture
def c1_buildings(world):
    """The small-estates layout (≈ 3,000 households) in community C1, households included."""
    c1 = world["c1"]
    points = small_estates(n_estates=12, seed=3)
    estates = {
        e: Estate.objects.create(community=c1, name=f"小区{e}") for e in {p.estate for p in points}
    }
    rows = []
    for p in points:
        rows.append(
            Building(
                community=c1,
                grid=world["g1"],
                estate=estates[p.estate],
                name=f"{p.id}栋",
                address=f"幸福路{p.id}号",
                lat=round(p.lat, 6),
                lng=round(p.lng, 6),
                household_count=p.households,
            )
        )
    Building.objects.bulk_create(rows)
    Household.objects.bulk_create(
        [
            Household(
                community=c1, grid=world["g1"], building=b, number=f"{b.pk}-{i}", address=b.address
            )
            for b in rows
            for i in range(b.household_count)
        ]
    )
    return rows


def test_propose_stores_a_complete_proposal(world, c1_buildings):
    proposal = partition.propose(world["c1"])
    assert proposal.status == GridProposal.Status.PROPOSED
    assert proposal.target_households == 300
    assert sorted(int(b) for b in proposal.assignment) == sorted(b.pk for b in c1_buildings)
    summary = proposal.stats["summary"]
    assert summary["all_connected"] and summary["within_tolerance"] == summary["grids"]
    # Nothing changed yet.
    assert set(Building.objects.values_list("grid", flat=True)) == {world["g1"].pk}


def test_street_norm_is_the_default_target(world, c1_buildings):
    world["s1"].grid_household_norm = 200
    world["s1"].save()
    world["c1"].refresh_from_db()
    assert partition.propose(world["c1"]).target_households == 200


def test_propose_refuses_bad_targets_and_empty_communities(world, c1_buildings):
    with pytest.raises(ValidationError) as exc:
        partition.propose(world["c1"], target=0)
    assert "target_households" in exc.value.message_dict
    with pytest.raises(ValidationError):
        partition.propose(world["c1"], tolerance=1.5)
    with pytest.raises(ValidationError):
        partition.propose(world["c2"])  # no buildings
    with pytest.raises(ValidationError):
        extra = [
            Building(
                community=world["c1"],
                name=f"x{i}",
                address=f"新路{i}号",
                lat=c1_buildings[0].lat + i * 0.001 + 0.01,
                lng=c1_buildings[0].lng,
                household_count=5,
            )
            for i in range(100)
        ]
        Building.objects.bulk_create(extra)
        partition.propose(world["c1"], target=1)  # would need more than 99 grids
    assert GridProposal.objects.count() == 0


def test_apply_creates_grids_moves_buildings_and_is_audited(users, world, c1_buildings):
    proposal = partition.propose(world["c1"])
    grids = partition.apply_proposal(proposal, user=users["street_admin"])
    n = proposal.stats["summary"]["grids"]
    assert [g.number for g in grids] == list(range(1, n + 1))
    assert grids[0].pk == world["g1"].pk and grids[1].pk == world["g2"].pk  # reused
    by_number = {g.number: g.pk for g in Grid.objects.filter(community=world["c1"])}
    for b in Building.objects.filter(community=world["c1"]):
        assert b.grid_id == by_number[proposal.assignment[str(b.pk)]]
    for h in Household.objects.filter(community=world["c1"]).select_related("building"):
        assert h.grid_id == h.building.grid_id
    assert all(g.boundary["type"] == "Polygon" for g in grids)
    proposal.refresh_from_db()
    assert proposal.status == GridProposal.Status.APPLIED and proposal.applied_at
    entry = AuditEntry.objects.get(reason="grid partition applied")
    assert entry.actor == users["street_admin"] and entry.extra["grids"] == n
    with pytest.raises(ValidationError):
        partition.apply_proposal(proposal)
    with pytest.raises(ValidationError):
        partition.discard_proposal(proposal)


def test_apply_is_all_or_nothing(world, c1_buildings):
    proposal = partition.propose(world["c1"])
    gone = c1_buildings[-1]
    Household.objects.filter(building=gone).delete()
    gone.delete()
    with pytest.raises(ValidationError):
        partition.apply_proposal(proposal)
    assert Grid.objects.filter(community=world["c1"]).count() == 2
    assert set(Building.objects.values_list("grid", flat=True)) == {world["g1"].pk}
    proposal.refresh_from_db()
    assert proposal.status == GridProposal.Status.PROPOSED


def test_buildings_without_location_follow_their_estate_or_are_reported(world, c1_buildings):
    b = c1_buildings[0]
    Building.objects.filter(pk=b.pk).update(lat=None, lng=None)
    loose = Building.objects.create(community=world["c1"], name="x", address="无坐标1号")
    proposal = partition.propose(world["c1"])
    assert str(b.pk) in proposal.assignment
    assert proposal.stats["summary"]["unlocated_buildings"] == [loose.pk]


def test_the_pages_propose_confirm_apply(users, world, c1_buildings, verified_client):
    client = verified_client(users["street_admin"])
    response = client.post(
        reverse("registry:partition_create"),
        {"community": world["c1"].pk, "target": 300, "tolerance": 15},
    )
    proposal = GridProposal.objects.get()
    assert response.url == reverse("registry:partition_detail", args=[proposal.pk])
    page = client.get(response.url)
    assert page.status_code == 200 and "partition-chart" in page.content.decode()
    data = client.get(reverse("registry:partition_data", args=[proposal.pk])).json()
    assert len(data["proposed"]) == proposal.stats["summary"]["grids"]
    assert all(b["proposed"] for b in data["buildings"])
    # GET is the confirmation step: nothing applied.
    confirm = client.get(reverse("registry:partition_apply", args=[proposal.pk]))
    assert confirm.status_code == 200
    proposal.refresh_from_db()
    assert proposal.status == GridProposal.Status.PROPOSED
    client.post(reverse("registry:partition_apply", args=[proposal.pk]))  # no confirm=yes
    proposal.refresh_from_db()
    assert proposal.status == GridProposal.Status.PROPOSED
    last = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()
    client.post(reverse("registry:partition_apply", args=[proposal.pk]), {"confirm": "yes"})
    proposal.refresh_from_db()
    assert proposal.status == GridProposal.Status.APPLIED
    # One action, one event: the proposal's, the grids and buildings under extra["also"].
    [event] = AuditEntry.objects.filter(id__gt=last)
    assert (event.verb, event.object_id) == ("registry.do_apply_partition", str(proposal.pk))
    assert event.extra["buildings_moved"] >= 1 and event.extra["also"]
    created = AuditEntry.objects.get(verb="registry.do_propose_partition")
    assert created.object_id == str(proposal.pk) and created.actor == users["street_admin"]


def test_discard(users, world, c1_buildings, verified_client):
    proposal = partition.propose(world["c1"])
    client = verified_client(users["street_admin"])
    client.post(reverse("registry:partition_discard", args=[proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.status == GridProposal.Status.DISCARDED
    event = AuditEntry.objects.get(reason="grid partition discarded")
    assert event.verb == "registry.do_discard_partition"


def test_party_secretary_views_but_cannot_apply(users, world, c1_buildings, verified_client):
    proposal = partition.propose(world["c1"])
    client = verified_client(users["party_secretary"])
    assert client.get(reverse("registry:partition_detail", args=[proposal.pk])).status_code == 200
    assert (
        client.post(
            reverse("registry:partition_apply", args=[proposal.pk]), {"confirm": "yes"}
        ).status_code
        == 403
    )
    assert (
        client.post(reverse("registry:partition_create"), {"community": world["c1"].pk}).status_code
        == 403
    )


def test_grid_worker_has_no_partition_pages_and_outsider_gets_404(
    users, world, c1_buildings, verified_client
):
    proposal = partition.propose(world["c1"])
    assert (
        verified_client(users["grid_worker"]).get(reverse("registry:partition_list")).status_code
        == 403
    )
    client = verified_client(users["outsider"])
    assert client.get(reverse("registry:partition_detail", args=[proposal.pk])).status_code == 404
    assert (
        client.post(
            reverse("registry:partition_apply", args=[proposal.pk]), {"confirm": "yes"}
        ).status_code
        == 404
    )
