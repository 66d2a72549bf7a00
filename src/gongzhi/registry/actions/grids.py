"""The grid map's writes: a new grid (the community's next number), a grid's boundary,
buildings put into a grid, and grid workers (网格员) appointed and taken off. The grid and the
role themselves are org's records (`org.actions.do_create_grid` / `do_update_grid`,
`do_assign_role` / `do_end_assignment` / `do_delete_assignment`, joined into this action's
one event); the map's own rules are here."""

from __future__ import annotations

import datetime
import math

from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.core import audit
from gongzhi.core.actions import action
from gongzhi.core.errors import refuse
from gongzhi.core.models import AuditEntry
from gongzhi.org import actions as org_actions
from gongzhi.org.models import Community, Grid, RoleAssignment
from gongzhi.org.roles import Role
from gongzhi.registry.actions._common import stored
from gongzhi.registry.actions.buildings import assign_building_to_grid
from gongzhi.registry.errors import Code
from gongzhi.registry.models import Building

MAX_VERTICES = 500
MAX_GRID_NUMBER = 99  # grid codes have two digits


def workers_of(grid: Grid):
    return (
        RoleAssignment.objects.active()
        .filter(grid=grid, role=Role.GRID_WORKER)
        .select_related("user")
        .order_by("user__username")
    )


@action("org.add_roleassignment")
def do_add_grid_worker(actor, grid: Grid, user) -> RoleAssignment:
    """`user` becomes a grid worker of `grid` from today (once: not twice at one grid)."""
    if workers_of(grid).filter(user=user).exists():
        refuse(
            Code.ALREADY_GRID_WORKER,
            _("This user is already a grid worker of this grid."),
            field="user",
        )
    return org_actions.do_assign_role(actor, grid, user, Role.GRID_WORKER)


@action("org.change_roleassignment", place=stored)
def do_end_grid_worker(actor, assignment: RoleAssignment) -> RoleAssignment | None:
    """The worker leaves the grid from today: the assignment ends yesterday and stays on
    record. One made today by mistake (no start date, created today) or starting in the
    future is removed instead."""
    if assignment.role != Role.GRID_WORKER or not assignment.grid_id:
        refuse(Code.NOT_GRID_WORKER, _("This is not a grid worker's assignment."))
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    made_today = timezone.localtime(assignment.created_at).date() >= today
    if (assignment.start_date is None and not made_today) or (
        assignment.start_date is not None and assignment.start_date <= yesterday
    ):
        return org_actions.do_end_assignment(actor, assignment, yesterday)
    org_actions.do_delete_assignment(actor, assignment)
    return None


# --- grids and their boundaries --------------------------------------------------------------


@action("org.add_grid")
def do_add_grid(actor, community: Community) -> Grid:
    """A new grid of `community`, with its next free number (01..99)."""
    used = set(Grid.objects.filter(community=community).values_list("number", flat=True))
    number = next((n for n in range(1, MAX_GRID_NUMBER + 1) if n not in used), None)
    if number is None:
        refuse(Code.GRIDS_FULL, _("A community holds at most 99 grids."))
    return org_actions.do_create_grid(actor, Grid(community=community, number=number))


def _boundary_error(message):
    refuse(Code.BOUNDARY, message, field="boundary")


def validate_polygon(data) -> dict:
    """A GeoJSON Polygon (one outer ring) of [lng, lat] positions: at least 3 distinct points,
    a closed ring (closed here if the last point is missing), within lat −90..90, lng −180..180.
    Returns the cleaned polygon (6 decimals) or refuses (code `boundary`)."""
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = data.get("geometry")
    if not isinstance(data, dict) or data.get("type") != "Polygon":
        _boundary_error(_("The boundary must be a GeoJSON Polygon."))
    rings = data.get("coordinates")
    if not isinstance(rings, list) or not rings or not isinstance(rings[0], list):
        _boundary_error(_("The polygon has no coordinates."))
    if len(rings) > 1:
        _boundary_error(_("A grid boundary is one ring without holes."))
    ring = []
    for position in rings[0]:
        if (
            not isinstance(position, list | tuple)
            or len(position) < 2
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in position[:2])
        ):
            _boundary_error(_("Each point must be a pair of numbers [longitude, latitude]."))
        lng, lat = float(position[0]), float(position[1])
        if not (math.isfinite(lng) and math.isfinite(lat)) or not (
            -180 <= lng <= 180 and -90 <= lat <= 90
        ):
            _boundary_error(_("A point lies outside the valid latitude and longitude range."))
        ring.append([round(lng, 6), round(lat, 6)])
    if len(ring) > MAX_VERTICES:
        _boundary_error(_("A boundary may have at most %(n)d points.") % {"n": MAX_VERTICES})
    if ring and ring[0] != ring[-1]:
        ring.append(list(ring[0]))
    distinct = {tuple(p) for p in ring}
    if len(distinct) < 3:
        _boundary_error(_("A boundary needs at least 3 different points."))
    # Zero area (all points on one line) is no polygon.
    area = sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:], strict=False))
    if abs(area) < 1e-12:
        _boundary_error(_("The points lie on one line; draw an area."))
    return {"type": "Polygon", "coordinates": [ring]}


@action("org.change_grid", place=stored)
def do_draw_boundary(actor, grid: Grid, data) -> Grid:
    """Set a grid's polygon, drawn on the map."""
    polygon = validate_polygon(data)
    grid = Grid.objects.select_for_update().get(pk=grid.pk)
    grid.boundary = polygon
    return org_actions.do_update_grid(actor, grid)


# --- buildings into a grid --------------------------------------------------------------------


@action("registry.change_building", kind=AuditEntry.Action.OTHER)
def do_assign_buildings(actor, grid: Grid, building_ids: list[int]) -> int:
    """Put buildings of the grid's community (those the actor may change) into the grid; their
    households and residents follow. The event is the grid's, naming the buildings; each
    building's move is summarised under extra["also"]."""
    ids = sorted(set(building_ids))
    if not ids:
        refuse(Code.BUILDING_UNKNOWN, _("Choose at least one building."), field="buildings")
    buildings = list(
        Building.objects.visible_to(actor, "registry.change_building")
        .filter(pk__in=ids)
        .select_for_update()
    )
    if len(buildings) != len(ids):
        refuse(
            Code.BUILDING_UNKNOWN,
            _("Some of the chosen buildings do not exist."),
            field="buildings",
        )
    for building in buildings:
        if building.community_id != grid.community_id:
            refuse(
                Code.OTHER_COMMUNITY,
                _("%(b)s is in another community.") % {"b": building.address},
                field="buildings",
            )
    # Recorded first: the grid is what the event is about.
    audit.record(AuditEntry.Action.OTHER, grid, extra={"buildings": ids})
    for building in buildings:
        assign_building_to_grid(building, grid)
    return len(buildings)
