"""Business rules of one-window services: one transactional function per use case.

(The project's convention is `<app>/services.py`; in an app itself called `services` that
would read `gongzhi.services.services`, so the use-case functions live here, in
`actions.py`, like Zulip's `actions/` and Saleor's `order/actions.py`.)

Views, the REST API, Open311, admin and commands all call these functions. Each raises
`django.core.exceptions.ValidationError` (with a field dict where it applies) and writes
nothing when a rule is broken.

The state machine of a request lives only in `TRANSITIONS`:

    submitted ──accept──────────────▶ accepted ──start──▶ in_progress ──complete──▶ completed ──rate──▶ rated
        │  └──request_materials──▶ materials_requested (clock paused)
        │                               └──receive_materials──▶ accepted
        └──refuse (reason)──▶ refused
    accepted / in_progress ──transfer (note)──▶ transferred ──start / complete──▶ …
    transferred (or in_progress at the department) ──return (reason)──▶ accepted
    any open state ──withdraw (by the resident)──▶ withdrawn

An item with delegated approval (下沉审批) is decided in the community, never sent up:

    accepted / in_progress ──decide_approve (decision)──▶ completed   (by the community's
                           └─decide_refuse (decision)──▶ refused      station staff only)

and neither `transfer` nor `complete` applies to it. The decision (text, who, when) is kept
on the request and printed as the decision document (receipts.decision_pdf).
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.core import text
from gongzhi.core.actions import action
from gongzhi.core.errors import Common, refuse
from gongzhi.core.models import AuditEntry
from gongzhi.core.statemachine import StateMachine, Transition
from gongzhi.org.scoping import is_department_only, scope_of
from gongzhi.services import fastpath
from gongzhi.services.errors import Code
from gongzhi.services.models import (
    Decision,
    ItemField,
    Opinion,
    Rating,
    RequestTransition,
    ServiceItem,
    ServiceRequest,
    Status,
    Supervision,
)
from gongzhi.services.notifications import (
    notify_on_commit,
    notify_step_in_app,
    notify_supervised_in_app,
)
from gongzhi.workdays.services import Calendar

MAX_DESCRIPTION = 4000


def _not_delegated(req: ServiceRequest):
    """Guard of transfer and complete: a delegated approval stays in the community."""
    if req.item.delegated_approval:
        return (
            Code.DELEGATED_APPROVAL,
            _(
                "“%(item)s” is approved in the community (下沉审批): the community's "
                "station decides it — approve or refuse — and it is not transferred to "
                "the street or a department."
            )
            % {"item": req.item.name},
        )
    return None


def _delegated_only(req: ServiceRequest):
    """Guard of the decisions: only a delegated approval is decided."""
    if not req.item.delegated_approval:
        return (
            Code.NOT_DELEGATED,
            _("Only a request for an item with delegated approval (下沉审批) is decided."),
        )
    return None


TRANSITIONS: dict[str, Transition] = {
    "accept": Transition((Status.SUBMITTED,), Status.ACCEPTED, gettext_lazy("Accept (受理)")),
    "request_materials": Transition(
        (Status.SUBMITTED, Status.ACCEPTED, Status.IN_PROGRESS),
        Status.MATERIALS_REQUESTED,
        gettext_lazy("Request missing materials (补正)"),
        note_required=True,
        note_label=gettext_lazy("which materials are missing"),
    ),
    "receive_materials": Transition(
        (Status.MATERIALS_REQUESTED,), Status.ACCEPTED, gettext_lazy("Materials received")
    ),
    "refuse": Transition(
        (Status.SUBMITTED, Status.MATERIALS_REQUESTED),
        Status.REFUSED,
        gettext_lazy("Refuse (不予受理)"),
        note_required=True,
        note_label=gettext_lazy("reason"),
    ),
    "start": Transition(
        (Status.ACCEPTED, Status.TRANSFERRED), Status.IN_PROGRESS, gettext_lazy("Start handling")
    ),
    "transfer": Transition(
        (Status.ACCEPTED, Status.IN_PROGRESS),
        Status.TRANSFERRED,
        gettext_lazy("Transfer (转办)"),
        note_required=True,
        note_label=gettext_lazy("note"),
        guard=lambda req: _not_delegated(req),
    ),
    "complete": Transition(
        (Status.ACCEPTED, Status.IN_PROGRESS, Status.TRANSFERRED),
        Status.COMPLETED,
        gettext_lazy("Complete (办结)"),
        note_required=True,
        note_label=gettext_lazy("result"),
        guard=lambda req: _not_delegated(req),
    ),
    # The department a request was transferred to hands it back (wrongly sent, not theirs).
    "return": Transition(
        (Status.TRANSFERRED, Status.IN_PROGRESS),
        Status.ACCEPTED,
        gettext_lazy("Return to the street (退回)"),
        note_required=True,
        note_label=gettext_lazy("reason"),
        guard=lambda req: (
            None
            if req.transferred_to_department_id
            else _("Only a request transferred to a department can be returned.")
        ),
    ),
    "withdraw": Transition(
        (
            Status.SUBMITTED,
            Status.ACCEPTED,
            Status.MATERIALS_REQUESTED,
            Status.IN_PROGRESS,
            Status.TRANSFERRED,
        ),
        Status.WITHDRAWN,
        gettext_lazy("Withdraw"),
    ),
    "rate": Transition((Status.COMPLETED,), Status.RATED, gettext_lazy("Rate")),
    "decide_approve": Transition(
        (Status.ACCEPTED, Status.IN_PROGRESS),
        Status.COMPLETED,
        gettext_lazy("Approve in the community (下沉审批: 准予)"),
        note_required=True,
        note_label=gettext_lazy("decision"),
        guard=lambda req: _delegated_only(req),
    ),
    "decide_refuse": Transition(
        (Status.ACCEPTED, Status.IN_PROGRESS),
        Status.REFUSED,
        gettext_lazy("Refuse in the community (下沉审批: 不予批准)"),
        note_required=True,
        note_label=gettext_lazy("decision"),
        guard=lambda req: _delegated_only(req),
    ),
}
# Actions staff take at the window (the resident withdraws and rates).
STAFF_ACTIONS = (
    "accept",
    "request_materials",
    "receive_materials",
    "refuse",
    "start",
    "transfer",
    "return",
    "complete",
    "decide_approve",
    "decide_refuse",
)
# What only a delegated approval allows, and what it never allows (it stays in the community).
DECISION_ACTIONS = ("decide_approve", "decide_refuse")
DECIDES = {"decide_approve": Decision.APPROVED, "decide_refuse": Decision.REFUSED}
NOT_FOR_DELEGATED = ("transfer", "complete")
DECIDE_PERMISSION = "services.decide_servicerequest"
# What a department does with a request transferred to it: handle, finish or hand it back.
DEPARTMENT_ACTIONS = ("start", "complete", "return")
NOTIFY_ON = {
    "accept": "accepted",
    "request_materials": "materials_requested",
    "complete": "completed",
    "decide_approve": "completed",
}


def _log(req: ServiceRequest, step: str, before: str, after: str, user, note: str = ""):
    _step(req, step, before, after, user, note).save()


MACHINE = StateMachine(
    TRANSITIONS,
    log=_log,
    illegal=gettext_lazy("A request that is “%(status)s” cannot be moved by “%(action)s”."),
)


def allowed_actions(request: ServiceRequest, staff: bool = True, user=None) -> list[str]:
    names = STAFF_ACTIONS if staff else ("withdraw",)
    if user is not None and is_department_only(user):
        names = DEPARTMENT_ACTIONS
    if request.item.delegated_approval:
        names = tuple(n for n in names if n not in NOT_FOR_DELEGATED)
        if not may_decide(request, user):
            names = tuple(n for n in names if n not in DECISION_ACTIONS)
    else:
        names = tuple(n for n in names if n not in DECISION_ACTIONS)
    return MACHINE.allowed(request, names)


def may_decide(request: ServiceRequest, user) -> bool:
    """Whether `user` may decide this delegated approval: station staff of the request's own
    community — role AND place (org.scoping.scope_of), so a street-level role, another
    community's staff or a superuser without that role may not."""
    if user is None or not user.is_authenticated or request.community_id is None:
        return False
    return request.community_id in scope_of(user, DECIDE_PERMISSION).community_ids


