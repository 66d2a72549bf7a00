"""The contract every write goes through: `@action` on `do_<verb>(actor, obj_or_scope, …)`.

One decorator, so that no door (screen, API, import, admin, command, task) can write around a
rule:

1. **Permission by role AND place.** `permission` ("app.codename") must be granted to the
   actor by a role whose place holds `place(obj)` (by default `obj` itself: the record acted
   on, or the grid/community/street a new record goes into). The check is org's
   (`org.permits.may`, registered at start-up: core imports no app). A refusal raises
   `core.errors.Denied` (403) and is audited as `denied`.
2. **One transaction.** The body runs in `transaction.atomic()`; a refusal (a
   `core.errors.ActionError` with a stable code) leaves nothing behind.
3. **Exactly one audit event.** Whatever the body saves, the audit log gets one entry: the
   primary record's change (the one returned, else `obj`), with `verb` (the use case),
   `reason` (the `reason=` or `note=` argument), the actor, and the other records the action
   touched summarised under `extra["also"]`.

An action called inside another action joins it: one transaction, one event (the outer's).
`public=True` marks the few actions a resident or an anonymous client may take (submitting a
request, rating it); they check what they need themselves.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable

from django.db import models, transaction
from django.utils.translation import gettext_lazy

from gongzhi.core import audit
from gongzhi.core.errors import Common, Denied, refuse
from gongzhi.core.models import AuditEntry

ALSO_LIMIT = 50  # records listed under extra["also"]; beyond it, only their number

_authorizer: Callable[[object, str, object], bool] | None = None

# "app.do_verb" → the wrapped function, for the documentation command and the tests that
# check every write goes through an action.
REGISTRY: dict[str, Callable] = {}


def register_authorizer(fn: Callable[[object, str, object], bool]) -> None:
    """Called once by org at start-up: `fn(actor, permission, place) -> bool`."""
    global _authorizer
    _authorizer = fn


def may(actor, permission: str, place) -> bool:
    if _authorizer is None:  # pragma: no cover - org is always installed
        raise RuntimeError("no authorizer registered (is gongzhi.org installed?)")
    return _authorizer(actor, permission, place)


OUT_OF_SCOPE_MESSAGE = gettext_lazy("You can only record things inside your own area.")


def out_of_scope():
    """The one refusal of a record that would lie outside the actor's area."""
    refuse(Common.OUT_OF_SCOPE, OUT_OF_SCOPE_MESSAGE)


def check_place(actor, permission: str, obj) -> None:
    """After the save: the record, where it now lies, is still one the actor may act on with
    `permission` (a new building's grid, an edited household's new grid, a policy's street).
    The decorator checked the place before; this checks where the change put it (nothing is
    written otherwise: the action's transaction rolls back)."""
    if actor is not None and not may(actor, permission, obj):
        out_of_scope()


def action(
    permission: str | None,
    *,
    place: Callable | None = None,
    kind: str | None = None,
    public: bool = False,
):
    """Make `do_<verb>(actor, obj, …)` a use-case action (see the module docstring).

    `kind` is the audit action (`AuditEntry.Action`) when the change's own (create, update,
    delete) would not say it, e.g. TRANSITION or IMPORT."""
    if permission is None and not public:
        raise ValueError("an action needs a permission, or public=True")

    def decorate(fn):
        verb = f"{fn.__module__.removeprefix('gongzhi.').split('.')[0]}.{fn.__name__}"
        signature = inspect.signature(fn)

        @functools.wraps(fn)
        def run(actor, obj, *args, **kwargs):
            if permission is not None:
                target = place(obj) if place else obj
                if not may(actor, permission, target):
                    _denied(actor, verb, permission, target)
                    raise Denied(verb, permission)
            if audit.collecting():  # inside another action: it writes the event
                with transaction.atomic():
                    return fn(actor, obj, *args, **kwargs)
            token = audit.collect()
            try:
                with transaction.atomic():
                    result = fn(actor, obj, *args, **kwargs)
                    entries = audit.collected(token)
                    token = None
                    reason = _reason(signature, actor, obj, args, kwargs)
                    _one_event(verb, kind, actor, obj, result, entries, reason).save()
            finally:
                if token is not None:
                    audit.collected(token)
            return result

        run.verb, run.permission, run.public = verb, permission, public
        REGISTRY[verb] = run
        return run

    return decorate


def _reason(signature, actor, obj, args, kwargs) -> str:
    """The action's `reason` or `note` argument, however it was passed."""
    bound = signature.bind_partial(actor, obj, *args, **kwargs).arguments
    return bound.get("reason") or bound.get("note") or ""


def _denied(actor, verb: str, permission: str, target) -> None:
    entry = audit.build(
        AuditEntry.Action.DENIED,
        target if isinstance(target, models.Model) else None,
        actor=actor,
        extra={"verb": verb, "permission": permission},
    )
    entry.verb = verb
    entry.save()  # outside the action's transaction: the refusal itself is kept


def _same_object(entry: AuditEntry, obj) -> bool:
    return (
        isinstance(obj, models.Model)
        and entry.object_id == str(obj.pk)
        and entry.content_type is not None
        and entry.content_type.model_class() is obj._meta.concrete_model
    )


def _one_event(verb, kind, actor, obj, result, entries: list, reason) -> AuditEntry:
    primary = result if isinstance(result, models.Model) else obj
    mine = [e for e in entries if _same_object(e, primary)] or entries[:1]
    main = mine[0] if mine else None
    for later in mine[1:]:  # the same record saved again: one change, first before, last after
        _merge(mine[0], later)
    if main is None:
        main = audit.build(
            kind or AuditEntry.Action.OTHER,
            primary if isinstance(primary, models.Model) else None,
            actor=actor,
        )
    elif actor is not None and getattr(actor, "is_authenticated", False):
        main.actor, main.actor_name = actor, actor.get_username()
    if kind:
        main.action = kind
    main.verb = verb
    if reason and not main.reason:
        main.reason = str(reason)
    others = [e for e in entries if not any(e is m for m in mine)]
    if others:
        main.extra = {
            **(main.extra or {}),
            "also": [_summary(e) for e in others[:ALSO_LIMIT]],
            **({"also_more": len(others) - ALSO_LIMIT} if len(others) > ALSO_LIMIT else {}),
        }
    return main


def _merge(main: AuditEntry, later: AuditEntry) -> None:
    if later.action == AuditEntry.Action.DELETE:
        main.action, main.after = later.action, None
        return
    after = later.after or {}
    if main.before is not None:
        main.before = {**{k: (later.before or {}).get(k) for k in after}, **main.before}
    main.after = {**(main.after or {}), **after}


def _summary(entry: AuditEntry) -> dict:
    return {
        "action": entry.action,
        "model": entry.content_type.model if entry.content_type is not None else "",
        "id": entry.object_id,
        "object": entry.object_repr,
        "before": entry.before,
        "after": entry.after,
    }
