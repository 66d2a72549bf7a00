"""Read-only lookups of the access system (no writes): the street's policy, who decides at
an application's review level, the affairs a user may send tasks through, fund balances,
what a community may be assessed on, a generated ledger's residents."""

from decimal import Decimal

from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from gongzhi.access.errors import Code
from gongzhi.access.models import (
    AccessPolicy,
    AdmittedAffair,
    Application,
    CommunityTask,
    FundAccount,
    FundTransfer,
    Ledger,
    ReviewLevel,
)
from gongzhi.core.errors import refuse
from gongzhi.org.models import Community, RoleAssignment
from gongzhi.org.scoping import department_ids_of, is_department_only
from gongzhi.registry.choices import ResidentStatus
from gongzhi.registry.models import Resident
from gongzhi.registry.queries import age_filter

S = Application.Status
EDITABLE = {S.DRAFT, S.RETURNED}
OPEN_FOR_DECISION = {S.SUBMITTED, S.IN_REVIEW}


def policy_for(street) -> AccessPolicy:
    """The street's access policy (defaults 30 / 15 working days, 3 plaques) — unsaved
    defaults when the street has not configured one."""
    return AccessPolicy.objects.filter(street=street).first() or AccessPolicy(street=street)


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


def is_department_user_of(user, department_id) -> bool | None:
    """None when the user is not a department user (street staff may file for anyone)."""
    departments = department_ids_of(user)
    if not departments:
        return None
    return department_id in departments


def assignable_affairs(user, today=None):
    """The affairs in force a user may send tasks through: a department only its own."""
    affairs = AdmittedAffair.objects.visible_to(user).active(today)
    if is_department_only(user):
        affairs = affairs.filter(department__in=department_ids_of(user))
    return affairs


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


def transferred_total(account: FundAccount) -> Decimal:
    return account.transfers.aggregate(t=Sum("amount"))["t"] or Decimal("0")


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
        refuse(Code.INVALID_CHOICE, _("Unknown generated ledger."), field="kind")
    return (
        qs.select_related("community", "grid", "household")
        .prefetch_related("tag_links__tag")
        .order_by("community__name", "name", "pk")
        .distinct()
    )
