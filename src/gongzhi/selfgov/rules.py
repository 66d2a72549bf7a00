"""Threshold arithmetic, in integers only (no floats: exactly half is never "more than half").

Every threshold is a fraction num/den stored on the election or assembly (configurable, with
the defaults of domain.md §4)."""

from datetime import date


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
