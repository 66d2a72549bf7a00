"""Estates (小区): a name inside a community that keeps its buildings together."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gongzhi.core.actions import action
from gongzhi.core.errors import refuse
from gongzhi.registry.actions._common import Errors, check_place, full_clean, record_place, stored
from gongzhi.registry.errors import Code
from gongzhi.registry.models import Estate


def validate_estate(estate: Estate, *, lock: bool = False) -> None:
    """An estate's rules, checked before any write (the admin form runs them too)."""
    estate.name = (estate.name or "").strip()
    errors = Errors()
    try:
        full_clean(estate)
    except ValidationError as exc:
        errors.merge(exc)
    if (
        "name" not in errors
        and estate.community_id
        and Estate.objects.filter(community_id=estate.community_id, name=estate.name)
        .exclude(pk=estate.pk)
        .exists()
    ):
        errors.add("name", Code.ESTATE_NAME_TAKEN, _("The community has an estate of this name."))
    errors.raise_if_any()
    stored_rows = Estate.objects.select_for_update() if lock else Estate.objects
    old = stored_rows.filter(pk=estate.pk).first() if estate.pk else None
    if old is not None and old.community_id != estate.community_id and old.buildings.exists():
        # Its buildings stay in their community: the estate would straddle two.
        refuse(
            Code.COMMUNITY_CHANGE,
            _("An estate with buildings cannot change community."),
            field="community",
        )


def _save_estate(actor, estate: Estate, permission: str) -> Estate:
    validate_estate(estate, lock=True)
    estate.save()
    check_place(actor, permission, estate)
    return estate


@action("registry.add_estate", place=record_place)
def do_create_estate(actor, estate: Estate) -> Estate:
    """A new estate in its community."""
    return _save_estate(actor, estate, "registry.add_estate")


@action("registry.change_estate", place=stored)
def do_update_estate(actor, estate: Estate) -> Estate:
    """Rename an estate (or move an estate without buildings to another community)."""
    return _save_estate(actor, estate, "registry.change_estate")


@action("registry.delete_estate", place=stored)
def do_delete_estate(actor, estate: Estate) -> None:
    """Delete an estate; its buildings stay, without an estate."""
    estate.delete()
