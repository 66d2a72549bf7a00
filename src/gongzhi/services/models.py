"""One-window services (一站式办结): the service menu (菜单), requests and their history,
supervision (督办), satisfaction ratings and residents' opinions (民意诉求).

- Category, ServiceItem (the menu) with ItemField (extra form fields per item, as data);
- ServiceRequest with its state machine in `gongzhi.services.actions.TRANSITIONS`;
  every step is a RequestTransition (who, when, why);
- Supervision (督办 by a residents'-committee member), Rating (1–5), Opinion (民意诉求).
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongzhi.core.fields import EncryptedTextField
from gongzhi.core.masking import mask_phone
from gongzhi.core.models import AuditedModel
from gongzhi.org.models import Community, Department, Street
from gongzhi.org.scoping import (
    ScopedManager,
    ScopedQuerySet,
    ScopePaths,
    department_ids_of,
    is_department_only,
)
from gongzhi.services import choices
from gongzhi.services.choices import Decision, Status


class Category(AuditedModel):
    """A group of the menu (居住证, 最低生活保障, …)."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    scope_paths = None  # the menu is the same for every community
    objects = ScopedManager()

    class Meta:
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class ServiceItemQuerySet(ScopedQuerySet):
    def active(self, day=None):
        day = day or timezone.localdate()
        return self.filter(
            Q(active_from__isnull=True) | Q(active_from__lte=day),
            Q(active_until__isnull=True) | Q(active_until__gte=day),
        )


class ServiceItem(AuditedModel):
    """One item of the service menu (服务事项)."""

    Place = choices.ServiceItemPlace

    code = models.CharField(
        _("item code"), max_length=32, unique=True, help_text=_("The government's item code.")
    )
    name = models.CharField(_("name"), max_length=100)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="items"
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("responsible department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_items",
    )
    handled_at = models.CharField(
        _("where it is handled"), max_length=16, choices=Place.choices, default=Place.STATION
    )
    delegated_approval = models.BooleanField(
        _("approval delegated to the community (下沉审批)"), default=False
    )
    description = models.TextField(_("description"), blank=True)
    keywords = models.CharField(_("keywords"), max_length=200, blank=True)
    materials = models.JSONField(
        _("required materials"), default=list, blank=True, help_text=_("One entry per material.")
    )
    time_limit_days = models.PositiveSmallIntegerField(
        _("time limit (working days)"), default=5, validators=[MaxValueValidator(365)]
    )
    fee = models.DecimalField(_("fee (yuan)"), max_digits=8, decimal_places=2, default=0)
    online = models.BooleanField(_("can be requested online"), default=True)
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_until = models.DateField(_("active until"), null=True, blank=True)

    scope_paths = None
    objects = ScopedManager.from_queryset(ServiceItemQuerySet)()

    class Meta:
        verbose_name = _("service item")
        verbose_name_plural = _("service menu")
        ordering = ["category__order", "code"]

    def __str__(self) -> str:
        return self.name

    def is_active(self, day=None) -> bool:
        day = day or timezone.localdate()
        return (self.active_from is None or self.active_from <= day) and (
            self.active_until is None or self.active_until >= day
        )