# --- text ----------------------------------------------------------------------------------


def clean_text(value: str | None, field: str, max_length: int = MAX_DESCRIPTION) -> str:
    """Free text from the public: HTML is refused (not silently stripped, so nobody is
    surprised by what is stored), length is limited."""
    try:
        value = text.clean(value, multiline=True, max_length=max_length)
        text.refuse_html(value)
    except ValidationError as exc:
        raise ValidationError({field: exc.error_list}) from None
    return value


# --- the item's extra form fields ----------------------------------------------------------


def _as_list(raw) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, (list, tuple)):
        return [str(v) for v in raw if str(v) != ""]
    return [v for v in (s.strip() for s in str(raw).split(",")) if v]


def validate_values(fields: list[ItemField], data: dict, files: dict | None = None) -> dict:
    """Check `data` (field code → raw value) against the item's fields; return the clean
    values (JSON-ready). Every problem is reported, keyed by field code; files are stored
    only when everything is valid."""
    files = files or {}
    errors: dict[str, str] = {}
    clean: dict = {}
    pending_files = {}
    for f in fields:
        raw = data.get(f.code)
        if f.kind == ItemField.Kind.MULTICHOICE:
            values = _as_list(raw)
            if not values:
                if f.required:
                    errors[f.code] = _("This field is required.")
                continue
            bad = [v for v in values if v not in f.choice_keys]
            if bad:
                errors[f.code] = _("Not one of the choices: %(values)s.") % {
                    "values": "、".join(bad)
                }
                continue
            clean[f.code] = values
            continue
        if f.kind == ItemField.Kind.FILE and f.code in files:
            pending_files[f.code] = files[f.code]
            continue
        if isinstance(raw, (list, tuple)):
            raw = raw[-1] if raw else None
        raw = "" if raw is None else str(raw).strip()
        if raw == "":
            if f.required:
                errors[f.code] = _("This field is required.")
            continue
        if f.kind == ItemField.Kind.TEXT:
            try:
                clean[f.code] = clean_text(raw, f.code, 1000)
            except ValidationError as exc:
                errors[f.code] = exc.message_dict[f.code][0]
        elif f.kind == ItemField.Kind.NUMBER:
            try:
                number = Decimal(raw)
                if not number.is_finite():
                    raise InvalidOperation
            except InvalidOperation:
                errors[f.code] = _("Enter a number.")
                continue
            clean[f.code] = str(number)
        elif f.kind == ItemField.Kind.DATE:
            try:
                clean[f.code] = datetime.date.fromisoformat(raw[:10]).isoformat()
            except ValueError:
                errors[f.code] = _("Enter a date as YYYY-MM-DD.")
        elif f.kind == ItemField.Kind.CHOICE:
            if raw not in f.choice_keys:
                errors[f.code] = _("Not one of the choices: %(values)s.") % {"values": raw}
                continue
            clean[f.code] = raw
        elif f.kind == ItemField.Kind.FILE:
            # Through the API a file is given by its URL.
            if not re.match(r"^https?://\S+$", raw):
                errors[f.code] = _("Give the file as an http(s) URL.")
                continue
            clean[f.code] = raw
    if errors:
        raise ValidationError(errors)
    for code, upload in pending_files.items():
        name = default_storage.save(f"services/{timezone.now():%Y/%m}/{upload.name}", upload)
        clean[code] = name
    return clean


