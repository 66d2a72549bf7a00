"""What the registry's actions share: dates, events, counts, coded field errors, the place
check after a save, and how a new record's place is found."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.core.actions import check_place as check_place  # the registry's actions import it here
from gongzhi.core.context import current
from gongzhi.core.errors import refuse
from gongzhi.org.models import Community
from gongzhi.registry.errors import Code
from gongzhi.registry.models import Building, Household, ResidentEvent


def actor_or_none(actor=None):
    user = actor if actor is not None else current().user
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def today() -> datetime.date:
    return timezone.localdate()


def event(resident, kind, date=None, *, from_household=None, to_household=None, note=""):
    return ResidentEvent.objects.create(
        resident=resident,
        kind=kind,
        date=date or today(),
        from_household=from_household,
        to_household=to_household,
        note=(note or "")[:200],
        recorded_by=actor_or_none(),
    )


def check_date(date, field="date"):
    if date and date > today():
        refuse(Code.FUTURE_DATE, _("The date cannot be in the future."), field=field)


class Errors:
    """Field errors collected before refusing, each with its code (forms show them all)."""

    def __init__(self):
        self.by_field: dict[str, list[ValidationError]] = {}

    def add(self, field: str, code: str, message) -> None:
        self.by_field.setdefault(field, []).append(ValidationError(message, code=str(code)))

    def extend(self, field: str, exc: ValidationError) -> None:
        self.by_field.setdefault(field, []).extend(exc.error_list)

    def merge(self, exc: ValidationError) -> None:
        for field, errors in exc.error_dict.items():
            self.by_field.setdefault(field, []).extend(errors)

    def __contains__(self, field) -> bool:
        return field in self.by_field

    def __bool__(self) -> bool:
        return bool(self.by_field)

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


def full_clean(obj, exclude=()):
    obj.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)


def household_place(household: Household):
    """Where a new household goes: its building's grid (else community), else its own."""
    source = household
    if household.dwelling_id and not household.building_id:
        source = household.dwelling.building
    elif household.building_id:
        source = household.building
    if source.grid_id:
        return source.grid
    return Community.objects.filter(pk=source.community_id).first()


def record_place(record):
    """Where a new building (or a resident without household) goes: grid, else community."""
    if getattr(record, "grid_id", None):
        return record.grid
    return Community.objects.filter(pk=record.community_id).first()


def refresh_counts(*, buildings=(), communities=()) -> None:
    """Recompute Building.household_count and Community.household_count from the active
    households (no audit entry: derived figures). The importer calls it once per batch."""
    building_ids = {b.pk if hasattr(b, "pk") else b for b in buildings if b}
    community_ids = {c.pk if hasattr(c, "pk") else c for c in communities if c}
    for model, field, ids in (
        (Building, "building", building_ids),
        (Community, "community", community_ids),
    ):
        if not ids:
            continue
        counts = (
            Household.objects.filter(**{field: OuterRef("pk")}, active=True)
            .order_by()
            .values(field)
            .annotate(n=Count("pk"))
            .values("n")
        )
        model.objects.filter(pk__in=ids).update(household_count=Coalesce(Subquery(counts), 0))


def refresh_for(*households):
    refresh_counts(
        buildings=[h.building_id for h in households if h is not None],
        communities=[h.community_id for h in households if h is not None],
    )


def stored(obj):
    """The record as saved (its place before the edit in memory), for `@action(place=...)`."""
    if obj is None or not obj.pk:
        return obj
    return type(obj)._default_manager.filter(pk=obj.pk).first() or obj
