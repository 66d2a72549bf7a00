"""The seven steps of a case (GB/T 30428) and their side paths, on one state machine.

    reported ──accept (立案)──▶ accepted ──dispatch──▶ dispatched ──start──▶ handling
       ├─not_accept (reason)──▶ not_accepted            │                    │
       └─merge (into a case)──▶ merged                  │                    ├─report_done──▶ handled
    handling ⇄ request_extension / approve_extension / refuse_extension     │
    dispatched / handling ──send_back (退单, reason)──▶ returned ──dispatch──▶ …
    dispatched / handling ──contest (reason)──▶ disputed ──decide_dispute──▶ dispatched
    handled ──pass_verification──▶ closed ──rate──▶ rated
    handled ──fail_verification (返工)──▶ handling
    closed / rated ──reopen (reporter, ≤ 30 days; counts as rework)──▶ handling
    accepted / returned / referred / dispatched / handling ──hold (挂账)──▶ on_hold ──resume──▶ accepted
    reported / accepted / returned ──refer (no owner)──▶ referred ──dispatch──▶ …
    merged ──unmerge (undo a merge, reason)──▶ reported (the dispatcher decides it again)

When the main case of merged duplicates is closed or not accepted, each duplicate's reporter
is told its outcome (cases.notifications, after the commit).

Who: the dispatcher (street staff, `cases.dispatch_case`) decides; the unit the case is
dispatched to (`cases.handle_case`, and `_require_unit`) handles; the grid worker of the
case's grid (`cases.verify_case`, and `_require_grid`) verifies; the reporter rates and
reopens. Each step is one action: one transaction, one audit event, one CaseStep row."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.cases import timelimits
from gongzhi.cases.choices import PhotoStage, Status, UnitKind
from gongzhi.cases.errors import Code
from gongzhi.cases.models import Case, CasePhoto, CaseStep, HandlingUnit
from gongzhi.cases.notifications import (
    notify_duplicates_on_commit,
    notify_sent_back_in_app,
    notify_unit_in_app,
)
from gongzhi.core.actions import action, may
from gongzhi.core.errors import refuse
from gongzhi.core.models import AuditEntry
from gongzhi.core.photos import check_count, clean_photo
from gongzhi.core.statemachine import StateMachine, Transition
from gongzhi.org.scoping import department_ids_of, scope_of
from gongzhi.workdays.services import Calendar

DISPATCH = "cases.dispatch_case"
HANDLE = "cases.handle_case"
VERIFY = "cases.verify_case"
REOPEN_DAYS = 30
MAX_EXTENSION = 30  # in the unit of the class's handling limit
TRANSITION = AuditEntry.Action.TRANSITION


def _t(sources, target, label, note_label=""):
    return Transition(
        tuple(sources),
        target,
        label,
        note_required=bool(note_label),
        note_label=note_label,
    )


def _extension_pending(case):
    if not case.extension_requested:
        return Code.NO_EXTENSION, _("No extension request is waiting.")
    return None


def _no_extension_pending(case):
    if case.extension_requested:
        return Code.EXTENSION_PENDING, _("An extension request is already waiting.")
    return None


REASON = gettext_lazy("reason")
S = Status
TRANSITIONS: dict[str, Transition] = {
    "accept": _t([S.REPORTED], S.ACCEPTED, gettext_lazy("Accept as a case (立案)")),
    "not_accept": _t([S.REPORTED], S.NOT_ACCEPTED, gettext_lazy("Do not accept"), REASON),
    "merge": _t([S.REPORTED, S.ACCEPTED], S.MERGED, gettext_lazy("Merge as a duplicate")),
    "dispatch": _t(
        [S.ACCEPTED, S.RETURNED, S.REFERRED], S.DISPATCHED, gettext_lazy("Dispatch (派遣)")
    ),
    "start": _t([S.DISPATCHED], S.HANDLING, gettext_lazy("Start handling (签收)")),
    "request_extension": Transition(
        (S.HANDLING,),
        S.HANDLING,
        gettext_lazy("Ask for an extension"),
        note_required=True,
        note_label=REASON,
        guard=_no_extension_pending,
    ),
    "approve_extension": Transition(
        (S.HANDLING,), S.HANDLING, gettext_lazy("Approve the extension"), guard=_extension_pending
    ),
    "refuse_extension": Transition(
        (S.HANDLING,),
        S.HANDLING,
        gettext_lazy("Refuse the extension"),
        note_required=True,
        note_label=REASON,
        guard=_extension_pending,
    ),
    "send_back": _t(
        [S.DISPATCHED, S.HANDLING], S.RETURNED, gettext_lazy("Send back (退单)"), REASON
    ),
    "contest": _t(
        [S.DISPATCHED, S.HANDLING], S.DISPUTED, gettext_lazy("Contest the dispatch"), REASON
    ),
    "decide_dispute": _t(
        [S.DISPUTED], S.DISPATCHED, gettext_lazy("Decide the dispute"), gettext_lazy("decision")
    ),
    "report_done": _t(
        [S.HANDLING], S.HANDLED, gettext_lazy("Report done (处置反馈)"), gettext_lazy("result")
    ),
    "pass_verification": _t([S.HANDLED], S.CLOSED, gettext_lazy("Verified: close (结案)")),
    "fail_verification": _t(
        [S.HANDLED], S.HANDLING, gettext_lazy("Not solved: rework (返工)"), REASON
    ),
    "rate": _t([S.CLOSED], S.RATED, gettext_lazy("Rate")),
    "hold": _t(
        [S.ACCEPTED, S.RETURNED, S.REFERRED, S.DISPATCHED, S.HANDLING],
        S.ON_HOLD,
        gettext_lazy("Put on hold (挂账)"),
        REASON,
    ),
    "resume": _t([S.ON_HOLD], S.ACCEPTED, gettext_lazy("Resume")),
    "refer": _t(
        [S.REPORTED, S.ACCEPTED, S.RETURNED],
        S.REFERRED,
        gettext_lazy("Refer to the street (no owner)"),
        REASON,
    ),
    "reopen": _t([S.CLOSED, S.RATED], S.HANDLING, gettext_lazy("Reopen"), REASON),
    "unmerge": _t([S.MERGED], S.REPORTED, gettext_lazy("Undo the merge"), REASON),
}
# Which permission each step needs (None: the reporter's own step).
STEP_PERMISSION = {
    **dict.fromkeys(
        (
            "accept",
            "not_accept",
            "merge",
            "dispatch",
            "approve_extension",
            "refuse_extension",
            "decide_dispute",
            "hold",
            "resume",
            "refer",
            "unmerge",
        ),
        DISPATCH,
    ),
    **dict.fromkeys(("start", "request_extension", "send_back", "contest", "report_done"), HANDLE),
    **dict.fromkeys(("pass_verification", "fail_verification"), VERIFY),
    "rate": None,
    "reopen": None,
}


def _log(case, step, before, after, actor, note=""):
    signed_in = actor is not None and actor.is_authenticated
    CaseStep.objects.create(
        case=case,
        step=step,
        from_status=before,
        to_status=after,
        actor=actor if signed_in else None,
        actor_name=actor.get_username() if signed_in else "",
        note=note,
    )


MACHINE = StateMachine(
    TRANSITIONS,
    log=_log,
    illegal=gettext_lazy("A case that is “%(status)s” cannot be moved by “%(action)s”."),
)


# --- who may ---------------------------------------------------------------------------------


def may_handle(actor, case: Case) -> bool:
    """The unit the case is dispatched to: its community's staff, its department's staff, or
    (a street section or a property company) the street's staff."""
    if actor is None or not actor.is_authenticated:
        return False
    if actor.is_superuser:
        return True
    unit = case.unit
    if unit is None:
        return False
    if unit.kind == UnitKind.COMMUNITY:
        return unit.community_id in scope_of(actor, HANDLE).community_ids
    if unit.kind == UnitKind.DEPARTMENT:
        return unit.department_id in department_ids_of(actor)
    return unit.street_id in scope_of(actor, HANDLE).street_ids