def validate_materials(item: ServiceItem, ticked) -> list[str]:
    ticked = [str(m) for m in (ticked or [])]
    unknown = [m for m in ticked if m not in item.materials]
    if unknown:
        raise ValidationError(
            {"materials": _("Not on this item's checklist: %(m)s.") % {"m": "、".join(unknown)}}
        )
    return [m for m in item.materials if m in ticked]


# --- submitting ----------------------------------------------------------------------------


def _step(
    req: ServiceRequest, action: str, before: str, after: str, user, note: str = ""
) -> RequestTransition:
    return RequestTransition(
        request=req,
        action=action,
        from_status=before,
        to_status=after,
        actor=user if user is not None and user.is_authenticated else None,
        actor_name=user.get_username() if user is not None and user.is_authenticated else "",
        note=note,
    )


def _save_new_request(req: ServiceRequest, step: RequestTransition, fast: bool) -> None:
    """Store a new request and its first step; the request's post_save writes its audit
    entry (core.signals). `fast` takes services.fastpath's one-statement insert on
    PostgreSQL, which writes the same three rows."""
    if fast and fastpath.available(req):
        fastpath.insert_request(req, step)
        return
    with transaction.atomic():
        req.save()
        step.save()


def submit_request(
    item: ServiceItem,
    *,
    street,
    channel: str,
    user=None,
    community=None,
    resident=None,
    applicant_name: str = "",
    applicant_phone: str = "",
    applicant_email: str = "",
    values: dict | None = None,
    files: dict | None = None,
    materials=None,
    description: str = "",
    address: str = "",
    address_id: str = "",
    lat=None,
    lng=None,
    media_url: str = "",
    client: str = "",
    external_account_id: str = "",
    device_id: str = "",
    fields: list[ItemField] | None = None,
    calendar: Calendar | None = None,
    fast: bool = False,
) -> ServiceRequest:
    """A new request: validated like the web form, due date from the item's limit in working
    days counted from today, one transition row, one audit entry. `fields` and `calendar`
    may be passed in when the caller already loaded them (Open311's lean path); `fast`
    selects the one-statement insert of the machine clients' hot path (services.fastpath)."""
    errors = {}
    if not item.is_active():
        errors["item"] = _("This service item is not offered at present.")
    if channel == ServiceRequest.Channel.ONLINE and not item.online:
        errors["item"] = _("This item can only be requested at the window.")
    if community is not None and community.street_id != street.pk:
        errors["community"] = _("The community is not in this street.")
    if resident is not None and community is not None and resident.community_id != community.pk:
        errors["resident"] = _("The resident does not live in this community.")
    try:
        description = clean_text(description, "description")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if fields is None:
        fields = list(item.fields.all())
    try:
        clean_values = validate_values(fields, values or {}, None)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
        clean_values = {}
    try:
        ticked = validate_materials(item, materials)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        ticked = []
    if errors:
        raise ValidationError(errors)
    if files:
        # Stored only now that everything else is valid.
        clean_values.update(validate_values([f for f in fields if f.code in files], {}, files))
    calendar = calendar or Calendar.load()
    today = timezone.localdate()
    req = ServiceRequest(
        item=item,
        street=street,
        community=community,
        resident=resident,
        account=user if channel == ServiceRequest.Channel.ONLINE else None,
        applicant_name=applicant_name or (resident.name if resident else ""),
        applicant_phone=applicant_phone,
        applicant_email=applicant_email,
        channel=channel,
        description=description,
        values=clean_values,
        materials_received=ticked,
        address=address[:200],
        address_id=address_id[:64],
        lat=lat,
        lng=lng,
        media_url=media_url,
        client=client,
        external_account_id=external_account_id[:64],
        device_id=device_id[:64],
        due_date=calendar.add_working_days(today, item.time_limit_days),
        handled_by=user if channel == ServiceRequest.Channel.WINDOW else None,
    )
    _save_new_request(req, _step(req, "submit", "", Status.SUBMITTED, user), fast)
    # Queued once the request is committed (at once here, unless inside a caller's
    # transaction): a rolled-back request never notifies.
    notify_on_commit(req, "submitted")
    return req


