"""The escalation ladder of an overdue case: 催办 (a reminder to the handling unit, by the
dispatcher), then 督办 (supervision by the street). Each is a CaseStep that keeps the case's
status (recorded through flow's `_log`, not the state machine: nothing moves), counted on
the case, audited as one event.

`escalate(now)` is the periodic job (`gongzhi escalate_cases`, from cron or a systemd
timer): it marks the open cases whose current step is overdue (`overdue_since` = that
step's due time), reminds the unit once per overdue step and has the street supervise once
`GONGZHI_CASE_SUPERVISE_AFTER_HOURS` later. Running it twice does nothing more. The
figures do not depend on it: they read the due times (cases.indicators)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.cases.actions.flow import DISPATCH, _log
from gongzhi.cases.choices import OPEN_STATUSES, Status
from gongzhi.cases.errors import Code
from gongzhi.cases.models import Case
from gongzhi.cases.notifications import notify_unit_in_app
from gongzhi.core.actions import action
from gongzhi.core.errors import refuse
from gongzhi.core.models import AuditEntry

SUPERVISE = "cases.supervise_case"
# A unit holds the case: a reminder goes to it.
REMINDABLE = (Status.DISPATCHED, Status.HANDLING, Status.DISPUTED)
DEFAULT_SUPERVISE_AFTER_HOURS = 24
MAX_NOTE = 500


def supervise_after() -> datetime.timedelta:
    """How long after a step went overdue the job has the street supervise it."""
    hours = getattr(settings, "GONGZHI_CASE_SUPERVISE_AFTER_HOURS", DEFAULT_SUPERVISE_AFTER_HOURS)
    return datetime.timedelta(hours=int(hours))


def may_remind(case: Case) -> bool:
    return case.status in REMINDABLE and case.unit_id is not None


def may_supervise(case: Case) -> bool:
    return case.status in OPEN_STATUSES


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update(of=("self",)).get(pk=case.pk)


def _remind(actor, case: Case, note: str, now) -> Case:
    c = _locked(case)
    if not may_remind(c):
        refuse(
            Code.NOT_REMINDABLE,
            _("Only a case dispatched to a unit and not yet reported done can be reminded."),
        )
    c.remind_count += 1
    c.reminded_at = now
    c.save(update_fields=["remind_count", "reminded_at", "updated_at"])
    note = note or _("Reminder (催办): please handle it.")
    _log(c, "remind", c.status, c.status, actor, note)
    notify_unit_in_app(c, "remind", note, actor)
    return c


def _supervise(actor, case: Case, note: str, now) -> Case:
    c = _locked(case)
    if not may_supervise(c):
        refuse(Code.NOT_SUPERVISABLE, _("Only an open case can be supervised (督办)."))
    c.supervise_count += 1
    c.supervised_at = now
    c.save(update_fields=["supervise_count", "supervised_at", "updated_at"])
    note = note or _("Supervised by the street (督办).")
    _log(c, "supervise", c.status, c.status, actor, note)
    notify_unit_in_app(c, "supervise", note, actor)
    return c


@action(DISPATCH, kind=AuditEntry.Action.OTHER)
def do_remind(actor, case: Case, note: str = "") -> Case:
    """催办: the dispatcher reminds the unit the case is dispatched to."""
    return _remind(actor, case, (note or "").strip()[:MAX_NOTE], timezone.now())


@action(SUPERVISE, kind=AuditEntry.Action.OTHER)
def do_supervise(actor, case: Case, note: str = "") -> Case:
    """督办: the street supervises an open case (it stays where it is; the record is kept)."""
    return _supervise(actor, case, (note or "").strip()[:MAX_NOTE], timezone.now())


# --- the periodic job -----------------------------------------------------------------------


@dataclass
class Escalated:
    marked: int = 0
    cleared: int = 0
    reminded: int = 0
    supervised: int = 0


def _overdue_due(case: Case, now):
    """The due time of the case's overdue step, or None."""
    due = case.current_due() if case.status in OPEN_STATUSES else None
    return due if due is not None and due < now else None


def _work(case: Case, now) -> bool:
    """Whether the job has anything to do on this case now (else it is not touched)."""
    due = _overdue_due(case, now)
    if due is None:
        return case.overdue_since is not None
    if case.overdue_since != due:
        return True
    return now >= due + supervise_after() and not _supervised_since(case)


def _supervised_since(case: Case) -> bool:
    start = case.overdue_since + supervise_after()
    return case.supervised_at is not None and case.supervised_at >= start


# A system action: run by `gongzhi escalate_cases` without a user (no role to check — it
# only records what the case's own due time already says); one event per case and run.
@action(None, public=True, kind=AuditEntry.Action.OTHER)
def do_mark_overdue(actor, case: Case, *, now=None) -> Case:
    """The job's step on one case: mark (or clear) overdue_since, remind once per overdue
    step, supervise once after the further delay."""
    now = now or timezone.now()
    c = _locked(case)
    due = _overdue_due(c, now)
    if due is None:
        if c.overdue_since is not None:
            c.overdue_since = None
            c.save(update_fields=["overdue_since", "updated_at"])
        return c
    if c.overdue_since != due:  # a step newly overdue: mark it and remind its unit once
        c.overdue_since = due
        c.save(update_fields=["overdue_since", "updated_at"])
        if may_remind(c):
            c = _remind(None, c, _("Automatic reminder (催办): the time limit has passed."), now)
    if now >= c.overdue_since + supervise_after() and not _supervised_since(c):
        c = _supervise(
            None, c, _("Automatic supervision (督办): still overdue after the reminder."), now
        )
    return c


def escalate(now=None) -> Escalated:
    """The periodic job: every open case overdue now, and every case still marked overdue.
    A case with nothing to do is not touched (no event): running twice does nothing more."""
    now = now or timezone.now()
    counts = Escalated()
    candidates = Case.objects.deadline("overdue", now).filter(status__in=OPEN_STATUSES) | (
        Case.objects.filter(overdue_since__isnull=False)
    )
    for case in candidates.distinct().order_by("pk"):
        if not _work(case, now):
            continue
        before = (case.overdue_since, case.remind_count, case.supervise_count)
        after = do_mark_overdue(None, case, now=now)
        if after.overdue_since is None:
            counts.cleared += 1
        elif before[0] != after.overdue_since:
            counts.marked += 1
        counts.reminded += after.remind_count - before[1]
        counts.supervised += after.supervise_count - before[2]
    return counts