# What waits for whom (the workbench's to-do): the statuses each kind of step starts from.
TO_DISPATCH = (S.REPORTED, S.ACCEPTED, S.RETURNED, S.REFERRED, S.DISPUTED)
TO_HANDLE = (S.DISPATCHED, S.HANDLING)


def handled_by(actor) -> Q:
    """may_handle as a filter: the cases dispatched to one of the actor's units."""
    places = scope_of(actor, HANDLE)
    own_kinds = (UnitKind.COMMUNITY, UnitKind.DEPARTMENT)
    return (
        Q(unit__kind=UnitKind.COMMUNITY, unit__community_id__in=places.community_ids)
        | Q(unit__kind=UnitKind.DEPARTMENT, unit__department_id__in=department_ids_of(actor))
        | (~Q(unit__kind__in=own_kinds) & Q(unit__street_id__in=places.street_ids))
    )


def waiting_for(actor):
    """The open cases waiting for a step the actor may take: to accept or dispatch (and
    extension requests to decide) for the dispatcher, to handle for the unit, to verify for the
    grid worker of the case's grid."""
    waiting = Case.objects.none()
    if actor.has_perm(DISPATCH):
        waiting |= Case.objects.visible_to(actor, DISPATCH).filter(
            Q(status__in=TO_DISPATCH) | Q(status=S.HANDLING, extension_requested__gt=0)
        )
    if actor.has_perm(HANDLE):
        waiting |= Case.objects.visible_to(actor, HANDLE).filter(
            handled_by(actor), status__in=TO_HANDLE
        )
    if actor.has_perm(VERIFY):
        waiting |= Case.objects.filter(
            status=S.HANDLED, grid_id__in=scope_of(actor, VERIFY).grid_ids
        )
    return waiting


