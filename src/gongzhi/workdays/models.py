"""The holiday calendar: public holidays and the make-up working days (调休) the State Council
announces each year. Editable data; deadlines in working days are computed from it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongzhi.core.models import AuditedModel
from gongzhi.workdays import choices


class CalendarDay(AuditedModel):
    Kind = choices.CalendarDayKind

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=50, help_text=_("e.g. 春节, 国庆节"))

    scope_paths = None

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("holiday calendar")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.name} ({self.get_kind_display()})"
