"""Checks shared by the access actions: money amounts, date order, today."""

import datetime
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.access.errors import Code
from gongzhi.access.models import MAX_AMOUNT
from gongzhi.core.errors import refuse


def today() -> datetime.date:
    return timezone.localdate()


def parse_amount(value, field: str) -> Decimal:
    """A money amount in yuan: a number, not negative, at most MAX_AMOUNT, 2 decimals."""
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        refuse(Code.INVALID_AMOUNT, _("Enter an amount in yuan, e.g. 12000.00."), field=field)
    if not amount.is_finite():
        refuse(Code.INVALID_AMOUNT, _("Enter an amount in yuan, e.g. 12000.00."), field=field)
    if amount < 0:
        refuse(Code.INVALID_AMOUNT, _("An amount cannot be negative."), field=field)
    if amount > MAX_AMOUNT:
        refuse(
            Code.INVALID_AMOUNT,
            _("This amount is not plausible: at most 100,000,000 yuan."),
            field=field,
        )
    if amount != amount.quantize(Decimal("0.01")):
        refuse(
            Code.INVALID_AMOUNT, _("Amounts have at most two decimal places (fen)."), field=field
        )
    return amount


def check_dates(start, end, start_field="start_date", end_field="end_date") -> None:
    if start and end and end < start:
        refuse(
            Code.DATE_ORDER,
            _("The end date must not be before the start date."),
            field=end_field,
        )
