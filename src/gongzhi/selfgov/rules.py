"""Pure rules: threshold arithmetic, the law's floors and who may vote (no writes).

Threshold arithmetic, in integers only (no floats: exactly half is never "more than half").

Every threshold is a fraction num/den stored on the election or assembly (configurable, with
the defaults of domain.md §4)."""

from __future__ import annotations

import calendar
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gongzhi.core import idnumber
from gongzhi.registry.choices import ResidenceType, ResidentStatus

if TYPE_CHECKING:  # the models import this module (the legal floors)
    from gongzhi.registry.models import Resident
    from gongzhi.selfgov.models import Election


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


# --- who may vote -----------------------------------------------------------------------------


def holds_prc_id(number: str) -> bool:
    """Whether the registry holds a PRC resident ID number (GB 11643) for the person. The
    registry checked the number when it was entered (core.idnumber); here only whether there
    is one and whether it is a citizen's: a foreigner's permanent residence card of 2023 has
    the same 18-character form and check digit but begins with 9, which no division code
    does."""
    number = idnumber.normalize(number)
    return len(number) == 18 and not number.startswith("9")


def residence_condition_met(resident: Resident, election: Election) -> bool:
    """The province's residence condition (the street's setting): living in the community
    at least `migrant_residence_months` by election day, counted from `living_here_since`."""
    since = resident.living_here_since
    months = election.community.street.migrant_residence_months
    return since is not None and add_months(since, months) <= election.election_day


def eligible(resident: Resident, election: Election, *, applied: bool = False) -> str | None:
    """None if the resident may be on the register; otherwise the reason. The one place of
    the rule (Organic Law Art. 8 and the provincial election rules, domain.md §4): PRC
    citizens aged `voting_age` on election day living in the community, not deprived of
    political rights; foreign nationals never; a resident whose hukou is elsewhere only on
    their own application (`applied`) and after the street's residence period."""
    if resident.status != ResidentStatus.ACTIVE:
        return _("no longer lives in the community")
    if resident.residence_type == ResidenceType.FOREIGN or not holds_prc_id(resident.id_number):
        return _("not a PRC citizen with a resident ID number")
    if resident.deprived_of_political_rights:
        return _("deprived of political rights")
    if resident.birth_date is None:
        return _("birth date unknown")
    if age_on(resident.birth_date, election.election_day) < election.voting_age:
        return _("under %(age)d on election day") % {"age": election.voting_age}
    if resident.residence_type == ResidenceType.MIGRANT:
        if not applied:
            return _(
                "hukou registered elsewhere: joins the register only on their own application "
                "(“add on application”)"
            )
        if not residence_condition_met(resident, election):
            return _(
                "has not lived here %(months)d months by election day (living here since: "
                "%(since)s)"
            ) % {
                "months": election.community.street.migrant_residence_months,
                "since": resident.living_here_since.isoformat()
                if resident.living_here_since
                else _("not recorded"),
            }
    return None