def may_verify(actor, case: Case) -> bool:
    """The grid worker of the case's own grid, nobody else (not the community above it)."""
    if actor is None or not actor.is_authenticated:
        return False
    if actor.is_superuser:
        return True
    return case.grid_id is not None and case.grid_id in scope_of(actor, VERIFY).grid_ids


def is_reporter(actor, case: Case) -> bool:
    return bool(actor is not None and actor.is_authenticated and case.reporter_id == actor.pk)


def _require_unit(actor, case):
    if not may_handle(actor, case):
        refuse(Code.NOT_YOUR_UNIT, _("Only the unit the case is dispatched to handles it."))


def _require_grid(actor, case):
    if not may_verify(actor, case):
        refuse(Code.NOT_YOUR_GRID, _("Only the grid worker of the case's grid verifies it."))


def _require_reporter(actor, case):
    if not is_reporter(actor, case):
        refuse(Code.NOT_REPORTER, _("Only the person who reported the case may do this."))


def allowed_steps(case: Case, user) -> list[str]:
    """The steps `user` may take on `case` now: the state allows them and the user is the
    dispatcher, the unit, the case's grid worker or the reporter as the step needs."""
    out = []
    granted: dict[str, bool] = {}
    for step in MACHINE.allowed(case):
        permission = STEP_PERMISSION[step]
        if permission is None:
            ok = is_reporter(user, case)
        else:
            if permission not in granted:
                granted[permission] = may(user, permission, case)
            ok = granted[permission]
            if ok and permission == HANDLE:
                ok = may_handle(user, case)
            if ok and permission == VERIFY:
                ok = may_verify(user, case)
        if ok:
            out.append(step)
    return out


# --- the moving part -------------------------------------------------------------------------


def _move(actor, case: Case, step: str, note: str = "", effects=None) -> Case:
    locked = (
        Case.objects.select_for_update(of=("self",))
        .select_related("category", "unit", "street")
        .get(pk=case.pk)
    )
    MACHINE.apply(locked, step, actor, note, effects=effects)
    return locked


def _due(case: Case, step: str, start=None, calendar=None):
    limit, unit = case.category.limit(step)
    return timelimits.due(calendar or Calendar.load(), start or timezone.now(), limit, unit)


def _photos(actor, case: Case, photos, stage: str) -> int:
    photos = list(photos or [])
    check_count(len(photos), field="photos")
    clean = [clean_photo(p) for p in photos]  # every one checked before any is stored
    for content in clean:
        CasePhoto.objects.create(case=case, stage=stage, image=content, uploaded_by=actor)
    return len(clean)


