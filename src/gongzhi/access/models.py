"""The community-affairs access system (准入制度) and burden reduction (减负).

- AccessPolicy: per-street settings (lead time, decision deadline, plaque limit).
- ReviewLevel: the ordered levels an application passes (street section → leadership → bureau).
- Application (准入申请) with the four synchronizations (四个同步) and its state machine
  (access.actions.applications.MACHINE); ApplicationTransition logs every step.
- AdmittedAffair (准入清单 item), split into residents'-committee and service-station items.
- CommunityTask: a task handed to a community, admitted (through an affair) or not.
- FundAccount / FundTransfer: funds follow tasks (费随事转).
- Ledger (台帐) and Plaque (挂牌).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongzhi.access import choices
from gongzhi.access.choices import Body
from gongzhi.core.models import AuditedModel
from gongzhi.org.models import Community, Department, Street
from gongzhi.org.roles import Role
from gongzhi.org.scoping import (
    ScopedQuerySet,
    ScopePaths,
    department_ids_of,
    is_department_only,
)

# Amounts above this are refused as absurd (one affair, one community): 100 million yuan.
MAX_AMOUNT = Decimal("100000000")
money_validators = [MinValueValidator(Decimal("0")), MaxValueValidator(MAX_AMOUNT)]


class DepartmentScopedQuerySet(ScopedQuerySet):
    """visible_to() plus the department condition: a user who only holds department_staff
    roles sees the rows of their own department(s) — the one place this rule lives.

    `department_paths` name the lookups to the row's department (any of them may match:
    a task is the department's when it sent it or when it comes through its affair);
    `review_path`, when set (may be ""), also lets a department see rows that have reached
    a review level it staffs."""

    department_paths: tuple[str, ...] = ("department",)
    review_path: str | None = None

    def visible_to(self, user, action=None):
        queryset = super().visible_to(user, action)
        if not is_department_only(user):
            return queryset
        departments = department_ids_of(user)
        condition = Q(pk__in=[])
        for path in self.department_paths:
            condition |= Q(**{f"{path}__in": departments})
        if self.review_path is not None:
            # Rows that have reached a review level the department staffs (the district
            # bureau deciding after the street): from then on it sees them.
            path = self.review_path
            reviewing = ReviewLevel.objects.filter(
                street=OuterRef(f"{path}street"),
                department__in=departments,
                order__lte=OuterRef(f"{path}level"),
            )
            condition |= Q(Exists(reviewing)) & ~Q(**{f"{path}status": "draft"})
        return queryset.filter(condition)


class ApplicationQuerySet(DepartmentScopedQuerySet):
    review_path = ""

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(
            status__in=[Application.Status.SUBMITTED, Application.Status.IN_REVIEW],
            decision_due__lt=today,
        )


# A department applies at least 30 working days before the affair starts (domain.md §4):
# the law's floor, which a street's policy may raise but not lower.
LEAD_DAYS_FLOOR = 30


class AccessPolicy(AuditedModel):
    street = models.OneToOneField(
        Street, verbose_name=_("street"), on_delete=models.CASCADE, related_name="access_policy"
    )
    lead_days = models.PositiveSmallIntegerField(
        _("lead time (working days)"),
        default=LEAD_DAYS_FLOOR,
        validators=[
            MinValueValidator(
                LEAD_DAYS_FLOOR,
                _(
                    "The access rules require at least 30 working days: a street may ask more, not less."
                ),
            ),
            MaxValueValidator(250),
        ],
        help_text=_(
            "An affair must be applied for at least this many working days before it starts."
        ),
    )
    decision_days = models.PositiveSmallIntegerField(
        _("decision deadline (working days)"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(250)],
    )
    plaque_limit = models.PositiveSmallIntegerField(
        _("plaque limit per community"),
        default=3,
        validators=[MaxValueValidator(50)],
        help_text=_(
            "Nanjing: the party organisation, the residents' committee and the community name."
        ),
    )
    hours_per_task = models.DecimalField(
        _("staff hours per returned task (estimate)"),
        max_digits=6,
        decimal_places=1,
        default=Decimal("8"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1000"))],
    )

    scope_paths = ScopePaths(street="street")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("access policy")
        verbose_name_plural = _("access policies")

    def __str__(self) -> str:
        return str(self.street)


class ReviewLevel(AuditedModel):
    """One level of review for a street's applications, in order (1 = first)."""

    street = models.ForeignKey(
        Street, verbose_name=_("street"), on_delete=models.CASCADE, related_name="review_levels"
    )
    order = models.PositiveSmallIntegerField(_("order"), validators=[MinValueValidator(1)])
    name = models.CharField(_("name"), max_length=100)
    role = models.CharField(
        _("deciding role"),
        max_length=24,
        choices=Role.choices,
        default=Role.STREET_STAFF,
        help_text=_("Users holding this role at the street decide at this level."),
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("deciding department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("If set, only department staff of this department decide."),
    )

    scope_paths = ScopePaths(street="street")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("review level")
        verbose_name_plural = _("review levels")
        ordering = ["street", "order"]
        constraints = [
            models.UniqueConstraint(fields=["street", "order"], name="access_review_level_unique")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class Application(AuditedModel):
    # Labels carry a context: bare "rejected" etc. are other apps' msgids too, and the
    # catalogue of an app listed earlier would win (已拒绝 instead of 已驳回).
    Status = choices.ApplicationStatus

    Funding = choices.ApplicationFunding

    Personnel = choices.ApplicationPersonnel

    street = models.ForeignKey(
        Street,
        verbose_name=_("street"),
        on_delete=models.PROTECT,
        related_name="access_applications",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="access_applications",
    )
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(pgettext_lazy("access application", "content"))
    legal_basis = models.TextField(_("legal basis"))
    body = models.CharField(
        _("carried out by"), max_length=10, choices=Body.choices, default=Body.STATION
    )
    communities = models.ManyToManyField(
        Community, verbose_name=_("communities"), related_name="access_applications"
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"))
    hours_per_month = models.DecimalField(
        _("workload (hours per month)"),
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("744"))],
    )
    # The four synchronizations (四个同步), each declared explicitly.
    funding = models.CharField(_("funding"), max_length=10, choices=Funding.choices, blank=True)
    funding_per_community = models.DecimalField(
        _("funding per community (yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=money_validators,
    )
    funding_source = models.CharField(_("funding source"), max_length=200, blank=True)
    personnel = models.CharField(
        _("personnel"), max_length=10, choices=Personnel.choices, blank=True
    )
    personnel_count = models.PositiveSmallIntegerField(
        _("people sent"), null=True, blank=True, validators=[MaxValueValidator(1000)]
    )
    personnel_note = models.CharField(_("who is sent"), max_length=200, blank=True)
    service_support = models.TextField(
        _("service support"),
        blank=True,
        help_text=_("Training, equipment, systems; write 'none' if none."),
    )
    task_definition = models.TextField(_("task definition"), blank=True)
    attachment = models.FileField(_("attachment"), upload_to="access/applications/%Y/", blank=True)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    level = models.PositiveSmallIntegerField(_("review level"), default=0)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    decision_due = models.DateField(_("decision due"), null=True, blank=True)
    meets_four_sync = models.BooleanField(_("meets the four synchronizations"), default=False)
    override_reason = models.TextField(_("override reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    scope_paths = ScopePaths(street="street")
    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("access application")
        verbose_name_plural = _("access applications")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("submit_application", _("Can submit access applications")),
            ("review_application", _("Can decide on access applications")),
            ("admit_application", _("Can admit, revoke and expire affairs")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="access_application_dates"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return (
            self.status in (self.Status.SUBMITTED, self.Status.IN_REVIEW)
            and self.decision_due is not None
            and self.decision_due < timezone.localdate()
        )


class ApplicationTransition(models.Model):
    """One step of an application's life: who, when, from → to, with the reason."""

    Decision = choices.ApplicationTransitionDecision

    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    from_status = models.CharField(
        pgettext_lazy("access application step", "from"),
        max_length=10,
        choices=Application.Status.choices,
    )
    to_status = models.CharField(
        pgettext_lazy("access application step", "to"),
        max_length=10,
        choices=Application.Status.choices,
    )
    level = models.PositiveSmallIntegerField(_("review level"), default=0)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)
    override = models.BooleanField(_("four-synchronization override"), default=False)

    scope_paths = ScopePaths(street="application__street")
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("application step")
        verbose_name_plural = _("application steps")
        ordering = ["application", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.application} {self.from_status}→{self.to_status}"


def in_force_q(on) -> Q:
    """An item is in force on a day by its status AND its dates: lists never wait for the
    daily expiry command (access.actions.expire_affairs) to hide a lapsed item."""
    return Q(status=AdmittedAffair.Status.ACTIVE, valid_from__lte=on) & (
        Q(valid_until__isnull=True) | Q(valid_until__gte=on)
    )


class AdmittedAffairQuerySet(ScopedQuerySet):
    def active(self, on=None):
        return self.filter(in_force_q(on or timezone.localdate()))

    def ended(self, on=None):
        """Revoked or expired — by status, or by date when the expiry has not been run."""
        on = on or timezone.localdate()
        return self.filter(~Q(status=AdmittedAffair.Status.ACTIVE) | Q(valid_until__lt=on))


class AdmittedAffair(AuditedModel):
    """One item of a street's published admitted-affairs list (准入清单)."""

    Status = choices.AdmittedAffairStatus

    street = models.ForeignKey(
        Street, verbose_name=_("street"), on_delete=models.PROTECT, related_name="admitted_affairs"
    )
    application = models.OneToOneField(
        Application,
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="affair",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="admitted_affairs",
    )
    number = models.PositiveSmallIntegerField(_("number"), default=0)
    name = models.CharField(_("affair"), max_length=200)
    body = models.CharField(_("carried out by"), max_length=10, choices=Body.choices)
    category = models.CharField(_("category"), max_length=50, blank=True)
    description = models.TextField(_("description"), blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    communities = models.ManyToManyField(
        Community,
        verbose_name=_("communities"),
        blank=True,
        related_name="admitted_affairs",
        help_text=_("Empty: every community of the street."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.TextField(_("reason for ending"), blank=True)

    scope_paths = ScopePaths(street="street")
    objects = AdmittedAffairQuerySet.as_manager()

    class Meta:
        verbose_name = _("admitted affair")
        verbose_name_plural = _("admitted affairs")
        ordering = ["street", "body", "number", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="access_affair_validity_order",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def lapsed(self) -> bool:
        """Active by status but past its validity: expired by date, not yet recorded."""
        return (
            self.status == self.Status.ACTIVE
            and self.valid_until is not None
            and self.valid_until < timezone.localdate()
        )

    @property
    def in_force(self) -> bool:
        today = timezone.localdate()
        return (
            self.status == self.Status.ACTIVE
            and self.valid_from <= today
            and (self.valid_until is None or self.valid_until >= today)
        )

    def display_status(self):
        return self.Status.EXPIRED.label if self.lapsed else self.get_status_display()

    def covers(self, community) -> bool:
        if community.street_id != self.street_id:
            return False
        ids = [c.pk for c in self.communities.all()]
        return not ids or community.pk in ids


class CommunityTaskQuerySet(DepartmentScopedQuerySet):
    # A department sees the tasks it sent and those that come through its own affairs.
    department_paths = ("department", "affair__department")


class CommunityTask(AuditedModel):
    """A task handed to one community. Admitted when it comes through an admitted affair;
    otherwise an unadmitted request the community may refuse."""

    Status = choices.CommunityTaskStatus

    Disposition = choices.CommunityTaskDisposition

    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="access_tasks",
    )
    affair = models.ForeignKey(
        AdmittedAffair,
        verbose_name=_("admitted affair"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("sending department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField(_("task"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    due_date = models.DateField(_("due"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    admitted = models.BooleanField(_("admitted"), default=False, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    refused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("refused by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    refused_at = models.DateTimeField(_("refused at"), null=True, blank=True)
    refusal_reason = models.TextField(_("refusal reason"), blank=True)
    disposition = models.CharField(
        _("classification"), max_length=10, choices=Disposition.choices, blank=True
    )
    disposition_note = models.CharField(_("classification note"), max_length=200, blank=True)

    scope_paths = ScopePaths(street="community__street", community="community")
    objects = CommunityTaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("community task")
        verbose_name_plural = _("community tasks")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("assign_task", _("Can assign tasks to communities")),
            ("refuse_task", _("Can refuse unadmitted tasks")),
            ("classify_task", _("Can classify community tasks")),
        ]

    def __str__(self) -> str:
        return self.title


class FundAccountQuerySet(DepartmentScopedQuerySet):
    department_paths = ("affair__department",)


class FundAccount(AuditedModel):
    """Funds due to one community for one admitted affair (费随事转)."""

    affair = models.ForeignKey(
        AdmittedAffair,
        verbose_name=_("admitted affair"),
        on_delete=models.PROTECT,
        related_name="fund_accounts",
    )
    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="fund_accounts",
    )
    amount_due = models.DecimalField(
        _("funds due (yuan)"), max_digits=12, decimal_places=2, validators=money_validators
    )

    scope_paths = ScopePaths(street="community__street", community="community")
    objects = FundAccountQuerySet.as_manager()

    class Meta:
        verbose_name = _("fund account")
        verbose_name_plural = _("fund accounts")
        ordering = ["affair", "community"]
        constraints = [
            models.UniqueConstraint(
                fields=["affair", "community"], name="access_fund_account_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.affair} · {self.community}"


class FundTransferQuerySet(DepartmentScopedQuerySet):
    department_paths = ("account__affair__department",)


class FundTransfer(AuditedModel):
    account = models.ForeignKey(
        FundAccount,
        verbose_name=_("fund account"),
        on_delete=models.PROTECT,
        related_name="transfers",
    )
    date = models.DateField(_("date"))
    amount = models.DecimalField(
        _("amount (yuan)"), max_digits=12, decimal_places=2, validators=money_validators
    )
    voucher = models.CharField(_("voucher number"), max_length=64)

    scope_paths = ScopePaths(street="account__community__street", community="account__community")
    objects = FundTransferQuerySet.as_manager()

    class Meta:
        verbose_name = _("fund transfer")
        verbose_name_plural = _("fund transfers")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.voucher} {self.amount}"


class Ledger(AuditedModel):
    """A ledger or report communities are asked to keep (台帐), and what was decided about it."""

    Decision = choices.LedgerDecision

    Generated = choices.LedgerGenerated

    street = models.ForeignKey(
        Street, verbose_name=_("street"), on_delete=models.CASCADE, related_name="ledgers"
    )
    name = models.CharField(_("ledger"), max_length=200)
    category = models.CharField(_("category"), max_length=50)
    department = models.ForeignKey(
        Department,
        verbose_name=_("requiring department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledgers",
    )
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_from",
    )
    generated = models.CharField(
        _("generated from the registry"),
        max_length=12,
        choices=Generated.choices,
        blank=True,
        help_text=_("A kept ledger about people is generated instead of typed by hand."),
    )
    hours_per_month = models.DecimalField(
        _("hours per month it costs"),
        max_digits=6,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("744"))],
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    scope_paths = ScopePaths(street="street")
    # A department sees the ledgers it requires.
    objects = DepartmentScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("ledger")
        verbose_name_plural = _("ledgers")
        ordering = ["street", "category", "name"]
        permissions = [("export_ledger", _("Can export generated ledgers"))]

    def __str__(self) -> str:
        return self.name


class Plaque(AuditedModel):
    """A plaque or sign hung at a community (挂牌)."""

    Kind = choices.PlaqueKind

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.CASCADE, related_name="plaques"
    )
    name = models.CharField(_("text on the plaque"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OTHER)
    department = models.ForeignKey(
        Department,
        verbose_name=_("required by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    hung_on = models.DateField(_("hung on"), null=True, blank=True)
    removed_on = models.DateField(_("removed on"), null=True, blank=True)

    scope_paths = ScopePaths(street="community__street", community="community")
    # A department sees the plaques it required.
    objects = DepartmentScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("plaque")
        verbose_name_plural = _("plaques")
        ordering = ["community", "kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(removed_on__isnull=True)
                | Q(hung_on__isnull=True)
                | Q(removed_on__gte=models.F("hung_on")),
                name="access_plaque_date_order",
            )
        ]

    def __str__(self) -> str:
        return self.name
