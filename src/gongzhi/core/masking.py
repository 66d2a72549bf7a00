"""How sensitive values are shown on screen: enough to recognise, not enough to misuse.

An ID number is area code (6) + birth date (8) + sequence (3, the last one odd for men) +
check digit. Whatever is shown beside a masked number must not rebuild it, so the mask
and the rest of the screen are designed together (docs/security.d/masking.md):

- the mask keeps the area code and the last TWO characters, hiding the birth date and the
  first two digits of the sequence;
- the birth date itself is shown only as the birth year (``birth_year``): never the full
  date, never an exact age (an age plus the year tells whether the birthday has passed,
  and an age watched day by day tells the birthday), never sorted or filtered by the day;
- so month and day (≈365) times two sequence digits (100) stay unknown; the visible check
  digit keeps about one in eleven: ≈3,300 candidates. With the last four kept instead,
  the year alone would leave ≈33 — and the full date none, which is how grid workers
  rebuilt 795 of 800 numbers. Sex is the 17th digit, which the last two already show.
"""

import datetime


def mask_id_number(value: str | None) -> str:
    """``110105199001011234`` → ``110105**********34`` (area code and last two kept)."""
    if not value:
        return ""
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 8) + value[-2:]


def birth_year(value: datetime.date | None) -> int | None:
    """What may be shown of a birth date without the audited reveal: the year."""
    return value.year if value else None


def mask_phone(value: str | None) -> str:
    """``13812345678`` → ``138****5678``; other lengths keep the first 3 and last 4."""
    if not value:
        return ""
    if len(value) <= 7:
        return value[:1] + "*" * (len(value) - 1)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_name(value: str | None) -> str:
    """``张三`` → ``张*``, ``欧阳娜娜`` → ``欧**娜``."""
    if not value:
        return ""
    if len(value) == 1:
        return value
    if len(value) == 2:
        return value[0] + "*"
    return value[0] + "*" * (len(value) - 2) + value[-1]


def mask_text(value: str | None) -> str:
    """Free text such as a health note: shown only as its length."""
    return "" if not value else "●" * min(len(value), 8)