# --- transitions ---------------------------------------------------------------------------


def _effects(user, department, transferred_to: str):
    """What a step does beside the status (run by MACHINE.apply on the locked row)."""

    def run(req: ServiceRequest, spec: Transition, note: str) -> None:
        step = next(name for name, t in TRANSITIONS.items() if t is spec)
        if step == "transfer" and department is None and not (transferred_to or "").strip():
            refuse(
                Code.NO_DESTINATION,
                _("Say where it goes: a department or the street centre."),
                field="transferred_to",
            )
        today = timezone.localdate()
        if req.status == Status.MATERIALS_REQUESTED and req.paused_since:
            # The clock stood still while the materials were missing.
            calendar = Calendar.load()
            paused = calendar.working_days_between(req.paused_since, today)
            req.paused_days += paused
            if req.due_date and paused:
                req.due_date = calendar.add_working_days(req.due_date, paused)
            req.paused_since = None
        if spec.target == Status.MATERIALS_REQUESTED:
            req.paused_since = today
        signed_in = user is not None and user.is_authenticated
        if step in ("accept", "start") and req.handled_by_id is None and signed_in:
            req.handled_by = user
        if step == "transfer":
            req.transferred_to_department = department
            req.transferred_to = (transferred_to or (str(department) if department else ""))[:100]
        if step == "return":
            req.transferred_to_department = None
            req.transferred_to = ""
        if step in DECIDES:
            req.decision = DECIDES[step]
            req.decision_text = note
            req.decided_by = user
            req.decided_at = timezone.now()
            if req.handled_by_id is None:
                req.handled_by = user
        if step in ("complete", "decide_approve"):
            req.result = note
            req.completed_at = timezone.now()
            req.on_time = req.due_date is None or today <= req.due_date
            if req.handled_by_id is None and signed_in:
                req.handled_by = user
        req.status_note = note[:500]

    return run


