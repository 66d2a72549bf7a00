"""The volunteer-hours ledger, as 《志愿服务记录与证明出具办法》 asks: who, which organization,
service content, place, start and end, hours, who recorded and who confirmed them. Entries
are never edited or deleted: a correction is a new entry reversing the wrong one."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongzhi.civil.models.orgs import Organization
from gongzhi.civil.models.volunteers import Activity, Assignment, Volunteer
from gongzhi.core.models import AuditedModel
from gongzhi.org.scoping import ScopedManager, ScopePaths

VOLUNTEER_PLACE = ScopePaths(
    street="volunteer__community__street",
    community="volunteer__community",
    grid="volunteer__grid",
)


class HoursEntry(AuditedModel):
    """One record of service hours (append-only). `hours` is negative only on an entry that
    reverses another (`reverses`)."""

    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("volunteer"), on_delete=models.PROTECT, related_name="hours"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("social organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hours",
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hours",
    )
    # The check-out that produced the entry: one entry per assignment (a retried check-out
    # records nothing more).
    assignment = models.OneToOneField(
        Assignment,
        verbose_name=_("assignment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hours_entry",
    )
    content = models.CharField(_("service content"), max_length=200)
    place = models.CharField(_("place"), max_length=200)
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"))
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    scope_paths = VOLUNTEER_PLACE
    objects = ScopedManager()

    class Meta:
        verbose_name = _("hours entry")
        permissions = [
            ("confirm_hoursentry", _("Can confirm volunteer hours")),
            ("correct_hoursentry", _("Can correct volunteer hours by a reversing entry")),
        ]
        verbose_name_plural = _("hours entries")
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["volunteer", "started_at"], name="civil_hours_vol_start")]

    def __str__(self) -> str:
        return f"{self.volunteer} {self.hours} h"
