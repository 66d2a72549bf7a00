"""Read-only figures of the access system: the plaque rule per community and the burden
dashboard (aggregate SQL; the number of queries does not grow with the communities)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from gongzhi.access.models import (
    AccessPolicy,
    AdmittedAffair,
    Application,
    CommunityTask,
    FundAccount,
    FundTransfer,
    Ledger,
    Plaque,
)
from gongzhi.access.queries import policy_for
from gongzhi.org.models import Community

S = Application.Status


def _today() -> datetime.date:
    return timezone.localdate()


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
