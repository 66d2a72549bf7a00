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
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import connections, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.core import audit, text
from gongzhi.core.models import AuditEntry
from gongzhi.org.scoping import is_department_only
from gongzhi.services.models import (
    ItemField,
    Opinion,
    Rating,
    RequestTransition,
    ServiceItem,
    ServiceRequest,
    Status,
    Supervision,
)
from gongzhi.services.notifications import notify_on_commit
from gongzhi.workdays.services import Calendar

MAX_DESCRIPTION = 4000


@dataclass(frozen=True)
class Transition:
    sources: tuple[str, ...]
    target: str
    label: str
    note_required: bool = False
    note_label: str = ""


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
    ),
    "complete": Transition(
        (Status.ACCEPTED, Status.IN_PROGRESS, Status.TRANSFERRED),
        Status.COMPLETED,
        gettext_lazy("Complete (办结)"),
        note_required=True,
        note_label=gettext_lazy("result"),
    ),
    # The department a request was transferred to hands it back (wrongly sent, not theirs).
    "return": Transition(
        (Status.TRANSFERRED, Status.IN_PROGRESS),
        Status.ACCEPTED,
        gettext_lazy("Return to the street (退回)"),
        note_required=True,
        note_label=gettext_lazy("reason"),
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
)
# What a department does with a request transferred to it: handle, finish or hand it back.
DEPARTMENT_ACTIONS = ("start", "complete", "return")
NOTIFY_ON = {
    "accept": "accepted",
    "request_materials": "materials_requested",
    "complete": "completed",
}


def allowed_actions(request: ServiceRequest, staff: bool = True, user=None) -> list[str]:
    names = STAFF_ACTIONS if staff else ("withdraw",)
    if user is not None and is_department_only(user):
        names = DEPARTMENT_ACTIONS
    if not request.transferred_to_department_id:
        names = tuple(n for n in names if n != "return")
    return [n for n in names if request.status in TRANSITIONS[n].sources]


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


def _log(req: ServiceRequest, action: str, before: str, after: str, user, note: str = ""):
    _step(req, action, before, after, user, note).save()


def _insert_sql(obj, connection, overrides: dict) -> tuple[str, list]:
    """`INSERT INTO <table> (<columns>) VALUES (…)` with the values the ORM would send for
    `obj` (each field's pre_save and get_db_prep_save: defaults, timestamps, encryption,
    JSON), except the columns in `overrides` (attname → (SQL expression, its params))."""
    meta, qn = obj._meta, connection.ops.quote_name
    columns, values, params = [], [], []
    for f in meta.local_concrete_fields:
        if f is meta.auto_field:
            continue
        columns.append(qn(f.column))
        if f.attname in overrides:
            expression, extra = overrides[f.attname]
            values.append(expression)
            params.extend(extra)
        else:
            values.append("%s")
            params.append(f.get_db_prep_save(f.pre_save(obj, True), connection))
    sql = f"INSERT INTO {qn(meta.db_table)} ({', '.join(columns)}) VALUES ({', '.join(values)})"
    return sql, params


