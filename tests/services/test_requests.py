import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gongzhi.core.models import AuditEntry
from gongzhi.services import actions
from gongzhi.services.models import RequestTransition, ServiceRequest, Status
from gongzhi.workdays.models import CalendarDay
from tests.services.conftest import VALID

pytestmark = pytest.mark.django_db


def submit(menu, world, users, **kw):
    kw.setdefault("values", VALID)
    return actions.submit_request(
        menu["permit"],
        street=world["s1"],
        community=world["c1"],
        channel="window",
        user=users["station_staff"],
        applicant_name="张三",
        applicant_phone="13812345678",
        **kw,
    )


def test_submit_creates_request_with_code_due_date_log_and_audit(menu, world, users):
    req = submit(menu, world, users, materials=["居民身份证"])
    assert req.status == Status.SUBMITTED
    assert len(req.tracking_code) == 10
    assert req.materials_received == ["居民身份证"]
    assert req.due_date > timezone.localdate()
    t = req.transitions.get()
    assert (t.from_status, t.to_status, t.actor) == ("", "submitted", users["station_staff"])
    assert AuditEntry.objects.filter(object_id=str(req.pk), action="create").exists()
    # the phone is stored encrypted and never copied into the log
    entry = AuditEntry.objects.get(
        object_id=str(req.pk), action="create", content_type__model="servicerequest"
    )
    assert "13812345678" not in str(entry.after)


@pytest.mark.parametrize(
    "values, field",
    [
        ({"since": "2026-01-05"}, "reason"),  # required missing
        ({"reason": "play", "since": "2026-01-05"}, "reason"),  # outside the list
        ({"reason": "work", "since": "5 Jan"}, "since"),  # bad date
        ({**VALID, "people": "many"}, "people"),  # not a number
        ({**VALID, "tags": "a,z"}, "tags"),  # multichoice outside
        ({**VALID, "note": "<b>hi</b>"}, "note"),  # HTML
        ({**VALID, "scan": "not a url"}, "scan"),
    ],
)
def test_field_validation_per_type_stores_nothing(menu, world, users, values, field):
    with pytest.raises(ValidationError) as exc:
        submit(menu, world, users, values=values)
    assert field in exc.value.message_dict
    assert ServiceRequest.objects.count() == 0
    assert RequestTransition.objects.count() == 0


def test_valid_values_are_cleaned(menu, world, users):
    req = submit(
        menu, world, users, values={**VALID, "people": "3", "tags": ["a", "b"], "note": "hi"}
    )
    assert req.values == {
        "reason": "work",
        "since": "2026-01-05",
        "people": "3",
        "tags": ["a", "b"],
        "note": "hi",
    }


def test_description_limit_and_html(menu, world, users):
    with pytest.raises(ValidationError) as exc:
        submit(menu, world, users, description="x" * 4001)
    assert "description" in exc.value.message_dict
    with pytest.raises(ValidationError):
        submit(menu, world, users, description="<script>alert(1)</script>")
    with pytest.raises(ValidationError):
        submit(menu, world, users, description="&lt;img src=x&gt;")
    assert ServiceRequest.objects.count() == 0
    assert submit(menu, world, users, description="x" * 4000).pk


def test_unknown_material_refused(menu, world, users):
    with pytest.raises(ValidationError) as exc:
        submit(menu, world, users, materials=["护照"])
    assert "materials" in exc.value.message_dict


def test_offline_item_cannot_be_requested_online(menu, world, users):
    with pytest.raises(ValidationError):
        actions.submit_request(
            menu["offline"],
            street=world["s1"],
            community=world["c1"],
            channel="online",
            user=users["resident"],
        )


def test_resident_must_live_in_the_community(menu, world, users, reg):
    with pytest.raises(ValidationError) as exc:
        submit(menu, world, users, resident=reg["zhao"])  # lives in C2
    assert "resident" in exc.value.message_dict
    req = submit(menu, world, users, resident=reg["zhang"])
    assert req.resident == reg["zhang"]


def test_full_happy_path_records_every_step(menu, world, users):
    staff = users["station_staff"]
    req = submit(menu, world, users)
    req = actions.do_transition(staff, req, "accept")
    req = actions.do_transition(staff, req, "start")
    req = actions.do_transition(staff, req, "transfer", "需区民政局审批", department=world["dept"])
    assert req.transferred_to_department == world["dept"]
    req = actions.do_transition(staff, req, "complete", "已办结，证件已发放")
    assert req.result == "已办结，证件已发放" and req.on_time is True
    actions.do_rate(staff, req, 4, "满意", channel="window")
    req.refresh_from_db()
    assert req.status == Status.RATED and req.rating.stars == 4
    steps = list(req.transitions.values_list("action", "from_status", "to_status"))
    assert steps == [
        ("submit", "", "submitted"),
        ("accept", "submitted", "accepted"),
        ("start", "accepted", "in_progress"),
        ("transfer", "in_progress", "transferred"),
        ("complete", "transferred", "completed"),
        ("rate", "completed", "rated"),
    ]
    assert all(t.actor == staff and t.at for t in req.transitions.all())


