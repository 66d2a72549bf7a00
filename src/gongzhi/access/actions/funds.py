"""Funds follow tasks (费随事转): what each community is due per affair, and transfers."""

from django.utils.translation import gettext as _

from gongzhi.access.actions.base import parse_amount
from gongzhi.access.actions.base import today as _today
from gongzhi.access.errors import Code, refuse_fields
from gongzhi.access.models import AdmittedAffair, FundAccount, FundTransfer
from gongzhi.access.queries import transferred_total
from gongzhi.core.actions import action
from gongzhi.core.errors import refuse
from gongzhi.org.models import Community


@action("access.add_fundaccount")
def do_set_fund_due(actor, affair: AdmittedAffair, community: Community, amount) -> FundAccount:
    """What the affair's department owes the community (set or corrected)."""
    amount = parse_amount(amount, "amount_due")
    if not affair.covers(community):
        refuse(Code.NOT_COVERED, _("The affair does not cover this community."), field="community")
    account, created = FundAccount.objects.select_for_update().get_or_create(
        affair=affair, community=community, defaults={"amount_due": amount}
    )
    if not created:
        account.amount_due = amount
        account.save()
    return account


@action("access.add_fundtransfer")
def do_record_transfer(
    actor, account: FundAccount, *, date, amount, voucher: str, today=None
) -> FundTransfer:
    """A transfer of funds to the community: positive, not beyond what is outstanding, not in
    the future, with a voucher number."""
    today = today or _today()
    amount = parse_amount(amount, "amount")
    errors = {}
    if amount <= 0:
        errors["amount"] = (Code.NOT_POSITIVE, _("A transfer must be more than zero."))
    if date is None:
        errors["date"] = (Code.MISSING, _("Enter the date of the transfer."))
    elif date > today:
        errors["date"] = (Code.DATE_IN_FUTURE, _("A transfer cannot be dated in the future."))
    if not (voucher or "").strip():
        errors["voucher"] = (Code.MISSING, _("Enter the voucher number."))
    if errors:
        refuse_fields(errors)
    account = FundAccount.objects.select_for_update().get(pk=account.pk)
    outstanding = account.amount_due - transferred_total(account)
    if amount > outstanding:
        refuse(
            Code.OVER_OUTSTANDING,
            _("This is more than is outstanding (%(outstanding)s yuan).")
            % {"outstanding": outstanding},
            field="amount",
        )
    return FundTransfer.objects.create(
        account=account, date=date, amount=amount, voucher=voucher.strip()
    )