def _save_new_request(req: ServiceRequest, step: RequestTransition) -> None:
    """Store a new request, its first step and its audit entry — the same rows as
    `req.save()` (whose post_save writes the audit entry, core.signals) and `step.save()`.

    On PostgreSQL in ONE statement (three INSERTs chained by a WITH, atomic by
    themselves): the Open311 and API hot path, one round trip instead of five with the
    transaction's. Elsewhere (SQLite in development) through the ORM."""
    alias = router.db_for_write(ServiceRequest, instance=req)
    connection = connections[alias]
    if connection.vendor != "postgresql":
        with transaction.atomic(using=alias):
            req.save(using=alias)
            step.save(using=alias)
        return
    qn = connection.ops.quote_name
    pk = qn(ServiceRequest._meta.pk.column)
    text.enforce(req)  # the pre_save signal's text rule, which this insert bypasses
    req_sql, req_params = _insert_sql(req, connection, {})  # runs pre_save, as save() does
    # The entry core.signals.log_save writes for a created AuditedModel; the request's id
    # is known only inside the statement, so it is filled in there.
    entry = audit.build(AuditEntry.Action.CREATE, req, after=audit.snapshot(req))
    after = AuditEntry._meta.get_field("after")
    step_sql, step_params = _insert_sql(
        step, connection, {"request_id": (f"(SELECT {pk} FROM r)", [])}
    )
    entry_sql, entry_params = _insert_sql(
        entry,
        connection,
        {
            "object_id": (f"(SELECT {pk}::text FROM r)", []),
            "after": (
                f"jsonb_set(%s, '{{id}}', (SELECT to_jsonb({pk}) FROM r))",
                [after.get_db_prep_save(entry.after, connection)],
            ),
        },
    )
    sql = (
        f"WITH r AS ({req_sql} RETURNING {pk}), s AS ({step_sql}), a AS ({entry_sql}) "
        f"SELECT {pk} FROM r"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, req_params + step_params + entry_params)
        req.pk = cursor.fetchone()[0]
    req._state.adding, req._state.db = False, alias
    step.request_id = req.pk


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
) -> ServiceRequest:
    """A new request: validated like the web form, due date from the item's limit in working
    days counted from today, one transition row, one audit entry. `fields` and `calendar`
    may be passed in when the caller already loaded them (Open311's lean path)."""
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
    _save_new_request(req, _step(req, "submit", "", Status.SUBMITTED, user))

    # Queued once the request is committed (at once here, unless inside a caller's
    # transaction): a rolled-back request never notifies.
    notify_on_commit(req, "submitted")
    return req


# --- transitions ---------------------------------------------------------------------------


def transition(
    req: ServiceRequest,
    action: str,
    user,
    note: str = "",
    *,
    department=None,
    transferred_to: str = "",
) -> ServiceRequest:
    """Move a request along TRANSITIONS. An unknown or illegal step, or a missing note,
    raises ValidationError and changes nothing."""
    spec = TRANSITIONS.get(action)
    if spec is None:
        raise ValidationError(_("Unknown action: %(action)s.") % {"action": action})
    if user is not None and is_department_only(user) and action not in DEPARTMENT_ACTIONS:
        raise ValidationError(
            _("A department handles, finishes or returns what is transferred to it."),
            code="department_action",
        )
    note = (note or "").strip()
    if spec.note_required and not note:
        raise ValidationError({"note": _("Please give the %(what)s.") % {"what": spec.note_label}})
    if len(note) > MAX_DESCRIPTION:
        raise ValidationError({"note": _("At most %(max)d characters.") % {"max": MAX_DESCRIPTION}})
    if action == "transfer" and department is None and not transferred_to.strip():
        raise ValidationError(
            {"transferred_to": _("Say where it goes: a department or the street centre.")}
        )
    with transaction.atomic():
        locked = ServiceRequest.objects.select_for_update().get(pk=req.pk)
        if action == "return" and not locked.transferred_to_department_id:
            raise ValidationError(
                _("Only a request transferred to a department can be returned."),
                code="illegal_transition",
            )
        if locked.status not in spec.sources:
            raise ValidationError(
                _("A request that is “%(status)s” cannot be moved by “%(action)s”.")
                % {"status": locked.get_status_display(), "action": spec.label},
                code="illegal_transition",
            )
        before = locked.status
        today = timezone.localdate()
        if before == Status.MATERIALS_REQUESTED and locked.paused_since:
            # The clock stood still while the materials were missing.
            calendar = Calendar.load()
            paused = calendar.working_days_between(locked.paused_since, today)
            locked.paused_days += paused
            if locked.due_date and paused:
                locked.due_date = calendar.add_working_days(locked.due_date, paused)
            locked.paused_since = None
        if spec.target == Status.MATERIALS_REQUESTED:
            locked.paused_since = today
        if action in ("accept", "start") and locked.handled_by_id is None and user is not None:
            locked.handled_by = user if user.is_authenticated else None
        if action == "transfer":
            locked.transferred_to_department = department
            locked.transferred_to = (transferred_to or (str(department) if department else ""))[
                :100
            ]
        if action == "return":
            locked.transferred_to_department = None
            locked.transferred_to = ""
        if action == "complete":
            locked.result = note
            locked.completed_at = timezone.now()
            locked.on_time = locked.due_date is None or today <= locked.due_date
            if locked.handled_by_id is None and user is not None and user.is_authenticated:
                locked.handled_by = user
        locked.status = spec.target
        locked.status_note = note[:500]
        locked.save()
        _log(locked, action, before, spec.target, user, note)
        if action in NOTIFY_ON:
            notify_on_commit(locked, NOTIFY_ON[action])
    return locked


