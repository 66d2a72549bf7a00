"""Buildings, their flats, and a building's grid (its households and residents follow)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gongzhi.core import audit
from gongzhi.core.actions import action
from gongzhi.core.errors import refuse
from gongzhi.core.models import AuditEntry
from gongzhi.org.models import Grid
from gongzhi.registry.actions._common import (
    Errors,
    check_place,
    full_clean,
    record_place,
    stored,
)
from gongzhi.registry.errors import Code
from gongzhi.registry.models import Building, Dwelling, Household, Resident

# Basement floors are negative; a flat is never on floor 0.
LOWEST_FLOOR = -5


def _save_building(actor, building: Building, permission: str) -> Building:
    """Create or edit a building; a changed grid carries its households and residents."""
    building.address = (building.address or "").strip()
    errors = Errors()
    if building.estate_id and building.estate.community_id != building.community_id:
        errors.add("estate", Code.OTHER_COMMUNITY, _("The estate belongs to another community."))
    if building.grid_id and building.grid.community_id != building.community_id:
        errors.add("grid", Code.OTHER_COMMUNITY, _("The grid belongs to another community."))
    if (
        building.community_id
        and Building.objects.filter(community_id=building.community_id, address=building.address)
        .exclude(pk=building.pk)
        .exists()
    ):
        errors.add(
            "address",
            Code.ADDRESS_TAKEN,
            _("A building with this address already exists in the community."),
        )
    try:
        full_clean(building, exclude=("household_count",))
    except ValidationError as exc:
        errors.merge(exc)
    errors.raise_if_any()
    old = (
        Building.objects.select_for_update().filter(pk=building.pk).first() if building.pk else None
    )
    if old is not None and old.community_id != building.community_id and old.households.exists():
        refuse(
            Code.COMMUNITY_CHANGE,
            _("A building with households cannot change community."),
            field="community",
        )
    new_grid = building.grid
    building.save()
    if old is not None and old.grid_id != building.grid_id:
        assign_building_to_grid(building, new_grid)
    check_place(actor, permission, building)
    return building


@action("registry.add_building", place=record_place)
def do_create_building(actor, building: Building) -> Building:
    """A new building, in its grid (else its community)."""
    return _save_building(actor, building, "registry.add_building")


@action("registry.change_building", place=stored)
def do_update_building(actor, building: Building) -> Building:
    return _save_building(actor, building, "registry.change_building")


def assign_building_to_grid(building: Building, grid: Grid | None) -> Building:
    """Put a building into a grid; its households and their residents follow. A step of
    the building actions and of the bulk grid work (partition, grid map), which check the
    actor themselves; its entry joins the surrounding action's event."""
    if grid is not None and grid.community_id != building.community_id:
        refuse(Code.OTHER_COMMUNITY, _("The grid belongs to another community."), field="grid")
    grid_id = grid.pk if grid is not None else None
    if Building.objects.filter(pk=building.pk).exclude(grid_id=grid_id).exists() or (
        grid_id is None and Building.objects.filter(pk=building.pk, grid__isnull=False).exists()
    ):
        building.grid = grid
        building.save()
    building.grid = grid
    households = Household.objects.filter(building=building)
    moved = households.exclude(grid_id=grid_id).update(grid_id=grid_id)
    residents = Resident.objects.filter(household__building=building).exclude(grid_id=grid_id)
    moved_residents = residents.update(grid_id=grid_id)
    if moved or moved_residents:
        audit.record(
            AuditEntry.Action.OTHER,
            building,
            reason="grid assignment",
            extra={"grid": grid_id, "households": moved, "residents": moved_residents},
        )
    return building


def _dwelling_address(building: Building, unit, number) -> str:
    # The same text a household that names only its flat is given (actions.households).
    return f"{building.address} {unit}-{number}"[:200]


def _save_dwelling(actor, dwelling: Dwelling, permission: str) -> Dwelling:
    """Inside the building's entrances and floors, unique by entrance and number in the
    building. Households whose address was made from the flat follow a renumbering."""
    dwelling.number = " ".join((dwelling.number or "").split())
    building = dwelling.building
    errors = Errors()
    if not dwelling.number:
        errors.add("number", Code.NUMBER_REQUIRED, _("Enter the flat number."))
    if dwelling.unit is not None and not 1 <= dwelling.unit <= building.units:
        errors.add(
            "unit",
            Code.UNIT_RANGE,
            _("The building has %(n)d entrance(s): enter 1 to %(n)d.") % {"n": building.units},
        )
    if dwelling.floor is not None and (
        dwelling.floor == 0 or not LOWEST_FLOOR <= dwelling.floor <= building.floors
    ):
        errors.add(
            "floor",
            Code.FLOOR_RANGE,
            _("The building has %(n)d floor(s): enter 1 to %(n)d, or -1 to %(low)d for a basement.")
            % {"n": building.floors, "low": LOWEST_FLOOR},
        )
    if dwelling.area is not None and not 0 < dwelling.area < 10000:
        errors.add("area", Code.AREA_RANGE, _("Enter an area between 0 and 10,000 m²."))
    if (
        dwelling.number
        and Dwelling.objects.filter(building=building, unit=dwelling.unit, number=dwelling.number)
        .exclude(pk=dwelling.pk)
        .exists()
    ):
        errors.add(
            "number",
            Code.NUMBER_TAKEN,
            _("Flat %(unit)s-%(number)s already exists in this building.")
            % {"unit": dwelling.unit, "number": dwelling.number},
        )
    errors.raise_if_any()
    full_clean(dwelling, exclude=("building",))
    old = (
        Dwelling.objects.select_for_update().filter(pk=dwelling.pk).first() if dwelling.pk else None
    )
    if old is not None and old.building_id != dwelling.building_id:
        refuse(Code.FLAT_MOVE, _("A flat cannot move to another building."))
    dwelling.save()
    if old is not None and (old.unit, old.number) != (dwelling.unit, dwelling.number):
        before = _dwelling_address(building, old.unit, old.number)
        for h in Household.objects.filter(dwelling=dwelling, address=before):
            h.address = _dwelling_address(building, dwelling.unit, dwelling.number)
            h.save(update_fields=["address", "updated_at"])
    check_place(actor, permission, dwelling)
    return dwelling


@action("registry.add_dwelling")
def do_create_dwelling(actor, building: Building, dwelling: Dwelling) -> Dwelling:
    """A new flat in `building`."""
    dwelling.building = building
    return _save_dwelling(actor, dwelling, "registry.add_dwelling")


@action("registry.change_dwelling", place=stored)
def do_update_dwelling(actor, dwelling: Dwelling) -> Dwelling:
    return _save_dwelling(actor, dwelling, "registry.change_dwelling")
