"""A year of the demo street's cases (issue 13 §10): about 20,000 reports over the last 365
days (`settings.GONGZHI_DEMO_CASES`, default 20,000; the tests load fewer), loaded by
`gongzhi demo` after the few hundred cases `cases.demo` makes through the actions.

The reports go through `cases.fastpath.report_many` (every rule of a report runs; the rows are
those `do_report` writes); their later life — accept, dispatch, handle, verify, rate, and the
side paths — is written by `cases.fastpath.record_history`, with the times and the on-time
figures computed the way the actions compute them (`cases.timelimits` over the working-day
calendar). The mix is a street's year: more garbage, street vending and parking than manhole
covers; about 3 % merged as duplicates, 3 % not accepted, 5 % reworked, some reopened, some
on hold, some overdue, most of the closed ones rated."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from gongzhi.cases import fastpath, timelimits
from gongzhi.cases.choices import Channel, Status
from gongzhi.cases.models import CaseStep
from gongzhi.org import geo
from gongzhi.org.models import Grid
from gongzhi.workdays.services import Calendar

DEFAULT_CASES = 20_000
HISTORY_FIELDS = (
    "status",
    "accepted_at",
    "decided_at",
    "dispatched_at",
    "handled_at",
    "closed_at",
    "due_dispatch",
    "due_handle",
    "due_verify",
    "dispatched_on_time",
    "handled_on_time",
    "closed_on_time",
    "rework_count",
    "reopened",
    "hold_review_date",
    "status_note",
    "stars",
    "rating_comment",
    "unit",
    "duplicate_of",
    "updated_at",
)
# Relative frequency of a class by its code's prefix (first match wins): what a street's
# grid workers and hotline report most.
CLASS_WEIGHTS = (
    ("110", 9),  # garbage, overflowing bins, dirty streets
    ("150", 8),  # street vending, shops spilling out, parking on the pavement, shared bikes
    ("120", 4),  # flyers and stickers
    ("16", 3),  # fire lanes, flying wires, corridors
    ("17", 3),  # noise
    ("010", 0.4),  # manhole covers: rare
    ("", 1),
)
HOUR = datetime.timedelta(hours=1)


def count() -> int:
    return int(getattr(settings, "GONGZHI_DEMO_CASES", DEFAULT_CASES))


def _weight(category) -> float:
    return next(w for prefix, w in CLASS_WEIGHTS if category.code.startswith(prefix))


def _point(rng, shape):
    """A random point inside the grid's polygon (or None for a grid without one)."""
    if shape is None:
        return None, None
    min_x, min_y, max_x, max_y = shape.box
    for _ in range(30):
        x, y = rng.uniform(min_x, max_x), rng.uniform(min_y, max_y)
        if geo.grid_at([shape], y, x) is not None:
            return round(y, 6), round(x, 6)
    return None, None


class _Life:
    """The later steps of one case, with the actors and the times the actions would set."""

    def __init__(self, case, calendar, now):
        self.case, self.calendar, self.now = case, calendar, now
        self.steps: list[CaseStep] = []

    def due(self, step, start):
        limit, unit = self.case.category.limit(step)
        return timelimits.due(self.calendar, start, limit, unit)

    def step(self, name, before, after, actor, at, note=""):
        self.steps.append(
            CaseStep(
                case=self.case,
                step=name,
                from_status=before,
                to_status=after,
                actor=actor,
                actor_name=actor.get_username() if actor else "",
                at=at,
                note=note,
            )
        )
        self.case.status = after
        self.case.updated_at = at
        return at