def route(case: Case) -> HandlingUnit | None:
    """The unit a case goes to by default: its own community's unit when the class is
    handled by communities, else the class's default unit (None: the dispatcher chooses)."""
    category = case.category
    if category.default_unit_kind == UnitKind.COMMUNITY:
        return HandlingUnit.objects.filter(
            kind=UnitKind.COMMUNITY, community_id=case.community_id, active=True
        ).first()
    unit = category.default_unit
    if unit is not None and unit.street_id == case.street_id and unit.active:
        return unit
    return None


def _check_unit(case: Case, unit: HandlingUnit | None) -> HandlingUnit:
    unit = unit or route(case)
    if unit is None:
        refuse(
            Code.NO_UNIT, _("Choose the handling unit: none follows from the class."), field="unit"
        )
    if unit.street_id != case.street_id or not unit.active:
        refuse(
            Code.UNIT_ELSEWHERE, _("This unit does not work in the case's street."), field="unit"
        )
    return unit


# --- the dispatcher's steps --------------------------------------------------------------------


@action(DISPATCH, kind=TRANSITION)
def do_accept(actor, case: Case, note: str = "") -> Case:
    """立案: the report is a case; the dispatch clock starts."""

    def effects(c, spec, note):
        now = timezone.now()
        c.accepted_at = c.decided_at = now
        c.due_dispatch = _due(c, "dispatch", now)

    return _move(actor, case, "accept", note, effects)


@action(DISPATCH, kind=TRANSITION)
def do_not_accept(actor, case: Case, note: str = "") -> Case:
    """Not a case (not in scope, not real): the reason is kept and shown to the reporter."""

    def effects(c, spec, note):
        c.decided_at = timezone.now()
        c.status_note = note[:500]
        notify_duplicates_on_commit(c)

    return _move(actor, case, "not_accept", note, effects)


@action(DISPATCH, kind=TRANSITION)
def do_merge(actor, case: Case, note: str = "", *, main: Case) -> Case:
    """A duplicate of `main` (12345 合并): it keeps its reporter and follows the main case."""

    def effects(c, spec, note):
        ok = (
            main is not None
            and main.pk != c.pk
            and main.street_id == c.street_id
            and main.duplicate_of_id is None
            and main.status not in (Status.MERGED, Status.NOT_ACCEPTED)
        )
        if not ok:
            refuse(
                Code.MERGE_TARGET,
                _("A case merges into another live case of the same street."),
                field="main",
            )
        c.duplicate_of = main
        c.decided_at = c.decided_at or timezone.now()

    return _move(actor, case, "merge", note, effects)


@action(DISPATCH, kind=TRANSITION)
def do_unmerge(actor, case: Case, note: str = "") -> Case:
    """Undo a merge: the case is its own again, back to the dispatcher with a fresh limit to
    accept (the main case keeps going)."""

    def effects(c, spec, note):
        c.duplicate_of = None
        c.due_accept = _due(c, "accept")

    return _move(actor, case, "unmerge", note, effects)


@action(DISPATCH, kind=TRANSITION)
def do_dispatch(actor, case: Case, note: str = "", *, unit: HandlingUnit | None = None) -> Case:
    """派遣 to `unit`, or by default to the unit routing gives (class and community)."""

    def effects(c, spec, note):
        c.unit = _check_unit(c, unit)
        now = timezone.now()
        if c.dispatched_on_time is None and c.due_dispatch is not None:
            c.dispatched_on_time = now <= c.due_dispatch
        c.dispatched_at = now
        c.due_handle = _due(c, "handle", now)

    case = _move(actor, case, "dispatch", note, effects)
    notify_unit_in_app(case, "dispatch", note, actor)
    return case


@action(DISPATCH, kind=TRANSITION)
def do_approve_extension(actor, case: Case, note: str = "") -> Case:
    """The handling limit moves by what the unit asked for, in the class's handling unit."""

    def effects(c, spec, note):
        _limit, unit = c.category.limit("handle")
        c.due_handle = timelimits.due(
            Calendar.load(), c.due_handle or timezone.now(), c.extension_requested, unit
        )
        c.extension_requested = 0

    return _move(actor, case, "approve_extension", note, effects)


