"""Business rules of the access system. Views, API, admin and the demo all call these.

The application state machine lives in TRANSITIONS (one place); `_transition` is the only
code that changes Application.status. Every function that writes does so in one
transaction and raises ValidationError (field dict where it applies) with a translatable
message, writing nothing, when a rule is broken.
"""

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, DecimalField, Exists, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from gongzhi.access.models import (
    MAX_AMOUNT,
    AccessPolicy,
    AdmittedAffair,
    Application,
    ApplicationTransition,
    CommunityTask,
    FundAccount,
    FundTransfer,
    Ledger,
    Plaque,
    ReviewLevel,
)
from gongzhi.core import audit, text
from gongzhi.core.context import current
from gongzhi.core.masking import birth_year, mask_id_number, mask_phone
from gongzhi.core.models import AuditEntry
from gongzhi.org.models import Community, Department, RoleAssignment
from gongzhi.org.roles import Role
from gongzhi.org.scoping import department_ids_of, is_department_only
from gongzhi.registry.choices import ResidentStatus
from gongzhi.registry.models import Resident
from gongzhi.registry.services import age_filter
from gongzhi.workdays.services import Calendar

S = Application.Status
D = ApplicationTransition.Decision

# The state machine: from-status → allowed to-statuses. Nothing else may change the status.
TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.SUBMITTED},
    S.RETURNED: {S.SUBMITTED},
    S.SUBMITTED: {S.IN_REVIEW, S.RETURNED, S.REJECTED, S.APPROVED},
    S.IN_REVIEW: {S.IN_REVIEW, S.RETURNED, S.REJECTED, S.APPROVED},
    S.APPROVED: {S.ADMITTED},
    S.ADMITTED: {S.REVOKED, S.EXPIRED},
    S.REJECTED: set(),
    S.REVOKED: set(),
    S.EXPIRED: set(),
}
EDITABLE = {S.DRAFT, S.RETURNED}
OPEN_FOR_DECISION = {S.SUBMITTED, S.IN_REVIEW}

DEFAULT_LEVELS = [
    (1, "街道社区事务监管科", Role.STREET_STAFF),
    (2, "街道领导班子", Role.STREET_ADMIN),
]


def _today() -> datetime.date:
    return timezone.localdate()


def _actor(user=None):
    return user if user is not None else current().user


# --- policy and review levels ---------------------------------------------------------------


def policy_for(street) -> AccessPolicy:
    """The street's access policy (defaults 30 / 15 working days, 3 plaques) — unsaved
    defaults when the street has not configured one."""
    return AccessPolicy.objects.filter(street=street).first() or AccessPolicy(street=street)


def review_levels(street) -> list[ReviewLevel]:
    """The street's review levels in order; the default two levels are created on first use."""
    levels = list(ReviewLevel.objects.filter(street=street).order_by("order"))
    if not levels:
        for order, name, role in DEFAULT_LEVELS:
            levels.append(
                ReviewLevel.objects.create(street=street, order=order, name=name, role=role)
            )
    return levels


def current_level(application: Application) -> ReviewLevel | None:
    if application.status not in OPEN_FOR_DECISION:
        return None
    return ReviewLevel.objects.filter(street=application.street, order=application.level).first()


def may_decide(user, application: Application) -> bool:
    """Whether `user` decides at the application's current review level: they hold the
    level's role at the application's street (and work for its department, if it names one)."""
    level = current_level(application)
    if level is None or not user.has_perm("access.review_application"):
        return False
    if user.is_superuser:
        return True
    assignments = RoleAssignment.objects.active().filter(
        user=user, role=level.role, street=application.street
    )
    if level.department_id:
        assignments = assignments.filter(department=level.department_id)
    return assignments.exists()


# --- applications: checks ------------------------------------------------------------------


def parse_amount(value, field: str) -> Decimal:
    """A money amount in yuan: a number, not negative, at most MAX_AMOUNT, 2 decimals."""
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({field: _("Enter an amount in yuan, e.g. 12000.00.")}) from None
    if not amount.is_finite():
        raise ValidationError({field: _("Enter an amount in yuan, e.g. 12000.00.")})
    if amount < 0:
        raise ValidationError({field: _("An amount cannot be negative.")})
    if amount > MAX_AMOUNT:
        raise ValidationError({field: _("This amount is not plausible: at most 100,000,000 yuan.")})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({field: _("Amounts have at most two decimal places (fen).")})
    return amount


def check_dates(start, end, start_field="start_date", end_field="end_date") -> None:
    if start and end and end < start:
        raise ValidationError({end_field: _("The end date must not be before the start date.")})


