"""Residents: register, edit, move in, move out, transfer, death, phone.

Rules: a resident is unique by ID number in the deployment (blind index), with a clear
error; the same person cannot be active in two households (``household`` is set only while
the resident is active, and moving between households is a transfer); a head of household
is an active member; death or leaving removes the head. Moves, splits, merges and deaths
also write an append-only ResidentEvent whose ``recorded_by`` is the acting user."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gongzhi.core import text
from gongzhi.core.actions import action
from gongzhi.core.errors import refuse
from gongzhi.core.fields import index_lookup
from gongzhi.core.masking import mask_name
from gongzhi.registry import derive
from gongzhi.registry.actions._common import (
    Errors,
    check_date,
    check_place,
    event,
    full_clean,
    stored,
)
from gongzhi.registry.choices import EventKind, Relation, ResidentStatus
from gongzhi.registry.errors import Code
from gongzhi.registry.models import Household, Resident


def validate_resident(resident: Resident) -> list[str]:
    """Derive pinyin, birth date and sex; check the ID number and that no other record has
    it. Returns warnings (unknown area code)."""
    errors = Errors()
    if not (resident.name or "").strip():
        errors.add("name", Code.NAME_REQUIRED, _("Enter the name."))
    resident.name = (resident.name or "").strip()
    warnings: list[str] = []
    try:
        warnings = derive.apply_to_resident(resident)
    except ValidationError as exc:
        errors.extend("id_number", exc)
    if resident.phone:
        try:
            resident.phone = text.clean_phone(resident.phone)
        except ValidationError as exc:
            errors.extend("phone", exc)
    if resident.id_number and "id_number" not in errors:
        existing = (
            Resident.objects.filter(**index_lookup(Resident, "id_number", resident.id_number))
            .exclude(pk=resident.pk)
            .select_related("community")
            .first()
        )
        if existing is not None:
            errors.add(
                "id_number",
                Code.ID_NUMBER_TAKEN,
                _(
                    "This ID number is already registered: %(name)s in %(community)s. "
                    "Find that record and move the person instead of registering them again."
                )
                % {"name": mask_name(existing.name), "community": existing.community.name},
            )
    if resident.status == ResidentStatus.DECEASED and not resident.died_on:
        errors.add("died_on", Code.DIED_ON_REQUIRED, _("Enter the date of death."))
    errors.raise_if_any()
    full_clean(
        resident, exclude=("community", "grid", "household", "id_number_index", "phone_index")
    )
    return warnings


def place_in_household(resident: Resident, household: Household, relation: str) -> None:
    if not household.active:
        refuse(Code.HOUSEHOLD_CLOSED, _("This household has been closed."), field="household")
    resident.household = household
    resident.community_id = household.community_id
    resident.grid_id = household.grid_id
    resident.relation = relation or ""
    resident.status = ResidentStatus.ACTIVE
    resident.died_on = None


def claim_head(household: Household, resident: Resident) -> None:
    """Make `resident` the head if they come in as head (there is one head)."""
    if resident.relation != Relation.HEAD:
        return
    if household.head_id and household.head_id != resident.pk:
        refuse(
            Code.HEAD_TAKEN,
            _(
                "%(household)s already has a head of household; change the head "
                "on the household's page."
            )
            % {"household": household.number},
            field="relation",
        )
    if household.head_id != resident.pk:
        household.head = resident
        household.save(update_fields=["head", "updated_at"])


def leave_household(resident: Resident) -> Household | None:
    """Take the resident out of their household; drop them as head."""
    household = resident.household
    if household is not None and household.head_id == resident.pk:
        household.head = None
        household.save(update_fields=["head", "updated_at"])
    resident.household = None
    resident.relation = ""
    return household


@action("registry.add_resident")
def do_register_resident(
    actor,
    where,
    resident: Resident,
    *,
    relation: str = "",
    date: datetime.date | None = None,
    kind: str = EventKind.MOVE_IN,
    note: str = "",
) -> Resident:
    """Register a new person into `where`: a household, or only a community. Returns the
    saved resident; `resident.id_warnings` holds soft warnings (an unknown area code)."""
    if resident.pk:
        refuse(Code.ALREADY_REGISTERED, _("This resident is already registered."))
    check_date(date)
    household = where if isinstance(where, Household) else None
    if household is not None:
        place_in_household(resident, household, relation or resident.relation)
    elif where is None:
        refuse(Code.COMMUNITY_REQUIRED, _("Choose a community or a household."), field="community")
    else:
        resident.community = where
        resident.household = None
    warnings = validate_resident(resident)
    _save_resident(resident)
    if household is not None:
        claim_head(household, resident)
        event(resident, kind, date, to_household=household, note=note)
    check_place(actor, "registry.add_resident", resident)
    resident.id_warnings = warnings
    return resident


@action("registry.change_resident", place=stored)
def do_update_resident(actor, resident: Resident) -> Resident:
    """Save edits of a resident's own data (not moves: use the actions below)."""
    if not resident.pk:
        refuse(Code.NOT_REGISTERED, _("Register the resident first."))
    old = Resident.objects.select_for_update().get(pk=resident.pk)
    # Moves only through move in / move out / transfer / death.
    resident.household_id = old.household_id
    resident.community_id = old.community_id
    resident.grid_id = old.grid_id
    resident.status = old.status
    resident.died_on = old.died_on
    if resident.relation != old.relation and resident.household_id:
        household = Household.objects.select_for_update().get(pk=resident.household_id)
        if old.relation == Relation.HEAD and household.head_id == resident.pk:
            household.head = None
            household.save(update_fields=["head", "updated_at"])
        claim_head(household, resident)
    warnings = validate_resident(resident)
    _save_resident(resident)
    resident.id_warnings = warnings
    return resident


