"""Grids on the map: the map's data (scoped), grid polygons drawn by hand, buildings put
into grids: the map's reads. Its writes — a new grid, a boundary, buildings put into a grid,
grid workers — are registry.actions.grids, which views_grids.py calls."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from gongzhi.core.errors import refuse
from gongzhi.org.models import Community, Grid, RoleAssignment
from gongzhi.org.roles import Role
from gongzhi.registry import queries
from gongzhi.registry.actions.grids import (  # noqa: F401 - the map lists and checks them
    MAX_VERTICES,
    validate_polygon,
    workers_of,
)
from gongzhi.registry.errors import Code
from gongzhi.registry.models import Building, Household


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


# --- building ids from the map's form -------------------------------------------------------


def building_ids(values) -> list[int]:
    """The building ids the map posted, as numbers (a value that cannot be one is refused
    like a building not on the list)."""
    ids = []
    for value in values:
        pk = parse_id(value)
        if pk is None:
            refuse(Code.BUILDING_UNKNOWN, _("Choose buildings from the list."), field="buildings")
        ids.append(pk)
    return ids


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
