"""The enumerations of workdays (`models.TextChoices`), in one module as every app keeps them;
the models refer to them (`Model.Status` stays the name code uses)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("public holiday (no work)")
    WORKDAY = "workday", _("make-up working day (调休上班)")