def _move(
    user, req: ServiceRequest, step: str, note: str = "", *, department=None, transferred_to=""
) -> ServiceRequest:
    """Move a request one step along TRANSITIONS (inside an action: see do_transition)."""
    locked = ServiceRequest.objects.select_for_update().select_related("item").get(pk=req.pk)
    MACHINE.apply(locked, step, user, note, effects=_effects(user, department, transferred_to))
    if step in NOTIFY_ON:
        notify_on_commit(locked, NOTIFY_ON[step])
    notify_step_in_app(locked, step, NOTIFY_ON.get(step), user)
    return locked


@action("services.handle_servicerequest", kind=AuditEntry.Action.TRANSITION)
def do_transition(
    actor, req: ServiceRequest, step: str, note: str = "", *, department=None, transferred_to=""
) -> ServiceRequest:
    """Staff (or the department it was transferred to) move a request one step. An unknown
    or illegal step, or a missing note, is refused with its code and changes nothing."""
    if step not in (*STAFF_ACTIONS, "withdraw"):  # staff may record a withdrawal
        refuse(Common.UNKNOWN_TRANSITION, _("Unknown action: %(action)s.") % {"action": step})
    if is_department_only(actor) and step not in DEPARTMENT_ACTIONS:
        refuse(
            Code.DEPARTMENT_ACTION,
            _("A department handles, finishes or returns what is transferred to it."),
        )
    if step in DECISION_ACTIONS and not may_decide(req, actor):
        raise PermissionDenied(
            _("Only the station staff of the request's community may decide it.")
        )
    return _move(actor, req, step, note, department=department, transferred_to=transferred_to)


@action(None, public=True, kind=AuditEntry.Action.TRANSITION)
def do_withdraw(actor, req: ServiceRequest, note: str = "") -> ServiceRequest:
    """The resident withdraws their own request; staff who handle it may record that for
    them. The doors hand over only a request the actor may see (their own, or in scope)."""
    return _move(actor, req, "withdraw", note)