@action(DISPATCH, kind=TRANSITION)
def do_refuse_extension(actor, case: Case, note: str = "") -> Case:
    def effects(c, spec, note):
        c.extension_requested = 0

    return _move(actor, case, "refuse_extension", note, effects)


@action(DISPATCH, kind=TRANSITION)
def do_decide_dispute(
    actor, case: Case, note: str = "", *, unit: HandlingUnit | None = None
) -> Case:
    """The street decides a contested dispatch: the same unit (no `unit`) or another one."""

    def effects(c, spec, note):
        if unit is not None:
            c.unit = _check_unit(c, unit)
        now = timezone.now()
        c.dispatched_at = now
        c.due_handle = _due(c, "handle", now)

    return _move(actor, case, "decide_dispute", note, effects)


@action(DISPATCH, kind=TRANSITION)
def do_hold(actor, case: Case, note: str = "", *, review_date: datetime.date | None = None) -> Case:
    """挂账: not solvable now; looked at again on `review_date`."""

    def effects(c, spec, note):
        if review_date is None or review_date <= timezone.localdate():
            refuse(Code.REVIEW_DATE, _("Give a review date after today."), field="review_date")
        c.hold_review_date = review_date

    return _move(actor, case, "hold", note, effects)


@action(DISPATCH, kind=TRANSITION)
def do_resume(actor, case: Case, note: str = "") -> Case:
    """Back from hold to the dispatcher, with a fresh dispatch limit (held time not counted)."""

    def effects(c, spec, note):
        c.hold_review_date = None
        c.unit = None
        c.due_dispatch = _due(c, "dispatch")

    return _move(actor, case, "resume", note, effects)


@action(DISPATCH, kind=TRANSITION)
def do_refer(actor, case: Case, note: str = "") -> Case:
    """No owner found: the street takes the case over (it dispatches it to its own units)."""

    def effects(c, spec, note):
        c.unit = None
        c.decided_at = c.decided_at or timezone.now()
        c.accepted_at = c.accepted_at or timezone.now()
        c.due_dispatch = c.due_dispatch or _due(c, "dispatch")

    return _move(actor, case, "refer", note, effects)


# --- the unit's steps ---------------------------------------------------------------------------


@action(HANDLE, kind=TRANSITION)
def do_start(actor, case: Case, note: str = "") -> Case:
    _require_unit(actor, case)
    return _move(actor, case, "start", note)


@action(HANDLE, kind=TRANSITION)
def do_request_extension(actor, case: Case, note: str = "", *, amount: int = 0) -> Case:
    """The unit asks for `amount` more (hours or days, as the class's handling limit)."""
    _require_unit(actor, case)

    def effects(c, spec, note):
        if not 1 <= int(amount or 0) <= MAX_EXTENSION:
            refuse(
                Code.EXTENSION_DAYS,
                _("Ask for 1 to %(n)d more.") % {"n": MAX_EXTENSION},
                field="amount",
            )
        c.extension_requested = int(amount)

    return _move(actor, case, "request_extension", note, effects)


@action(HANDLE, kind=TRANSITION)
def do_send_back(actor, case: Case, note: str = "") -> Case:
    """退单: not ours; back to the dispatcher, who dispatches it again."""
    _require_unit(actor, case)

    def effects(c, spec, note):
        c.unit = None
        c.extension_requested = 0
        c.due_dispatch = _due(c, "dispatch")

    case = _move(actor, case, "send_back", note, effects)
    notify_sent_back_in_app(case, note, actor)
    return case


@action(HANDLE, kind=TRANSITION)
def do_contest(actor, case: Case, note: str = "") -> Case:
    """The unit contests the dispatch; the street decides (do_decide_dispute)."""
    _require_unit(actor, case)
    return _move(actor, case, "contest", note)


