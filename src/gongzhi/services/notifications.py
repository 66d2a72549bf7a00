"""Notifications to the applicant when a request is accepted, needs materials or is
completed. The senders (`GONGZHI_NOTIFICATION_SENDER`: a class with `send(recipient,
message)`; the default only logs) live in core.notifications, shared with cases; they are
re-exported here under their old names. Messages are sent by a django-tasks task
queued after the transaction commits (`transaction.on_commit`), so a rolled-back change
never notifies and a slow SMS gateway never slows the window."""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from gongzhi.core.masking import mask_phone
from gongzhi.core.notifications import (
    DEFAULT_SENDER,
    BaseSender,
    EmailSender,
    LoggingSender,
    SmsSender,
    get_sender,
)
from gongzhi.services.models import ServiceRequest
from gongzhi.services.rating_links import rating_token

__all__ = [
    "DEFAULT_SENDER",
    "BaseSender",
    "EmailSender",
    "LoggingSender",
    "SmsSender",
    "get_sender",
    "message_for",
    "notify_on_commit",
    "send_notification",
]


def message_for(req, event: str, note: str = "") -> str:
    data = {"item": req.item.name, "code": req.tracking_code}
    if event == "submitted":
        return _("Your request %(code)s (%(item)s) was received; follow it with this code.") % data
    if event == "accepted":
        return _("Your request %(code)s (%(item)s) was accepted.") % data
    if event == "materials_requested":
        data["note"] = note or req.status_note
        return _("Your request %(code)s (%(item)s) needs materials: %(note)s") % data
    if event == "completed":
        data["link"] = reverse("services_public:rate") + "?t=" + rating_token(req)
        return _("Your request %(code)s (%(item)s) is completed. Rate it: %(link)s") % data
    return _("Your request %(code)s (%(item)s) changed.") % data


def notify_on_commit(req, event: str) -> None:
    if not (req.applicant_phone or req.applicant_email):
        return  # nobody to tell: no task
    pk, note = req.pk, req.status_note
    # The note is taken now: by the time the task runs the request may have moved on.
    transaction.on_commit(lambda: send_notification.enqueue(pk, event, note))


# The background task lives beside the code that queues it, so that no module imports the
# other (tasks.py keeps its name for tasks queued under the old path).
@task()
def send_notification(request_id: int, event: str, note: str = "") -> bool:
    """Send the applicant the message of `event` (background, after the commit)."""
    req = ServiceRequest.objects.select_related("item").filter(pk=request_id).first()
    if req is None:
        return False
    recipient = {
        "name": req.applicant_name,
        "phone": req.applicant_phone,
        "email": req.applicant_email,
        "masked": mask_phone(req.applicant_phone) or req.applicant_email,
        "subject": _("Your service request"),
    }
    if not (recipient["phone"] or recipient["email"]):
        return False
    return get_sender().send(recipient, message_for(req, event, note))
