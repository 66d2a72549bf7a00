"""The time bank's invariants, checked from the postings (shared by `gongzhi check_timebank`
and the tests):

1. every movement's postings sum to zero;
2. every account's stored balance is the sum of its postings;
3. no person account is below zero;
4. per street, the person accounts sum to deposits minus spending (deposits: the hours the
   `issued` account was debited; spending: the hours the `redeemed` account was credited).

Sums are rounded to cents: on SQLite a Sum over a DecimalField can come back as a float."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from gongzhi.civil.models import Account, Posting

CENT = Decimal("0.01")


def _cents(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(CENT)


@dataclass
class Report:
    accounts: int = 0
    movements: int = 0
    streets: dict = field(default_factory=dict)  # street id → (persons, deposits, spending)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check() -> Report:
    report = Report()
    unbalanced = (
        Posting.objects.values("transfer").annotate(t=Sum("amount")).exclude(t=0).order_by()
    )
    for row in unbalanced:
        if _cents(row["t"]) != 0:
            report.problems.append(f"movement {row['transfer']}: postings sum to {row['t']}")
    report.movements = Posting.objects.values("transfer").distinct().count()
    sums = {
        row["account"]: _cents(row["t"])
        for row in Posting.objects.values("account").annotate(t=Sum("amount")).order_by()
    }
    totals: dict = {}
    for account in Account.objects.order_by("pk"):
        report.accounts += 1
        posted = sums.get(account.pk, Decimal(0))
        balance = _cents(account.balance)
        if posted != balance:
            report.problems.append(
                f"account {account.pk}: balance {balance}, postings sum to {posted}"
            )
        if account.kind == Account.Kind.PERSON and posted < 0:
            report.problems.append(f"account {account.pk}: below zero ({posted})")
        persons, issued, redeemed = totals.get(account.street_id, (Decimal(0),) * 3)
        if account.kind == Account.Kind.PERSON:
            persons += posted
        elif account.kind == Account.Kind.ISSUED:
            issued += posted
        else:
            redeemed += posted
        totals[account.street_id] = (persons, issued, redeemed)
    for street, (persons, issued, redeemed) in sorted(totals.items()):
        deposits, spending = -issued, redeemed
        report.streets[street] = (persons, deposits, spending)
        if persons != deposits - spending:
            report.problems.append(
                f"street {street}: accounts hold {persons}, deposits {deposits} − spending "
                f"{spending} = {deposits - spending}"
            )
    return report
