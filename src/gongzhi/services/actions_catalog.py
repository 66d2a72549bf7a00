"""Every write of the service menu (菜单): categories, service items with their materials
checklist and extra form fields, taking an item off the menu and putting it back. Each is
`do_<verb>(actor, obj, …)` under `core.actions.action` — the menu is the district's, the same
in every community, so the permission is the whole rule (role, no place) — with one
transaction and one audit event. The rules are services.catalog's (checked the same for the
catalog screens and the API); the screens (views_catalog) and the API call these."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from gongzhi.core.actions import action
from gongzhi.core.errors import refuse
from gongzhi.services import catalog
from gongzhi.services.errors import Code
from gongzhi.services.models import Category, ItemField, ServiceItem


def _menu(obj):
    """The menu has no place in the hierarchy: the actor's permission is the rule."""
    return None


# --- service items --------------------------------------------------------------------


@action("services.add_serviceitem", place=_menu)
def do_create_item(
    actor, item: ServiceItem, fields: list[ItemField] = (), delete: list[ItemField] = ()
) -> ServiceItem:
    """A new item on the menu, with its form fields."""
    return catalog.save_item(item, list(fields), list(delete))


@action("services.change_serviceitem", place=_menu)
def do_update_item(
    actor, item: ServiceItem, fields: list[ItemField] = (), delete: list[ItemField] = ()
) -> ServiceItem:
    """An edit of an item: its fields in `fields` are kept or added, those in `delete` go."""
    return catalog.save_item(item, list(fields), list(delete))


@action("services.delete_serviceitem", place=_menu)
def do_delete_item(actor, item: ServiceItem) -> None:
    """Only an item never requested is deleted; one with requests is taken off the menu."""
    if item.requests.exists():
        refuse(
            Code.ITEM_IN_USE,
            _("The item has requests: take it off the menu instead of deleting it."),
        )
    item.delete()


@action("services.change_serviceitem", place=_menu)
def do_take_off_menu(actor, item: ServiceItem, day: datetime.date | None = None) -> ServiceItem:
    """No new requests for the item from `day` (today); past requests keep it."""
    return catalog.deactivate_item(item, day)


@action("services.change_serviceitem", place=_menu)
def do_put_on_menu(actor, item: ServiceItem, day: datetime.date | None = None) -> ServiceItem:
    """The item is offered again from `day` (today)."""
    return catalog.reactivate_item(item, day)


# --- an item's extra form fields (the API edits them one by one) ------------------------


def _save_field(field: ItemField) -> ItemField:
    catalog.validate_field(field)
    field.full_clean()
    field.save()
    return field


@action("services.add_itemfield", place=_menu)
def do_create_item_field(actor, field: ItemField) -> ItemField:
    return _save_field(field)


@action("services.change_itemfield", place=_menu)
def do_update_item_field(actor, field: ItemField) -> ItemField:
    return _save_field(field)


@action("services.delete_itemfield", place=_menu)
def do_delete_item_field(actor, field: ItemField) -> None:
    field.delete()


# --- categories -----------------------------------------------------------------------


def _save_category(category: Category) -> Category:
    category.full_clean()
    category.save()
    return category


@action("services.add_category", place=_menu)
def do_create_category(actor, category: Category) -> Category:
    return _save_category(category)


@action("services.change_category", place=_menu)
def do_update_category(actor, category: Category) -> Category:
    return _save_category(category)


@action("services.delete_category", place=_menu)
def do_delete_category(actor, category: Category) -> None:
    if category.items.exists():
        refuse(
            Code.CATEGORY_IN_USE,
            _("The category still has service items: move them to another category first."),
        )
    category.delete()
