"""The performance shortcuts of the cases app, kept apart from the rules (docs/architecture.md,
"Each performance shortcut lives in a `fastpath` module of its app, is selected explicitly,
and has a PostgreSQL test proving it writes the same rows as the normal action").

`report_many` stores many reports at once — the demo's year of cases (cases.demo) and any
bulk loader. Every rule of a report runs first, per case, in `cases.actions.intake.new_case`
(the same function `do_report` calls); then the cases, their report steps and their audit
events are written by three bulk INSERTs instead of three INSERTs per case. The rows are the
ones `do_report` writes (tests/cases/test_fastpath.py compares them on PostgreSQL): the case,
its `report` step, and one audit entry — the case's creation, verb `cases.do_report`, the
step summarised under `extra["also"]`. Photos are not taken (a bulk load has none).

`record_history` writes the later life of loaded cases (their steps, and their outcome
fields) for a demo or a migration of past cases: the steps in bulk and ONE summary audit
entry (the rule for bulk paths: architecture.md, "Bulk paths (imports) write one summary
entry"), not one event per step.
"""

from __future__ import annotations

from django.db import connection, transaction

from gongzhi.cases.actions.intake import ADD, new_case
from gongzhi.cases.actions.patrol import open_patrol_of
from gongzhi.cases.choices import Status
from gongzhi.cases.models import Case, CaseStep
from gongzhi.core import audit
from gongzhi.core.actions import may
from gongzhi.core.errors import Denied
from gongzhi.core.models import AuditEntry
from gongzhi.workdays.services import Calendar

BATCH = 2000
VERB = "cases.do_report"


def _step(case: Case, actor) -> CaseStep:
    """The `report` step `flow._log` writes."""
    signed_in = actor is not None and actor.is_authenticated
    return CaseStep(
        case=case,
        step="report",
        from_status="",
        to_status=Status.REPORTED,
        actor=actor if signed_in else None,
        actor_name=actor.get_username() if signed_in else "",
        note="",
        at=case.reported_at,
    )


def _event(case: Case, step: CaseStep, actor) -> AuditEntry:
    """The one event `core.actions` writes for `do_report`: the case's creation, with the
    step's creation under extra["also"]."""
    step_entry = audit.build(AuditEntry.Action.CREATE, step, after=audit.snapshot(step))
    entry = audit.build(AuditEntry.Action.CREATE, case, after=audit.snapshot(case), actor=actor)
    if actor is not None and getattr(actor, "is_authenticated", False):
        entry.actor, entry.actor_name = actor, actor.get_username()
    entry.verb = VERB
    entry.extra = {
        **(entry.extra or {}),
        "also": [
            {
                "action": step_entry.action,
                "model": step_entry.content_type.model,
                "id": step_entry.object_id,
                "object": step_entry.object_repr,
                "before": step_entry.before,
                "after": step_entry.after,
            }
        ],
    }
    return entry


def report_many(items: list[tuple[object, object, dict]]) -> list[Case]:
    """Store the reports `items` — (actor, street, the keyword arguments of `do_report`
    without photos) — as `do_report` would, one transaction for all (nothing is stored if
    one breaks a rule). Selected explicitly by the caller; returns the stored cases."""
    calendar = Calendar.load()
    memo: dict = {}

    def permits(actor, permission, place):  # one look-up per reporter and place
        key = (actor.pk, permission, type(place).__name__, place.pk)
        if key not in memo:
            memo[key] = may(actor, permission, place)
        return memo[key]

    patrols: dict = {}

    def patrol_of(actor):  # one look-up per reporter
        if actor.pk not in patrols:
            patrols[actor.pk] = open_patrol_of(actor)
        return patrols[actor.pk]

    built = []
    for actor, street, fields in items:
        if not permits(actor, ADD, street):  # the decorator's check of do_report
            raise Denied(VERB, ADD)
        case = new_case(
            actor, street, calendar=calendar, permits=permits, patrol_of=patrol_of, **fields
        )
        built.append((actor, case))
    with transaction.atomic():  # bulk_create sends no signals: no per-row audit entries
        cases = []
        for start in range(0, len(built), BATCH):
            chunk = [case for _actor, case in built[start : start + BATCH]]
            cases.extend(_insert(Case, chunk))
        steps = [_step(case, actor) for (actor, _c), case in zip(built, cases, strict=True)]
        steps = _insert(CaseStep, steps)
        events = [
            _event(case, step, actor)
            for (actor, _c), case, step in zip(built, cases, steps, strict=True)
        ]
        _insert_plain(AuditEntry, events)
    return cases


def _insert(model, objects: list) -> list:
    """bulk_create with the ids back (PostgreSQL and SQLite ≥ 3.35 return them); each
    field's pre_save runs as in save() (the timestamps)."""
    stored = model.objects.bulk_create(objects, batch_size=BATCH)
    assert all(obj.pk for obj in stored), connection.vendor
    return stored


def _insert_plain(model, objects: list) -> None:
    """INSERT rows whose ids nobody needs back, as one prepared statement run for all
    (executemany) with the values save() would send (each field's pre_save and
    get_db_prep_save): bulk_create compiles every row's SQL, and SQLite's 999-parameter
    limit cuts it into batches of a few dozen rows."""
    meta, qn = model._meta, connection.ops.quote_name
    fields = [f for f in meta.local_concrete_fields if f is not meta.auto_field]
    columns = ", ".join(qn(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {qn(meta.db_table)} ({columns}) VALUES ({marks})"
    rows = [
        [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields] for obj in objects
    ]
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)


def _update(cases: list[Case], fields) -> None:
    """One prepared UPDATE run for every case (executemany): bulk_update's CASE WHEN per
    field is far slower for thousands of rows."""
    meta, qn = Case._meta, connection.ops.quote_name
    columns = [meta.get_field(name) for name in fields]
    sets = ", ".join(f"{qn(f.column)} = %s" for f in columns)
    sql = f"UPDATE {qn(meta.db_table)} SET {sets} WHERE {qn(meta.pk.column)} = %s"
    rows = [
        [f.get_db_prep_save(getattr(case, f.attname), connection) for f in columns] + [case.pk]
        for case in cases
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def record_history(cases: list[Case], steps: list[CaseStep], fields: tuple[str, ...], actor=None):
    """The later life of loaded cases: their outcome `fields` (status, times, figures) as set
    on `cases`, and their `steps`, in bulk; one summary audit entry for all of them."""
    with transaction.atomic():  # bulk_create sends no signals: no per-row audit entries
        _update(cases, fields)
        _insert_plain(CaseStep, steps)
        entry = audit.build(
            AuditEntry.Action.IMPORT,
            None,
            actor=actor,
            object_repr=f"{len(cases)} cases",
            extra={"cases": len(cases), "steps": len(steps), "fields": list(fields)},
        )
        entry.verb = "cases.record_history"
        entry.save()
