"""Registry rules and use cases: one transactional function per use case (Zulip's do_*).

Views, the REST API, the admin, commands and the importer call these; none of them writes
registry rows on its own. Every function:

- raises ``django.core.exceptions.ValidationError`` (with a field dict where a field is at
  fault) and writes nothing when a rule is broken;
- is audited: records are AuditedModel (create/update entries come from core.signals), and
  moves, splits, merges and deaths also write an append-only ResidentEvent whose
  ``recorded_by`` is the acting user (``gongzhi.core.context.current().user``).

Rules kept here:

- a resident is unique by ID number in the deployment (blind index), with a clear error;
- the same person cannot be active in two households (``household`` is set only while the
  resident is active, and moving between households is a transfer);
- a head of household is an active member; death or leaving removes the head;
- tags with a grade (disability) need a grade 1–4;
- community and grid are copied building → household → residents, and follow the building
  when it changes grid (``assign_building_to_grid``);
- ``Building.household_count`` and ``Community.household_count`` count active households.

Age groups (60+, 80+) are computed from the birth year (``age_filter``), never stored as
tags: a stored tag would be wrong the next year.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.core import audit, text
from gongzhi.core.context import current
from gongzhi.core.fields import index_lookup
from gongzhi.core.idnumber import normalize as normalize_id
from gongzhi.core.masking import mask_name
from gongzhi.core.models import AuditEntry
from gongzhi.org.models import Community, Grid, RoleAssignment
from gongzhi.org.roles import Role
from gongzhi.registry import derive
from gongzhi.registry.choices import EventKind, Relation, ResidentStatus
from gongzhi.registry.models import (
    Building,
    Dwelling,
    Household,
    Resident,
    ResidentEvent,
    ResidentTag,
    Tag,
    Visit,
    normalize_phone,
)

# Grid load: warn above the norm by more than this share (Xuanwu: ~300 households a grid).
GRID_LOAD_TOLERANCE = Decimal("0.15")
GRID_LOAD_TOLERANCE_PCT = 15  # the same share in whole percent, for integer comparisons

# Age groups shown as special groups but computed from the birth date.
COMPUTED_AGE_GROUPS = {"60plus": 60, "80plus": 80}


# --- helpers ----------------------------------------------------------------------------


def _actor():
    user = current().user
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def _today() -> datetime.date:
    return timezone.localdate()


def _event(resident, kind, date=None, *, from_household=None, to_household=None, note=""):
    return ResidentEvent.objects.create(
        resident=resident,
        kind=kind,
        date=date or _today(),
        from_household=from_household,
        to_household=to_household,
        note=(note or "")[:200],
        recorded_by=_actor(),
    )


def _check_date(date, field="date"):
    if date and date > _today():
        raise ValidationError({field: _("The date cannot be in the future.")})


def _check_scope(obj, user):
    """With a user, the saved record must lie inside their area (else roll back)."""
    if user is None:
        return
    if not type(obj).objects.visible_to(user).filter(pk=obj.pk).exists():
        raise ValidationError(
            _("You can only record things inside your own area."), code="out_of_scope"
        )


def _full_clean(obj, exclude=()):
    obj.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)


def age_filter(min_age: int, prefix: str = "") -> Q:
    """Residents who reach `min_age` this calendar year or earlier (60+, 80+), by birth year.

    By year and not by the day: lists, ledgers and the API filter show who is in a group,
    and a resident who joined the group on their birthday would tell that birthday, and
    with it the hidden part of the masked ID number (core.masking)."""
    born_before = datetime.date(_today().year - min_age + 1, 1, 1)
    return Q(**{f"{prefix}birth_date__lt": born_before})


def age_group(birth_date: datetime.date | None) -> int | None:
    """The computed age group (80, 60 or None) a resident is in, by the rule of `age_filter`."""
    if birth_date is None:
        return None
    reached = _today().year - birth_date.year
    return next(
        (n for n in sorted(COMPUTED_AGE_GROUPS.values(), reverse=True) if reached >= n), None
    )


# --- counts -----------------------------------------------------------------------------


def refresh_counts(*, buildings=(), communities=()) -> None:
    """Recompute Building.household_count and Community.household_count from the active
    households (no audit entry: derived figures). The importer calls it once per batch."""
    building_ids = {b.pk if hasattr(b, "pk") else b for b in buildings if b}
    community_ids = {c.pk if hasattr(c, "pk") else c for c in communities if c}
    if building_ids:
        counts = (
            Household.objects.filter(building=OuterRef("pk"), active=True)
            .order_by()
            .values("building")
            .annotate(n=Count("pk"))
            .values("n")
        )
        Building.objects.filter(pk__in=building_ids).update(
            household_count=Coalesce(Subquery(counts), 0)
        )
    if community_ids:
        counts = (
            Household.objects.filter(community=OuterRef("pk"), active=True)
            .order_by()
            .values("community")
            .annotate(n=Count("pk"))
            .values("n")
        )
        Community.objects.filter(pk__in=community_ids).update(
            household_count=Coalesce(Subquery(counts), 0)
        )


def _refresh_for(*households):
    refresh_counts(
        buildings=[h.building_id for h in households if h is not None],
        communities=[h.community_id for h in households if h is not None],
    )


# --- residents --------------------------------------------------------------------------


def validate_resident(resident: Resident) -> list[str]:
    """Derive pinyin, birth date and sex; check the ID number and that no other record has
    it. Returns warnings (unknown area code)."""
    errors: dict[str, list] = {}
    if not (resident.name or "").strip():
        errors.setdefault("name", []).append(_("Enter the name."))
    resident.name = (resident.name or "").strip()
    warnings: list[str] = []
    try:
        warnings = derive.apply_to_resident(resident)
    except ValidationError as exc:
        errors.setdefault("id_number", []).extend(exc.messages)
    if resident.phone:
        try:
            resident.phone = text.clean_phone(resident.phone)
        except ValidationError as exc:
            errors.setdefault("phone", []).extend(exc.messages)
    if resident.id_number and "id_number" not in errors:
        existing = (
            Resident.objects.filter(**index_lookup(Resident, "id_number", resident.id_number))
            .exclude(pk=resident.pk)
            .select_related("community")
            .first()
        )
        if existing is not None:
            errors.setdefault("id_number", []).append(
                _(
                    "This ID number is already registered: %(name)s in %(community)s. "
                    "Find that record and move the person instead of registering them again."
                )
                % {"name": mask_name(existing.name), "community": existing.community.name}
            )
    if resident.status == ResidentStatus.DECEASED and not resident.died_on:
        errors.setdefault("died_on", []).append(_("Enter the date of death."))
    if errors:
        raise ValidationError(errors)
    try:
        _full_clean(
            resident, exclude=("community", "grid", "household", "id_number_index", "phone_index")
        )
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None
    return warnings


def _place_in_household(resident: Resident, household: Household, relation: str) -> None:
    if not household.active:
        raise ValidationError({"household": _("This household has been closed.")})
    resident.household = household
    resident.community_id = household.community_id
    resident.grid_id = household.grid_id
    resident.relation = relation or ""
    resident.status = ResidentStatus.ACTIVE
    resident.died_on = None


def _claim_head(household: Household, resident: Resident) -> None:
    """Make `resident` the head if they come in as head (there is one head)."""
    if resident.relation != Relation.HEAD:
        return
    if household.head_id and household.head_id != resident.pk:
        raise ValidationError(
            {
                "relation": _(
                    "%(household)s already has a head of household; change the head "
                    "on the household's page."
                )
                % {"household": household.number}
            }
        )
    if household.head_id != resident.pk:
        household.head = resident
        household.save(update_fields=["head", "updated_at"])


def _leave_household(resident: Resident) -> Household | None:
    """Take the resident out of their household; drop them as head."""
    household = resident.household
    if household is not None and household.head_id == resident.pk:
        household.head = None
        household.save(update_fields=["head", "updated_at"])
    resident.household = None
    resident.relation = ""
    return household


@transaction.atomic
def register_resident(
    resident: Resident,
    household: Household | None = None,
    *,
    relation: str = "",
    date: datetime.date | None = None,
    kind: str = EventKind.MOVE_IN,
    note: str = "",
    user=None,
) -> Resident:
    """Register a new person (in a household, or only in a community). Returns the saved
    resident; `resident.id_warnings` holds soft warnings such as an unknown area code."""
    if resident.pk:
        raise ValidationError(_("This resident is already registered."))
    _check_date(date)
    if household is not None:
        _place_in_household(resident, household, relation or resident.relation)
    elif not resident.community_id:
        raise ValidationError({"community": _("Choose a community or a household.")})
    else:
        resident.household = None
    warnings = validate_resident(resident)
    _save_resident(resident)
    if household is not None:
        _claim_head(household, resident)
        _event(resident, kind, date, to_household=household, note=note)
    _check_scope(resident, user)
    resident.id_warnings = warnings
    return resident


@transaction.atomic
def update_resident(resident: Resident, *, user=None) -> Resident:
    """Save edits of a resident's own data (not moves: use the functions below)."""
    if not resident.pk:
        raise ValidationError(_("Register the resident first."))
    old = Resident.objects.select_for_update().get(pk=resident.pk)
    # Moves only through move_in / move_out / transfer / record_death.
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
        _claim_head(household, resident)
    warnings = validate_resident(resident)
    _save_resident(resident)
    _check_scope(resident, user)
    resident.id_warnings = warnings
    return resident


