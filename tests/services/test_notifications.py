import pytest
from django.test import override_settings

from gongzhi.services import actions
from gongzhi.services.notifications import LoggingSender
from tests.services.conftest import VALID

pytestmark = pytest.mark.django_db

SENT = []


class FakeSms:
    def send(self, recipient, message):
        SENT.append((recipient["phone"], message))
        return True


@pytest.fixture
def req(menu, world, users):
    SENT.clear()
    return actions.submit_request(
        menu["permit"],
        street=world["s1"],
        community=world["c1"],
        channel="window",
        user=users["station_staff"],
        applicant_name="张三",
        applicant_phone="13812345678",
        values=VALID,
    )


@override_settings(GONGZHI_NOTIFICATION_SENDER="tests.services.test_notifications.FakeSms")
def test_accept_materials_complete_notify_after_commit(
    req, users, django_capture_on_commit_callbacks
):
    staff = users["station_staff"]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        actions.do_transition(staff, req, "accept")
    assert SENT == [] and len(callbacks) == 1  # nothing sent before the commit
    callbacks[0]()
    assert SENT[0][0] == "13812345678" and req.tracking_code in SENT[0][1]
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_transition(staff, req, "request_materials", "缺照片")
        actions.do_transition(staff, req, "receive_materials")
        actions.do_transition(staff, req, "start")  # no notification
        actions.do_transition(staff, req, "complete", "ok")
    assert len(SENT) == 3
    assert "缺照片" in SENT[1][1]
    assert "/public/services/rate/?t=" in SENT[2][1]


@override_settings(GONGZHI_NOTIFICATION_SENDER="tests.services.test_notifications.FakeSms")
def test_rolled_back_transition_sends_nothing(req, users, django_capture_on_commit_callbacks):
    from django.core.exceptions import ValidationError

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(ValidationError):
            actions.do_transition(
                users["station_staff"], req, "complete", "ok"
            )  # illegal from submitted
    assert callbacks == [] and SENT == []


def test_default_backend_logs(req, users, django_capture_on_commit_callbacks):
    LoggingSender.sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_transition(users["station_staff"], req, "accept")
    assert LoggingSender.sent and LoggingSender.sent[-1][0]["masked"] == "138****5678"


def test_sms_and_email_backends_are_classes():
    from gongzhi.services.notifications import BaseSender, EmailSender, SmsSender

    assert issubclass(SmsSender, BaseSender) and issubclass(EmailSender, BaseSender)
    assert SmsSender().send({"phone": "1"}, "x") is False  # no gateway configured


@override_settings(GONGZHI_NOTIFICATION_SENDER="tests.services.test_notifications.FakeSms")
def test_submission_sends_the_tracking_code(menu, world, users, django_capture_on_commit_callbacks):
    SENT.clear()
    with django_capture_on_commit_callbacks(execute=True):
        r = actions.submit_request(
            menu["simple"],
            street=world["s1"],
            community=world["c1"],
            channel="window",
            user=users["station_staff"],
            applicant_phone="13700000000",
        )
        actions.submit_request(
            menu["simple"],
            street=world["s1"],
            community=world["c1"],
            channel="window",
            user=users["station_staff"],
        )  # no phone: no task
    assert len(SENT) == 1 and r.tracking_code in SENT[0][1]
