"""Resident ID numbers (GB 11643) validated with python-stdnum, not by hand.

Input is forgiving in what people actually type: spaces, full-width digits, lower-case x.
An unknown area code is only a warning: stdnum's table includes abolished codes and may lag.
"""

import datetime
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric


@dataclass(frozen=True)
class IdNumberInfo:
    number: str
    birth_date: datetime.date
    sex: str  # "M" or "F": odd sequence = male, even = female (GB 11643)
    area_code: str
    warnings: list[str] = field(default_factory=list)


def normalize(value: str) -> str:
    value = unicodedata.normalize("NFKC", value or "")
    return "".join(value.split()).upper()


def parse(value: str) -> IdNumberInfo:
    """Return what the number says about its holder, or raise ValidationError."""
    number = normalize(value)
    if not number:
        raise ValidationError(_("Enter an ID number."), code="required")
    if len(number) != 18:
        raise ValidationError(
            _("An ID number has 18 characters; this one has %(count)d."),
            code="length",
            params={"count": len(number)},
        )
    if not number.isascii() or not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(
            _("An ID number is 17 digits followed by a digit or X."), code="format"
        )
    try:
        # Same as ric.get_birth_date, without its overhead (imports validate millions of rows).
        birth = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(
            _("The birth date in this ID number (%(date)s) does not exist."),
            code="birth_date",
            params={"date": number[6:14]},
        ) from None
    if birth > datetime.date.today():
        raise ValidationError(_("The birth date in this ID number is in the future."), code="future")
    if ric.calc_check_digit(number) != number[17]:
        raise ValidationError(
            _("The check digit of this ID number is wrong: please check every digit."),
            code="checksum",
        )
    warnings = []
    if not area_code_known(number[:6]):
        warnings.append(
            str(_("Area code %(code)s is not in the division code table; check it.") % {"code": number[:6]})
        )
    sex = "M" if int(number[16]) % 2 == 1 else "F"
    return IdNumberInfo(number=number, birth_date=birth, sex=sex, area_code=number[:6], warnings=warnings)


@lru_cache(maxsize=8192)
def area_code_known(code: str) -> bool:
    """Whether stdnum's division table knows the area code (cached: the look-up is slow and
    there are only a few thousand codes)."""
    try:
        ric.get_birth_place(code + "19000101" + "0000")
    except stdnum_errors.InvalidComponent:
        return False
    except KeyError:
        pass  # stdnum knows the code but not its county name (e.g. 620201 嘉峪关): still valid
    return True


def validate_id_number(value: str) -> None:
    parse(value)