def _save_resident(resident: Resident) -> None:
    """Save; a concurrent registration of the same ID number (the unique blind index)
    becomes the same clear error as the check in validate_resident, not a 500."""
    try:
        with transaction.atomic():
            resident.save()
    except IntegrityError:
        raise ValidationError(
            {"id_number": [_("This ID number has just been registered by someone else.")]}
        ) from None


def _lock(resident: Resident) -> Resident:
    fresh = (
        Resident.objects.select_for_update(of=("self",))
        .select_related("household")
        .get(pk=resident.pk)
    )
    return fresh


@transaction.atomic
def move_in(
    resident: Resident, household: Household, *, relation: str = "", date=None, note: str = ""
) -> Resident:
    """A known person (moved out earlier, or registered without a household) moves into a
    household. Someone active in another household must be transferred instead."""
    _check_date(date)
    r = _lock(resident)
    if r.status == ResidentStatus.DECEASED:
        raise ValidationError(_("%(name)s is recorded as deceased.") % {"name": r.name})
    if r.household_id and r.status == ResidentStatus.ACTIVE:
        raise ValidationError(
            {
                "household": _("%(name)s already lives in household %(number)s; use a transfer.")
                % {"name": r.name, "number": r.household.number}
            }
        )
    _place_in_household(r, household, relation)
    r.save()
    _claim_head(household, r)
    _event(r, EventKind.MOVE_IN, date, to_household=household, note=note)
    _copy_back(resident, r)
    return resident


