"""Committee terms (届) and their members."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongzhi.core.models import AuditedModel
from gongzhi.org.models import CommitteeMember, ResidentsCommittee
from gongzhi.org.scoping import ScopedManager, ScopePaths
from gongzhi.selfgov import choices

# --- 1. terms ---------------------------------------------------------------------------


class Term(AuditedModel):
    """One term (届) of a residents' committee: 5 years by default (Art. 8)."""

    Status = choices.TermStatus

    committee = models.ForeignKey(
        ResidentsCommittee,
        verbose_name=_("residents' committee"),
        on_delete=models.CASCADE,
        related_name="terms",
    )
    number = models.PositiveSmallIntegerField(_("term number"), validators=[MinValueValidator(1)])
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    handed_over_on = models.DateField(_("handed over on"), null=True, blank=True)
    handover_notes = models.TextField(_("hand-over notes"), blank=True)

    scope_paths = ScopePaths(
        street="committee__community__street", community="committee__community"
    )
    objects = ScopedManager()

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["committee", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "number"], name="selfgov_term_unique_number"
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__gt=models.F("start_date")), name="selfgov_term_order"
            ),
        ]

    def __str__(self) -> str:
        return _("Term %(n)d of %(committee)s") % {"n": self.number, "committee": self.committee}

    @property
    def community(self):
        return self.committee.community


class TermMember(models.Model):
    """Links an org.CommitteeMember to the term it served in (org models stay untouched)."""

    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.CASCADE, related_name="term_members"
    )
    member = models.OneToOneField(
        CommitteeMember,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="term_link",
    )
    elected_votes = models.PositiveIntegerField(_("votes"), null=True, blank=True)

    scope_paths = ScopePaths(
        street="term__committee__community__street", community="term__committee__community"
    )
    objects = ScopedManager()

    class Meta:
        verbose_name = _("term member")
        verbose_name_plural = _("term members")

    def __str__(self) -> str:
        return f"{self.term} · {self.member}"
