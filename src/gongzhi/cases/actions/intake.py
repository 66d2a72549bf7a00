"""Reporting a case, from every channel: the phone page (grid worker, resident), the desk,
hotline tickets and the REST API. The case is placed in a grid and community by its
location (org.geo) or, without one, by the grid or community given."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.cases.actions.flow import DISPATCH, _due, _log, _photos
from gongzhi.cases.actions.patrol import open_patrol_of
from gongzhi.cases.choices import Channel, PhotoStage, Status, Urgency
from gongzhi.cases.errors import Code
from gongzhi.cases.models import Case, Category
from gongzhi.core import text
from gongzhi.core.actions import action, may
from gongzhi.core.errors import refuse
from gongzhi.core.photos import check_count
from gongzhi.org import geo
from gongzhi.org.models import Grid
from gongzhi.org.scoping import scope_of

ADD = "cases.add_case"
MAX_DESCRIPTION = 2000
SIX_PLACES = Decimal("0.000001")
RELATED = ("category", "street", "community", "grid", "building", "household", "reporter")


def locate(street, lat, lng) -> Grid | None:
    """The grid of the street holding the point, or None (no point, or outside every
    mapped grid)."""
    if lat is None or lng is None:
        return None
    shape = geo.grid_at(geo.shapes_of_street(street.pk), lat, lng)
    return Grid.objects.select_related("community").get(pk=shape.grid_id) if shape else None


def _place(actor, street, lat, lng, grid, community, accept_outside):
    """(grid, community) of a new case: the location decides when it falls in a mapped grid;
    otherwise the grid or community given; otherwise the reporter's only grid."""
    if lat is not None and lng is not None:
        found = locate(street, lat, lng)
        if found is not None:
            return found, found.community
        mapped = bool(geo.shapes_of_street(street.pk))
        if mapped and not (accept_outside and may(actor, DISPATCH, street)):
            refuse(
                Code.OUTSIDE_GRIDS,
                _(
                    "This location is outside the street's grids. Check the position, or "
                    "ask the dispatcher to accept it."
                ),
                field="lat",
            )
    if grid is None and community is None:
        own = scope_of(actor, ADD).grid_ids
        if len(own) == 1:
            grid = Grid.objects.select_related("community").get(pk=next(iter(own)))
    if grid is not None:
        return grid, grid.community
    if community is None:
        refuse(
            Code.REQUIRED,
            _("Say where it is: a location, a grid or a community."),
            field="community",
        )
    return None, community


@action(ADD, kind=None)
def do_report(actor, street, *, photos=(), **fields) -> Case:
    """信息收集: a new case in `street`, due to be accepted within the class's limit. The
    reporter must be allowed to report where the case lies (a grid worker in their grid, a
    resident in their community, staff in their area). Every rule is in `new_case`."""
    return _store(actor, new_case(actor, street, photos=photos, **fields), photos)


def _store(actor, case: Case, photos) -> Case:
    case.save()
    _photos(actor, case, photos, PhotoStage.BEFORE)
    _log(case, "report", "", Status.REPORTED, actor)
    return case


@action(None, public=True, kind=None)
def do_report_open311(
    actor,
    street,
    *,
    client: str,
    category: Category | None,
    description: str,
    lat,
    lng,
    address: str = "",
    reporter_name: str = "",
    reporter_phone: str = "",
) -> Case:
    """A case from an Open311 client (its api_key's street, no user): placed only by a
    location inside one of the street's grids; the reporter's name and phone are kept for
    the staff, never shown by Open311."""
    grid = locate(street, lat, lng)
    if grid is None:
        refuse(
            Code.OPEN311_LOCATION,
            _("Give lat and long inside one of the street's grids."),
            field="lat",
        )
    case = new_case(
        actor,
        street,
        channel=Channel.OPEN311,
        category=category,
        description=description,
        lat=lat,
        lng=lng,
        grid=grid,
        address=address,
        reporter_name=reporter_name,
        reporter_phone=reporter_phone,
        system=True,
    )
    case.client = client[:40]
    return _store(actor, case, ())