@transaction.atomic
def move_out(resident: Resident, *, date=None, note: str = "") -> Resident:
    """The person leaves (the record stays in the community for its history)."""
    _check_date(date)
    r = _lock(resident)
    if r.status != ResidentStatus.ACTIVE:
        raise ValidationError(_("%(name)s does not live here any more.") % {"name": r.name})
    old = _leave_household(r)
    r.status = ResidentStatus.MOVED_OUT
    r.save()
    _event(r, EventKind.MOVE_OUT, date, from_household=old, note=note)
    _copy_back(resident, r)
    return resident


@transaction.atomic
def transfer(
    resident: Resident, to_household: Household, *, relation: str = "", date=None, note: str = ""
) -> Resident:
    """Move an active resident from their household to another one."""
    _check_date(date)
    r = _lock(resident)
    if r.status != ResidentStatus.ACTIVE:
        raise ValidationError(_("%(name)s does not live here any more.") % {"name": r.name})
    if r.household_id == to_household.pk:
        raise ValidationError({"household": _("This is already the resident's household.")})
    old = _leave_household(r)
    _place_in_household(r, to_household, relation)
    r.save()
    _claim_head(to_household, r)
    _event(r, EventKind.TRANSFER, date, from_household=old, to_household=to_household, note=note)
    _copy_back(resident, r)
    return resident


@transaction.atomic
def record_death(resident: Resident, *, died_on: datetime.date, note: str = "") -> Resident:
    """Record a death: status and date; the person leaves their household (and its head)."""
    if not died_on:
        raise ValidationError({"died_on": _("Enter the date of death.")})
    _check_date(died_on, "died_on")
    r = _lock(resident)
    if r.status == ResidentStatus.DECEASED:
        raise ValidationError(_("%(name)s is already recorded as deceased.") % {"name": r.name})
    if r.birth_date and died_on < r.birth_date:
        raise ValidationError({"died_on": _("The date of death is before the birth date.")})
    old = _leave_household(r)
    r.status = ResidentStatus.DECEASED
    r.died_on = died_on
    r.save()
    _event(r, EventKind.DEATH, died_on, from_household=old, note=note)
    _copy_back(resident, r)
    return resident


@transaction.atomic
def update_phone(resident: Resident, phone: str) -> Resident:
    """Quick update from the field: a new phone number (audited; the value is not logged)."""
    r = _lock(resident)
    try:
        r.phone = text.clean_phone(phone)
    except ValidationError as exc:
        raise ValidationError({"phone": exc.messages}) from None
    r.save()
    _event(r, EventKind.CORRECTION, note=_("phone number changed"))
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


