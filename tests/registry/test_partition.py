"""Invariants of the automatic grid partitioning (registry.partition) on generated layouts."""

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongzhi.registry.partition import BuildingPoint, best_grid_count, partition, polsby_popper
from tests.registry import partition_layouts as layouts

TARGET = 300
TOL = 0.15


def grids_of(result):
    grids: dict[int, list[int]] = {}
    for building, number in result.assignment.items():
        grids.setdefault(number, []).append(building)
    return grids


def assert_every_building_in_exactly_one_grid(points, result):
    assert sorted(result.assignment) == sorted(p.id for p in points)
    numbers = sorted(set(result.assignment.values()))
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(result.grids) == len(numbers)


def assert_each_grid_connected(result):
    for number, buildings in grids_of(result).items():
        assert nx.is_connected(result.graph.subgraph(buildings)), f"grid {number} is not connected"
    assert all(g["connected"] for g in result.grids)


def households_by_grid(points, result):
    by_id = {p.id: p.households for p in points}
    return {n: sum(by_id[b] for b in bs) for n, bs in grids_of(result).items()}


@pytest.mark.parametrize(
    "name,points",
    [
        ("uniform", layouts.uniform()),
        ("clustered estates", layouts.small_estates()),
        ("disconnected clusters", layouts.disconnected()),
    ],
)
def test_feasible_layouts_are_partitioned_within_tolerance(name, points):
    result = partition(points, target=TARGET, tolerance=TOL)
    assert_every_building_in_exactly_one_grid(points, result)
    assert_each_grid_connected(result)
    sizes = households_by_grid(points, result)
    for number, households in sizes.items():
        assert abs(households - TARGET) <= TOL * TARGET, (name, number, households)
    total = sum(p.households for p in points)
    assert len(sizes) == best_grid_count(total, TARGET) or name == "disconnected clusters"
    assert result.summary["within_tolerance"] == len(sizes)


def test_estates_that_fit_are_kept_together():
    points = layouts.small_estates()
    result = partition(points, target=TARGET, tolerance=TOL)
    estates: dict[int, set[int]] = {}
    for p in points:
        estates.setdefault(p.estate, set()).add(result.assignment[p.id])
    assert all(len(numbers) == 1 for numbers in estates.values())
    assert result.summary["estates_kept_together"] == result.summary["estates_fitting"] == 40


def test_disconnected_clusters_never_share_a_grid():
    points = layouts.disconnected()
    result = partition(points, target=TARGET, tolerance=TOL)
    cluster = {p.id: (0 if p.id <= 60 else 1 if p.id <= 150 else 2) for p in points}
    for buildings in grids_of(result).values():
        assert len({cluster[b] for b in buildings}) == 1
    assert nx.number_connected_components(result.graph) == 3


def test_a_building_bigger_than_the_target_is_a_grid_of_its_own():
    points = layouts.with_huge_building()
    result = partition(points, target=TARGET, tolerance=TOL)
    assert_every_building_in_exactly_one_grid(points, result)
    assert_each_grid_connected(result)
    huge = next(p for p in points if p.households == 800)
    own = [b for b, n in result.assignment.items() if n == result.assignment[huge.id]]
    assert own == [huge.id]
    others = [g for g in result.grids if not g["oversize_building"]]
    assert [g for g in result.grids if g["oversize_building"]][0]["households"] == 800
    assert all(g["within_tolerance"] for g in others)


def test_large_estates_are_split_and_still_connected():
    points = layouts.estates()
    result = partition(points, target=TARGET, tolerance=TOL)
    assert_every_building_in_exactly_one_grid(points, result)
    assert_each_grid_connected(result)
    assert result.summary["estates_kept_together"] >= result.summary["estates_fitting"] // 2


def test_two_thousand_buildings():
    points = layouts.uniform(2000, seed=9)
    result = partition(points, target=TARGET, tolerance=TOL)
    assert_every_building_in_exactly_one_grid(points, result)
    assert_each_grid_connected(result)
    assert result.summary["within_tolerance"] >= 0.95 * len(result.grids)


def test_same_input_same_proposal():
    points = layouts.small_estates(seed=11)
    assert partition(points).assignment == partition(list(reversed(points))).assignment


def test_stats_per_grid():
    points = layouts.uniform(100, seed=3)
    result = partition(points)
    g = result.grids[0]
    assert set(g) >= {
        "number",
        "households",
        "buildings",
        "deviation",
        "connected",
        "compactness",
        "mean_distance_m",
        "within_tolerance",
        "boundary",
    }
    ring = g["boundary"]["coordinates"][0]
    assert g["boundary"]["type"] == "Polygon" and ring[0] == ring[-1] and len(ring) >= 4
    assert 0 < g["compactness"] <= 1
    # Grids are numbered north to south, west to east: grid 1 lies in the top band.
    assert result.grids[0]["number"] == 1


def test_polsby_popper():
    import numpy as np

    square = np.array([[0, 0], [1, 0], [1, 1], [0, 1]], dtype=float)
    strip = np.array([[0, 0], [100, 0], [100, 1], [0, 1]], dtype=float)
    assert polsby_popper(square) == pytest.approx(0.785, abs=0.01)
    assert polsby_popper(strip) < 0.05
    assert polsby_popper(square[:2]) is None


def test_empty_and_single():
    assert partition([]).assignment == {}
    one = partition([BuildingPoint(7, 32.0, 118.0, 50)])
    assert one.assignment == {7: 1}


def test_best_grid_count():
    assert best_grid_count(0, 300) == 1
    assert best_grid_count(100, 300) == 1
    assert best_grid_count(600, 300) == 2
    assert best_grid_count(700, 300) == 2  # 350 is nearer 300 than 233
    assert best_grid_count(760, 300) == 3  # 253 is nearer 300 than 380


layout = st.lists(
    st.tuples(
        st.floats(0, 600, allow_nan=False),
        st.floats(0, 600, allow_nan=False),
        st.integers(0, 120),
        st.one_of(st.none(), st.integers(1, 4)),
    ),
    min_size=1,
    max_size=40,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(layout, st.integers(50, 400))
def test_property_every_building_in_one_connected_grid(rows, target):
    points = [layouts.point(i + 1, x, y, h, e) for i, (x, y, h, e) in enumerate(rows)]
    result = partition(points, target=target)
    assert_every_building_in_exactly_one_grid(points, result)
    assert_each_grid_connected(result)
