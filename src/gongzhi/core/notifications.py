"""How a message reaches a person outside the system (SMS, e-mail, the log), for every app:
`GONGZHI_NOTIFICATION_SENDER` names a class (dotted path) with `send(recipient, message)`;
the default only logs. `recipient` is a dict: `phone`, `email`, `masked` (for the log),
optionally `name` and `subject` (an e-mail's subject).

Apps queue their messages after the transaction commits (`transaction.on_commit` and a
django-tasks task beside the code that queues it: services.notifications,
cases.notifications), so a rolled-back change never notifies and a slow SMS gateway never
slows a screen."""

import json
import logging
import urllib.request

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

logger = logging.getLogger("gongzhi.notifications")

DEFAULT_SENDER = "gongzhi.core.notifications.LoggingSender"


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
        subject = recipient.get("subject") or _("A message from the community office")
        send_mail(subject, message, None, [recipient["email"]])
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