# --- tags -------------------------------------------------------------------------------


@transaction.atomic
def set_tag(
    resident: Resident,
    tag: Tag,
    *,
    grade: int | None = None,
    since: datetime.date | None = None,
    note: str = "",
) -> ResidentTag:
    """Give a resident a special-group tag (or change its grade)."""
    if tag.has_grade:
        if grade in (None, ""):
            raise ValidationError({"grade": _("%(tag)s needs a grade (1–4).") % {"tag": tag.name}})
        if not 1 <= int(grade) <= 4:
            raise ValidationError({"grade": _("The grade is 1 to 4.")})
        grade = int(grade)
    elif grade not in (None, ""):
        raise ValidationError({"grade": _("%(tag)s has no grade.") % {"tag": tag.name}})
    else:
        grade = None
    _check_date(since, "since")
    link, created = ResidentTag.objects.select_for_update().get_or_create(
        resident=resident, tag=tag, defaults={"grade": grade, "since": since, "note": note}
    )

    # The audit entry is JSON: dates as ISO text (a date object made every dated tag a 500).
    def day(d):
        return d.isoformat() if d else None

    before = None if created else {"grade": link.grade, "since": day(link.since), "note": link.note}
    if not created:
        link.grade, link.since, link.note = grade, since, note
        link.save()
    audit.record(
        AuditEntry.Action.UPDATE,
        resident,
        before={"tag": tag.code, **(before or {})} if before else None,
        after={"tag": tag.code, "grade": grade, "since": day(since), "note": note},
        extra={"tag_added" if created else "tag_changed": tag.code},
    )
    return link


@transaction.atomic
def remove_tag(resident: Resident, tag: Tag) -> None:
    deleted, _n = ResidentTag.objects.filter(resident=resident, tag=tag).delete()
    if deleted:
        audit.record(
            AuditEntry.Action.UPDATE,
            resident,
            before={"tag": tag.code},
            after=None,
            extra={"tag_removed": tag.code},
        )


# --- households ---------------------------------------------------------------------------


def _copy_from_building(household: Household) -> None:
    if household.dwelling_id and not household.building_id:
        household.building_id = household.dwelling.building_id
    if household.dwelling_id and household.dwelling.building_id != household.building_id:
        raise ValidationError({"dwelling": _("The flat is not in this building.")})
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
        raise ValidationError({"building": _("Choose the building (or the community).")})


def _validate_household(household: Household) -> None:
    _copy_from_building(household)
    household.number = (household.number or "").strip()
    household.address = (household.address or "").strip()
    errors = {}
    if not household.number:
        errors["number"] = [_("Enter the household number.")]
    elif (
        Household.objects.filter(community_id=household.community_id, number=household.number)
        .exclude(pk=household.pk)
        .exists()
    ):
        errors["number"] = [
            _("Household number %(number)s is already used in this community.")
            % {"number": household.number}
        ]
    if not household.address:
        errors["address"] = [_("Enter the address.")]
    if household.head_id and household.pk:
        head = Resident.objects.filter(pk=household.head_id).first()
        if (
            head is None
            or head.household_id != household.pk
            or head.status != ResidentStatus.ACTIVE
        ):
            errors["head"] = [_("The head must be a member living in this household.")]
    if household.grid_id and household.grid.community_id != household.community_id:
        errors["grid"] = [_("The grid belongs to another community.")]
    if errors:
        raise ValidationError(errors)
    try:
        _full_clean(household, exclude=("head",))
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None


@transaction.atomic
def create_household(household: Household, *, user=None) -> Household:
    _validate_household(household)
    household.active = True
    household.head = None
    household.save()
    _refresh_for(household)
    _check_scope(household, user)
    return household


@transaction.atomic
def update_household(household: Household, *, user=None) -> Household:
    """Edit a household; a new building brings its community and grid to the members."""
    old = Household.objects.select_for_update().get(pk=household.pk)
    if household.building_id != old.building_id or household.dwelling_id != old.dwelling_id:
        _copy_from_building(household)
        if household.community_id != old.community_id:
            raise ValidationError(
                {"building": _("A household moves to another community by moving its members.")}
            )
    household.active = old.active
    _validate_household(household)
    household.save()
    if household.grid_id != old.grid_id:
        Resident.objects.filter(household=household).update(grid_id=household.grid_id)
    _refresh_for(old, household)
    _check_scope(household, user)
    return household


