"""已办: the steps a user finished, read from the audit log — the entries where the user is
the actor of a finishing step, as each app declares them (`DONE` in `<app>/nav.py`,
core.nav.Done)."""

from gongzhi.core.models import AuditEntry
from gongzhi.core.nav import done_condition


def done_by(user):
    """The audit entries of the steps `user` finished (their own, no one else's), newest
    first."""
    if user is None or not user.is_authenticated:
        return AuditEntry.objects.none()
    return AuditEntry.objects.filter(done_condition(), actor=user).order_by("-timestamp", "-id")
