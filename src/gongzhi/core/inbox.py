"""In-app notifications (the bell in the top bar): the one channel that works with nothing
else installed. Apps call `notify_in_app(user, text, url)` where something is assigned to a
user, returned to them, escalated (催办/督办) or about to be overdue; SMS and 政务微信 stay
behind `GONGZHI_NOTIFICATION_SENDER` (core.notifications), for the people outside.

Both writes are actions (core.actions): called inside an app's action, the notification
joins it (one transaction: a rolled-back step notifies nobody; one audit event, the app's);
called alone (a periodic job), it is its own event."""

from __future__ import annotations

from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from gongzhi.core.actions import action
from gongzhi.core.errors import Denied
from gongzhi.core.models import Notification

MAX_TEXT: int = Notification._meta.get_field("text").max_length or 300
MAX_URL: int = Notification._meta.get_field("url").max_length or 500


def local_url(url: str) -> str:
    """Only a path on this site: a notification never links elsewhere (no open redirect)."""
    url = (url or "").strip()
    if len(url) > MAX_URL or not url.startswith("/") or url.startswith("//"):
        return ""
    return url if url_has_allowed_host_and_scheme(url, allowed_hosts=None) else ""


def _shorten(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


# public: the system tells a user something; the callers are server code (the apps' actions
# and jobs), never a door taking the recipient from a request.
@action(None, public=True)
def do_notify(actor, recipient, text: str, url: str = "") -> Notification:
    """Add a notification to `recipient`'s bell."""
    notification = Notification(user=recipient, text=_shorten(text), url=local_url(url))
    notification.save()
    return notification


# public: the owner marks their own notification; anyone else is refused.
@action(None, public=True)
def do_mark_read(actor, notification: Notification) -> Notification:
    """Mark the user's own notification read (when they open it)."""
    if actor is None or notification.user_id != getattr(actor, "pk", None):
        raise Denied("core.do_mark_read", "own notification")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notify_in_app(user, text: str, url: str = "", *, actor=None) -> Notification | None:
    """Tell `user` in the app (nobody to tell: None). `actor` is who caused it, if anyone."""
    if user is None or not getattr(user, "is_active", False) or not str(text).strip():
        return None
    return do_notify(actor, user, str(text), url)


def notify_all(users, text: str, url: str = "", *, actor=None, skip=None) -> int:
    """The same notification to each of `users` (but not `skip`, the one who caused it)."""
    count = 0
    for user in users:
        if skip is not None and user.pk == skip.pk:
            continue
        if notify_in_app(user, text, url, actor=actor) is not None:
            count += 1
    return count


def unread_count(user) -> int:
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.visible_to(user).unread().count()
