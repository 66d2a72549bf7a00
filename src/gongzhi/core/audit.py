"""Writing the audit log. One function, `record`, used by signals, services and views alike.

Inside a use-case action (core.actions) `record` does not write: it hands the entry to the
action, which folds everything that happened into the one event it writes."""

import contextvars
import datetime
import decimal
import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import models

from gongzhi.core import crypto
from gongzhi.core.context import current
from gongzhi.core.fields import BlindIndexField, EncryptedTextField
from gongzhi.core.models import AuditEntry

SENSITIVE_MARK = "[encrypted]"

# The entries of the action running now (None outside actions).
_collected: contextvars.ContextVar[list | None] = contextvars.ContextVar(
    "gongzhi_audit_collected", default=None
)


def collecting() -> bool:
    return _collected.get() is not None


def collect():
    """Start collecting; returns the token for `collected`."""
    return _collected.set([])


def collected(token) -> list:
    """Stop collecting and return what `record` was given meanwhile."""
    entries = _collected.get() or []
    _collected.reset(token)
    return entries


def _jsonable(value):
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def snapshot(instance: models.Model) -> dict:
    """The instance's concrete field values as JSON; sensitive values never enter the log."""
    exclude = set(getattr(instance, "audit_exclude", ()))
    data = {}
    for f in instance._meta.concrete_fields:
        if f.name in exclude or isinstance(f, BlindIndexField):
            continue
        value = getattr(instance, f.attname)
        if isinstance(f, EncryptedTextField):
            # Only whether it changed: the blind index of the same field tells that.
            data[f.name] = SENSITIVE_MARK if value else ""
            continue
        data[f.name] = _jsonable(value)
    return data


def _sensitive_digest(instance: models.Model) -> dict:
    """A keyed hash of each encrypted field's value, to tell in memory whether it changed
    (with or without a blind index on the field); the hashes never enter the log."""
    return {
        f.name: crypto.blind_index(value, "audit-diff")
        if (value := getattr(instance, f.attname))
        else ""
        for f in instance._meta.concrete_fields
        if isinstance(f, EncryptedTextField)
    }


def diff(before: dict | None, after: dict | None) -> tuple[dict | None, dict | None]:
    """Keep only the fields that changed (the whole record on create/delete)."""
    if before is None or after is None:
        return before, after
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def record(action: str, obj: models.Model | None = None, **fields) -> AuditEntry:
    """Write an audit entry now (the keyword arguments are those of `build`)."""
    entry = build(action, obj, **fields)
    pending = _collected.get()
    if pending is not None:
        pending.append(entry)
    else:
        entry.save()
    return entry


def build(
    action: str,
    obj: models.Model | None = None,
    *,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
    extra: dict | None = None,
    actor=None,
    object_repr: str | None = None,
) -> AuditEntry:
    """The entry `record` writes, unsaved (for a caller that writes it with other rows in
    one statement, e.g. services.actions.submit_request on PostgreSQL)."""
    ctx = current()
    user = actor if actor is not None else ctx.user
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    entry = AuditEntry(
        actor=user,
        actor_name=(user.get_username() if user else (extra or {}).get("username", "")),
        ip=ctx.ip,
        request_id=ctx.request_id,
        source=ctx.source,
        action=action,
        before=before,
        after=after,
        reason=reason,
        extra=_jsonable(extra or {}),
    )
    if obj is not None:
        entry.content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        entry.object_id = str(obj.pk)
        entry.object_repr = (object_repr or _safe_str(obj))[:200]
    elif object_repr:
        entry.object_repr = object_repr[:200]
    return entry


def history(obj: models.Model):
    """Audit entries of one object, newest first."""
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return AuditEntry.objects.filter(content_type=ct, object_id=str(obj.pk)).select_related("actor")


def _safe_str(obj: models.Model) -> str:
    """str(obj), even while a cascade deletes the rows its __str__ reads (e.g. a role
    assignment deleted with its grid)."""

    try:
        return str(obj)
    except ObjectDoesNotExist:
        return f"{obj._meta.verbose_name} #{obj.pk}"