def four_sync_errors(app: Application) -> dict[str, str]:
    """What is missing from the four synchronizations (四个同步): each must be declared."""
    errors: dict[str, str] = {}
    if not app.funding:
        errors["funding"] = _(
            "Declare the funding: provided (amount per community and source) or none."
        )
    elif app.funding == Application.Funding.PROVIDED:
        if not app.funding_per_community:
            errors["funding_per_community"] = _("Enter the funding per community.")
        if not app.funding_source.strip():
            errors["funding_source"] = _("Enter the source of the funding.")
    if not app.personnel:
        errors["personnel"] = _("Declare the personnel: staff sent (how many) or none.")
    elif app.personnel == Application.Personnel.SENT and not app.personnel_count:
        errors["personnel_count"] = _("Enter how many people are sent.")
    if not app.service_support.strip():
        errors["service_support"] = _(
            "Declare the service support (training, equipment, systems), or write 'none'."
        )
    if not app.task_definition.strip():
        errors["task_definition"] = _("Define the task the communities are to carry out.")
    return errors


def meets_four_sync(app: Application) -> bool:
    """Funding and personnel both actually provided (not merely declared)."""
    return (
        app.funding == Application.Funding.PROVIDED
        and bool(app.funding_per_community)
        and app.personnel == Application.Personnel.SENT
        and bool(app.personnel_count)
    )