def new_case(
    actor,
    street,
    *,
    channel: str,
    category: Category | None,
    description: str,
    lat=None,
    lng=None,
    grid: Grid | None = None,
    community=None,
    address: str = "",
    building=None,
    household=None,
    urgency: str = "",
    reporter_name: str = "",
    reporter_phone: str = "",
    hotline_ticket: str = "",
    photos=(),
    accept_outside: bool = False,
    now=None,
    calendar=None,
    permits=may,
    patrol_of=open_patrol_of,
    system: bool = False,
) -> Case:
    """The new case `do_report` stores, unsaved, after every rule of a report has run (also
    the first step of `cases.fastpath.report_many`). `now` is the report time (default: now;
    the fast path's callers load past cases; `calendar` the working-day calendar they
    loaded once, `permits` and `patrol_of` their memos of `core.actions.may` and of the
    reporter's open patrol). `system` (an outside system,
    no user: do_report_open311) skips the reporter's place, which the system action has
    settled."""
    errors = {}
    if category is None or not category.is_small or not category.active:
        errors["category"] = ValidationError(
            _("Choose an active small class of the tree."), code=Code.NOT_SMALL_CLASS
        )
    try:
        description = text.clean(description, multiline=True, max_length=MAX_DESCRIPTION)
        text.refuse_html(description)
        if not description:
            raise ValidationError(_("This field is required."), code=Code.REQUIRED)
    except ValidationError as exc:
        errors["description"] = exc
    if channel not in Channel.values:
        errors["channel"] = ValidationError(_("Unknown channel."), code=Code.REQUIRED)
    hotline_ticket = (hotline_ticket or "").strip()
    if channel == Channel.HOTLINE:
        if not hotline_ticket:
            errors["hotline_ticket"] = ValidationError(
                _("A hotline case needs its ticket number."), code=Code.HOTLINE_TICKET
            )
        elif Case.objects.filter(channel=Channel.HOTLINE, hotline_ticket=hotline_ticket).exists():
            errors["hotline_ticket"] = ValidationError(
                _("Hotline ticket %(t)s is already a case.") % {"t": hotline_ticket},
                code=Code.DUPLICATE_TICKET,
            )
    else:
        hotline_ticket = ""
    try:
        check_count(len(list(photos or [])), field="photos")
    except ValidationError as exc:
        errors.update(exc.error_dict)
    if errors:
        raise ValidationError(errors)
    if lat is not None and lng is not None:
        lat = Decimal(str(lat)).quantize(SIX_PLACES, ROUND_HALF_UP)
        lng = Decimal(str(lng)).quantize(SIX_PLACES, ROUND_HALF_UP)
    else:
        lat = lng = None
    if system:
        community = grid.community
    else:
        grid, community = _place(actor, street, lat, lng, grid, community, accept_outside)
    if community.street_id != street.pk:
        refuse(Code.OUTSIDE_PLACE, _("The community is not in this street."), field="community")
    if not system and not permits(actor, ADD, grid or community):
        refuse(
            Code.OUTSIDE_PLACE,
            _("You can report cases only where you work (your grid or community)."),
            field="grid",
        )
    for name, record in (("building", building), ("household", household)):
        if record is not None and record.community_id != community.pk:
            refuse(
                Code.HOUSEHOLD_ELSEWHERE,
                _("This building or household is not in the case's community."),
                field=name,
            )
    signed_in = actor is not None and actor.is_authenticated
    now = now or timezone.now()
    case = Case(
        channel=channel,
        hotline_ticket=hotline_ticket,
        category=category,
        description=description,
        urgency=Urgency.URGENT if category.urgent else (urgency or Urgency.NORMAL),
        lat=lat,
        lng=lng,
        address=(address or "").strip()[:200],
        street=street,
        community=community,
        grid=grid,
        building=building,
        household=household,
        reporter=actor
        if signed_in and channel in (Channel.GRID_WORKER, Channel.RESIDENT)
        else None,
        reporter_name=(reporter_name or (actor.get_full_name() if signed_in else ""))[:50],
        reporter_phone=reporter_phone,
        reported_at=now,
        patrol=patrol_of(actor) if channel == Channel.GRID_WORKER else None,
    )
    case.due_accept = _due(case, "accept", now, calendar)
    # The records given were loaded from the database and checked above, and the one
    # constraint (the hotline ticket) too: only the case's own values are validated here.
    case.full_clean(exclude=["number", "reporter_phone", *RELATED], validate_constraints=False)
    return case
