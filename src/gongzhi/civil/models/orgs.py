"""Social organizations (reform 5: 社团类, 志愿服务类, 社会工作服务类) with their legal
status, incubation stage, members, the support given and annual assessments; residents'
leaders (居民领袖, 楼栋长, 单元长, 志愿者骨干) with what they lead."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongzhi.civil.choices import Grade, LeaderKind, LegalStatus, OrgKind, Stage, SupportKind
from gongzhi.civil.scoping import OrganizationQuerySet, OrgPartQuerySet
from gongzhi.core.fields import EncryptedTextField
from gongzhi.core.masking import mask_phone
from gongzhi.core.models import AuditedModel
from gongzhi.org.models import Community, Street
from gongzhi.org.scoping import ScopedManager, ScopePaths
from gongzhi.registry.models import Building, Resident


class Organization(AuditedModel):
    """A social organization of the street (no community) or of one community."""

    street = models.ForeignKey(
        Street, verbose_name=_("street"), on_delete=models.PROTECT, related_name="social_orgs"
    )
    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="social_orgs",
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=OrgKind.choices)
    legal_status = models.CharField(_("legal status"), max_length=10, choices=LegalStatus.choices)
    # 统一社会信用代码 of a registered organization (check digit: stdnum.cn.uscc).
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    # The street's filing number of an organization filed there (备案).
    filing_number = models.CharField(_("filing number"), max_length=30, blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    leader = models.ForeignKey(
        Resident,
        verbose_name=_("leader"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_orgs",
    )
    leader_name = models.CharField(_("leader's name"), max_length=50, blank=True)
    contact_name = models.CharField(_("contact's name"), max_length=50, blank=True)
    contact_phone = EncryptedTextField(_("contact's phone"), masker=mask_phone, blank=True)
    places = models.TextField(_("places of activity"), blank=True)
    stage = models.CharField(
        _("incubation stage"), max_length=12, choices=Stage.choices, default=Stage.NONE
    )
    active = models.BooleanField(_("active"), default=True)
    # The log-ins that manage this organization's page, members and activities (role
    # social_org_contact): they see their own organizations only.
    accounts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact accounts"),
        blank=True,
        related_name="social_orgs",
    )

    scope_paths = ScopePaths(street="street", community="community")
    objects = OrganizationQuerySet.as_manager()
    audit_exclude = ("created_at", "updated_at")

    class Meta:
        verbose_name = _("social organization")
        permissions = [
            ("change_incubation", _("Can move an organization along the incubation path")),
        ]
        verbose_name_plural = _("social organizations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["street", "name"], name="civil_org_unique_name"),
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~models.Q(credit_code=""),
                name="civil_org_unique_credit_code",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def contact_phone_masked(self) -> str:
        return mask_phone(self.contact_phone)


class Membership(AuditedModel):
    """A member of an organization: a registry resident where they are one, else a name."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("social organization"),
        on_delete=models.CASCADE,
        related_name="members",
    )
    resident = models.ForeignKey(
        Resident,
        verbose_name=_("resident"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="org_memberships",
    )
    name = models.CharField(_("name"), max_length=50)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)

    scope_paths = ScopePaths(street="organization__street", community="organization__community")
    objects = OrgPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["organization", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "resident"],
                condition=models.Q(resident__isnull=False),
                name="civil_member_unique_resident",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Support(AuditedModel):
    """Support the incubator gave an organization: space, money, training."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("social organization"),
        on_delete=models.CASCADE,
        related_name="supports",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=SupportKind.choices)
    given_on = models.DateField(_("date"))
    description = models.CharField(_("description"), max_length=200)
    amount = models.DecimalField(
        _("amount (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    scope_paths = ScopePaths(street="organization__street", community="organization__community")
    objects = OrgPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("support given")
        verbose_name_plural = _("support given")
        ordering = ["organization", "-given_on"]

    def __str__(self) -> str:
        return f"{self.organization} · {self.get_kind_display()}"


class Assessment(AuditedModel):
    """The annual assessment (年度评估) of an organization: one per year."""

    organization = models.ForeignKey(
        Organization,
        verbose_name=_("social organization"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=1, null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices)
    note = models.TextField(_("note"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    scope_paths = ScopePaths(street="organization__street", community="organization__community")
    objects = OrgPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("annual assessment")
        verbose_name_plural = _("annual assessments")
        ordering = ["organization", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="civil_assessment_year")
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.year}"


class Leader(AuditedModel):
    """A resident recognized as a leader, with what they lead: a building, a group (by name)
    or an organization."""

    resident = models.ForeignKey(
        Resident, verbose_name=_("resident"), on_delete=models.CASCADE, related_name="leaderships"
    )
    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="leaders"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=LeaderKind.choices)
    building = models.ForeignKey(
        Building,
        verbose_name=_("building"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="leaders",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("social organization"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="leaders",
    )
    group_name = models.CharField(_("group"), max_length=50, blank=True)
    since = models.DateField(_("since"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)

    scope_paths = ScopePaths(
        street="community__street", community="community", grid="resident__grid"
    )
    objects = ScopedManager()

    class Meta:
        verbose_name = _("residents' leader")
        verbose_name_plural = _("residents' leaders")
        ordering = ["community", "kind"]

    def __str__(self) -> str:
        return f"{self.resident.name} · {self.get_kind_display()}"
