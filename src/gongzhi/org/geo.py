"""Which grid a point lies in: the grids' boundaries are GeoJSON polygons (one ring,
[longitude, latitude] pairs; registry.gridmap checks them on save). No GIS extension is
needed: a street has a few dozen grids, so a bounding-box test and a ray cast in Python
decide at once."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from gongzhi.org.models import Grid


@dataclass(frozen=True)
class GridShape:
    grid_id: int
    community_id: int
    ring: tuple[tuple[float, float], ...]
    box: tuple[float, float, float, float]  # min lng, min lat, max lng, max lat


def shapes_of_street(street_id: int) -> list[GridShape]:
    shapes = []
    for grid_id, community_id, boundary in Grid.objects.filter(
        community__street_id=street_id, boundary__isnull=False
    ).values_list("pk", "community_id", "boundary"):
        try:
            ring = tuple((float(x), float(y)) for x, y in boundary["coordinates"][0])
        except (KeyError, IndexError, TypeError, ValueError):
            continue  # not a polygon gridmap would accept: no place to match
        if len(ring) < 3:
            continue
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        shapes.append(GridShape(grid_id, community_id, ring, (min(xs), min(ys), max(xs), max(ys))))
    return shapes


def _inside(x: float, y: float, ring) -> bool:
    """Ray casting (even-odd rule)."""
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def grid_at(shapes: list[GridShape], lat: Decimal | float, lng: Decimal | float):
    """The first grid whose polygon holds the point, or None."""
    x, y = float(lng), float(lat)
    for shape in shapes:
        min_x, min_y, max_x, max_y = shape.box
        if min_x <= x <= max_x and min_y <= y <= max_y and _inside(x, y, shape.ring):
            return shape
    return None
