"""The time bank (时间银行), optional per street, as a double-entry ledger: every movement
(`Transfer`) is postings that sum to zero. Each person has an account; each street has two
system accounts, `issued` (debited by every deposit: the hours the street has granted) and
`redeemed` (credited by every spending). So, with signs (+ credit, − debit), the sum of all
person accounts equals deposits minus spending, and a person's balance never goes negative.
`Redemption` is a request to spend hours on a service, published with how fast it was
served (the known failure of time banks is 易存难兑)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongzhi.civil.choices import TransferKind
from gongzhi.civil.models.ledger import HoursEntry
from gongzhi.core.models import AuditedModel
from gongzhi.org.models import Street
from gongzhi.org.scoping import ScopedManager, ScopePaths
from gongzhi.registry.models import Resident


class TimeBankSettings(AuditedModel):
    """A street's time bank: whether it runs, and the storage cap per account (data; Nanjing
    uses 1,500 h)."""

    street = models.OneToOneField(
        Street, verbose_name=_("street"), on_delete=models.CASCADE, related_name="time_bank"
    )
    enabled = models.BooleanField(_("enabled"), default=False)
    cap_hours = models.DecimalField(
        _("storage cap per account (hours)"), max_digits=8, decimal_places=2, default=1500
    )

    scope_paths = ScopePaths(street="street")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("time bank settings")
        verbose_name_plural = _("time bank settings")

    def __str__(self) -> str:
        return str(self.street)


class Account(AuditedModel):
    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ISSUED = "issued", _("Hours issued")
        REDEEMED = "redeemed", _("Hours redeemed")

    street = models.ForeignKey(
        Street, verbose_name=_("street"), on_delete=models.PROTECT, related_name="tb_accounts"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    owner = models.ForeignKey(
        Resident,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tb_accounts",
    )
    # The sum of the account's postings, kept by the actions in the same transaction (the
    # audit command recomputes it from the postings).
    balance = models.DecimalField(
        _("balance"), max_digits=10, decimal_places=2, default=0, editable=False
    )

    scope_paths = ScopePaths(street="street", community="owner__community", grid="owner__grid")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("time-bank account")
        verbose_name_plural = _("time-bank accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["street", "owner"],
                condition=models.Q(kind="person"),
                name="civil_tb_one_person_account",
            ),
            models.UniqueConstraint(
                fields=["street", "kind"],
                condition=~models.Q(kind="person"),
                name="civil_tb_one_system_account",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="person") | models.Q(balance__gte=0),
                name="civil_tb_person_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.owner.name if self.owner_id else self.get_kind_display()


class Redemption(AuditedModel):
    """A request to spend hours on a service (for the volunteer or a family member)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        SERVED = "served", _("Served")
        CANCELLED = "cancelled", _("Cancelled")

    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.PROTECT, related_name="redemptions"
    )
    service = models.CharField(_("service"), max_length=100)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    served_at = models.DateTimeField(_("served at"), null=True, blank=True)

    scope_paths = ScopePaths(
        street="account__street",
        community="account__owner__community",
        grid="account__owner__grid",
    )
    objects = ScopedManager()

    class Meta:
        verbose_name = _("redemption request")
        verbose_name_plural = _("redemption requests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.account} · {self.service}"


class Transfer(AuditedModel):
    street = models.ForeignKey(
        Street, verbose_name=_("street"), on_delete=models.PROTECT, related_name="tb_transfers"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=TransferKind.choices)
    hours = models.DecimalField(_("hours"), max_digits=8, decimal_places=2)
    memo = models.CharField(_("memo"), max_length=200, blank=True)
    hours_entry = models.OneToOneField(
        HoursEntry,
        verbose_name=_("hours entry"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deposit",
    )
    redemption = models.OneToOneField(
        Redemption,
        verbose_name=_("redemption request"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transfer",
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    scope_paths = ScopePaths(street="street")
    objects = ScopedManager()

    class Meta:
        verbose_name = _("time-bank movement")
        verbose_name_plural = _("time-bank movements")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(hours__gt=0), name="civil_tb_hours_positive")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.hours} h"


class Posting(models.Model):
    """One side of a movement: + credits the account, − debits it. Written only with its
    transfer (which is audited); never changed."""

    transfer = models.ForeignKey(
        Transfer, verbose_name=_("movement"), on_delete=models.PROTECT, related_name="postings"
    )
    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.PROTECT, related_name="postings"
    )
    amount = models.DecimalField(_("hours"), max_digits=8, decimal_places=2)

    # where its account is: a posting is seen by whoever sees the account
    scope_paths = ScopePaths(
        street="account__street", community="account__owner__community", grid="account__owner__grid"
    )
    objects = ScopedManager()

    class Meta:
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        indexes = [models.Index(fields=["account", "transfer"], name="civil_posting_account")]

    def __str__(self) -> str:
        return f"{self.account} {self.amount:+}"
