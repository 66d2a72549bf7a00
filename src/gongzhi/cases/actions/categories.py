"""The category tree and the handling units, edited by street admins."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gongzhi.cases.choices import LimitUnit
from gongzhi.cases.errors import Code
from gongzhi.cases.models import CATEGORY_FIELDS, STEPS, Category, HandlingUnit
from gongzhi.core.actions import action
from gongzhi.core.errors import refuse


def _check(category: Category) -> None:
    parent = category.parent
    if parent is not None and (parent.parent_id is not None or parent.pk == category.pk):
        refuse(
            Code.CATEGORY_TREE,
            _("Two levels only: a small class goes under a large class."),
            field="parent",
        )
    if parent is not None and parent.kind != category.kind:
        refuse(
            Code.CATEGORY_TREE,
            _("A small class is of the same kind as its large class."),
            field="kind",
        )
    if category.urgent and any(
        getattr(category, f"{step}_unit") != LimitUnit.HOURS for step in STEPS
    ):
        refuse(
            Code.URGENT_IN_HOURS,
            _("An urgent class counts every time limit in working hours."),
            field="urgent",
        )
    try:
        category.full_clean()
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None


@action("cases.add_category")
def do_create_category(actor, scope=None, **fields) -> Category:
    """A new class; `scope` is unused (the tree is district-wide)."""
    category = Category(**{k: v for k, v in fields.items() if k in CATEGORY_FIELDS})
    _check(category)
    category.save()
    return category


@action("cases.change_category")
def do_update_category(actor, category: Category, **fields) -> Category:
    for name, value in fields.items():
        if name in CATEGORY_FIELDS:
            setattr(category, name, value)
    _check(category)
    category.save()
    return category


@action("cases.delete_category")
def do_delete_category(actor, category: Category) -> Category:
    """Only a class nobody used: the cases keep their class (deactivate it instead)."""
    if category.children.exists() or category.cases.exists():
        refuse(
            Code.CATEGORY_IN_USE,
            _("This class has small classes or cases: deactivate it instead."),
        )
    category.delete()
    return category


@action("cases.add_handlingunit")
def do_create_unit(
    actor, street, *, kind, name, community=None, street_unit=None, department=None
) -> HandlingUnit:
    unit = HandlingUnit(
        street=street,
        kind=kind,
        name=name,
        community=community,
        street_unit=street_unit,
        department=department,
    )
    try:
        unit.full_clean()
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None
    if community is not None and community.street_id != street.pk:
        refuse(Code.UNIT_ELSEWHERE, _("The community is not in this street."), field="community")
    unit.save()
    return unit
