"""What every Open311 POST reads but hardly ever changes — a menu item with its form fields,
the holiday calendar, an api_key's street and its grids' polygons — kept per process for a
few seconds.

Open311 clients post in bursts (an app's whole queue after a dead spot, a city's feed), and
reading the item, its fields, the calendar and the key's street was half the work of each POST. The copies
here are dropped when this process saves or deletes an item, a field or a calendar day,
and in any case after `TTL` seconds, so an edit made elsewhere (another worker or server)
reaches Open311 within that time. That is harmless for what is read here: the menu and the
calendar are edited a few times a year, and the due date of a request submitted in those
seconds is still computed by the same rule. The api_key is NOT kept: a revoked key is
refused at once. The web forms, the REST API and the staff screens read fresh.
"""

from __future__ import annotations

import time

from django.db.models.signals import post_delete, post_save

from gongzhi.org.geo import GridShape, shapes_of_street
from gongzhi.org.models import Community, Grid, Street
from gongzhi.services.models import ItemField, ServiceItem
from gongzhi.workdays.models import CalendarDay
from gongzhi.workdays.services import Calendar

TTL = 5.0
MAX_ITEMS = 500  # the menu has ~100 items; a bound so odd service codes cannot grow it

_items: dict[int, tuple[float, ServiceItem, list[ItemField]]] = {}
_calendar: list = [0.0, None]  # [expires, Calendar]
_streets: dict[int, tuple[float, Street]] = {}
_grids: dict[int, tuple[float, list[GridShape]]] = {}
_communities: dict[int, tuple[float, Community]] = {}


def item_with_fields(pk: int) -> tuple[ServiceItem, list[ItemField]] | None:
    """The item numbered `pk` (active or not: the caller checks) and its form fields in
    order; None if there is no such item."""
    now = time.monotonic()
    hit = _items.get(pk)
    if hit is not None and hit[0] > now:
        return hit[1], hit[2]
    item = ServiceItem.objects.filter(pk=pk).first()
    if item is None:
        return None
    fields = list(item.fields.all())
    if len(_items) >= MAX_ITEMS:
        _items.clear()
    _items[pk] = (now + TTL, item, fields)
    return item, fields


def _kept(copies: dict, key: int, load):
    """The copy of `key` in `copies` while it is younger than TTL, else `load()`'s, kept."""
    now = time.monotonic()
    hit = copies.get(key)
    if hit is None or hit[0] <= now:
        hit = copies[key] = (now + TTL, load())
    return hit[1]


def street(pk: int) -> Street:
    """The street of an api_key (found fresh by `ApiKey.credentials`)."""
    return _kept(_streets, pk, lambda: Street.objects.get(pk=pk))


def grid_shapes(street_id: int) -> list[GridShape]:
    """The street's grid polygons, to place a request by its lat/long (org.geo)."""
    return _kept(_grids, street_id, lambda: shapes_of_street(street_id))


def community(pk: int) -> Community:
    return _kept(_communities, pk, lambda: Community.objects.get(pk=pk))


def calendar() -> Calendar:
    now = time.monotonic()
    if _calendar[1] is None or _calendar[0] <= now:
        _calendar[:] = [now + TTL, Calendar.load()]
    return _calendar[1]


def clear(**kwargs) -> None:
    _items.clear()
    _streets.clear()
    _grids.clear()
    _communities.clear()
    _calendar[:] = [0.0, None]


for _model in (ServiceItem, ItemField, CalendarDay, Street, Grid, Community):
    post_save.connect(clear, sender=_model, dispatch_uid=f"open311-definitions-{_model.__name__}")
    post_delete.connect(
        clear, sender=_model, dispatch_uid=f"open311-definitions-del-{_model.__name__}"
    )
