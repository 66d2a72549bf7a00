"""Notifications to the applicant when a request is accepted, needs materials or is
completed. Pluggable: `GONGZHI_NOTIFICATION_SENDER` names a class (dotted path) with
`send(recipient, message)`; the default only logs. Messages are sent by a django-tasks task
queued after the transaction commits (`transaction.on_commit`), so a rolled-back change
never notifies and a slow SMS gateway never slows the window."""

import json
import logging
import urllib.request

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks import task

from gongzhi.core.masking import mask_phone
from gongzhi.services.models import ServiceRequest
from gongzhi.services.rating_links import rating_token

logger = logging.getLogger("gongzhi.services.notifications")

DEFAULT_SENDER = "gongzhi.services.notifications.LoggingSender"


class BaseSender:
    def send(self, recipient: dict, message: str) -> bool:  # pragma: no cover - interface
        raise NotImplementedError


class LoggingSender(BaseSender):
    """Writes the message to the log (development, demo, tests)."""

    sent: list = []  # the last messages, for tests and the demo

    def send(self, recipient, message):
        logger.info("notify %s: %s", recipient.get("masked", ""), message)
        LoggingSender.sent.append((recipient, message))
        del LoggingSender.sent[:-100]
        return True


class EmailSender(BaseSender):
    """E-mail through Django's mail settings (EMAIL_HOST, …)."""

    def send(self, recipient, message):
        if not recipient.get("email"):
            return False
        send_mail(_("Your service request"), message, None, [recipient["email"]])
        return True


class SmsSender(BaseSender):
    """An SMS gateway spoken to over HTTP: POSTs {"phone", "message"} as JSON to
    GONGZHI_SMS_URL with GONGZHI_SMS_TOKEN as a bearer token (adapt to the operator's API)."""

    def send(self, recipient, message):
        url = getattr(settings, "GONGZHI_SMS_URL", "")
        if not recipient.get("phone") or not url:
            return False
        body = json.dumps({"phone": recipient["phone"], "message": message}).encode()
        req = urllib.request.Request(
            url,
            data=body,
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {getattr(settings, 'GONGZHI_SMS_TOKEN', '')}",
            },
        )
        with urllib.request.urlopen(req, timeout=10) as response:
            return 200 <= response.status < 300


def get_sender() -> BaseSender:
    return import_string(getattr(settings, "GONGZHI_NOTIFICATION_SENDER", DEFAULT_SENDER))()


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
    }
    if not (recipient["phone"] or recipient["email"]):
        return False
    return get_sender().send(recipient, message_for(req, event, note))