class ItemField(AuditedModel):
    """An extra form field of one item, kept as data (the web form and Open311 read it)."""

    Kind = choices.ItemFieldKind

    item = models.ForeignKey(
        ServiceItem, verbose_name=_("service item"), on_delete=models.CASCADE, related_name="fields"
    )
    code = models.SlugField(_("code"), max_length=40)
    label = models.CharField(_("label"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.TEXT)
    required = models.BooleanField(_("required"), default=False)
    choices = models.JSONField(
        _("choices"), default=list, blank=True, help_text=_('A list of {"key": ..., "name": ...}.')
    )
    help_text = models.CharField(_("help text"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    scope_paths = None
    objects = ScopedManager()

    class Meta:
        verbose_name = _("item form field")
        verbose_name_plural = _("item form fields")
        ordering = ["item", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["item", "code"], name="services_field_unique_code")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def choice_keys(self) -> list[str]:
        return [str(c["key"]) for c in self.choices or []]


def new_tracking_code() -> str:
    # 10 characters without look-alikes (0/O, 1/I/L): ~10^14 codes, not guessable.
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    return "".join(secrets.choice(alphabet) for _ in range(10))


OPEN_STATUSES = (
    Status.SUBMITTED,
    Status.ACCEPTED,
    Status.MATERIALS_REQUESTED,
    Status.IN_PROGRESS,
    Status.TRANSFERRED,
)
CLOSED_STATUSES = (Status.REFUSED, Status.COMPLETED, Status.RATED, Status.WITHDRAWN)


class ServiceRequestQuerySet(ScopedQuerySet):
    def visible_to(self, user, action=None):
        """A user who only works for departments sees what was transferred to them."""
        queryset = super().visible_to(user, action)
        if is_department_only(user):
            queryset = queryset.filter(transferred_to_department__in=department_ids_of(user))
        return queryset

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.open().exclude(status=Status.MATERIALS_REQUESTED).filter(due_date__lt=today)


class ServiceRequest(AuditedModel):
    """A request for one item of the menu, from the window, a phone, the API or Open311."""

    Channel = choices.ServiceRequestChannel

    Status = Status

    tracking_code = models.CharField(
        _("tracking code"), max_length=12, unique=True, default=new_tracking_code, editable=False
    )
    item = models.ForeignKey(
        ServiceItem,
        verbose_name=_("service item"),
        on_delete=models.PROTECT,
        related_name="requests",
    )
    street = models.ForeignKey(
        Street, verbose_name=_("street"), on_delete=models.PROTECT, related_name="service_requests"
    )
    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_requests",
    )
    resident = models.ForeignKey(
        "registry.Resident",
        verbose_name=_("resident"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="service_requests",
    )
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant's account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="service_requests",
    )
    applicant_name = models.CharField(_("applicant"), max_length=50, blank=True)
    applicant_phone = EncryptedTextField(_("phone"), masker=mask_phone, blank=True)
    applicant_email = models.EmailField(_("e-mail"), blank=True)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    description = models.TextField(_("description"), blank=True, max_length=4000)
    values = models.JSONField(_("form values"), default=dict, blank=True)
    materials_received = models.JSONField(_("materials received"), default=list, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    address_id = models.CharField(_("address id"), max_length=64, blank=True)
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    media_url = models.URLField(_("media URL"), blank=True, max_length=500)
    external_account_id = models.CharField(_("external account id"), max_length=64, blank=True)
    device_id = models.CharField(_("device id"), max_length=64, blank=True)
    # The outside system that submitted the request, as its adapter names it ("open311:12"
    # is Open311 key 12): services knows no adapter, so this is text, not a foreign key.
    client = models.CharField(_("submitted by integration"), max_length=40, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)
    due_date = models.DateField(_("due date"), null=True, blank=True, db_index=True)
    paused_since = models.DateField(_("paused since"), null=True, blank=True)
    paused_days = models.PositiveIntegerField(_("paused working days"), default=0)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    transferred_to_department = models.ForeignKey(
        Department,
        verbose_name=_("transferred to department"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    transferred_to = models.CharField(_("transferred to"), max_length=100, blank=True)
    status_note = models.CharField(_("status note"), max_length=500, blank=True)
    result = models.TextField(_("result"), blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    on_time = models.BooleanField(_("completed on time"), null=True, blank=True)
    supervised = models.BooleanField(_("under supervision (督办)"), default=False)
    # 下沉审批: an item whose approval is delegated to the community is decided in the
    # community's station (services.actions, "decide_approve" / "decide_refuse").
    decision = models.CharField(
        pgettext_lazy("delegated approval", "decision"),
        max_length=10,
        choices=Decision.choices,
        blank=True,
    )
    decision_text = models.TextField(_("decision text"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    audit_exclude = ("created_at", "updated_at", "applicant_phone")
    scope_paths = ScopePaths(street="street", community="community")
    objects = ScopedManager.from_queryset(ServiceRequestQuerySet)()

    class Meta:
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["street", "submitted_at"])]
        permissions = [
            ("handle_servicerequest", _("Can handle service requests at the window")),
            ("supervise_servicerequest", _("Can flag service requests for supervision")),
            ("request_online", _("Can request services online")),
            (
                "decide_servicerequest",
                _("Can decide delegated approvals (下沉审批) in the community"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.item}"

    @property
    def applicant_phone_masked(self) -> str:
        return mask_phone(self.applicant_phone)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_paused(self) -> bool:
        return self.status == Status.MATERIALS_REQUESTED

    def deadline_state(self, today=None) -> str:
        """'overdue', 'due_soon' (due today or within 2 calendar days) or ''."""
        if not self.is_open or self.is_paused or self.due_date is None:
            return ""
        today = today or timezone.localdate()
        if self.due_date < today:
            return "overdue"
        if (self.due_date - today).days <= 2:
            return "due_soon"
        return ""


class RequestTransition(models.Model):
    """One step of a request (append-only): who, when, from which state to which, why."""

    request = models.ForeignKey(
        ServiceRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    action = models.CharField(_("action"), max_length=24)
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices)
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

    scope_paths = ScopePaths(street="request__street", community="request__community")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("request step")
        verbose_name_plural = _("request steps")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class Supervision(AuditedModel):
    """督办: a residents'-committee member flags a request with a note."""

    request = models.ForeignKey(
        ServiceRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="supervisions",
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note"))
    at = models.DateTimeField(_("at"), default=timezone.now)

    scope_paths = ScopePaths(street="request__street", community="request__community")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("supervision")
        verbose_name_plural = _("supervisions")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.request} · {self.note[:30]}"


class Rating(AuditedModel):
    Channel = choices.RatingChannel

    request = models.OneToOneField(
        ServiceRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="rating"
    )
    stars = models.PositiveSmallIntegerField(
        _("satisfaction"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True, max_length=1000)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)

    scope_paths = ScopePaths(street="request__street", community="request__community")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["-at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stars__gte=1) & Q(stars__lte=5), name="services_rating_1_to_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self.request} ★{self.stars}"


class Opinion(AuditedModel):
    """民意诉求: a need or opinion a residents' committee records; grouped by topic, answered
    or turned into a service request (the link is visible from both sides)."""

    Status = choices.OpinionStatus

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="opinions"
    )
    topic = models.CharField(_("topic"), max_length=50, help_text=_("Groups similar opinions."))
    content = models.TextField(_("content"), max_length=4000)
    resident = models.ForeignKey(
        "registry.Resident",
        verbose_name=_("resident"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opinions",
    )
    raised_by = models.CharField(_("raised by"), max_length=50, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    answer = models.TextField(_("answer"), blank=True)
    request = models.OneToOneField(
        ServiceRequest,
        verbose_name=_("service request"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opinion",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    scope_paths = ScopePaths(street="community__street", community="community")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("resident opinion")
        verbose_name_plural = _("resident opinions")
        ordering = ["topic", "-created_at"]

    def __str__(self) -> str:
        return f"{self.topic}: {self.content[:30]}"
