"""The records of cases (grid incidents handled in the seven steps of GB/T 30428).

- `Category`: the two-level tree (large class → small class) with each small class's
  default handling unit, time limits per step and on-site verification flag;
- `HandlingUnit`: who handles a dispatched case (a community, a street section or centre, a
  department, a property company);
- `Case` with its state machine in `cases.actions.flow.MACHINE`; every step is a `CaseStep`;
- `CasePhoto`: before/after photos, stored only through `core.photos.clean_photo`.

Each is an `AuditedModel` placed by `scope_paths` and managed by `ScopedManager`, so
`Model.objects.visible_to(user, action)` is the only filter views and the API use."""

import datetime
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongzhi.cases.choices import (
    OPEN_STATUSES,
    Channel,
    Kind,
    LimitUnit,
    PhotoStage,
    Status,
    UnitKind,
    Urgency,
)
from gongzhi.core.fields import EncryptedTextField
from gongzhi.core.masking import mask_phone
from gongzhi.core.models import AuditedModel
from gongzhi.org.models import Community, Department, Grid, Street, StreetUnit
from gongzhi.org.scoping import (
    ScopedManager,
    ScopedQuerySet,
    ScopePaths,
    department_ids_of,
    is_department_only,
)

STEPS = ("accept", "dispatch", "handle", "verify")  # the steps with a time limit
DUE_SOON_HOURS = 24  # "due soon" badge: the open step's due time is this close
# The due time each waiting state runs against (Case.current_due; CaseQuerySet.deadline).
WAITING = {
    "due_accept": (Status.REPORTED,),
    "due_dispatch": (Status.ACCEPTED, Status.RETURNED, Status.REFERRED),
    "due_handle": (Status.DISPATCHED, Status.HANDLING, Status.DISPUTED),
    "due_verify": (Status.HANDLED,),
}


def _limit(label):
    return models.PositiveSmallIntegerField(
        label, default=1, validators=[MinValueValidator(1), MaxValueValidator(720)]
    )


def _unit(label):
    return models.CharField(label, max_length=5, choices=LimitUnit.choices, default=LimitUnit.DAYS)


