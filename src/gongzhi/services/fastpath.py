"""The one performance shortcut of the services app, kept apart from the rules
(docs/performance.md): on PostgreSQL a new request, its first step and its audit entry are
written by one statement. Selected explicitly (`submit_request(..., fast=True)`: the Open311
and REST API doors); every rule has run before it is reached."""

from django.db import connections, router

from gongzhi.core import audit, text
from gongzhi.core.models import AuditEntry
from gongzhi.services.models import RequestTransition, ServiceRequest


def _insert_sql(obj, connection, overrides: dict) -> tuple[str, list]:
    """`INSERT INTO <table> (<columns>) VALUES (…)` with the values the ORM would send for
    `obj` (each field's pre_save and get_db_prep_save: defaults, timestamps, encryption,
    JSON), except the columns in `overrides` (attname → (SQL expression, its params))."""
    meta, qn = obj._meta, connection.ops.quote_name
    columns, values, params = [], [], []
    for f in meta.local_concrete_fields:
        if f is meta.auto_field:
            continue
        columns.append(qn(f.column))
        if f.attname in overrides:
            expression, extra = overrides[f.attname]
            values.append(expression)
            params.extend(extra)
        else:
            values.append("%s")
            params.append(f.get_db_prep_save(f.pre_save(obj, True), connection))
    sql = f"INSERT INTO {qn(meta.db_table)} ({', '.join(columns)}) VALUES ({', '.join(values)})"
    return sql, params


def available(req: ServiceRequest) -> bool:
    """Only PostgreSQL chains INSERTs with a WITH; and inside a use-case action the audit
    entry belongs to the action's one event (core.actions), so the normal path is taken."""
    alias = router.db_for_write(ServiceRequest, instance=req)
    return connections[alias].vendor == "postgresql" and not audit.collecting()


def insert_request(req: ServiceRequest, step: RequestTransition) -> None:
    """Store a new request, its first step and its audit entry — the same rows as
    `req.save()` (whose post_save writes the audit entry, core.signals) and `step.save()` —
    in ONE statement (three INSERTs chained by a WITH, atomic by themselves): one round
    trip instead of five with the transaction's. tests/services/test_fastpath.py compares
    the rows with the normal path's."""
    alias = router.db_for_write(ServiceRequest, instance=req)
    connection = connections[alias]
    qn = connection.ops.quote_name
    pk = qn(ServiceRequest._meta.pk.column)
    text.enforce(req)  # the pre_save signal's text rule, which this insert bypasses
    req_sql, req_params = _insert_sql(req, connection, {})  # runs pre_save, as save() does
    # The entry core.signals.log_save writes for a created AuditedModel; the request's id
    # is known only inside the statement, so it is filled in there.
    entry = audit.build(AuditEntry.Action.CREATE, req, after=audit.snapshot(req))
    after = AuditEntry._meta.get_field("after")
    step_sql, step_params = _insert_sql(
        step, connection, {"request_id": (f"(SELECT {pk} FROM r)", [])}
    )
    entry_sql, entry_params = _insert_sql(
        entry,
        connection,
        {
            "object_id": (f"(SELECT {pk}::text FROM r)", []),
            "after": (
                f"jsonb_set(%s, '{{id}}', (SELECT to_jsonb({pk}) FROM r))",
                [after.get_db_prep_save(entry.after, connection)],
            ),
        },
    )
    sql = (
        f"WITH r AS ({req_sql} RETURNING {pk}), s AS ({step_sql}), a AS ({entry_sql}) "
        f"SELECT {pk} FROM r"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, req_params + step_params + entry_params)
        req.pk = cursor.fetchone()[0]
    req._state.adding, req._state.db = False, alias
    step.request_id = req.pk