@action(HANDLE, kind=TRANSITION)
def do_report_done(actor, case: Case, note: str = "", *, photos=()) -> Case:
    """处置反馈: done, with what was done and at least one after-photo."""
    _require_unit(actor, case)

    def effects(c, spec, note):
        if not photos:
            refuse(Code.AFTER_PHOTO, _("Add at least one photo after handling."), field="photos")
        _photos(actor, c, photos, PhotoStage.AFTER)
        now = timezone.now()
        if c.handled_on_time is None and c.due_handle is not None:
            c.handled_on_time = now <= c.due_handle
        c.handled_at = now
        c.extension_requested = 0
        c.status_note = note[:500]
        c.due_verify = _due(c, "verify", now)

    return _move(actor, case, "report_done", note, effects)


# --- the grid worker's steps ---------------------------------------------------------------------


@action(VERIFY, kind=TRANSITION)
def do_pass_verification(actor, case: Case, note: str = "", *, photos=()) -> Case:
    """核查结案: seen solved on site by the grid worker of the case's grid."""
    _require_grid(actor, case)

    def effects(c, spec, note):
        _photos(actor, c, photos, PhotoStage.AFTER)
        now = timezone.now()
        c.closed_at = now
        if c.closed_on_time is None:
            c.closed_on_time = bool(c.handled_on_time) and (
                c.due_verify is None or now <= c.due_verify
            )
        notify_duplicates_on_commit(c)

    return _move(actor, case, "pass_verification", note, effects)


@action(VERIFY, kind=TRANSITION)
def do_fail_verification(actor, case: Case, note: str = "", *, photos=()) -> Case:
    """返工: not solved on site; back to the unit with a fresh handling limit."""
    _require_grid(actor, case)

    def effects(c, spec, note):
        _photos(actor, c, photos, PhotoStage.AFTER)
        c.rework_count += 1
        c.due_handle = _due(c, "handle")

    case = _move(actor, case, "fail_verification", note, effects)
    notify_unit_in_app(case, "fail_verification", note, actor)
    return case


# --- the reporter's steps ------------------------------------------------------------------------


@action(None, public=True, kind=TRANSITION)
def do_rate(actor, case: Case, note: str = "", *, stars=None) -> Case:
    """The reporter's 1–5 stars (满意率 counts 4 and 5)."""
    _require_reporter(actor, case)
    try:
        stars = int(stars)
    except (TypeError, ValueError):
        stars = 0
    if not 1 <= stars <= 5:
        refuse(Code.STARS, _("Give 1 to 5 stars."), field="stars")

    def effects(c, spec, note):
        c.stars = stars
        c.rating_comment = note[:500]

    return _move(actor, case, "rate", note, effects)


@action(None, public=True, kind=TRANSITION)
def do_reopen(actor, case: Case, note: str = "") -> Case:
    """The reporter reopens within 30 days of closing: back to the unit, counted as rework."""
    _require_reporter(actor, case)

    def effects(c, spec, note):
        if c.closed_at is None or timezone.now() - c.closed_at > datetime.timedelta(
            days=REOPEN_DAYS
        ):
            refuse(
                Code.REOPEN_WINDOW,
                _("A case can be reopened within %(n)d days of closing.") % {"n": REOPEN_DAYS},
            )
        c.rework_count += 1
        c.reopened = True
        c.closed_at = None
        c.closed_on_time = False
        c.due_handle = _due(c, "handle")

    return _move(actor, case, "reopen", note, effects)


STEP_ACTIONS = {
    "accept": do_accept,
    "not_accept": do_not_accept,
    "merge": do_merge,
    "dispatch": do_dispatch,
    "start": do_start,
    "request_extension": do_request_extension,
    "approve_extension": do_approve_extension,
    "refuse_extension": do_refuse_extension,
    "send_back": do_send_back,
    "contest": do_contest,
    "decide_dispute": do_decide_dispute,
    "report_done": do_report_done,
    "pass_verification": do_pass_verification,
    "fail_verification": do_fail_verification,
    "rate": do_rate,
    "hold": do_hold,
    "resume": do_resume,
    "refer": do_refer,
    "reopen": do_reopen,
    "unmerge": do_unmerge,
}
assert set(STEP_ACTIONS) == set(TRANSITIONS)  # one action per step
