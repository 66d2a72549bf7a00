"""Public notices and property management of the estates."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongzhi.core.models import AuditedModel
from gongzhi.org.models import Community
from gongzhi.org.scoping import ScopedManager, ScopePaths
from gongzhi.registry.models import Estate
from gongzhi.selfgov import choices
from gongzhi.selfgov.models._paths import COMMUNITY_PATHS

# --- 5. notices -----------------------------------------------------------------------------


class Notice(AuditedModel):
    Category = choices.NoticeCategory

    community = models.ForeignKey(
        Community, verbose_name=_("community"), on_delete=models.PROTECT, related_name="notices"
    )
    category = models.CharField(
        _("category"), max_length=10, choices=Category.choices, default=Category.OTHER
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    publish_on = models.DateField(_("publish on"))
    expire_on = models.DateField(_("expires on"), null=True, blank=True)

    scope_paths = COMMUNITY_PATHS
    objects = ScopedManager()

    class Meta:
        verbose_name = _("public notice")
        verbose_name_plural = _("public notices")
        ordering = ["-publish_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expire_on__isnull=True)
                | models.Q(expire_on__gte=models.F("publish_on")),
                name="selfgov_notice_dates",
            )
        ]

    def __str__(self) -> str:
        return self.title


# --- 6. property management -------------------------------------------------------------------


class EstateManagement(AuditedModel):
    Mode = choices.EstateManagementMode

    estate = models.OneToOneField(
        Estate, verbose_name=_("estate"), on_delete=models.CASCADE, related_name="management"
    )
    mode = models.CharField(_("mode"), max_length=8, choices=Mode.choices, blank=True)
    company_name = models.CharField(_("property company"), max_length=150, blank=True)
    owners_committee = models.CharField(_("owners' committee"), max_length=150, blank=True)
    owners_committee_elected_on = models.DateField(
        _("owners' committee elected on"), null=True, blank=True
    )
    contract_start = models.DateField(_("contract start"), null=True, blank=True)
    contract_end = models.DateField(_("contract end"), null=True, blank=True)

    scope_paths = ScopePaths(street="estate__community__street", community="estate__community")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("estate management")
        verbose_name_plural = _("estate management")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(contract_end__isnull=True)
                | models.Q(contract_start__isnull=True)
                | models.Q(contract_end__gte=models.F("contract_start")),
                name="selfgov_contract_order",
            )
        ]

    def __str__(self) -> str:
        return str(self.estate)
