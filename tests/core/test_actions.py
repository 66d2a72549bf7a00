"""The contract every write goes through (core.actions, core.errors, core.statemachine),
shown on the services app's request transitions, its worked example."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from gongzhi.core import audit
from gongzhi.core.actions import REGISTRY, action
from gongzhi.core.errors import ActionError, Common, Denied
from gongzhi.core.models import AuditEntry
from gongzhi.core.statemachine import StateMachine, Transition
from gongzhi.org.models import Community
from gongzhi.services import actions
from gongzhi.services.models import Status
from tests.services.conftest import VALID

pytestmark = pytest.mark.django_db
API = "/api/services/requests/"


def _submit(menu, world, users, community="c1"):
    return actions.submit_request(
        menu["permit"],
        street=world["s1"],
        community=world[community],
        channel="window",
        user=users["station_staff"],
        applicant_name="张三",
        applicant_phone="13812345678",
        values=VALID,
    )


def test_one_transition_writes_exactly_one_audit_event_with_verb_and_reason(menu, world, users):
    req = _submit(menu, world, users)
    before = AuditEntry.objects.count()
    actions.do_transition(users["station_staff"], req, "request_materials", "缺照片")
    entries = list(AuditEntry.objects.order_by("-id")[: AuditEntry.objects.count() - before])
    assert len(entries) == 1
    (entry,) = entries
    assert (entry.action, entry.verb, entry.reason) == (
        AuditEntry.Action.TRANSITION,
        "services.do_transition",
        "缺照片",
    )
    assert entry.actor == users["station_staff"]
    assert entry.object_id == str(req.pk)
    assert entry.before["status"] == Status.SUBMITTED
    assert entry.after["status"] == Status.MATERIALS_REQUESTED


def test_role_and_place_a_station_worker_of_c1_may_not_move_a_request_of_c2(menu, world, users):
    req = _submit(menu, world, users, community="c2")
    with pytest.raises(Denied):
        actions.do_transition(users["station_staff"], req, "accept")
    req.refresh_from_db()
    assert req.status == Status.SUBMITTED
    denied = AuditEntry.objects.filter(action=AuditEntry.Action.DENIED).get()
    assert denied.verb == "services.do_transition"
    assert denied.object_id == str(req.pk)


def test_a_role_without_the_permission_is_refused_even_in_its_place(menu, world, users):
    req = _submit(menu, world, users)
    with pytest.raises(Denied):  # the grid worker's grid is in c1, but it handles no requests
        actions.do_transition(users["grid_worker"], req, "accept")


def test_refusals_carry_stable_codes_and_change_nothing(menu, world, users):
    staff = users["station_staff"]
    req = _submit(menu, world, users)
    count = AuditEntry.objects.count()
    cases = [
        ("fly", "", Common.UNKNOWN_TRANSITION),
        ("complete", "", Common.NOTE_REQUIRED),
        ("receive_materials", "", Common.ILLEGAL_TRANSITION),
        ("return", "x", Common.ILLEGAL_TRANSITION),
        ("transfer", "请处理", Common.ILLEGAL_TRANSITION),
    ]
    for step, note, code in cases:
        with pytest.raises(ActionError) as exc:
            actions.do_transition(staff, req, step, note)
        assert exc.value.code == code, step
    req.refresh_from_db()
    assert req.status == Status.SUBMITTED
    assert AuditEntry.objects.count() == count
    req = actions.do_transition(staff, req, "accept")
    with pytest.raises(ActionError) as exc:
        actions.do_transition(staff, req, "transfer", "请处理")
    assert (exc.value.code, exc.value.field) == ("no_destination", "transferred_to")
    req.refresh_from_db()
    assert req.status == Status.ACCEPTED


def test_the_api_answers_400_with_code_and_message(menu, world, users, verified_client):
    req = _submit(menu, world, users)
    client = verified_client(users["station_staff"])
    r = client.post(
        f"{API}{req.pk}/transition/", {"action": "complete"}, content_type="application/json"
    )
    assert r.status_code == 400, r.content
    assert r.json() == {"note": [{"code": "note_required", "message": "请填写办理结果。"}]}


def test_an_action_inside_an_action_joins_its_transaction_and_event(world, users):
    @action("org.change_community")
    def do_rename_twice(actor, community, name):
        do_inner(actor, community, name + "一")
        community.name = name
        community.save()
        return community

    @action("org.change_community")
    def do_inner(actor, community, name):
        community.name = name
        community.save()
        community.street.name = name + "街道"
        community.street.save()

    admin, c1 = users["street_admin"], world["c1"]
    count = AuditEntry.objects.count()
    do_rename_twice(admin, c1, "新名")
    assert AuditEntry.objects.count() == count + 1
    entry = AuditEntry.objects.latest("id")
    assert entry.verb.endswith("do_rename_twice")
    # the community saved twice is one change; the street it touched is listed beside it
    assert (entry.before, entry.after) == ({"name": "幸福社区"}, {"name": "新名"})
    assert [(a["model"], a["after"]) for a in entry.extra["also"]] == [
        ("street", {"name": "新名一街道"})
    ]
    assert Community.objects.get(pk=c1.pk).name == "新名"
    REGISTRY.pop(do_rename_twice.verb)
    REGISTRY.pop(do_inner.verb)


def test_a_refusal_inside_the_body_rolls_back_every_row(world, users):
    @action("org.change_community")
    def do_half(actor, community):
        community.name = "半途"
        community.save()
        raise ActionError("nope", "不行")

    with pytest.raises(ActionError):
        do_half(users["street_admin"], world["c1"])
    assert Community.objects.get(pk=world["c1"].pk).name == "幸福社区"
    assert not audit.collecting()
    REGISTRY.pop(do_half.verb)


def test_an_action_needs_a_permission_or_says_it_is_public():
    with pytest.raises(ValueError):
        action(None)


def test_the_state_machine_declares_steps_once(menu, world, users):
    class Thing:
        status = "a"

        def get_status_display(self):
            return "甲"

        def save(self):
            self.saved = True

    log = []
    machine = StateMachine(
        {
            "go": Transition(("a",), "b", "走"),
            "stop": Transition(("a",), "c", "停", guard=lambda t: "还不能停"),
        },
        log=lambda *args: log.append(args[1:4]),
    )
    thing = Thing()
    assert machine.allowed(thing) == ["go"]
    with pytest.raises(ActionError) as exc:
        machine.apply(thing, "stop", None)
    assert exc.value.code == Common.ILLEGAL_TRANSITION and "还不能停" in exc.value.messages
    assert machine.apply(thing, "go", None) == "a"
    assert (thing.status, thing.saved, log) == ("b", True, [("go", "a", "b")])


def test_docs_errors_md_is_what_the_command_prints():
    out = io.StringIO()
    call_command("error-codes", stdout=out)
    docs = Path(__file__).resolve().parents[2] / "docs" / "errors.md"
    assert docs.read_text(encoding="utf-8") == out.getvalue(), (
        "run: gongzhi error-codes > docs/errors.md"
    )


def test_every_registered_action_declares_its_rule():
    assert "services.do_transition" in REGISTRY
    for verb, fn in REGISTRY.items():
        assert fn.permission or fn.public, verb
        assert fn.__name__.startswith("do_"), verb


def test_every_services_action_writes_one_event_with_its_verb(menu, world, users):
    staff, secretary = users["station_staff"], users["party_secretary"]
    req = _submit(menu, world, users)

    def one(verb, call):
        count = AuditEntry.objects.count()
        result = call()
        assert AuditEntry.objects.count() == count + 1, verb
        assert AuditEntry.objects.latest("id").verb == f"services.{verb}"
        return result

    one("do_supervise", lambda: actions.do_supervise(secretary, req, "请加快"))
    one("do_transition", lambda: actions.do_transition(staff, req, "accept"))
    one("do_transition", lambda: actions.do_transition(staff, req, "complete", "好了"))
    one("do_rate", lambda: actions.do_rate(staff, req, 5, channel="window"))
    op = one(
        "do_record_opinion",
        lambda: actions.do_record_opinion(secretary, world["c1"], topic="停车", content="停车难"),
    )
    converted = one(
        "do_convert_opinion", lambda: actions.do_convert_opinion(secretary, op, menu["simple"])
    )
    entry = AuditEntry.objects.latest("id")
    assert entry.object_id == str(converted.pk)
    assert [a["model"] for a in entry.extra["also"]] == ["opinion"]
    other = actions.do_record_opinion(secretary, world["c1"], topic="绿化", content="树太少")
    one("do_answer_opinion", lambda: actions.do_answer_opinion(secretary, other, "已安排"))
