"""Resident assemblies, petitions, attendance, agenda items and the charter."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongzhi.core.models import AuditedModel
from gongzhi.org.models import CommitteeMember, Community, ResidentsGroup
from gongzhi.org.scoping import ScopedManager
from gongzhi.registry.models import Resident
from gongzhi.selfgov import choices
from gongzhi.selfgov.models._paths import ASSEMBLY_PATHS, COMMUNITY_PATHS

# --- 3. assemblies --------------------------------------------------------------------------


class Petition(AuditedModel):
    """A request to convene a resident assembly (Art. 10), checked against the registry."""

    Basis = choices.PetitionBasis

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="petitions"
    )
    basis = models.CharField(_("basis"), max_length=10, choices=Basis.choices)
    subject = models.CharField(_("subject"), max_length=200)
    signatures = models.PositiveIntegerField(_("valid signatures"), default=0)
    required = models.PositiveIntegerField(_("signatures required"), default=0)
    accepted = models.BooleanField(_("accepted"), default=False)
    signatory_residents = models.ManyToManyField(
        Resident, verbose_name=_("signatories"), blank=True, related_name="+"
    )
    signatory_groups = models.ManyToManyField(
        ResidentsGroup, verbose_name=_("signing groups"), blank=True, related_name="+"
    )

    scope_paths = COMMUNITY_PATHS
    objects = ScopedManager()

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject


class Assembly(AuditedModel):
    Kind = choices.AssemblyKind

    Status = choices.AssemblyStatus

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="assemblies"
    )
    title = models.CharField(_("title"), max_length=150)
    kind = models.CharField(
        pgettext_lazy("assembly kind", "members"),
        max_length=10,
        choices=Kind.choices,
        default=Kind.HOUSEHOLDS,
    )
    date = models.DateField(_("date"))
    place = models.CharField(pgettext_lazy("meeting", "place"), max_length=150, blank=True)
    petition = models.OneToOneField(
        Petition,
        verbose_name=_("petition"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assembly",
    )
    members_total = models.PositiveIntegerField(
        pgettext_lazy("assembly size", "members"), validators=[MinValueValidator(1)]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CONVENED
    )
    minutes = models.TextField(_("minutes"), blank=True)
    quorum_num = models.PositiveSmallIntegerField(_("quorum: more than (numerator)"), default=1)
    quorum_den = models.PositiveSmallIntegerField(
        _("quorum: more than (denominator)"), default=2, validators=[MinValueValidator(1)]
    )
    pass_num = models.PositiveSmallIntegerField(_("passes with more than (numerator)"), default=1)
    pass_den = models.PositiveSmallIntegerField(
        _("passes with more than (denominator)"), default=2, validators=[MinValueValidator(1)]
    )

    scope_paths = COMMUNITY_PATHS
    objects = ScopedManager()

    class Meta:
        verbose_name = _("resident assembly")
        verbose_name_plural = _("resident assemblies")
        ordering = ["-date"]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    assembly = models.ForeignKey(
        Assembly, verbose_name=_("assembly"), on_delete=models.CASCADE, related_name="attendance"
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    resident = models.ForeignKey(
        Resident,
        verbose_name=_("resident"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    scope_paths = ASSEMBLY_PATHS
    objects = ScopedManager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["assembly", "resident"], name="selfgov_attend_once")
        ]

    def __str__(self) -> str:
        return self.name


class AgendaItem(AuditedModel):
    Kind = choices.AgendaItemKind

    Outcome = choices.AgendaItemOutcome

    assembly = models.ForeignKey(
        Assembly, verbose_name=_("assembly"), on_delete=models.CASCADE, related_name="items"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.ORDINARY)
    member = models.ForeignKey(
        CommitteeMember,
        verbose_name=_("committee member"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    candidate_name = models.CharField(_("candidate (by-election)"), max_length=50, blank=True)
    charter = models.ForeignKey(
        "CharterVersion",
        verbose_name=_("charter version"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    yes = models.PositiveIntegerField(_("for"), default=0)
    no = models.PositiveIntegerField(_("against"), default=0)
    abstain = models.PositiveIntegerField(_("abstain"), default=0)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )

    scope_paths = ASSEMBLY_PATHS
    objects = ScopedManager()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["assembly", "pk"]

    def __str__(self) -> str:
        return self.title


# --- 4. charter -----------------------------------------------------------------------------


class CharterVersion(AuditedModel):
    Filing = choices.CharterVersionFiling

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="charters"
    )
    version = models.PositiveSmallIntegerField(_("version"))
    text = models.TextField(_("text"))
    adopted_by = models.ForeignKey(
        Assembly,
        verbose_name=_("adopted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    filing = models.CharField(
        _("filing"), max_length=10, choices=Filing.choices, default=Filing.NOT_FILED
    )
    filing_reference = models.CharField(_("filing reference"), max_length=100, blank=True)
    filed_on = models.DateField(_("filed on"), null=True, blank=True)

    scope_paths = COMMUNITY_PATHS
    objects = ScopedManager()

    class Meta:
        verbose_name = _("resident charter")
        verbose_name_plural = _("resident charters")
        ordering = ["community", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["community", "version"], name="selfgov_charter_version")
        ]

    def __str__(self) -> str:
        return _("Charter v%(v)d") % {"v": self.version}
