"""Who is acting, from where, in which request: read by the audit log.

Set by AuditContextMiddleware for web requests and by `acting_as()` for commands and tasks.
"""

import contextvars
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ActorContext:
    user: Any = None  # a user, an anonymous user or None (a system job)
    ip: str | None = None
    request_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    source: str = "web"


_current: contextvars.ContextVar[ActorContext | None] = contextvars.ContextVar(
    "gongzhi_actor", default=None
)


def current() -> ActorContext:
    return _current.get() or ActorContext(source="system")


@contextmanager
def acting_as(
    user=None, *, ip: str | None = None, source: str = "cli", request_id: str | None = None
):
    ctx = ActorContext(user=user, ip=ip, source=source, request_id=request_id or uuid.uuid4().hex)
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)