class HandlingUnit(AuditedModel):
    """Who a case is dispatched to. A community, a street section/centre or a department is
    the org record itself (by foreign key); a property company is known by its name."""

    street = models.ForeignKey(
        Street, verbose_name=_("street"), on_delete=models.CASCADE, related_name="case_units"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=UnitKind.choices)
    name = models.CharField(_("name"), max_length=100)
    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.CASCADE, null=True, blank=True
    )
    street_unit = models.ForeignKey(
        StreetUnit,
        verbose_name=_("street section or centre"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.CASCADE, null=True, blank=True
    )
    active = models.BooleanField(_("active"), default=True)

    scope_paths = ScopePaths(street="street")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("handling unit")
        verbose_name_plural = _("handling units")
        ordering = ["street", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["street", "name"], name="cases_unit_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Category(AuditedModel):
    """A class of the tree: a large class (no parent) or a small class (its parent is a large
    class). Cases are reported under small classes, which carry the limits and routing."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("large class"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    code = models.CharField(_("code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=50)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    # Routing: "community" sends the case to its own community's unit; otherwise the named
    # unit kind, and `default_unit` when one is set.
    default_unit_kind = models.CharField(
        _("handled by default by"),
        max_length=12,
        choices=UnitKind.choices,
        default=UnitKind.COMMUNITY,
    )
    default_unit = models.ForeignKey(
        HandlingUnit,
        verbose_name=_("default handling unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    urgent = models.BooleanField(_("urgent class (limits in working hours)"), default=False)
    accept_limit = _limit(_("time limit to accept"))
    accept_unit = _unit(_("unit of the limit to accept"))
    dispatch_limit = _limit(_("time limit to dispatch"))
    dispatch_unit = _unit(_("unit of the limit to dispatch"))
    handle_limit = _limit(_("time limit to handle"))
    handle_unit = _unit(_("unit of the limit to handle"))
    verify_limit = _limit(_("time limit to verify"))
    verify_unit = _unit(_("unit of the limit to verify"))
    verify_on_site = models.BooleanField(_("verified on site"), default=True)
    active = models.BooleanField(_("active"), default=True)

    scope_paths = None  # one tree for the whole district
    objects = ScopedManager()

    class Meta:
        verbose_name = _("case category")
        verbose_name_plural = _("case categories")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_small(self) -> bool:
        return self.parent_id is not None

    def limit(self, step: str) -> tuple[int, str]:
        return getattr(self, f"{step}_limit"), getattr(self, f"{step}_unit")


def new_case_number() -> str:
    # The day and 6 characters without look-alikes: readable on the phone, not guessable.
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    tail = "".join(secrets.choice(alphabet) for _ in range(6))
    return f"{timezone.localdate():%Y%m%d}{tail}"


class DispatchedQuerySet(ScopedQuerySet):
    """A user who only works for departments sees the cases dispatched to them (and their
    steps and photos), not the rest of the street their role is held in."""

    case_path = ""  # the lookup from the model to its case ("" for the case itself)

    def visible_to(self, user, action=None):
        queryset = super().visible_to(user, action)
        if is_department_only(user):
            prefix = f"{self.case_path}__" if self.case_path else ""
            queryset = queryset.filter(**{f"{prefix}unit__department__in": department_ids_of(user)})
        return queryset


class CaseQuerySet(DispatchedQuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def deadline(self, which: str, now=None):
        """The open cases whose current step is 'overdue' or 'due_soon' (Case.current_due)."""
        now = now or timezone.now()
        soon = now + datetime.timedelta(hours=DUE_SOON_HOURS)
        q = Q(pk__in=[])
        for field, statuses in WAITING.items():
            if which == "overdue":
                q |= Q(status__in=statuses, **{f"{field}__lt": now})
            else:
                q |= Q(status__in=statuses, **{f"{field}__gte": now, f"{field}__lte": soon})
        return self.filter(q)


# What a street admin edits of a class (the tree's form and its actions share the list).
CATEGORY_FIELDS = (
    "parent",
    "kind",
    "code",
    "name",
    "name_en",
    "default_unit_kind",
    "default_unit",
    "urgent",
    *(f"{step}_{part}" for step in STEPS for part in ("limit", "unit")),
    "verify_on_site",
    "active",
)


class Case(AuditedModel):
    """One incident (案卷), from its report to its rating."""

    Status = Status

    number = models.CharField(
        _("case number"), max_length=16, unique=True, default=new_case_number, editable=False
    )
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    hotline_ticket = models.CharField(_("hotline ticket number"), max_length=40, blank=True)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="cases"
    )
    description = models.TextField(_("description"), max_length=2000)
    urgency = models.CharField(
        _("urgency"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL
    )
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    street = models.ForeignKey(
        Street, verbose_name=_("street"), on_delete=models.PROTECT, related_name="cases"
    )
    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="cases"
    )
    grid = models.ForeignKey(
        Grid,
        verbose_name=_("grid"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    building = models.ForeignKey(
        "registry.Building",
        verbose_name=_("building"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
    )
    household = models.ForeignKey(
        "registry.Household",
        verbose_name=_("household"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reported_cases",
    )
    reporter_name = models.CharField(_("reporter's name"), max_length=50, blank=True)
    reporter_phone = EncryptedTextField(_("reporter's phone"), masker=mask_phone, blank=True)
    status = models.CharField(
        _("status"), max_length=14, choices=Status.choices, default=Status.REPORTED, db_index=True
    )
    unit = models.ForeignKey(
        HandlingUnit,
        verbose_name=_("handling unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
    )
    patrol = models.ForeignKey(
        "cases.Patrol",
        verbose_name=_("reported on patrol"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
    )
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now, db_index=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("first decided at"), null=True, blank=True)
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    handled_at = models.DateTimeField(_("reported done at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    due_accept = models.DateTimeField(_("to accept by"), null=True, blank=True)
    due_dispatch = models.DateTimeField(_("to dispatch by"), null=True, blank=True)
    due_handle = models.DateTimeField(_("to handle by"), null=True, blank=True)
    due_verify = models.DateTimeField(_("to verify by"), null=True, blank=True)
    # Figures kept by the actions (cases.indicators reads them).
    dispatched_on_time = models.BooleanField(_("dispatched on time"), null=True, blank=True)
    handled_on_time = models.BooleanField(_("handled on time"), null=True, blank=True)
    closed_on_time = models.BooleanField(_("closed on time"), null=True, blank=True)
    rework_count = models.PositiveSmallIntegerField(_("reworks (返工)"), default=0)
    reopened = models.BooleanField(_("reopened by the reporter"), default=False)
    extension_requested = models.PositiveSmallIntegerField(
        _("extension asked (in the limit's unit)"), default=0
    )
    hold_review_date = models.DateField(_("review on"), null=True, blank=True)
    status_note = models.CharField(_("status note"), max_length=500, blank=True)
    stars = models.PositiveSmallIntegerField(
        _("stars"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rating_comment = models.CharField(_("rating comment"), max_length=500, blank=True)
    # The hotline's own time of receipt (12345 受理时间); the case's clock starts at reported_at.
    hotline_received_at = models.DateTimeField(
        _("received by the hotline at"), null=True, blank=True
    )
    # The outside system that submitted the case ("open311:<key id>"; ApiKey.of_request).
    client = models.CharField(_("submitted by the system"), max_length=40, blank=True)
    # Escalation (cases.actions.escalation): 催办 to the unit, 督办 by the street. The job
    # `gongzhi escalate_cases` keeps overdue_since (the due time of the overdue step); the
    # figures never read these (they use the due times).
    remind_count = models.PositiveSmallIntegerField(_("reminders (催办)"), default=0)
    reminded_at = models.DateTimeField(_("last reminded at"), null=True, blank=True)
    supervise_count = models.PositiveSmallIntegerField(_("supervisions (督办)"), default=0)
    supervised_at = models.DateTimeField(_("last supervised at"), null=True, blank=True)
    overdue_since = models.DateTimeField(_("overdue since"), null=True, blank=True)

    audit_exclude = ("created_at", "updated_at", "reporter_phone")
    scope_paths = ScopePaths(street="street", community="community", grid="grid")
    objects = ScopedManager.from_queryset(CaseQuerySet)()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-reported_at", "-pk"]
        indexes = [
            models.Index(fields=["street", "reported_at"]),
            models.Index(fields=["category", "reported_at"]),
            # cases.duplicates: the same small class in a box of lat/lng around a point.
            models.Index(fields=["category", "lat", "lng"], name="cases_case_dup_box"),
            # A grid worker's open cases, newest first (bench/cases.py (c)): only the open
            # ones are indexed, so the list reads its page straight off the index.
            models.Index(
                fields=["grid", "-reported_at"],
                condition=Q(status__in=OPEN_STATUSES),
                name="cases_open_by_grid",
            ),
        ]
        constraints = [
            # A hotline ticket is entered once (12345 工单号).
            models.UniqueConstraint(
                fields=["hotline_ticket"],
                condition=Q(channel="hotline") & ~Q(hotline_ticket=""),
                name="cases_unique_hotline_ticket",
            )
        ]
        permissions = [
            ("record_case", _("Can record cases at the desk or from the hotline")),
            ("dispatch_case", _("Can accept, dispatch and decide cases (dispatcher)")),
            ("handle_case", _("Can handle cases dispatched to one's unit")),
            ("verify_case", _("Can verify cases on site")),
            ("supervise_case", _("Can supervise overdue cases for the street (督办)")),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.category.name}"

    def get_absolute_url(self) -> str:
        return reverse("cases:detail", args=[self.pk])

    @property
    def reporter_phone_masked(self) -> str:
        return mask_phone(self.reporter_phone)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def current_due(self):
        """The due time of the step the case waits for, or None."""
        for field, statuses in WAITING.items():
            if self.status in statuses:
                return getattr(self, field)
        return None

    def deadline_state(self, now=None) -> str:
        """'overdue', 'due_soon' (within DUE_SOON_HOURS) or ''."""
        due = self.current_due()
        if due is None:
            return ""
        now = now or timezone.now()
        if due < now:
            return "overdue"
        if (due - now).total_seconds() <= DUE_SOON_HOURS * 3600:
            return "due_soon"
        return ""


class PartOfCaseQuerySet(DispatchedQuerySet):
    case_path = "case"


class CaseStep(AuditedModel):
    """One step of a case (append-only): who, when, from which state to which, why."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="steps"
    )
    step = models.CharField(_("step"), max_length=24)
    from_status = models.CharField(_("from"), max_length=14, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=14, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(_("by"), max_length=150, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    scope_paths = ScopePaths(street="case__street", community="case__community", grid="case__grid")
    objects = ScopedManager.from_queryset(PartOfCaseQuerySet)()

    class Meta:
        verbose_name = _("case step")
        verbose_name_plural = _("case steps")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class CasePhoto(AuditedModel):
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="photos"
    )
    stage = models.CharField(_("stage"), max_length=8, choices=PhotoStage.choices)
    image = models.FileField(_("photo"), upload_to="cases/%Y/%m/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    scope_paths = ScopePaths(street="case__street", community="case__community", grid="case__grid")
    objects = ScopedManager.from_queryset(PartOfCaseQuerySet)()

    class Meta:
        verbose_name = _("case photo")
        verbose_name_plural = _("case photos")
        ordering = ["case", "stage", "pk"]

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_stage_display()}"


class Patrol(AuditedModel):
    """A grid worker's patrol (巡查): started and ended from the phone, its route a list of
    points sent by the phone as it moves; cases reported while it is open are linked to it."""

    grid_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("grid worker"),
        on_delete=models.PROTECT,
        related_name="patrols",
    )
    grid = models.ForeignKey(
        Grid, verbose_name=_("grid"), on_delete=models.PROTECT, related_name="patrols"
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    notes = models.TextField(_("notes"), max_length=2000, blank=True)

    scope_paths = ScopePaths(
        street="grid__community__street", community="grid__community", grid="grid"
    )
    objects = ScopedManager()

    class Meta:
        verbose_name = _("patrol")
        verbose_name_plural = _("patrols")
        ordering = ["-started_at", "-pk"]
        constraints = [
            # One open patrol per grid worker (cases.actions.patrol refuses a second one).
            models.UniqueConstraint(
                fields=["grid_worker"],
                condition=Q(ended_at__isnull=True),
                name="cases_one_open_patrol",
            )
        ]

    def __str__(self) -> str:
        return f"{self.grid} {timezone.localtime(self.started_at):%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("cases:patrol", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.ended_at is None


class PatrolPoint(models.Model):
    """One position of a patrol's route. Written in batches inside do_add_patrol_points (the
    patrol is that action's audited record; a point is not audited on its own)."""

    patrol = models.ForeignKey(
        Patrol, verbose_name=_("patrol"), on_delete=models.CASCADE, related_name="points"
    )
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    lng = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("patrol point")
        verbose_name_plural = _("patrol points")
        ordering = ["patrol", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.lat}, {self.lng}"
