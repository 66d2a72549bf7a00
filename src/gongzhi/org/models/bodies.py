"""The bodies of a community (三位一体): party committee, residents' committee and its
members, working committees, service stations and their working groups, residents' groups."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongzhi.core.models import AuditedModel
from gongzhi.org import choices
from gongzhi.org.choices import Ethnicity, Sex
from gongzhi.org.models.places import Community, Street
from gongzhi.org.scoping import ScopedManager, ScopePaths


class PartyCommittee(AuditedModel):
    community = models.OneToOneField(
        Community,
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="party_committee",
    )
    name = models.CharField(_("name"), max_length=100)
    secretary_name = models.CharField(_("secretary"), max_length=50, blank=True)

    scope_paths = ScopePaths(street="community__street", community="community")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("community party committee")
        verbose_name_plural = _("community party committees")

    def __str__(self) -> str:
        return self.name


class CommitteeDuty(AuditedModel):
    """One duty on the list a de-administrated residents' committee keeps (Jianye: 16)."""

    street = models.ForeignKey(
        Street, verbose_name=_("street"), on_delete=models.CASCADE, related_name="committee_duties"
    )
    name = models.CharField(_("duty"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    scope_paths = ScopePaths(street="street")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("committee duty")
        verbose_name_plural = _("committee duties")
        ordering = ["street", "order"]

    def __str__(self) -> str:
        return self.name


class ResidentsCommittee(AuditedModel):
    community = models.OneToOneField(
        Community,
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="residents_committee",
    )
    name = models.CharField(_("name"), max_length=100)
    duties_limited = models.BooleanField(
        _("limited to self-government duties"),
        default=False,
        help_text=_("De-administrated committee (Jianye): keeps only the duties on its list."),
    )
    duties = models.ManyToManyField(
        CommitteeDuty, verbose_name=_("duties"), blank=True, related_name="committees"
    )

    scope_paths = ScopePaths(street="community__street", community="community")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("residents' committee")
        verbose_name_plural = _("residents' committees")

    def __str__(self) -> str:
        return self.name


class CommitteeMember(AuditedModel):
    Post = choices.CommitteeMemberPost

    committee = models.ForeignKey(
        ResidentsCommittee,
        verbose_name=_("residents' committee"),
        on_delete=models.CASCADE,
        related_name="members",
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    post = models.CharField(_("post"), max_length=12, choices=Post.choices, default=Post.MEMBER)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    ethnicity = models.CharField(
        _("ethnicity"), max_length=2, choices=Ethnicity.choices, default=Ethnicity.HAN
    )
    on_duty = models.BooleanField(_("on duty (坐班)"), default=False)
    paid = models.BooleanField(_("paid"), default=False)
    monthly_allowance = models.DecimalField(
        _("monthly allowance (yuan)"),
        max_digits=9,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    start_date = models.DateField(_("from"), default=timezone.localdate)
    end_date = models.DateField(_("until"), null=True, blank=True)

    scope_paths = ScopePaths(
        street="committee__community__street", community="committee__community"
    )
    objects = ScopedManager()

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["committee", "post", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_post_display()})"

    @property
    def is_minority(self) -> bool:
        return self.ethnicity != Ethnicity.HAN


class WorkingCommittee(AuditedModel):
    """A sub-committee of the residents' committee (Art. 13: mediation, security, health…)."""

    committee = models.ForeignKey(
        ResidentsCommittee,
        verbose_name=_("residents' committee"),
        on_delete=models.CASCADE,
        related_name="working_committees",
    )
    name = models.CharField(_("name"), max_length=100)
    members = models.ManyToManyField(
        CommitteeMember, verbose_name=_("members"), blank=True, related_name="working_committees"
    )

    scope_paths = ScopePaths(
        street="committee__community__street", community="committee__community"
    )
    objects = ScopedManager()

    class Meta:
        verbose_name = _("working committee")
        verbose_name_plural = _("working committees")
        ordering = ["committee", "name"]

    def __str__(self) -> str:
        return self.name


class ServiceStation(AuditedModel):
    """A service station (服务站): in a community, or one for the whole street (Xuanwu)."""

    street = models.ForeignKey(
        Street, verbose_name=_("street"), on_delete=models.CASCADE, related_name="stations"
    )
    community = models.OneToOneField(
        Community,
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="station",
        help_text=_("Empty for a street-level work station."),
    )
    name = models.CharField(_("name"), max_length=100)
    supervised_by_committee = models.BooleanField(
        _("supervised by the residents' committee"), default=True
    )

    scope_paths = ScopePaths(street="street", community="community")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("service station")
        verbose_name_plural = _("service stations")

    def __str__(self) -> str:
        return self.name

    @property
    def is_street_level(self) -> bool:
        return self.community_id is None


class WorkingGroup(AuditedModel):
    station = models.ForeignKey(
        ServiceStation,
        verbose_name=_("service station"),
        on_delete=models.CASCADE,
        related_name="working_groups",
    )
    name = models.CharField(_("name"), max_length=100)
    duties = models.TextField(_("duties"), blank=True)

    scope_paths = ScopePaths(street="station__street", community="station__community")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["station", "name"]

    def __str__(self) -> str:
        return self.name


class ResidentsGroup(AuditedModel):
    """居民小组 (Art. 14), with its elected leader."""

    community = models.ForeignKey(
        Community,
        verbose_name=_("community"),
        on_delete=models.CASCADE,
        related_name="residents_groups",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=100, blank=True)
    leader_name = models.CharField(_("group leader"), max_length=50, blank=True)

    scope_paths = ScopePaths(street="community__street", community="community")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("residents' group")
        verbose_name_plural = _("residents' groups")
        ordering = ["community", "number"]
        constraints = [
            models.UniqueConstraint(fields=["community", "number"], name="org_group_unique_number")
        ]

    def __str__(self) -> str:
        return self.name or _("Group %(n)d") % {"n": self.number}