def _save_resident(resident: Resident) -> None:
    """Save; a concurrent registration of the same ID number (the unique blind index)
    becomes the same clear error as the check in validate_resident, not a 500."""
    try:
        with transaction.atomic():
            resident.save()
    except IntegrityError:
        refuse(
            Code.ID_NUMBER_TAKEN,
            _("This ID number has just been registered by someone else."),
            field="id_number",
        )


def lock(resident: Resident) -> Resident:
    return (
        Resident.objects.select_for_update(of=("self",))
        .select_related("household")
        .get(pk=resident.pk)
    )


@action("registry.change_resident")
def do_move_in(
    actor, resident: Resident, household: Household, *, relation: str = "", date=None, note=""
) -> Resident:
    """A known person (moved out earlier, or registered without a household) moves into a
    household. Someone active in another household must be transferred instead."""
    check_date(date)
    r = lock(resident)
    if r.status == ResidentStatus.DECEASED:
        refuse(Code.DECEASED, _("%(name)s is recorded as deceased.") % {"name": r.name})
    if r.household_id and r.status == ResidentStatus.ACTIVE:
        refuse(
            Code.USE_TRANSFER,
            _("%(name)s already lives in household %(number)s; use a transfer.")
            % {"name": r.name, "number": r.household.number},
            field="household",
        )
    place_in_household(r, household, relation)
    r.save()
    claim_head(household, r)
    event(r, EventKind.MOVE_IN, date, to_household=household, note=note)
    check_place(actor, "registry.change_resident", r)
    _copy_back(resident, r)
    return resident


@action("registry.change_resident")
def do_move_out(actor, resident: Resident, *, date=None, note: str = "") -> Resident:
    """The person leaves (the record stays in the community for its history)."""
    check_date(date)
    r = lock(resident)
    if r.status != ResidentStatus.ACTIVE:
        refuse(Code.NOT_LIVING_HERE, _("%(name)s does not live here any more.") % {"name": r.name})
    old = leave_household(r)
    r.status = ResidentStatus.MOVED_OUT
    r.save()
    event(r, EventKind.MOVE_OUT, date, from_household=old, note=note)
    _copy_back(resident, r)
    return resident


@action("registry.change_resident")
def do_transfer(
    actor, resident: Resident, to_household: Household, *, relation="", date=None, note=""
) -> Resident:
    """Move an active resident from their household to another one."""
    check_date(date)
    r = lock(resident)
    if r.status != ResidentStatus.ACTIVE:
        refuse(Code.NOT_LIVING_HERE, _("%(name)s does not live here any more.") % {"name": r.name})
    if r.household_id == to_household.pk:
        refuse(
            Code.SAME_HOUSEHOLD,
            _("This is already the resident's household."),
            field="household",
        )
    old = leave_household(r)
    place_in_household(r, to_household, relation)
    r.save()
    claim_head(to_household, r)
    event(r, EventKind.TRANSFER, date, from_household=old, to_household=to_household, note=note)
    check_place(actor, "registry.change_resident", r)
    _copy_back(resident, r)
    return resident


@action("registry.change_resident")
def do_record_death(actor, resident: Resident, *, died_on: datetime.date, note="") -> Resident:
    """Record a death: status and date; the person leaves their household (and its head)."""
    if not died_on:
        refuse(Code.DIED_ON_REQUIRED, _("Enter the date of death."), field="died_on")
    check_date(died_on, "died_on")
    r = lock(resident)
    if r.status == ResidentStatus.DECEASED:
        refuse(Code.DECEASED, _("%(name)s is already recorded as deceased.") % {"name": r.name})
    if r.birth_date and died_on < r.birth_date:
        refuse(
            Code.DEATH_BEFORE_BIRTH,
            _("The date of death is before the birth date."),
            field="died_on",
        )
    old = leave_household(r)
    r.status = ResidentStatus.DECEASED
    r.died_on = died_on
    r.save()
    event(r, EventKind.DEATH, died_on, from_household=old, note=note)
    _copy_back(resident, r)
    return resident


@action("registry.change_resident")
def do_update_phone(actor, resident: Resident, phone: str) -> Resident:
    """Quick update from the field: a new phone number (audited; the value is not logged)."""
    r = lock(resident)
    try:
        r.phone = text.clean_phone(phone)
    except ValidationError as exc:
        raise ValidationError({"phone": exc.error_list}) from None
    r.save()
    event(r, EventKind.CORRECTION, note=_("phone number changed"))
    _copy_back(resident, r)
    return resident


def _copy_back(target: Resident, source: Resident) -> None:
    for f in (
        "household_id",
        "community_id",
        "grid_id",
        "relation",
        "status",
        "died_on",
        "phone",
        "phone_index",
    ):
        setattr(target, f, getattr(source, f))
    target._state.fields_cache.pop("household", None)