def withdraw(req: ServiceRequest, user, note: str = "") -> ServiceRequest:
    """The resident withdraws their own request (staff may record it for them)."""
    return transition(req, "withdraw", user, note)


# --- supervision, ratings, opinions ----------------------------------------------------------


def supervise(req: ServiceRequest, user, note: str) -> Supervision:
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Say what should be done (督办 note).")})
    if not req.is_open:
        raise ValidationError(_("Only an open request can be put under supervision."))
    with transaction.atomic():
        sup = Supervision.objects.create(request=req, by=user, note=note[:4000])
        if not req.supervised:
            req.supervised = True
            req.save(update_fields=["supervised", "updated_at"])
    return sup


def rate(req: ServiceRequest, stars, comment: str = "", *, channel: str, user=None) -> Rating:
    try:
        stars = int(stars)
    except (TypeError, ValueError):
        stars = 0
    if not 1 <= stars <= 5:
        raise ValidationError({"stars": _("Give 1 to 5 stars.")})
    comment = clean_text(comment, "comment", 1000)
    with transaction.atomic():
        locked = ServiceRequest.objects.select_for_update().get(pk=req.pk)
        if locked.status != Status.COMPLETED:
            raise ValidationError(
                _("Only a completed request that has not been rated can be rated.")
            )
        rating = Rating.objects.create(
            request=locked,
            stars=stars,
            comment=comment,
            channel=channel,
            recorded_by=user if user is not None and user.is_authenticated else None,
        )
        transition(locked, "rate", user, _("%(n)d stars") % {"n": stars})
    return rating


def record_opinion(
    *, community, topic: str, content: str, user, raised_by: str = "", resident=None
) -> Opinion:
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
        recorded_by=user,
    )


def answer_opinion(op: Opinion, answer: str, user) -> Opinion:
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("This field is required.")})
    if op.status != Opinion.Status.OPEN:
        raise ValidationError(_("This opinion has already been dealt with."))
    op.answer, op.status = answer[:4000], Opinion.Status.ANSWERED
    op.save()
    return op


def convert_opinion(op: Opinion, item: ServiceItem, user) -> ServiceRequest:
    """Turn an opinion into a service request of `item`; both keep the link."""
    if op.status != Opinion.Status.OPEN:
        raise ValidationError(_("This opinion has already been dealt with."))
    with transaction.atomic():
        req = submit_request(
            item,
            street=op.community.street,
            community=op.community,
            channel=ServiceRequest.Channel.WINDOW,
            user=user,
            resident=op.resident,
            applicant_name=op.raised_by,
            description=op.content,
            values={},
            fields=[],  # the committee passes the need on; the station completes the form
        )
        op.request, op.status = req, Opinion.Status.CONVERTED
        op.save()
        audit.record(
            AuditEntry.Action.OTHER, req, reason=_("from resident opinion #%(pk)d") % {"pk": op.pk}
        )
    return req
