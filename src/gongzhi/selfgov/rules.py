"""Threshold arithmetic, in integers only (no floats: exactly half is never "more than half").

Every threshold is a fraction num/den stored on the election or assembly (configurable, with
the defaults of domain.md §4)."""

import calendar
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def more_than(part: int, whole: int, num: int, den: int) -> bool:
    """part > whole × num/den, exactly."""
    return part * den > whole * num


def at_least(part: int, whole: int, num: int, den: int) -> bool:
    """part ≥ whole × num/den, exactly."""
    return part * den >= whole * num


def minimum_at_least(whole: int, num: int, den: int) -> int:
    """The smallest integer part with part ≥ whole × num/den."""
    return -(-whole * num // den)


def minimum_more_than(whole: int, num: int, den: int) -> int:
    """The smallest integer part with part > whole × num/den."""
    return whole * num // den + 1


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day when it has no such day
    (31 March + 1 month = 30 April)."""

    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


# Floors and fixed values the law sets (domain.md §4): settings may be stricter, never laxer.
TERM_YEARS = 5  # Organic Law art. 8: the committee's term is five years
VOTING_AGE = 18  # art. 4 / Constitution art. 34: every resident aged 18 on election day
REGISTER_DAYS = 20  # election rules: the register is published at least 20 days before


def validate_term_years(value: int) -> None:
    if value != TERM_YEARS:
        raise ValidationError(
            _("The Organic Law fixes a residents' committee's term at %(years)d years.")
            % {"years": TERM_YEARS},
            code="term_fixed_by_law",
        )


def validate_voting_age(value: int) -> None:
    # Neither lower (the law's floor) nor higher (it would take the vote from 18-year-olds).
    if value != VOTING_AGE:
        raise ValidationError(
            _("The law gives the vote to every resident aged %(age)d on election day.")
            % {"age": VOTING_AGE},
            code="voting_age_fixed_by_law",
        )