# --- supervision, ratings, opinions ----------------------------------------------------------


@action("services.supervise_servicerequest")
def do_supervise(actor, req: ServiceRequest, note: str) -> Supervision:
    """督办: the party secretary or committee puts an open request under supervision."""
    note = (note or "").strip()
    if not note:
        refuse(Common.NOTE_REQUIRED, _("Say what should be done (督办 note)."), field="note")
    if not req.is_open:
        refuse(Code.NOT_OPEN, _("Only an open request can be put under supervision."))
    sup = Supervision.objects.create(request=req, by=actor, note=note[:4000])
    if not req.supervised:
        req.supervised = True
        req.save(update_fields=["supervised", "updated_at"])
    notify_supervised_in_app(req, note, actor)
    return sup


@action(None, public=True)
def do_rate(actor, req: ServiceRequest, stars, comment: str = "", *, channel: str) -> Rating:
    """The resident's stars for a completed request: through their own page, the link sent
    to them (a signed token), or recorded by staff at the window. The doors hand over only a
    request the rater may rate."""
    try:
        stars = int(stars)
    except (TypeError, ValueError):
        stars = 0
    if not 1 <= stars <= 5:
        refuse(Code.STARS, _("Give 1 to 5 stars."), field="stars")
    comment = clean_text(comment, "comment", 1000)
    locked = ServiceRequest.objects.select_for_update().get(pk=req.pk)
    if locked.status != Status.COMPLETED:
        refuse(
            Common.ILLEGAL_TRANSITION,
            _("Only a completed request that has not been rated can be rated."),
        )
    signed_in = actor is not None and actor.is_authenticated
    rating = Rating.objects.create(
        request=locked,
        stars=stars,
        comment=comment,
        channel=channel,
        recorded_by=actor if signed_in else None,
    )
    _move(actor, locked, "rate", _("%(n)d stars") % {"n": stars})
    return rating


@action("services.add_opinion")
def do_record_opinion(
    actor, community, *, topic: str, content: str, raised_by: str = "", resident=None
) -> Opinion:
    """A resident's opinion (民意) recorded by the committee of `community`."""
    errors = {}
    if not (topic or "").strip():
        errors["topic"] = _("This field is required.")
    try:
        content = clean_text(content, "content")
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if not content and "content" not in errors:
        errors["content"] = _("This field is required.")
    if resident is not None and resident.community_id != community.pk:
        errors["resident"] = _("The resident does not live in this community.")
    if errors:
        raise ValidationError(errors)
    return Opinion.objects.create(
        community=community,
        topic=topic.strip()[:50],
        content=content,
        raised_by=raised_by[:50],
        resident=resident,
        recorded_by=actor,
    )


def _still_open(op: Opinion) -> None:
    if op.status != Opinion.Status.OPEN:
        refuse(Common.ILLEGAL_TRANSITION, _("This opinion has already been dealt with."))


@action("services.change_opinion")
def do_answer_opinion(actor, op: Opinion, answer: str) -> Opinion:
    answer = (answer or "").strip()
    if not answer:
        refuse(Code.REQUIRED, _("This field is required."), field="answer")
    _still_open(op)
    op.answer, op.status = answer[:4000], Opinion.Status.ANSWERED
    op.save()
    return op


@action("services.change_opinion")
def do_convert_opinion(actor, op: Opinion, item: ServiceItem) -> ServiceRequest:
    """Turn an opinion into a service request of `item`; both keep the link (the event's
    `also` names the opinion)."""
    _still_open(op)
    req = submit_request(
        item,
        street=op.community.street,
        community=op.community,
        channel=ServiceRequest.Channel.WINDOW,
        user=actor,
        resident=op.resident,
        applicant_name=op.raised_by,
        description=op.content,
        values={},
        fields=[],  # the committee passes the need on; the station completes the form
    )
    op.request, op.status = req, Opinion.Status.CONVERTED
    op.save()
    return req