def _live(life: _Life, rng, people, original) -> None:
    """Walk one case as far as its age and its luck take it."""
    case, now = life.case, life.now
    dispatcher, handler_of, verifier = people
    age_days = (now - case.reported_at).days
    t = case.reported_at + datetime.timedelta(minutes=rng.randint(10, 300))
    roll = rng.random()
    if t > now or (age_days < 2 and roll < 0.5):
        return  # still waiting to be accepted (some of them overdue)
    if roll < 0.03 and original is not None:
        case.duplicate_of, case.decided_at = original, t
        life.step("merge", Status.REPORTED, Status.MERGED, dispatcher, t, "重复上报，已合并")
        return
    if roll < 0.06:
        case.decided_at = t
        life.step(
            "not_accept", Status.REPORTED, Status.NOT_ACCEPTED, dispatcher, t, "不属于受理范围"
        )
        return
    case.decided_at = case.accepted_at = t
    life.step("accept", Status.REPORTED, Status.ACCEPTED, dispatcher, t)
    case.due_dispatch = life.due("dispatch", t)
    unit, handler = handler_of(case)
    t += datetime.timedelta(minutes=rng.randint(5, 200) if rng.random() < 0.93 else 60 * 30)
    if t > now:
        return
    case.unit, case.dispatched_at = unit, t
    case.dispatched_on_time = t <= case.due_dispatch
    life.step("dispatch", Status.ACCEPTED, Status.DISPATCHED, dispatcher, t)
    case.due_handle = life.due("handle", t)
    t += datetime.timedelta(minutes=rng.randint(10, 240))
    if t > now:
        return
    life.step("start", Status.DISPATCHED, Status.HANDLING, handler, t)
    if rng.random() < 0.01:
        case.hold_review_date = (now + datetime.timedelta(days=rng.randint(5, 60))).date()
        case.status_note = "需协调资金，暂缓处置"
        life.step("hold", Status.HANDLING, Status.ON_HOLD, dispatcher, t, case.status_note)
        return
    span = case.due_handle - t
    late = rng.random() < 0.12
    t += span * rng.uniform(0.1, 0.9) if not late else span + HOUR * rng.randint(2, 72)
    if t > now:
        return  # in handling; past its due time if late: overdue
    case.handled_at = t
    case.handled_on_time = t <= case.due_handle
    life.step("report_done", Status.HANDLING, Status.HANDLED, handler, t, "已处置完毕")
    case.due_verify = life.due("verify", t)
    t += HOUR * rng.uniform(0.5, 20)
    if t > now:
        return
    if rng.random() < 0.05:  # 返工
        case.rework_count = 1
        life.step(
            "fail_verification", Status.HANDLED, Status.HANDLING, verifier, t, "现场核查未解决"
        )
        t += HOUR * rng.uniform(2, 48)
        if t > now:
            return
        life.step("report_done", Status.HANDLING, Status.HANDLED, handler, t, "已重新处置")
        t += HOUR * rng.uniform(0.5, 20)
        if t > now:
            return
    case.closed_at = t
    case.closed_on_time = bool(case.handled_on_time) and t <= case.due_verify
    life.step("pass_verification", Status.HANDLED, Status.CLOSED, verifier, t, "现场核查已解决")
    if rng.random() < 0.015 and case.reporter is not None:  # reopened by the reporter
        t += HOUR * rng.uniform(12, 200)
        if t > now:
            return
        case.reopened = True
        life.step("reopen", Status.CLOSED, Status.HANDLING, case.reporter, t, "问题再次出现")
        t += HOUR * rng.uniform(4, 48)
        if t > now:
            return
        life.step("report_done", Status.HANDLING, Status.HANDLED, handler, t, "已再次处置")
        t += HOUR * rng.uniform(1, 10)
        if t > now:
            return
        case.closed_at = t
        life.step("pass_verification", Status.HANDLED, Status.CLOSED, verifier, t)
    if case.reporter is not None and rng.random() < 0.6:
        t += HOUR * rng.uniform(1, 72)
        if t <= now:
            case.stars = rng.choices([5, 4, 3, 2, 1], weights=[60, 25, 9, 4, 2])[0]
            case.rating_comment = "处理及时" if case.stars >= 4 else ""
            life.step("rate", Status.CLOSED, Status.RATED, case.reporter, t)


def load_year(street, small, units, grid_workers, dispatcher, handlers, rng, n=None):
    """Load `n` (default `count()`) cases of the last year into `street`; returns how many."""
    n = count() if n is None else n
    if n <= 0 or not grid_workers or dispatcher is None:
        return 0
    now = timezone.now()
    calendar = Calendar.load()
    shapes = {s.grid_id: s for s in geo.shapes_of_street(street.pk)}
    grids = {g.pk: g for g in Grid.objects.filter(pk__in=grid_workers).select_related("community")}
    grid_ids = sorted(grids)
    weights = [_weight(c) for c in small]
    items, places = [], []
    # oldest first, so that a duplicate's original was reported before it
    times = sorted(now - datetime.timedelta(seconds=rng.randrange(365 * 86400)) for _ in range(n))
    for i, reported in enumerate(times):
        grid = grids[rng.choice(grid_ids)]
        category = rng.choices(small, weights=weights)[0]
        channel = Channel.GRID_WORKER if rng.random() < 0.8 else Channel.HOTLINE
        fields = {
            "channel": channel,
            "category": category,
            "description": f"{category.name}，请及时处理",
            "grid": grid,
            "now": reported,
        }
        actor = grid_workers[grid.pk]
        if channel == Channel.HOTLINE:
            actor = dispatcher
            fields["hotline_ticket"] = f"DEMO{reported:%y%m%d}{i:06d}"
        items.append((actor, street, fields))
        places.append(_point(rng, shapes.get(grid.pk)))
    cases = fastpath.report_many(items)
    # The demo's positions: a point of the case's grid (the reports named the grid).
    for case, (lat, lng) in zip(cases, places, strict=True):
        case.lat, case.lng = lat, lng

    def handler_of(case):
        unit = units.get(f"community:{case.community_id}") or units["street"]
        return unit, handlers.get(case.community_id) or dispatcher

    steps, last = [], {}
    for case in cases:
        key = (case.grid_id, case.category_id)
        life = _Life(case, calendar, now)
        people = (dispatcher, handler_of, grid_workers.get(case.grid_id))
        _live(life, rng, people, last.get(key))
        if case.status not in (Status.MERGED, Status.NOT_ACCEPTED):
            last[key] = case
        steps.extend(life.steps)
    fastpath.record_history(cases, steps, (*HISTORY_FIELDS, "lat", "lng"), actor=None)
    return len(cases)
