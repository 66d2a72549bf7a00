"""Grids on the map: the map's data (scoped), grid polygons drawn by hand, buildings put
into grids. Rules live here; views_grids.py only calls them. Grid workers are appointed and
taken off through registry.actions.grids."""

from __future__ import annotations

import math

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from gongzhi.org.models import Community, Grid, RoleAssignment
from gongzhi.org.roles import Role
from gongzhi.registry import queries
from gongzhi.registry.actions.buildings import assign_building_to_grid
from gongzhi.registry.actions.grids import workers_of  # noqa: F401 - the map lists them
from gongzhi.registry.models import Building, Household

MAX_VERTICES = 500


def tile_url() -> str:
    return getattr(settings, "GONGZHI_MAP_TILE_URL", "") or ""


def visible_communities(user):
    return Community.objects.visible_to(user).select_related("street").order_by("street", "code")


MAX_ID = 2**63 - 1


def parse_id(value) -> int | None:
    """A database id from a form or query value, None if it cannot be one (not a whole
    number, or out of the integer range the databases store, which would fail the query)."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None


def pick_community(user, community_id=None):
    """The community asked for (404-like None when not visible), else the first visible."""
    communities = visible_communities(user)
    if community_id:
        pk = parse_id(community_id)
        return communities.filter(pk=pk).first() if pk else None
    return communities.first()


# --- polygons ------------------------------------------------------------------------------


def validate_polygon(data) -> dict:
    """A GeoJSON Polygon (one outer ring) of [lng, lat] positions: at least 3 distinct points,
    a closed ring (closed here if the last point is missing), within lat −90..90, lng −180..180.
    Returns the cleaned polygon (6 decimals) or raises ValidationError."""
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = data.get("geometry")
    if not isinstance(data, dict) or data.get("type") != "Polygon":
        raise ValidationError({"boundary": _("The boundary must be a GeoJSON Polygon.")})
    rings = data.get("coordinates")
    if not isinstance(rings, list) or not rings or not isinstance(rings[0], list):
        raise ValidationError({"boundary": _("The polygon has no coordinates.")})
    if len(rings) > 1:
        raise ValidationError({"boundary": _("A grid boundary is one ring without holes.")})
    ring = []
    for position in rings[0]:
        if (
            not isinstance(position, list | tuple)
            or len(position) < 2
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in position[:2])
        ):
            raise ValidationError(
                {"boundary": _("Each point must be a pair of numbers [longitude, latitude].")}
            )
        lng, lat = float(position[0]), float(position[1])
        if not (math.isfinite(lng) and math.isfinite(lat)) or not (
            -180 <= lng <= 180 and -90 <= lat <= 90
        ):
            raise ValidationError(
                {"boundary": _("A point lies outside the valid latitude and longitude range.")}
            )
        ring.append([round(lng, 6), round(lat, 6)])
    if len(ring) > MAX_VERTICES:
        raise ValidationError(
            {"boundary": _("A boundary may have at most %(n)d points.") % {"n": MAX_VERTICES}}
        )
    if ring and ring[0] != ring[-1]:
        ring.append(list(ring[0]))
    distinct = {tuple(p) for p in ring}
    if len(distinct) < 3:
        raise ValidationError({"boundary": _("A boundary needs at least 3 different points.")})
    # Zero area (all points on one line) is no polygon.
    area = sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:], strict=False))
    if abs(area) < 1e-12:
        raise ValidationError({"boundary": _("The points lie on one line; draw an area.")})
    return {"type": "Polygon", "coordinates": [ring]}


@transaction.atomic
def save_boundary(grid: Grid, data) -> Grid:
    """Set a grid's polygon (audited through the Grid's save)."""
    polygon = validate_polygon(data)
    grid = Grid.objects.select_for_update().get(pk=grid.pk)
    grid.boundary = polygon
    grid.save()
    return grid


# --- buildings and workers -----------------------------------------------------------------


@transaction.atomic
def assign_buildings(grid: Grid, building_ids, user) -> int:
    """Put the buildings (only those the user may see) into the grid."""
    ids = []
    for value in building_ids:
        pk = parse_id(value)
        if pk is None:
            raise ValidationError({"buildings": _("Choose buildings from the list.")})
        ids.append(pk)
    if not ids:
        raise ValidationError({"buildings": _("Choose at least one building.")})
    buildings = list(Building.objects.visible_to(user).filter(pk__in=ids).select_for_update())
    if len(buildings) != len(set(ids)):
        raise ValidationError({"buildings": _("Some of the chosen buildings do not exist.")})
    for building in buildings:
        if building.community_id != grid.community_id:
            raise ValidationError(
                {"buildings": _("%(b)s is in another community.") % {"b": building.address}}
            )
    for building in buildings:
        assign_building_to_grid(building, grid)
    return len(buildings)


@transaction.atomic
def create_grid(community: Community) -> Grid:
    """The next free grid number of the community (01..99)."""
    used = set(Grid.objects.filter(community=community).values_list("number", flat=True))
    number = next((n for n in range(1, 100) if n not in used), None)
    if number is None:
        raise ValidationError(_("A community holds at most 99 grids."))
    grid = Grid(community=community, number=number)
    grid.full_clean()
    grid.save()
    return grid


# --- the map's data ------------------------------------------------------------------------


def grid_loads(grids) -> dict[int, dict]:
    """Load figures of many grids in one query (same rule as queries.grid_load)."""
    counts = dict(
        Household.objects.filter(grid__in=grids, active=True)
        .order_by()
        .values("grid")
        .annotate(n=Count("pk"))
        .values_list("grid", "n")
    )
    out = {}
    for grid in grids:
        norm = queries.grid_norm(grid)
        households = counts.get(grid.pk, 0)
        ratio = households / norm if norm else 0.0
        status = queries.grid_load_status(households, norm)
        out[grid.pk] = {
            "households": households,
            "norm": norm,
            "percent": round(100 * ratio),
            "status": "warning" if status == "over" else status,  # the map's word for "over"
        }
    return out


def grids_with_load(community: Community, user) -> list[Grid]:
    grids = list(
        Grid.objects.visible_to(user)
        .filter(community=community)
        .select_related("community__street")
    )
    loads = grid_loads(grids)
    workers: dict[int, list[str]] = {}
    for a in (
        RoleAssignment.objects.active()
        .filter(grid__in=grids, role=Role.GRID_WORKER)
        .select_related("user")
    ):
        workers.setdefault(a.grid_id, []).append(
            str(getattr(a.user, "display_name", "") or a.user.get_username())
        )
    for grid in grids:
        grid.load = loads[grid.pk]
        grid.worker_names = workers.get(grid.pk, [])
    return grids


def grid_label(grid: Grid) -> str:
    return grid.name or _("Grid %(n)02d") % {"n": grid.number}


def map_data(community: Community, user) -> dict:
    """Everything the map draws for one community, within the user's scope."""
    grids = grids_with_load(community, user)
    data = {
        "community": {
            "id": community.pk,
            "name": community.name,
            "center": [float(community.center_lat), float(community.center_lng)]
            if community.center_lat is not None and community.center_lng is not None
            else None,
        },
        "grids": [
            {
                "id": g.pk,
                "number": g.number,
                "code": g.code,
                "name": grid_label(g),
                "boundary": g.boundary,
                "workers": g.worker_names,
                **g.load,
            }
            for g in grids
        ],
        "buildings": [],
    }
    if user.has_perm("registry.view_building"):
        labels = {g.pk: grid_label(g) for g in grids}
        rows = (
            Building.objects.visible_to(user)
            .filter(community=community)
            .filter(~Q(lat=None) & ~Q(lng=None))
            .values("id", "address", "lat", "lng", "household_count", "grid_id", "estate__name")
        )
        data["buildings"] = [
            {
                "id": r["id"],
                "address": r["address"],
                "lat": float(r["lat"]),
                "lng": float(r["lng"]),
                "households": r["household_count"],
                "grid": r["grid_id"],
                "grid_name": labels.get(r["grid_id"], ""),
                "estate": r["estate__name"] or "",
            }
            for r in rows
        ]
    return data


def proposal_data(proposal, user) -> dict:
    """The proposal's grids beside the community's current ones."""
    current = map_data(proposal.community, user)
    number_of = {int(b): n for b, n in proposal.assignment.items()}
    for b in current["buildings"]:
        b["proposed"] = number_of.get(b["id"])
    return {
        **current,
        "target": proposal.target_households,
        "tolerance": float(proposal.tolerance),
        "proposed": [
            {
                k: g.get(k)
                for k in (
                    "number",
                    "households",
                    "buildings",
                    "deviation",
                    "within_tolerance",
                    "boundary",
                )
            }
            for g in proposal.stats.get("grids", [])
        ],
    }
