"""Notifications to the applicant when a request is accepted, needs materials or is
completed, and in the app (the bell, core.inbox) to the staff a request is transferred to,
returned to, supervised on or about to be overdue with (`remind_due_soon`). The senders (`GONGZHI_NOTIFICATION_SENDER`: a class with `send(recipient,
message)`; the default only logs) live in core.notifications, shared with cases; they are
re-exported here under their old names. Messages are sent by a django-tasks task
queued after the transaction commits (`transaction.on_commit`), so a rolled-back change
never notifies and a slow SMS gateway never slows the window."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from gongzhi.core.inbox import notify_all, notify_in_app
from gongzhi.core.masking import mask_phone
from gongzhi.core.models import Notification
from gongzhi.core.notifications import (
    DEFAULT_SENDER,
    BaseSender,
    EmailSender,
    LoggingSender,
    SmsSender,
    get_sender,
)
from gongzhi.org.directory import users_holding
from gongzhi.services.models import ServiceRequest
from gongzhi.services.rating_links import rating_token
from gongzhi.workdays.services import Calendar

__all__ = [
    "DEFAULT_SENDER",
    "BaseSender",
    "EmailSender",
    "LoggingSender",
    "SmsSender",
    "get_sender",
    "message_for",
    "notify_on_commit",
    "notify_step_in_app",
    "notify_supervised_in_app",
    "remind_due_soon",
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


# --- in the app (the bell, core.inbox) ------------------------------------------------------

HANDLE = "services.handle_servicerequest"
DUE_SOON_WORKING_DAYS = 1


def _staff_url(req) -> str:
    return reverse("services:request_detail", args=[req.pk])


def _data(req, note: str = "") -> dict:
    return {"code": req.tracking_code, "item": req.item.name, "note": note or "—"}


def notify_step_in_app(req, step: str, event: str | None, actor) -> None:
    """Inside the action that moved `req`: the applicant's account hears what the SMS says;
    a department hears of a request transferred to it (assigned); the handler hears of one
    returned by the department. Rolled back with the step."""
    if event and req.account_id:
        notify_in_app(
            req.account,
            message_for(req, event, req.status_note),
            reverse("services:my_requests"),
            actor=actor,
        )
    if step == "transfer" and req.transferred_to_department_id:
        text = _("Request %(code)s (%(item)s) was transferred to your department: %(note)s")
        recipients = users_holding(
            HANDLE, street=req.street, department=req.transferred_to_department
        )
        notify_all(
            recipients, text % _data(req, req.status_note), _staff_url(req), actor=actor, skip=actor
        )
    if step == "return" and req.handled_by_id and req.handled_by_id != getattr(actor, "pk", None):
        text = _("Request %(code)s (%(item)s) was returned by the department: %(note)s")
        notify_in_app(
            req.handled_by, text % _data(req, req.status_note), _staff_url(req), actor=actor
        )


def notify_supervised_in_app(req, note: str, actor) -> None:
    """督办: the staff member handling the request hears of it."""
    if req.handled_by_id and req.handled_by_id != getattr(actor, "pk", None):
        text = _("Request %(code)s (%(item)s) is under supervision (督办): %(note)s")
        notify_in_app(req.handled_by, text % _data(req, note), _staff_url(req), actor=actor)


def remind_due_soon(today=None) -> int:
    """The periodic job (`gongzhi remind_due_requests`): each open request, clock running,
    due today or on the next working day, tells its handler — once a day. How many told."""
    today = today or timezone.localdate()
    horizon = Calendar.load().add_working_days(today, DUE_SOON_WORKING_DAYS)
    due = (
        ServiceRequest.objects.open()
        .exclude(status=ServiceRequest.Status.MATERIALS_REQUESTED)
        .filter(handled_by__isnull=False, due_date__gte=today, due_date__lte=horizon)
        .select_related("item", "handled_by")
    )
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    told = 0
    for req in due:
        url = _staff_url(req)
        if Notification.objects.filter(
            user=req.handled_by, url=url, created_at__gte=start
        ).exists():
            continue  # already told today
        text = _("Request %(code)s (%(item)s) is due on %(due)s.") % {
            **_data(req),
            "due": req.due_date.isoformat(),
        }
        if notify_in_app(req.handled_by, text, url) is not None:
            told += 1
    return told