@transaction.atomic
def set_head(household: Household, resident: Resident | None) -> Household:
    """Make an active member the head (or leave the household without a head)."""
    h = Household.objects.select_for_update().get(pk=household.pk)
    if resident is not None:
        r = Resident.objects.select_for_update().get(pk=resident.pk)
        if r.household_id != h.pk or r.status != ResidentStatus.ACTIVE:
            raise ValidationError(
                {"head": _("The head must be a member living in this household.")}
            )
    if h.head_id and (resident is None or h.head_id != resident.pk):
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


def active_members(household: Household):
    return Resident.objects.filter(household=household, status=ResidentStatus.ACTIVE)


@transaction.atomic
def split_household(
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
    _check_date(date)
    h = Household.objects.select_for_update().get(pk=household.pk)
    if not h.active:
        raise ValidationError(_("This household has been closed."))
    current_ids = set(active_members(h).values_list("pk", flat=True))
    ids = {m.pk if hasattr(m, "pk") else int(m) for m in members}
    if not ids:
        raise ValidationError({"members": _("Choose the members who form the new household.")})
    if not ids <= current_ids:
        raise ValidationError({"members": _("Only members living in this household can move.")})
    if ids == current_ids:
        raise ValidationError(
            {"members": _("At least one member must stay; to move everyone, edit the address.")}
        )
    if head is not None and head.pk not in ids:
        raise ValidationError({"head": _("The new head must be one of the members who move.")})
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
    _validate_household(new)
    if new.community_id != h.community_id:
        raise ValidationError({"dwelling": _("The new household stays in the same community.")})
    new.save()
    for r in Resident.objects.select_for_update().filter(pk__in=ids).order_by("pk"):
        old = _leave_household(r)
        relation = Relation.HEAD if head is not None and r.pk == head.pk else ""
        _place_in_household(r, new, relation)
        r.save()
        _event(r, EventKind.SPLIT, date, from_household=old, to_household=new, note=note)
    if head is not None:
        new.head = Resident.objects.get(pk=head.pk)
        new.save(update_fields=["head", "updated_at"])
    _refresh_for(h, new)
    return new


@transaction.atomic
def merge_households(
    target: Household, source: Household, *, date=None, note: str = ""
) -> Household:
    """合户: every member of `source` joins `target`; `source` is closed (kept for history)."""
    _check_date(date)
    if target.pk == source.pk:
        raise ValidationError({"source": _("Choose another household to merge.")})
    t, s = (Household.objects.select_for_update().get(pk=x.pk) for x in (target, source))
    if not t.active or not s.active:
        raise ValidationError(_("Only open households can be merged."))
    if t.community_id != s.community_id:
        raise ValidationError(
            {"source": _("Households of different communities cannot be merged.")}
        )
    for r in active_members(s).select_for_update().order_by("pk"):
        old = _leave_household(r)
        _place_in_household(r, t, "")
        r.save()
        _event(r, EventKind.MERGE, date, from_household=old, to_household=t, note=note)
    s = Household.objects.get(pk=s.pk)
    s.active = False
    s.head = None
    s.save()
    _refresh_for(t, s)
    source.active = False
    return t


# --- buildings and grids ------------------------------------------------------------------


@transaction.atomic
def save_building(building: Building, *, user=None) -> Building:
    """Create or edit a building; a changed grid carries its households and residents."""
    building.address = (building.address or "").strip()
    errors = {}
    if building.estate_id and building.estate.community_id != building.community_id:
        errors["estate"] = [_("The estate belongs to another community.")]
    if building.grid_id and building.grid.community_id != building.community_id:
        errors["grid"] = [_("The grid belongs to another community.")]
    if (
        building.community_id
        and Building.objects.filter(community_id=building.community_id, address=building.address)
        .exclude(pk=building.pk)
        .exists()
    ):
        errors["address"] = [_("A building with this address already exists in the community.")]
    try:
        _full_clean(building, exclude=("household_count",))
    except ValidationError as exc:
        for k, v in exc.message_dict.items():
            errors.setdefault(k, []).extend(v)
    if errors:
        raise ValidationError(errors)
    old = (
        Building.objects.select_for_update().filter(pk=building.pk).first() if building.pk else None
    )
    if old is not None and old.community_id != building.community_id and old.households.exists():
        raise ValidationError(
            {"community": _("A building with households cannot change community.")}
        )
    new_grid = building.grid
    building.save()
    if old is not None and old.grid_id != building.grid_id:
        assign_building_to_grid(building, new_grid)
    _check_scope(building, user)
    return building


# Basement floors are negative; a flat is never on floor 0.
LOWEST_FLOOR = -5


def _dwelling_address(building: Building, unit, number) -> str:
    # The same text _copy_from_building gives a household that names only its flat.
    return f"{building.address} {unit}-{number}"[:200]


@transaction.atomic
def save_dwelling(dwelling: Dwelling, *, user=None) -> Dwelling:
    """Create or edit a flat: inside the building's entrances and floors, unique by entrance
    and number in the building. Households whose address was made from the flat follow a
    renumbering."""
    dwelling.number = " ".join((dwelling.number or "").split())
    building = dwelling.building
    errors: dict[str, list] = {}
    if not dwelling.number:
        errors["number"] = [_("Enter the flat number.")]
    if dwelling.unit is not None and not 1 <= dwelling.unit <= building.units:
        errors["unit"] = [
            _("The building has %(n)d entrance(s): enter 1 to %(n)d.") % {"n": building.units}
        ]
    if dwelling.floor is not None and (
        dwelling.floor == 0 or not LOWEST_FLOOR <= dwelling.floor <= building.floors
    ):
        errors["floor"] = [
            _("The building has %(n)d floor(s): enter 1 to %(n)d, or -1 to %(low)d for a basement.")
            % {"n": building.floors, "low": LOWEST_FLOOR}
        ]
    if dwelling.area is not None and not 0 < dwelling.area < 10000:
        errors["area"] = [_("Enter an area between 0 and 10,000 m².")]
    if (
        dwelling.number
        and Dwelling.objects.filter(building=building, unit=dwelling.unit, number=dwelling.number)
        .exclude(pk=dwelling.pk)
        .exists()
    ):
        errors["number"] = [
            _("Flat %(unit)s-%(number)s already exists in this building.")
            % {"unit": dwelling.unit, "number": dwelling.number}
        ]
    if not errors:
        try:
            _full_clean(dwelling, exclude=("building",))
        except ValidationError as exc:
            errors = exc.message_dict
    if errors:
        raise ValidationError(errors)
    old = (
        Dwelling.objects.select_for_update().filter(pk=dwelling.pk).first() if dwelling.pk else None
    )
    if old is not None and old.building_id != dwelling.building_id:
        raise ValidationError(_("A flat cannot move to another building."))
    dwelling.save()
    if old is not None and (old.unit, old.number) != (dwelling.unit, dwelling.number):
        before = _dwelling_address(building, old.unit, old.number)
        for h in Household.objects.filter(dwelling=dwelling, address=before):
            h.address = _dwelling_address(building, dwelling.unit, dwelling.number)
            h.save(update_fields=["address", "updated_at"])
    _check_scope(dwelling, user)
    return dwelling


@transaction.atomic
def assign_building_to_grid(building: Building, grid: Grid | None) -> Building:
    """Put a building into a grid; its households and their residents follow. Called by
    the grid partitioning when a proposal is applied. Audited on the building."""
    if grid is not None and grid.community_id != building.community_id:
        raise ValidationError({"grid": _("The grid belongs to another community.")})
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


@dataclass(frozen=True)
class GridLoad:
    households: int
    norm: int
    ratio: float
    over: bool  # more than +15 % above the norm
    residents: int = 0

    @property
    def percent(self) -> int:
        return round(self.ratio * 100)

    @property
    def warning(self) -> str:
        """A localized warning when the grid is more than 15 % above its norm, else ""."""
        if not self.over:
            return ""
        return _("%(n)d households: more than 15%% above the norm of %(norm)d.") % {
            "n": self.households,
            "norm": self.norm,
        }

    @property
    def level(self) -> str:
        """Bootstrap colour: danger above +15 %, warning below −15 %, success otherwise."""
        status = grid_load_status(self.households, self.norm)
        return {"over": "danger", "low": "warning"}.get(status, "success")


def grid_norm(grid: Grid) -> int:
    return grid.household_norm or grid.community.street.grid_household_norm or 300


def grid_load_status(households: int, norm: int) -> str:
    """ "over" when more than 15 % above the norm, "low" when more than 15 % below, else "ok".

    Whole-number arithmetic only: a float (or float × Decimal) comparison put exactly +15 %
    on different sides of the line at norms other than 300. Every door uses this function.
    """
    if households * 100 > norm * (100 + GRID_LOAD_TOLERANCE_PCT):
        return "over"
    if households * 100 < norm * (100 - GRID_LOAD_TOLERANCE_PCT):
        return "low"
    return "ok"


def grid_load(grid: Grid) -> GridLoad:
    """Active households of a grid against its norm (the grid's, else its street's)."""
    households = Household.objects.filter(grid=grid, active=True).count()
    residents = Resident.objects.filter(grid=grid, status=ResidentStatus.ACTIVE).count()
    norm = grid_norm(grid)
    ratio = households / norm if norm else 0.0
    over = grid_load_status(households, norm) == "over"
    return GridLoad(households=households, norm=norm, ratio=ratio, over=over, residents=residents)


# --- visits -------------------------------------------------------------------------------


@transaction.atomic
def record_visit(visit: Visit, *, user=None) -> Visit:
    """A grid worker's visit (走访): date not in the future, a purpose."""
    if visit.visitor_id is None:
        actor = user or _actor()
        if actor is None:
            raise ValidationError({"visitor": _("Who visited?")})
        visit.visitor = actor
    visit.purpose = (visit.purpose or "").strip()
    errors = {}
    if not visit.purpose:
        errors["purpose"] = [_("Enter the purpose of the visit.")]
    if visit.date and visit.date > _today():
        errors["date"] = [_("The date cannot be in the future.")]
    if errors:
        raise ValidationError(errors)
    try:
        _full_clean(visit)
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None
    if not visit.household.active:
        raise ValidationError({"household": _("This household has been closed.")})
    visit.save()
    _check_scope(visit, user)
    return visit


@transaction.atomic
def mark_followed_up(visit: Visit) -> Visit:
    if not visit.follow_up_needed:
        raise ValidationError(_("This visit needs no follow-up."))
    visit.followed_up_at = timezone.now()
    visit.save()
    return visit


# --- figures ------------------------------------------------------------------------------


def key_figures(residents_qs, households_qs) -> dict:
    """Counts for a grid or community page: households, residents, 60+, 80+, tags."""
    active = residents_qs.filter(status=ResidentStatus.ACTIVE)
    figures = {
        "households": households_qs.filter(active=True).count(),
        "residents": active.count(),
        "age60": active.filter(age_filter(60)).count(),
        "age80": active.filter(age_filter(80)).count(),
    }
    figures["tags"] = list(
        Tag.objects.filter(links__resident__in=active)
        .annotate(n=Count("links"))
        .values("code", "name", "n")
        .order_by("order")
    )
    return figures


# --- a resident's own account ---------------------------------------------------------------
#
# A resident's log-in is linked to their registry record (Resident.account) only once they
# proved who they are: online at "verify who I am" (name, ID number and the last four digits
# of the phone on record, found through the blind index: the table is never decrypted), or
# at the window, where station staff check the ID card and link the account. One account per
# person, one person per account; the account must hold the resident role in the person's
# community (so the person's requests stay within what the account can see). Every link,
# unlink and failed check is audited; failed checks are counted from the audit log.

# Failed self-checks allowed per account in IDENTITY_CHECK_WINDOW; then only the window.
IDENTITY_CHECK_MAX_FAILURES = 5
IDENTITY_CHECK_WINDOW = datetime.timedelta(hours=24)
IDENTITY_CHECK_FAILED = "identity check failed"


def resident_communities(account) -> set[int]:
    """Communities where the account holds the resident role today."""
    return set(
        RoleAssignment.objects.active()
        .filter(user=account, role=Role.RESIDENT, community__isnull=False)
        .values_list("community_id", flat=True)
    )


def linked_resident(account) -> Resident | None:
    """The active registry record linked to this account, in one of the communities where
    the account is a resident; None otherwise (e.g. the person moved away or died)."""
    if account is None or not getattr(account, "is_authenticated", False):
        return None
    return (
        Resident.objects.filter(
            account=account,
            status=ResidentStatus.ACTIVE,
            community_id__in=resident_communities(account),
        )
        .select_related("community__street")
        .first()
    )


def identity_checks_left(account) -> int:
    since = timezone.now() - IDENTITY_CHECK_WINDOW
    failed = AuditEntry.objects.filter(
        actor=account,
        action=AuditEntry.Action.OTHER,
        reason=IDENTITY_CHECK_FAILED,
        timestamp__gte=since,
    ).count()
    return max(0, IDENTITY_CHECK_MAX_FAILURES - failed)


def _link(resident: Resident, account, *, method: str) -> Resident:
    """Write the link (both sides checked by the callers, re-checked under lock)."""
    r = Resident.objects.select_for_update().get(pk=resident.pk)
    if r.account_id and r.account_id != account.pk:
        raise ValidationError(
            _("This person is already linked to another account; unlink it first.")
        )
    other = Resident.objects.filter(account=account).exclude(pk=r.pk).first()
    if other is not None:
        raise ValidationError(
            {
                "username": _("This account is already linked to %(name)s; unlink it first.")
                % {"name": mask_name(other.name)}
            }
        )
    if r.account_id == account.pk:
        return r
    try:
        with transaction.atomic():
            Resident.objects.filter(pk=r.pk).update(account=account, updated_at=timezone.now())
    except IntegrityError:  # the same account linked concurrently elsewhere
        raise ValidationError(_("This account has just been linked to someone else.")) from None
    audit.record(
        AuditEntry.Action.UPDATE,
        r,
        before={"account": None},
        after={"account": account.pk},
        reason="account linked",
        extra={"method": method, "username": account.get_username()},
    )
    resident.account = account
    return resident


@transaction.atomic
def link_account(resident: Resident, username: str, *, user=None) -> Resident:
    """At the window: staff checked the ID card and link the person's account (by its user
    name) to this record. The account must be a resident account of this community."""

    username = (username or "").strip()
    if not username:
        raise ValidationError({"username": _("Enter the user name of the resident's account.")})
    if resident.status != ResidentStatus.ACTIVE:
        raise ValidationError(_("Only a person living here can be linked to an account."))
    account = get_user_model()._default_manager.filter(username=username, is_active=True).first()
    if account is None or resident.community_id not in resident_communities(account):
        raise ValidationError(
            {
                "username": _("No resident account named %(username)s in %(community)s.")
                % {"username": username, "community": resident.community.name}
            }
        )
    _link(resident, account, method="window")
    _check_scope(resident, user)
    return resident


@transaction.atomic
def unlink_account(resident: Resident, *, user=None) -> Resident:
    """Remove the link (wrong person linked, account handed over, person moved away)."""
    r = Resident.objects.select_for_update().get(pk=resident.pk)
    if not r.account_id:
        raise ValidationError(_("This person has no linked account."))
    old = r.account_id
    Resident.objects.filter(pk=r.pk).update(account=None, updated_at=timezone.now())
    audit.record(
        AuditEntry.Action.UPDATE,
        r,
        before={"account": old},
        after={"account": None},
        reason="account unlinked",
    )
    _check_scope(r, user)
    resident.account = None
    return resident


def verify_own_identity(account, *, name: str, id_number: str, phone_last4: str) -> Resident:
    """Online: the account holder proves who they are with their name, ID number and the
    last four digits of the phone on record. One look-up by the blind index; the answer to
    every mismatch is the same, so the page cannot be used to find out who is registered.
    Limited to IDENTITY_CHECK_MAX_FAILURES failures a day; each failure is audited (outside
    any transaction, so it counts even though the call raises)."""

    if linked_resident(account) is not None:
        raise ValidationError(_("Your account is already linked to your record."))
    if identity_checks_left(account) <= 0:
        raise ValidationError(
            _(
                "Too many unsuccessful checks. Try again tomorrow, or bring your ID card "
                "to the service station."
            ),
            code="rate_limited",
        )
    name = (name or "").strip()
    digits = normalize_phone(phone_last4 or "")
    id_number = normalize_id(id_number or "")
    errors = {}
    if not name:
        errors["name"] = [_("Enter your name.")]
    if not id_number:
        errors["id_number"] = [_("Enter your ID number.")]
    if len(digits) != 4:
        errors["phone_last4"] = [_("Enter the last four digits of your phone number.")]
    if errors:
        raise ValidationError(errors)  # incomplete input: not counted as a failed check
    resident = (
        Resident.objects.filter(**index_lookup(Resident, "id_number", id_number))
        .select_related("community")
        .first()
    )
    why = ""
    if resident is None:
        why = "not_found"
    elif resident.name != name:
        why = "name"
    elif not resident.phone or not resident.phone.endswith(digits):
        why = "phone"
    elif resident.status != ResidentStatus.ACTIVE:
        why = "status"
    elif resident.community_id not in resident_communities(account):
        why = "community"
    elif resident.account_id and resident.account_id != account.pk:
        why = "linked_elsewhere"
    if why:
        audit.record(
            AuditEntry.Action.OTHER,
            actor=account,
            reason=IDENTITY_CHECK_FAILED,
            object_repr="identity check",
            extra={"why": why},
        )
        raise ValidationError(
            _(
                "These details do not match a record of a resident of your community. Check "
                "them, or bring your ID card to the service station. %(left)d attempt(s) "
                "left today."
            )
            % {"left": identity_checks_left(account)},
            code="no_match",
        )
    with transaction.atomic():
        return _link(resident, account, method="self")
