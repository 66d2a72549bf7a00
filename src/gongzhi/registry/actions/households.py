"""Households: create, edit, head, split (分户), merge (合户), delete.

Community and grid are copied building → household → residents;
``Building.household_count`` and ``Community.household_count`` count active households."""

from __future__ import annotations

from django.utils.translation import gettext as _

from gongzhi.core import audit
from gongzhi.core.actions import action
from gongzhi.core.errors import refuse
from gongzhi.core.models import AuditEntry
from gongzhi.registry.actions._common import (
    Errors,
    check_date,
    check_place,
    event,
    full_clean,
    household_place,
    refresh_for,
    stored,
)
from gongzhi.registry.actions.residents import leave_household, place_in_household
from gongzhi.registry.choices import EventKind, Relation, ResidentStatus
from gongzhi.registry.errors import Code
from gongzhi.registry.models import Household, Resident
from gongzhi.registry.queries import active_members


def _copy_from_building(household: Household) -> None:
    if household.dwelling_id and not household.building_id:
        household.building_id = household.dwelling.building_id
    if household.dwelling_id and household.dwelling.building_id != household.building_id:
        refuse(Code.FLAT_NOT_IN_BUILDING, _("The flat is not in this building."), field="dwelling")
    if household.building_id:
        b = household.building
        household.community_id = b.community_id
        household.grid_id = b.grid_id
        if not household.address:
            household.address = b.address
            if household.dwelling_id:
                d = household.dwelling
                household.address = f"{b.address} {d.unit}-{d.number}"[:200]
    if not household.community_id:
        refuse(
            Code.BUILDING_REQUIRED,
            _("Choose the building (or the community)."),
            field="building",
        )


def validate_household(household: Household) -> None:
    _copy_from_building(household)
    household.number = (household.number or "").strip()
    household.address = (household.address or "").strip()
    errors = Errors()
    if not household.number:
        errors.add("number", Code.NUMBER_REQUIRED, _("Enter the household number."))
    elif (
        Household.objects.filter(community_id=household.community_id, number=household.number)
        .exclude(pk=household.pk)
        .exists()
    ):
        errors.add(
            "number",
            Code.NUMBER_TAKEN,
            _("Household number %(number)s is already used in this community.")
            % {"number": household.number},
        )
    if not household.address:
        errors.add("address", Code.ADDRESS_REQUIRED, _("Enter the address."))
    if household.head_id and household.pk:
        head = Resident.objects.filter(pk=household.head_id).first()
        if (
            head is None
            or head.household_id != household.pk
            or head.status != ResidentStatus.ACTIVE
        ):
            errors.add(
                "head",
                Code.HEAD_NOT_MEMBER,
                _("The head must be a member living in this household."),
            )
    if household.grid_id and household.grid.community_id != household.community_id:
        errors.add("grid", Code.OTHER_COMMUNITY, _("The grid belongs to another community."))
    errors.raise_if_any()
    full_clean(household, exclude=("head",))


@action("registry.add_household", place=household_place)
def do_create_household(actor, household: Household) -> Household:
    """A new household, in the grid (else community) of its building."""
    validate_household(household)
    household.active = True
    household.head = None
    household.save()
    refresh_for(household)
    check_place(actor, "registry.add_household", household)
    return household


@action("registry.change_household", place=stored)
def do_update_household(actor, household: Household) -> Household:
    """Edit a household; a new building brings its community and grid to the members."""
    old = Household.objects.select_for_update().get(pk=household.pk)
    if household.building_id != old.building_id or household.dwelling_id != old.dwelling_id:
        _copy_from_building(household)
        if household.community_id != old.community_id:
            refuse(
                Code.COMMUNITY_CHANGE,
                _("A household moves to another community by moving its members."),
                field="building",
            )
    household.active = old.active
    validate_household(household)
    household.save()
    if household.grid_id != old.grid_id:
        Resident.objects.filter(household=household).update(grid_id=household.grid_id)
    refresh_for(old, household)
    check_place(actor, "registry.change_household", household)
    return household


@action("registry.delete_household")
def do_delete_household(actor, household: Household) -> None:
    """Delete a household entered by mistake: only once nobody lives in it (the members'
    history points at it otherwise; a household that ends is merged or closed)."""
    h = Household.objects.select_for_update().get(pk=household.pk)
    if active_members(h).exists():
        refuse(Code.HOUSEHOLD_HAS_MEMBERS, _("Move the members out before deleting the household."))
    h.delete()
    refresh_for(h)


