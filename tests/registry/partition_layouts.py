"""Generated building layouts for the partitioning tests (fixed seeds)."""

import math
import random

from gongzhi.registry.partition import BuildingPoint

LAT0, LNG0 = 32.04, 118.78
KX = 111_320.0 * math.cos(math.radians(LAT0))
KY = 110_540.0


def point(i, x, y, households, estate=None):
    return BuildingPoint(i, LAT0 + y / KY, LNG0 + x / KX, households, estate)


def uniform(n=400, seed=1, spacing=50.0, households=(10, 60)):
    rng = random.Random(seed)
    side = math.ceil(math.sqrt(n))
    return [
        point(
            i + 1,
            (i % side) * spacing + rng.uniform(-8, 8),
            (i // side) * spacing + rng.uniform(-8, 8),
            rng.randint(*households),
        )
        for i in range(n)
    ]


def estates(n_estates=30, seed=2, spacing=45.0):
    """Estates of 6–20 buildings (12–30 households each) on a city block pattern, plus a
    few loose bungalow courtyards."""
    rng = random.Random(seed)
    side = math.ceil(math.sqrt(n_estates))
    points, i = [], 0
    for e in range(n_estates):
        ox, oy = (e % side) * 320.0, (e // side) * 320.0
        count = rng.randint(6, 20)
        cols = math.ceil(math.sqrt(count))
        for k in range(count):
            i += 1
            points.append(
                point(
                    i,
                    ox + (k % cols) * spacing + rng.uniform(-5, 5),
                    oy + (k // cols) * spacing + rng.uniform(-5, 5),
                    rng.randint(12, 30),
                    e + 1,
                )
            )
        for _ in range(rng.randint(0, 2)):
            i += 1
            points.append(
                point(
                    i, ox + 250 + rng.uniform(-20, 20), oy + rng.uniform(0, 250), rng.randint(3, 12)
                )
            )
    return points


def with_huge_building(seed=3):
    points = uniform(150, seed=seed)
    big = points[70]
    points[70] = BuildingPoint(big.id, big.lat, big.lng, 800, None)
    return points


def disconnected(seed=4):
    """Three clusters 2 km apart."""
    rng = random.Random(seed)
    points, i = [], 0
    for cx, cy, n in ((0, 0, 60), (2000, 0, 90), (0, 2000, 45)):
        side = math.ceil(math.sqrt(n))
        for k in range(n):
            i += 1
            points.append(
                point(
                    i,
                    cx + (k % side) * 50 + rng.uniform(-5, 5),
                    cy + (k // side) * 50 + rng.uniform(-5, 5),
                    rng.randint(15, 45),
                )
            )
    return points


def small_estates(n_estates=40, seed=6, spacing=40.0):
    """Estates of 6–12 buildings of 5–12 households: each fits well inside one grid."""
    rng = random.Random(seed)
    side = math.ceil(math.sqrt(n_estates))
    points, i = [], 0
    for e in range(n_estates):
        ox, oy = (e % side) * 160.0, (e // side) * 160.0
        count = rng.randint(6, 12)
        for k in range(count):
            i += 1
            points.append(
                point(
                    i,
                    ox + (k % 3) * spacing + rng.uniform(-4, 4),
                    oy + (k // 3) * spacing + rng.uniform(-4, 4),
                    rng.randint(5, 12),
                    e + 1,
                )
            )
    return points
