"""People and providers: staff, dispatched cadres, care providers and care centres."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongzhi.core.fields import EncryptedTextField
from gongzhi.core.masking import mask_phone
from gongzhi.core.models import AuditedModel
from gongzhi.org import choices
from gongzhi.org.choices import Sex
from gongzhi.org.models.bodies import ServiceStation, WorkingGroup
from gongzhi.org.models.places import Community, Department, Street, StreetUnit
from gongzhi.org.scoping import ScopedManager, ScopePaths


class Provider(AuditedModel):
    """An outside organization that delivers services (care provider, hospital, social org)."""

    Kind = choices.ProviderKind

    name = models.CharField(_("name"), max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    contact_name = models.CharField(_("contact"), max_length=50, blank=True)
    contact_phone = EncryptedTextField(_("contact phone"), masker=mask_phone)

    scope_paths = None
    objects = ScopedManager()

    class Meta:
        verbose_name = _("provider")
        verbose_name_plural = _("providers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CareCentre(AuditedModel):
    """A community home-care centre (Hefei): government buys, a provider runs it."""

    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="care_centres",
    )
    name = models.CharField(_("name"), max_length=150)
    operator = models.ForeignKey(
        Provider,
        verbose_name=_("operated by"),
        on_delete=models.PROTECT,
        related_name="operated_centres",
    )
    partner_hospital = models.ForeignKey(
        Provider,
        verbose_name=_("partner hospital"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partner_centres",
    )
    contract_start = models.DateField(_("contract start"), null=True, blank=True)
    contract_end = models.DateField(_("contract end"), null=True, blank=True)

    scope_paths = ScopePaths(street="community__street", community="community")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("home-care centre")
        verbose_name_plural = _("home-care centres")

    def __str__(self) -> str:
        return self.name


class Staff(AuditedModel):
    """A person working for the street office, a community body or a station."""

    Employment = choices.StaffEmployment

    street = models.ForeignKey(
        Street, verbose_name=_("street"), on_delete=models.PROTECT, related_name="staff"
    )
    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    unit = models.ForeignKey(
        StreetUnit,
        verbose_name=_("street unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
    )
    station = models.ForeignKey(
        ServiceStation,
        verbose_name=_("service station"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
    )
    working_group = models.ForeignKey(
        WorkingGroup,
        verbose_name=_("working group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("log-in"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_record",
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    position = models.CharField(_("position"), max_length=100)
    employment = models.CharField(
        _("employment"), max_length=16, choices=Employment.choices, default=Employment.SOCIAL_WORKER
    )
    phone = EncryptedTextField(_("phone"), masker=mask_phone)
    active = models.BooleanField(pgettext_lazy("staff", "active"), default=True)

    scope_paths = ScopePaths(street="street", community="community")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["street", "community", "name"]

    def __str__(self) -> str:
        return f"{self.name} · {self.position}"


class DispatchedCadre(AuditedModel):
    """A cadre or unit posted by a department in a community (派驻)."""

    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="dispatched",
    )
    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="dispatched_cadres",
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    post = models.CharField(_("post"), max_length=100)
    duties = models.TextField(_("duties"), blank=True)
    office_hours = models.CharField(_("office hours"), max_length=100, blank=True)
    start_date = models.DateField(_("term start"))
    end_date = models.DateField(_("term end"), null=True, blank=True)

    scope_paths = ScopePaths(street="community__street", community="community")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("dispatched cadre")
        verbose_name_plural = _("dispatched cadres")
        ordering = ["community", "department", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="org_cadre_term_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.department})"
