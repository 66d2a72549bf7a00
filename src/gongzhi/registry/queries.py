"""Read-only registry questions and figures (no writes: those are in registry.actions).

Age groups (60+, 80+) are computed from the birth year (``age_filter``), never stored as
tags: a stored tag would be wrong the next year."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.core.models import AuditEntry
from gongzhi.org.models import Grid, RoleAssignment
from gongzhi.org.roles import Role
from gongzhi.registry.choices import ResidentStatus
from gongzhi.registry.models import Household, Resident, Tag

# Grid load: warn above the norm by more than this share (Xuanwu: ~300 households a grid).
GRID_LOAD_TOLERANCE = Decimal("0.15")
GRID_LOAD_TOLERANCE_PCT = 15  # the same share in whole percent, for integer comparisons

# Age groups shown as special groups but computed from the birth date.
COMPUTED_AGE_GROUPS = {"60plus": 60, "80plus": 80}

# Failed identity self-checks allowed per account in IDENTITY_CHECK_WINDOW; then only the
# window (registry.actions.accounts.verify_own_identity counts them from the audit log).
IDENTITY_CHECK_MAX_FAILURES = 5
IDENTITY_CHECK_WINDOW = datetime.timedelta(hours=24)
IDENTITY_CHECK_FAILED = "identity check failed"


def age_filter(min_age: int, prefix: str = "") -> Q:
    """Residents who reach `min_age` this calendar year or earlier (60+, 80+), by birth year.

    By year and not by the day: lists, ledgers and the API filter show who is in a group,
    and a resident who joined the group on their birthday would tell that birthday, and
    with it the hidden part of the masked ID number (core.masking)."""
    born_before = datetime.date(timezone.localdate().year - min_age + 1, 1, 1)
    return Q(**{f"{prefix}birth_date__lt": born_before})


def age_group(birth_date: datetime.date | None) -> int | None:
    """The computed age group (80, 60 or None) a resident is in, by the rule of `age_filter`."""
    if birth_date is None:
        return None
    reached = timezone.localdate().year - birth_date.year
    return next(
        (n for n in sorted(COMPUTED_AGE_GROUPS.values(), reverse=True) if reached >= n), None
    )


def active_members(household: Household):
    return Resident.objects.filter(household=household, status=ResidentStatus.ACTIVE)


@dataclass(frozen=True)
class GridLoad:
    households: int
    norm: int
    ratio: float
    over: bool  # more than +15 % above the norm
    residents: int = 0

    @property
    def percent(self) -> int:
        return round(self.ratio * 100)

    @property
    def warning(self) -> str:
        """A localized warning when the grid is more than 15 % above its norm, else ""."""
        if not self.over:
            return ""
        return _("%(n)d households: more than 15%% above the norm of %(norm)d.") % {
            "n": self.households,
            "norm": self.norm,
        }

    @property
    def level(self) -> str:
        """Bootstrap colour: danger above +15 %, warning below −15 %, success otherwise."""
        status = grid_load_status(self.households, self.norm)
        return {"over": "danger", "low": "warning"}.get(status, "success")


def grid_norm(grid: Grid) -> int:
    return grid.household_norm or grid.community.street.grid_household_norm or 300


def grid_load_status(households: int, norm: int) -> str:
    """ "over" when more than 15 % above the norm, "low" when more than 15 % below, else "ok".

    Whole-number arithmetic only: a float (or float × Decimal) comparison put exactly +15 %
    on different sides of the line at norms other than 300. Every door uses this function.
    """
    if households * 100 > norm * (100 + GRID_LOAD_TOLERANCE_PCT):
        return "over"
    if households * 100 < norm * (100 - GRID_LOAD_TOLERANCE_PCT):
        return "low"
    return "ok"


def grid_load(grid: Grid) -> GridLoad:
    """Active households of a grid against its norm (the grid's, else its street's)."""
    households = Household.objects.filter(grid=grid, active=True).count()
    residents = Resident.objects.filter(grid=grid, status=ResidentStatus.ACTIVE).count()
    norm = grid_norm(grid)
    ratio = households / norm if norm else 0.0
    over = grid_load_status(households, norm) == "over"
    return GridLoad(households=households, norm=norm, ratio=ratio, over=over, residents=residents)


def key_figures(residents_qs, households_qs) -> dict:
    """Counts for a grid or community page: households, residents, 60+, 80+, tags."""
    active = residents_qs.filter(status=ResidentStatus.ACTIVE)
    figures = {
        "households": households_qs.filter(active=True).count(),
        "residents": active.count(),
        "age60": active.filter(age_filter(60)).count(),
        "age80": active.filter(age_filter(80)).count(),
    }
    figures["tags"] = list(
        Tag.objects.filter(links__resident__in=active)
        .annotate(n=Count("links"))
        .values("code", "name", "n")
        .order_by("order")
    )
    return figures


def resident_communities(account) -> set[int]:
    """Communities where the account holds the resident role today."""
    return set(
        RoleAssignment.objects.active()
        .filter(user=account, role=Role.RESIDENT, community__isnull=False)
        .values_list("community_id", flat=True)
    )


def linked_resident(account) -> Resident | None:
    """The active registry record linked to this account, in one of the communities where
    the account is a resident; None otherwise (e.g. the person moved away or died)."""
    if account is None or not getattr(account, "is_authenticated", False):
        return None
    return (
        Resident.objects.filter(
            account=account,
            status=ResidentStatus.ACTIVE,
            community_id__in=resident_communities(account),
        )
        .select_related("community__street")
        .first()
    )


def identity_checks_left(account) -> int:
    since = timezone.now() - IDENTITY_CHECK_WINDOW
    failed = AuditEntry.objects.filter(
        actor=account,
        action=AuditEntry.Action.OTHER,
        reason=IDENTITY_CHECK_FAILED,
        timestamp__gte=since,
    ).count()
    return max(0, IDENTITY_CHECK_MAX_FAILURES - failed)