def _validate_application(app: Application, communities) -> None:
    errors: dict[str, list] = {}
    try:
        app.full_clean(
            exclude=["communities", "street", "department", "created_by"],
            validate_constraints=False,
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if app.start_date and app.end_date and app.end_date < app.start_date:
        errors.setdefault("end_date", []).append(
            _("The end date must not be before the start date.")
        )
    if app.funding_per_community is not None:
        try:
            parse_amount(app.funding_per_community, "funding_per_community")
        except ValidationError as exc:
            for k, v in exc.message_dict.items():
                if v[0] not in errors.get(k, []):
                    errors.setdefault(k, []).extend(v)
    if communities is not None:
        communities = list(communities)
        if not communities:
            errors.setdefault("communities", []).append(_("Choose at least one community."))
        elif any(c.street_id != app.street_id for c in communities):
            errors.setdefault("communities", []).append(
                _("All communities must belong to the application's street.")
            )
    if errors:
        raise ValidationError(errors)


def save_application(app: Application, communities=None, *, user=None) -> Application:
    """Create or edit an application while it is a draft or returned for changes."""
    user = _actor(user)
    if app.pk:
        stored = Application.objects.get(pk=app.pk)
        if stored.status not in EDITABLE:
            raise ValidationError(
                _(
                    "An application can only be edited while it is a draft or returned for changes (it is %(status)s)."
                )
                % {"status": stored.get_status_display()}
            )
        app.status, app.level = stored.status, stored.level
    if user is not None and not app.pk and is_department_user_of(user, app.department_id) is False:
        raise ValidationError({"department": _("You can only apply for your own department.")})
    _validate_application(app, communities)
    with transaction.atomic():
        if not app.pk and user is not None and getattr(user, "is_authenticated", False):
            app.created_by = user
        app.meets_four_sync = meets_four_sync(app)
        app.save()
        if communities is not None:
            app.communities.set(communities)
    return app


def is_department_user_of(user, department_id) -> bool | None:
    """None when the user is not a department user (street staff may file for anyone)."""
    departments = department_ids_of(user)
    if not departments:
        return None
    return department_id in departments


def _lock(app: Application) -> Application:
    return Application.objects.select_for_update().get(pk=app.pk)


def _transition(
    app: Application, to: str, decision: str, user, reason: str = "", *, override=False
) -> Application:
    """The only place Application.status changes: checks TRANSITIONS, logs the step and the
    audit entry. Call inside transaction.atomic() with `app` locked."""
    frm = app.status
    if to not in TRANSITIONS.get(frm, set()):
        raise ValidationError(
            _("This application is %(status)s: it cannot be %(action)s.")
            % {"status": app.get_status_display(), "action": D(decision).label}
        )
    app.status = to
    app.save()
    ApplicationTransition.objects.create(
        application=app,
        decision=decision,
        from_status=frm,
        to_status=to,
        level=app.level,
        actor=user if getattr(user, "is_authenticated", False) else None,
        reason=reason,
        override=override,
    )
    audit.record(
        AuditEntry.Action.TRANSITION,
        app,
        before={"status": frm},
        after={"status": to},
        reason=reason,
        extra={"decision": decision, "level": app.level, "override": override},
    )
    return app


def submit(app: Application, *, user=None, today=None) -> Application:
    """Submit (or resubmit) an application: complete four synchronizations, and a start at
    least `lead_days` working days after today. The decision is due `decision_days` working
    days after submission."""
    user = _actor(user)
    today = today or _today()
    with transaction.atomic():
        app = _lock(app)
        if app.status not in EDITABLE:
            raise ValidationError(
                _("This application is %(status)s: it cannot be %(action)s.")
                % {"status": app.get_status_display(), "action": D.SUBMIT.label}
            )
        errors = four_sync_errors(app)
        if errors:
            raise ValidationError(errors)
        if not app.communities.exists():
            raise ValidationError({"communities": _("Choose at least one community.")})
        policy = policy_for(app.street)
        calendar = Calendar.load()
        earliest = calendar.add_working_days(today, policy.lead_days)
        if app.start_date < earliest:
            raise ValidationError(
                {
                    "start_date": _(
                        "Applications must be made %(days)d working days before the affair starts: "
                        "the earliest start for an application submitted on %(today)s is %(earliest)s."
                    )
                    % {
                        "days": policy.lead_days,
                        "today": today.isoformat(),
                        "earliest": earliest.isoformat(),
                    }
                }
            )
        review_levels(app.street)
        app.submitted_on = today
        app.decision_due = calendar.add_working_days(today, policy.decision_days)
        app.level = 1
        app.meets_four_sync = meets_four_sync(app)
        app.override_reason = ""
        return _transition(app, S.SUBMITTED, D.SUBMIT, user)


def decide(
    app: Application, decision: str, *, user=None, reason: str = "", override_reason: str = ""
) -> Application:
    """A decision at the current review level: approve (to the next level, or approved at the
    last), return for changes, or reject. Returning and rejecting need a reason; approving an
    application that does not meet the four synchronizations needs an override reason."""
    user = _actor(user)
    reason = (reason or "").strip()
    override_reason = (override_reason or "").strip()
    if decision not in (D.APPROVE, D.RETURN, D.REJECT):
        raise ValidationError({"decision": _("Choose approve, return for changes or reject.")})
    with transaction.atomic():
        app = _lock(app)
        if app.status not in OPEN_FOR_DECISION:
            raise ValidationError(
                _("This application is %(status)s: it cannot be %(action)s.")
                % {"status": app.get_status_display(), "action": D(decision).label}
            )
        if user is not None and not may_decide(user, app):
            raise ValidationError(
                _("You do not decide at this application's current review level.")
            )
        if decision in (D.RETURN, D.REJECT) and not reason:
            raise ValidationError({"reason": _("Give the reason for returning or rejecting.")})
        if decision == D.RETURN:
            return _transition(app, S.RETURNED, decision, user, reason)
        if decision == D.REJECT:
            return _transition(app, S.REJECTED, decision, user, reason)
        override = False
        if not app.meets_four_sync:
            if not override_reason:
                raise ValidationError(
                    {
                        "override_reason": _(
                            "This application does not meet the four synchronizations (no funding or no "
                            "personnel): it can only be approved with an explicit override and its reason."
                        )
                    }
                )
            override = True
            app.override_reason = override_reason
            reason = reason or override_reason
        last = max((lv.order for lv in review_levels(app.street)), default=1)
        if app.level < last:
            app.level += 1
            return _transition(app, S.IN_REVIEW, decision, user, reason, override=override)
        return _transition(app, S.APPROVED, decision, user, reason, override=override)


def admit(
    app: Application, *, user=None, valid_from=None, valid_until=None, number=None
) -> AdmittedAffair:
    """Put an approved application on the street's admitted-affairs list (准入清单); the funds
    it brings become due to each of its communities."""
    user = _actor(user)
    with transaction.atomic():
        app = _lock(app)
        valid_from = valid_from or app.start_date
        valid_until = valid_until or app.end_date
        check_dates(valid_from, valid_until, "valid_from", "valid_until")
        if app.status != S.APPROVED:
            raise ValidationError(
                _("This application is %(status)s: it cannot be %(action)s.")
                % {"status": app.get_status_display(), "action": D.ADMIT.label}
            )
        if number is None:
            last = (
                AdmittedAffair.objects.filter(street=app.street, body=app.body)
                .order_by("-number")
                .first()
            )
            number = (last.number + 1) if last else 1
        affair = AdmittedAffair.objects.create(
            street=app.street,
            application=app,
            department=app.department,
            number=number,
            name=app.title,
            body=app.body,
            description=app.task_definition or app.content,
            legal_basis=app.legal_basis,
            valid_from=valid_from,
            valid_until=valid_until,
        )
        communities = list(app.communities.all())
        affair.communities.set(communities)
        if app.funding == Application.Funding.PROVIDED and app.funding_per_community:
            for community in communities:
                FundAccount.objects.create(
                    affair=affair, community=community, amount_due=app.funding_per_community
                )
        _transition(app, S.ADMITTED, D.ADMIT, user)
    return affair


def end_affair(
    affair: AdmittedAffair, *, expired: bool, user=None, reason: str = "", on=None
) -> AdmittedAffair:
    """Revoke (with a reason) or expire an item: it leaves the published list, audited."""
    user = _actor(user)
    reason = (reason or "").strip()
    on = on or _today()
    if not expired and not reason:
        raise ValidationError({"reason": _("Give the reason for revoking this affair.")})
    with transaction.atomic():
        affair = AdmittedAffair.objects.select_for_update().get(pk=affair.pk)
        if affair.status != AdmittedAffair.Status.ACTIVE:
            raise ValidationError(
                _("This affair is already %(status)s.") % {"status": affair.get_status_display()}
            )
        before = affair.status
        affair.status = AdmittedAffair.Status.EXPIRED if expired else AdmittedAffair.Status.REVOKED
        affair.ended_on = on
        affair.end_reason = reason
        affair.save()
        audit.record(
            AuditEntry.Action.TRANSITION,
            affair,
            before={"status": before},
            after={"status": affair.status},
            reason=reason,
        )
        if affair.application_id:
            app = _lock(affair.application)
            if app.status == S.ADMITTED:
                _transition(
                    app,
                    S.EXPIRED if expired else S.REVOKED,
                    D.EXPIRE if expired else D.REVOKE,
                    user,
                    reason,
                )
    return affair


def revoke_affair(affair, *, user=None, reason: str = "") -> AdmittedAffair:
    return end_affair(affair, expired=False, user=user, reason=reason)


def expire_affairs(today=None) -> int:
    """Expire every item whose validity has passed; returns how many."""
    today = today or _today()
    due = AdmittedAffair.objects.filter(status=AdmittedAffair.Status.ACTIVE, valid_until__lt=today)
    count = 0
    for affair in due:
        end_affair(affair, expired=True, reason=_("Validity period ended."), on=today)
        count += 1
    return count


# --- tasks: only through the list ------------------------------------------------------------


def assignable_affairs(user, today=None):
    """The affairs in force a user may send tasks through: a department only its own."""
    affairs = AdmittedAffair.objects.visible_to(user).active(today)
    if is_department_only(user):
        affairs = affairs.filter(department__in=department_ids_of(user))
    return affairs


def assign_task(
    affair: AdmittedAffair | None,
    communities,
    *,
    title: str,
    description: str = "",
    due_date=None,
    user=None,
    today=None,
) -> list[CommunityTask]:
    """Hand a task to communities through an admitted affair in force that covers them."""
    user = _actor(user)
    today = today or _today()
    if affair is None:
        raise ValidationError(
            {
                "affair": _(
                    "Pick an admitted affair: tasks reach communities only through the admitted-affairs list."
                )
            }
        )
    if not AdmittedAffair.objects.active(today).filter(pk=affair.pk).exists():
        raise ValidationError(
            {"affair": _("This affair is not in force on the admitted-affairs list.")}
        )
    if is_department_only(user) and affair.department_id not in department_ids_of(user):
        # 权随责走: a department sends tasks only through the affairs it applied for.
        raise ValidationError(
            {"affair": _("A department can only assign tasks through its own admitted affairs.")}
        )
    if not (title or "").strip():
        raise ValidationError({"title": _("Enter the task.")})
    communities = list(communities)
    if not communities:
        raise ValidationError({"communities": _("Choose at least one community.")})
    outside = [c.name for c in communities if not affair.covers(c)]
    if outside:
        raise ValidationError(
            {
                "communities": _("The affair does not cover: %(names)s.")
                % {"names": "、".join(outside)}
            }
        )
    if due_date and due_date < today:
        raise ValidationError({"due_date": _("The due date cannot be in the past.")})
    with transaction.atomic():
        return [
            CommunityTask.objects.create(
                community=c,
                affair=affair,
                department=affair.department,
                title=title.strip(),
                description=description,
                due_date=due_date,
                admitted=True,
                sent_by=user if getattr(user, "is_authenticated", False) else None,
            )
            for c in communities
        ]


def record_unadmitted_task(
    community: Community,
    *,
    title: str,
    description: str = "",
    department=None,
    due_date=None,
    user=None,
) -> CommunityTask:
    """A task handed to a community outside the list: recorded as unadmitted; the community
    may refuse it and may not be assessed on it."""
    user = _actor(user)
    if not (title or "").strip():
        raise ValidationError({"title": _("Enter the task.")})
    if is_department_only(user):
        # A department records requests in its own name (so it sees them afterwards).
        own = department_ids_of(user)
        if department is None and len(own) == 1:
            department = Department.objects.get(pk=next(iter(own)))
        elif department is None or department.pk not in own:
            raise ValidationError(
                {"department": _("You can only record requests of your own department.")}
            )
    return CommunityTask.objects.create(
        community=community,
        title=title.strip(),
        description=description,
        department=department,
        due_date=due_date,
        admitted=False,
        sent_by=user if getattr(user, "is_authenticated", False) else None,
    )


def refuse_task(task: CommunityTask, *, user=None, reason: str = "") -> CommunityTask:
    """One click: the community refuses an unadmitted task. The refusal is recorded and
    shown to the street admins (the sender's superior)."""
    user = _actor(user)
    with transaction.atomic():
        task = CommunityTask.objects.select_for_update().get(pk=task.pk)
        if task.admitted:
            raise ValidationError(
                _("This task comes through the admitted-affairs list: it cannot be refused.")
            )
        if task.status != CommunityTask.Status.OPEN:
            raise ValidationError(
                _("This task is already %(status)s.") % {"status": task.get_status_display()}
            )
        task.status = CommunityTask.Status.REFUSED
        task.refused_at = timezone.now()
        task.refused_by = user if getattr(user, "is_authenticated", False) else None
        task.refusal_reason = (reason or "").strip() or _("Not on the admitted-affairs list.")
        task.save()
        audit.record(
            AuditEntry.Action.TRANSITION,
            task,
            before={"status": "open"},
            after={"status": "refused"},
            reason=task.refusal_reason,
        )
    return task


def classify_task(
    task: CommunityTask, disposition: str, *, note: str = "", user=None
) -> CommunityTask:
    if disposition not in CommunityTask.Disposition.values:
        raise ValidationError({"disposition": _("Choose returned, moved to the station, or kept.")})
    with transaction.atomic():
        task = CommunityTask.objects.select_for_update().get(pk=task.pk)
        task.disposition = disposition
        task.disposition_note = (note or "")[:200]
        task.save()
    return task


def assessment_tasks(community: Community):
    """The tasks a community may be assessed on: admitted ones only, never unadmitted
    requests (Zhengzhou Erqi: departments may not assess communities on them)."""
    return CommunityTask.objects.filter(community=community, admitted=True).exclude(
        status=CommunityTask.Status.REFUSED
    )


def assessment_summary(community: Community) -> dict:
    tasks = assessment_tasks(community)
    total = tasks.count()
    done = tasks.filter(status=CommunityTask.Status.DONE).count()
    return {"total": total, "done": done, "rate": round(done * 100 / total) if total else None}


# --- funds follow tasks ----------------------------------------------------------------------


def set_fund_due(affair: AdmittedAffair, community: Community, amount, *, user=None) -> FundAccount:
    amount = parse_amount(amount, "amount_due")
    if not affair.covers(community):
        raise ValidationError({"community": _("The affair does not cover this community.")})
    with transaction.atomic():
        account, _created = FundAccount.objects.select_for_update().get_or_create(
            affair=affair, community=community, defaults={"amount_due": amount}
        )
        if not _created:
            account.amount_due = amount
            account.save()
    return account


def transferred_total(account: FundAccount) -> Decimal:
    return account.transfers.aggregate(t=Sum("amount"))["t"] or Decimal("0")


def record_transfer(
    account: FundAccount, *, date, amount, voucher: str, user=None, today=None
) -> FundTransfer:
    """A transfer of funds to the community: positive, not beyond what is outstanding, not in
    the future, with a voucher number."""
    today = today or _today()
    amount = parse_amount(amount, "amount")
    errors = {}
    if amount <= 0:
        errors["amount"] = _("A transfer must be more than zero.")
    if date is None:
        errors["date"] = _("Enter the date of the transfer.")
    elif date > today:
        errors["date"] = _("A transfer cannot be dated in the future.")
    if not (voucher or "").strip():
        errors["voucher"] = _("Enter the voucher number.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        account = FundAccount.objects.select_for_update().get(pk=account.pk)
        outstanding = account.amount_due - transferred_total(account)
        if amount > outstanding:
            raise ValidationError(
                {
                    "amount": _("This is more than is outstanding (%(outstanding)s yuan).")
                    % {"outstanding": outstanding}
                }
            )
        return FundTransfer.objects.create(
            account=account, date=date, amount=amount, voucher=voucher.strip()
        )


def with_balances(accounts):
    """Annotate accounts with `transferred` and `outstanding` (portable SQL)."""
    money = DecimalField(max_digits=14, decimal_places=2)
    paid = (
        FundTransfer.objects.filter(account=OuterRef("pk"))
        .order_by()
        .values("account")
        .annotate(t=Sum("amount"))
        .values("t")
    )
    return accounts.annotate(
        transferred=Coalesce(
            Subquery(paid, output_field=money), Value(Decimal("0")), output_field=money
        )
    ).annotate(
        outstanding=Coalesce("amount_due", Value(Decimal("0")), output_field=money)
        - Coalesce(Subquery(paid, output_field=money), Value(Decimal("0")), output_field=money)
    )


def arrears_by_department(accounts) -> list[dict]:
    """Per department: due, transferred, outstanding (Decimal), largest arrears first."""
    rows: dict = {}
    for acc in with_balances(accounts).select_related("affair__department"):
        dept = acc.affair.department
        key = dept.pk if dept else None
        row = rows.setdefault(
            key, {"department": dept, "due": Decimal("0"), "transferred": Decimal("0")}
        )
        row["due"] += acc.amount_due
        row["transferred"] += acc.transferred
    result = []
    for row in rows.values():
        row["outstanding"] = row["due"] - row["transferred"]
        result.append(row)
    return sorted(result, key=lambda r: r["outstanding"], reverse=True)


# --- ledgers -------------------------------------------------------------------------------


def decide_ledger(
    ledger: Ledger,
    decision: str,
    *,
    merged_into: Ledger | None = None,
    note: str = "",
    user=None,
    today=None,
) -> Ledger:
    if decision not in (Ledger.Decision.CANCELLED, Ledger.Decision.MERGED, Ledger.Decision.KEPT):
        raise ValidationError({"decision": _("Choose cancel, merge or keep.")})
    if decision == Ledger.Decision.MERGED:
        if merged_into is None:
            raise ValidationError({"merged_into": _("Choose the ledger it is merged into.")})
        if merged_into.pk == ledger.pk or merged_into.street_id != ledger.street_id:
            raise ValidationError(
                {"merged_into": _("Merge into another ledger of the same street.")}
            )
        if merged_into.decision in (Ledger.Decision.CANCELLED, Ledger.Decision.MERGED):
            raise ValidationError(
                {"merged_into": _("A ledger cannot be merged into a cancelled or merged one.")}
            )
    else:
        merged_into = None
    with transaction.atomic():
        ledger = Ledger.objects.select_for_update().get(pk=ledger.pk)
        ledger.decision = decision
        ledger.merged_into = merged_into
        ledger.decided_on = today or _today()
        if note:
            ledger.note = note[:200]
        ledger.save()
    return ledger


LEDGER_TAGS = {
    Ledger.Generated.DIBAO: "dibao",
    Ledger.Generated.DISABILITY: "disability",
    Ledger.Generated.VETERAN: "veteran",
}


def ledger_residents(kind: str, user):
    """The residents of a generated ledger, inside the user's scope, living here."""
    qs = Resident.objects.visible_to(user).filter(status=ResidentStatus.ACTIVE)
    if kind == Ledger.Generated.ELDERLY80:
        qs = qs.filter(age_filter(80))
    elif kind in LEDGER_TAGS:
        qs = qs.filter(tag_links__tag__code=LEDGER_TAGS[kind])
    else:
        raise ValidationError({"kind": _("Unknown generated ledger.")})
    return (
        qs.select_related("community", "grid", "household")
        .prefetch_related("tag_links__tag")
        .order_by("community__name", "name", "pk")
        .distinct()
    )


def export_ledger(kind: str | None, user) -> bytes:
    """The generated ledger as .xlsx in the usual layout (序号, 社区, 网格, 姓名, 性别, 出生年份,
    身份证号 (masked), 联系电话 (masked), 住址, 备注), audited as an export.
    `kind=None` exports every generated ledger, one sheet each (one audit entry per ledger)."""

    if not (user.has_perm("access.export_ledger")):
        raise ValidationError(_("You may not export ledgers."))
    kinds = list(Ledger.Generated.values) if kind is None else [kind]
    for k in kinds:
        if k not in Ledger.Generated.values:
            raise ValidationError({"kind": _("Unknown generated ledger.")})
    wb = Workbook()
    wb.remove(wb.active)
    counts = {k: _ledger_sheet(wb, k, user) for k in kinds}
    buffer = io.BytesIO()
    wb.save(buffer)
    for k, rows in counts.items():
        audit.record(
            AuditEntry.Action.EXPORT,
            None,
            object_repr=str(Ledger.Generated(k).label),
            extra={"ledger": k, "rows": rows, "masked": True},
            actor=user,
        )
    return buffer.getvalue()


def _ledger_sheet(wb, kind: str, user) -> int:
    """Write one generated ledger as a sheet of `wb`; the number of residents in it."""
    residents = list(ledger_residents(kind, user))
    label = str(Ledger.Generated(kind).label)
    ws = wb.create_sheet(label[:31])
    headers = [
        _("No."),
        _("Community"),
        _("Grid"),
        _("Name"),
        _("Sex"),
        # The year only, no exact age: beside the masked ID number (core.masking).
        _("Birth year"),
        _("ID number"),
        _("Phone"),
        _("Address"),
        _("Note"),
    ]
    ws.append([label])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([_("Generated on %(date)s from the registry") % {"date": _today().isoformat()}])
    ws.append(headers)
    for cell in ws[3]:
        cell.font = Font(bold=True)
    tag_code = LEDGER_TAGS.get(kind)
    for n, r in enumerate(residents, start=1):
        note = ""
        if tag_code:
            link = next((t for t in r.tag_links.all() if t.tag.code == tag_code), None)
            if link and link.grade:
                note = _("grade %(grade)d") % {"grade": link.grade}
        address = str(r.household) if r.household_id else ""
        ws.append(
            text.row(
                [
                    n,
                    r.community.name,
                    str(r.grid) if r.grid_id else "",
                    r.name,
                    r.get_sex_display(),
                    birth_year(r.birth_date) or "",
                    mask_id_number(r.id_number),
                    mask_phone(r.phone),
                    address,
                    note,
                ]
            )
        )
    widths = [6, 14, 10, 10, 6, 10, 22, 14, 28, 12]
    for i, w in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = w
    return len(residents)


# --- plaques -------------------------------------------------------------------------------


ALLOWED_PLAQUES = {Plaque.Kind.PARTY, Plaque.Kind.COMMITTEE, Plaque.Kind.NAME}


def _active_plaque_q(on, prefix: str = "") -> Q:
    return Q(**{f"{prefix}removed_on__isnull": True}) | Q(**{f"{prefix}removed_on__gt": on})


def active_plaques(community, on=None):
    on = on or _today()
    return Plaque.objects.filter(community=community).filter(_active_plaque_q(on))


DEFAULT_PLAQUE_LIMIT = AccessPolicy._meta.get_field("plaque_limit").default


@dataclass
class PlaqueCheck:
    community: Community
    count: int
    limit: int
    not_allowed: list

    @property
    def over_limit(self) -> bool:
        return self.count > self.limit

    @property
    def violation(self) -> bool:
        return self.over_limit or bool(self.not_allowed)


def with_plaque_counts(communities, on):
    """Annotate communities with `plaque_count`, `not_allowed_count` and `plaque_limit` (the
    street's policy, default 3) — aggregate SQL, not a query per community."""
    active = _active_plaque_q(on, "plaques__")
    return communities.annotate(
        plaque_count=Count("plaques", filter=active),
        not_allowed_count=Count(
            "plaques", filter=active & ~Q(plaques__kind__in=list(ALLOWED_PLAQUES))
        ),
        plaque_limit=Coalesce("street__access_policy__plaque_limit", Value(DEFAULT_PLAQUE_LIMIT)),
    )


def plaque_violation_q() -> Q:
    """Nanjing's rule: only the party organisation, the residents' committee and the
    community name; anything else, or more plaques than the street's limit, is a violation.
    (On communities annotated by with_plaque_counts.)"""
    return Q(plaque_count__gt=F("plaque_limit")) | Q(not_allowed_count__gt=0)


def plaque_checks(communities, on=None) -> list[PlaqueCheck]:
    """The plaque rule for each community, in two queries whatever their number."""
    on = on or _today()
    rows = list(with_plaque_counts(communities.select_related("street"), on))
    not_allowed: dict[int, list] = {}
    for p in (
        Plaque.objects.filter(community__in=[c.pk for c in rows])
        .filter(_active_plaque_q(on))
        .exclude(kind__in=list(ALLOWED_PLAQUES))
    ):
        not_allowed.setdefault(p.community_id, []).append(p)
    return [PlaqueCheck(c, c.plaque_count, c.plaque_limit, not_allowed.get(c.pk, [])) for c in rows]


def plaque_check(community, on=None) -> PlaqueCheck:
    return plaque_checks(Community.objects.filter(pk=community.pk), on)[0]


def save_plaque(plaque: Plaque) -> Plaque:
    """Record or correct a plaque (every change is audited by AuditedModel)."""
    check_dates(plaque.hung_on, plaque.removed_on, "hung_on", "removed_on")
    plaque.full_clean()
    plaque.save()
    return plaque


def take_down_plaque(plaque: Plaque, *, on, today=None) -> Plaque:
    """摘牌: a plaque is taken down on a day, not deleted — the street keeps the record of
    what was hung and when it came down (the change is audited). The day is not in the
    future nor before it was hung; a plaque comes down once."""
    today = today or _today()
    if on is None:
        raise ValidationError({"removed_on": _("Enter the day the plaque was taken down.")})
    if on > today:
        raise ValidationError(
            {"removed_on": _("A plaque cannot be recorded as taken down in the future.")}
        )
    with transaction.atomic():
        plaque = Plaque.objects.select_for_update().get(pk=plaque.pk)
        if plaque.removed_on is not None and plaque.removed_on <= today:
            raise ValidationError(
                _("This plaque was already taken down on %(date)s.")
                % {"date": plaque.removed_on.isoformat()}
            )
        if plaque.hung_on and on < plaque.hung_on:
            raise ValidationError(
                {"removed_on": _("A plaque cannot come down before it was hung.")}
            )
        plaque.removed_on = on
        plaque.save()
    return plaque


# --- dashboard -----------------------------------------------------------------------------


def burden_stats(user, *, street=None, community=None, today=None) -> dict:
    """Figures for the burden dashboard within the user's scope, optionally one street or
    one community. All numbers are plain ints/floats/strings (JSON-ready).

    Every figure is an aggregate query (COUNT/SUM ... GROUP BY): the number of queries does
    not grow with the number of communities (tests/access: dashboard query bound)."""
    today = today or _today()
    apps = Application.objects.visible_to(user)
    affairs = AdmittedAffair.objects.visible_to(user)
    tasks = CommunityTask.objects.visible_to(user)
    accounts = FundAccount.objects.visible_to(user)
    ledgers = Ledger.objects.visible_to(user)
    plaques = Plaque.objects.visible_to(user)
    communities = Community.objects.visible_to(user)
    if street is not None:
        apps, affairs, ledgers = (
            apps.filter(street=street),
            affairs.filter(street=street),
            ledgers.filter(street=street),
        )
        tasks = tasks.filter(community__street=street)
        accounts = accounts.filter(community__street=street)
        communities = communities.filter(street=street)
    if community is not None:
        apps = apps.filter(pk__in=Application.objects.filter(communities=community).values("pk"))
        # The affairs naming this community or naming none (= every community); no join,
        # so an affair is counted once however many communities it names.
        links = AdmittedAffair.communities.through.objects.filter(admittedaffair=OuterRef("pk"))
        affairs = affairs.filter(
            Exists(links.filter(community=community)) | ~Exists(links),
            street=community.street_id,
        )
        tasks = tasks.filter(community=community)
        accounts = accounts.filter(community=community)
        ledgers = ledgers.filter(street=community.street_id)
        communities = communities.filter(pk=community.pk)

    def counts(queryset, field, keys) -> dict:
        result = {k: 0 for k in keys}
        for row in queryset.order_by().values(field).annotate(n=Count("pk")):
            if row[field] in result:
                result[row[field]] = row["n"]
        return result

    by_status = counts(apps, "status", S.values)
    admitted = counts(affairs.active(today), "body", ["committee", "station"])
    disp = counts(tasks.exclude(disposition=""), "disposition", CommunityTask.Disposition.values)
    task_figures = tasks.aggregate(
        unadmitted=Count("pk", filter=Q(admitted=False)),
        refused=Count("pk", filter=Q(status=CommunityTask.Status.REFUSED)),
    )
    # Yuan with fen, whatever the database returns for a SUM (SQLite drops the scale).
    cent = Decimal("0.01")
    due = (accounts.aggregate(s=Sum("amount_due"))["s"] or Decimal("0")).quantize(cent)
    transferred = (
        FundTransfer.objects.filter(account__in=accounts.values("pk")).aggregate(s=Sum("amount"))[
            "s"
        ]
        or Decimal("0")
    ).quantize(cent)
    ledger_counts = counts(ledgers, "decision", Ledger.Decision.values)
    ledger_hours = ledgers.filter(
        decision__in=[Ledger.Decision.CANCELLED, Ledger.Decision.MERGED]
    ).aggregate(h=Sum("hours_per_month"))["h"] or Decimal("0")
    # Communities breaking the plaque rule, among those where the user sees a plaque (for a
    # department: the violations its own plaques are part of).
    with_plaques = communities.filter(
        pk__in=plaques.filter(_active_plaque_q(today)).values("community")
    )
    plaque_violations = with_plaque_counts(with_plaques, today).filter(plaque_violation_q()).count()
    policy_street = street if street is not None else (community.street if community else None)
    hours_per_task = (
        policy_for(policy_street).hours_per_task if policy_street is not None else Decimal("8")
    )
    hours_saved = ledger_hours + hours_per_task * (
        disp[CommunityTask.Disposition.RETURNED] + task_figures["refused"]
    )
    return {
        "applications": {str(S(k).label): v for k, v in by_status.items()},
        "applications_by_code": by_status,
        "overdue": apps.overdue(today).count(),
        "admitted": admitted,
        "unadmitted": task_figures["unadmitted"],
        "unadmitted_refused": task_figures["refused"],
        "dispositions": disp,
        "funds": {
            "due": str(due),
            "transferred": str(transferred),
            "outstanding": str(due - transferred),
        },
        "ledgers": ledger_counts,
        "plaques_over_limit": plaque_violations,
        "hours_saved_per_month": float(hours_saved),
        "trend": monthly_trend(apps, tasks, today),
    }


def _month_key(value) -> str:
    return f"{value.year:04d}-{value.month:02d}"


def monthly_trend(apps, tasks, today, months: int = 12) -> dict:
    """Per month for the last `months` months: applications submitted, tasks refused
    (GROUP BY month in SQL)."""
    labels = []
    y, m = today.year, today.month
    for _i in range(months):
        labels.append(f"{y:04d}-{m:02d}")
        m -= 1
        if m == 0:
            y, m = y - 1, 12
    labels.reverse()
    first = datetime.date(int(labels[0][:4]), int(labels[0][5:]), 1)
    since = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min))
    return {
        "months": labels,
        "submitted": _count_by_month(apps, "submitted_on", first, labels),
        "refused": _count_by_month(tasks, "refused_at", since, labels),
    }


def _count_by_month(qs, field: str, since, labels: list[str]) -> list[int]:
    """How many rows of `qs` fall in each month of `labels` by `field` (GROUP BY month in
    SQL; months without rows count 0)."""
    counts = {k: 0 for k in labels}
    for row in (
        qs.filter(**{f"{field}__gte": since})
        .order_by()
        .annotate(month=TruncMonth(field))
        .values("month")
        .annotate(n=Count("pk"))
    ):
        key = _month_key(row["month"])
        if key in counts:
            counts[key] += row["n"]
    return list(counts.values())
