"""Recognition of service: star levels by cumulative hours (data: 一星 100 h, 二星 300 h, 三星
600 h, 四星 1,000 h, 五星 1,500 h in common use) and the volunteer-service certificate
(志愿服务证明) issued from the ledger, with a verification code anyone may check on a public
page without seeing personal data."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongzhi.civil.models.ledger import VOLUNTEER_PLACE
from gongzhi.civil.models.volunteers import Volunteer
from gongzhi.core.models import AuditedModel
from gongzhi.org.scoping import ScopedManager


class StarLevel(AuditedModel):
    """A star level by cumulative hours (data: 一星 100 h, 二星 300 h, 三星 600 h, 四星 1,000 h,
    五星 1,500 h in common use)."""

    stars = models.PositiveSmallIntegerField(_("stars"), unique=True)
    min_hours = models.DecimalField(_("from hours"), max_digits=8, decimal_places=2, unique=True)

    scope_paths = None
    objects = ScopedManager()

    class Meta:
        verbose_name = _("star level")
        verbose_name_plural = _("star levels")
        ordering = ["min_hours"]

    def __str__(self) -> str:
        return f"{self.stars}★ ≥ {self.min_hours} h"


def new_code() -> str:
    return secrets.token_hex(6).upper()


class Certificate(AuditedModel):
    """A volunteer-service certificate (志愿服务证明) issued from the ledger: its figures are
    frozen at issue; the code lets anyone verify it without seeing personal data."""

    volunteer = models.ForeignKey(
        Volunteer,
        verbose_name=_("volunteer"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    code = models.CharField(_("verification code"), max_length=12, unique=True, default=new_code)
    period_from = models.DateField(_("from"))
    period_to = models.DateField(_("to"))
    hours = models.DecimalField(_("hours"), max_digits=9, decimal_places=2)
    entries = models.PositiveIntegerField(_("entries"))
    issuer = models.CharField(_("issued by"), max_length=100)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    scope_paths = VOLUNTEER_PLACE
    objects = ScopedManager()

    class Meta:
        verbose_name = _("volunteer-service certificate")
        verbose_name_plural = _("volunteer-service certificates")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.code