@action("registry.change_household")
def do_set_head(actor, household: Household, resident: Resident | None) -> Household:
    """Make an active member the head (or leave the household without a head)."""
    h = Household.objects.select_for_update().get(pk=household.pk)
    if resident is not None:
        r = Resident.objects.select_for_update().get(pk=resident.pk)
        if r.household_id != h.pk or r.status != ResidentStatus.ACTIVE:
            refuse(
                Code.HEAD_NOT_MEMBER,
                _("The head must be a member living in this household."),
                field="head",
            )
    if h.head_id and (resident is None or h.head_id != resident.pk):
        # A queryset update writes no audit entry of its own: the old head's change is
        # listed beside the household's in the action's one event.
        Resident.objects.filter(pk=h.head_id, relation=Relation.HEAD).update(relation="")
        old = Resident.objects.get(pk=h.head_id)
        audit.record(
            AuditEntry.Action.UPDATE,
            old,
            before={"relation": Relation.HEAD},
            after={"relation": ""},
        )
    if resident is not None and r.relation != Relation.HEAD:
        r.relation = Relation.HEAD
        r.save()
    h.head = resident
    h.save()
    household.head = resident
    return household


@action("registry.change_household")
def do_split_household(
    actor,
    household: Household,
    members,
    *,
    number: str,
    head: Resident | None = None,
    address: str = "",
    dwelling=None,
    kind: str | None = None,
    date=None,
    note: str = "",
) -> Household:
    """分户: some members leave to form a new household (same building unless a flat is
    given). Each moving member gets a SPLIT event from the old to the new household."""
    check_date(date)
    h = Household.objects.select_for_update().get(pk=household.pk)
    if not h.active:
        refuse(Code.HOUSEHOLD_CLOSED, _("This household has been closed."))
    current_ids = set(active_members(h).values_list("pk", flat=True))
    ids = {m.pk if hasattr(m, "pk") else int(m) for m in members}
    if not ids:
        refuse(
            Code.MEMBERS_REQUIRED,
            _("Choose the members who form the new household."),
            field="members",
        )
    if not ids <= current_ids:
        refuse(
            Code.NOT_A_MEMBER,
            _("Only members living in this household can move."),
            field="members",
        )
    if ids == current_ids:
        refuse(
            Code.MEMBER_MUST_STAY,
            _("At least one member must stay; to move everyone, edit the address."),
            field="members",
        )
    if head is not None and head.pk not in ids:
        refuse(
            Code.HEAD_NOT_MOVING,
            _("The new head must be one of the members who move."),
            field="head",
        )
    new = Household(
        community_id=h.community_id,
        building_id=h.building_id,
        grid_id=h.grid_id,
        dwelling=dwelling,
        number=number,
        kind=kind or h.kind,
        address=address or ("" if dwelling else h.address),
    )
    if dwelling is not None:
        new.building_id = dwelling.building_id
    validate_household(new)
    if new.community_id != h.community_id:
        refuse(
            Code.COMMUNITY_CHANGE,
            _("The new household stays in the same community."),
            field="dwelling",
        )
    new.save()
    for r in Resident.objects.select_for_update().filter(pk__in=ids).order_by("pk"):
        old = leave_household(r)
        relation = Relation.HEAD if head is not None and r.pk == head.pk else ""
        place_in_household(r, new, relation)
        r.save()
        event(r, EventKind.SPLIT, date, from_household=old, to_household=new, note=note)
    if head is not None:
        new.head = Resident.objects.get(pk=head.pk)
        new.save(update_fields=["head", "updated_at"])
    refresh_for(h, new)
    check_place(actor, "registry.change_household", new)
    return new


@action("registry.change_household")
def do_merge_households(
    actor, target: Household, source: Household, *, date=None, note: str = ""
) -> Household:
    """合户: every member of `source` joins `target`; `source` is closed (kept for history)."""
    check_date(date)
    if target.pk == source.pk:
        refuse(Code.MERGE_SELF, _("Choose another household to merge."), field="source")
    t, s = (Household.objects.select_for_update().get(pk=x.pk) for x in (target, source))
    if not t.active or not s.active:
        refuse(Code.MERGE_CLOSED, _("Only open households can be merged."))
    if t.community_id != s.community_id:
        refuse(
            Code.OTHER_COMMUNITY,
            _("Households of different communities cannot be merged."),
            field="source",
        )
    check_place(actor, "registry.change_household", s)
    for r in active_members(s).select_for_update().order_by("pk"):
        old = leave_household(r)
        place_in_household(r, t, "")
        r.save()
        event(r, EventKind.MERGE, date, from_household=old, to_household=t, note=note)
    s = Household.objects.get(pk=s.pk)
    s.active = False
    s.head = None
    s.save()
    refresh_for(t, s)
    source.active = False
    return t