@pytest.mark.parametrize(
    "path, action",
    [
        ([], "complete"),  # submitted cannot be completed before acceptance
        ([], "start"),
        ([("accept", "")], "refuse"),
        ([("accept", ""), ("complete", "ok")], "withdraw"),
        ([("refuse", "不符合条件")], "accept"),
        ([("withdraw", "")], "accept"),
        ([], "rate"),
        ([], "fly"),
    ],
)
def test_illegal_transitions_raise_and_change_nothing(menu, world, users, path, action):
    staff = users["station_staff"]
    req = submit(menu, world, users)
    for step, note in path:
        req = actions.do_transition(staff, req, step, note)
    before = (req.status, req.transitions.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError):
        actions.do_transition(staff, req, action, "note")
    req.refresh_from_db()
    assert (req.status, req.transitions.count(), AuditEntry.objects.count()) == before


@pytest.mark.parametrize("action", ["refuse", "request_materials", "transfer", "complete"])
def test_reason_or_note_required(menu, world, users, action):
    staff = users["station_staff"]
    req = submit(menu, world, users)
    if action in ("transfer", "complete"):
        req = actions.do_transition(staff, req, "accept")
    with pytest.raises(ValidationError) as exc:
        actions.do_transition(staff, req, action, "  ")
    assert "note" in exc.value.message_dict


def test_transfer_needs_a_destination(menu, world, users):
    staff = users["station_staff"]
    req = actions.do_transition(staff, submit(menu, world, users), "accept")
    with pytest.raises(ValidationError) as exc:
        actions.do_transition(staff, req, "transfer", "请处理")
    assert "transferred_to" in exc.value.message_dict
    req = actions.do_transition(staff, req, "transfer", "请处理", transferred_to="街道民生服务中心")
    assert req.transferred_to == "街道民生服务中心"


def test_withdraw_by_resident_before_completion(menu, world, users):
    req = actions.submit_request(
        menu["simple"],
        street=world["s1"],
        community=world["c1"],
        channel="online",
        user=users["resident"],
    )
    req = actions.do_withdraw(users["resident"], req, "不需要了")
    assert req.status == Status.WITHDRAWN


# --- time limits in working days ---------------------------------------------------------


def test_due_date_counts_working_days_skipping_holidays(menu, world, users, monkeypatch):
    # Thursday 2026-09-24; 25–27 Sep are 中秋 holidays; 5 working days → Fri 2 Oct? no:
    # 28,29,30 Sep, then 1–7 Oct 国庆 holidays, 8 Oct, 9 Oct → due 9 Oct.
    from gongzhi.workdays import data

    data.load(2026)
    monkeypatch.setattr(timezone, "localdate", lambda *a: datetime.date(2026, 9, 24))
    req = submit(menu, world, users)
    assert req.due_date == datetime.date(2026, 10, 9)


def test_materials_requested_pauses_the_clock(menu, world, users, monkeypatch):
    CalendarDay.objects.all().delete()
    staff = users["station_staff"]
    day = {"d": datetime.date(2026, 3, 2)}  # a Monday
    monkeypatch.setattr(timezone, "localdate", lambda *a: day["d"])
    req = submit(menu, world, users)  # 5 working days → Mon 9 Mar
    assert req.due_date == datetime.date(2026, 3, 9)
    req = actions.do_transition(staff, req, "request_materials", "缺租房合同")
    assert req.paused_since == datetime.date(2026, 3, 2)
    assert req.deadline_state(datetime.date(2026, 3, 20)) == ""  # paused: never overdue
    assert req not in ServiceRequest.objects.overdue(datetime.date(2026, 3, 20))
    day["d"] = datetime.date(2026, 3, 5)  # Thursday: 3 working days paused (3,4,5)
    req = actions.do_transition(staff, req, "receive_materials")
    assert req.paused_days == 3
    assert req.due_date == datetime.date(2026, 3, 12)
    assert req.paused_since is None
    day["d"] = datetime.date(2026, 3, 13)
    assert req.deadline_state() == "overdue"
    assert req in ServiceRequest.objects.overdue()
    req = actions.do_transition(staff, req, "complete", "ok")
    assert req.on_time is False


def test_due_soon(menu, world, users):
    req = submit(menu, world, users)
    assert req.deadline_state(req.due_date) == "due_soon"
    assert req.deadline_state(req.due_date - datetime.timedelta(days=10)) == ""


def test_on_time_rate_per_item_staff_community_street(menu, world, users, monkeypatch):
    from gongzhi.services import sla

    staff = users["station_staff"]
    a = actions.do_transition(
        staff, actions.do_transition(staff, submit(menu, world, users), "accept"), "complete", "ok"
    )
    b = actions.do_transition(staff, submit(menu, world, users), "accept")
    ServiceRequest.objects.filter(pk=b.pk).update(
        due_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    b.refresh_from_db()
    actions.do_transition(staff, b, "complete", "late")
    actions.do_rate(staff, a, 5, channel="window")
    qs = ServiceRequest.objects.all()
    for by in ("item", "staff", "community", "street"):
        rows = sla.figures(qs, by)
        assert len(rows) == 1
        row = rows[0]
        assert (row["completed"], row["on_time"], row["rate"], row["satisfaction"]) == (
            2,
            1,
            50.0,
            5.0,
        )
