"""Values derived from what a clerk types: pinyin for search, birth date and sex from the
ID number. Used by the registry services and by the bulk import alike (one place)."""

from functools import lru_cache

from pypinyin import Style, lazy_pinyin

from gongzhi.core import idnumber


@lru_cache(maxsize=65536)
def pinyin_of(name: str) -> tuple[str, str]:
    """``张三`` → (``zhangsan``, ``zs``). Non-Chinese characters are kept, lower-cased."""
    syllables = lazy_pinyin(name, style=Style.NORMAL, errors=lambda chars: list(chars))
    full = "".join(syllables).lower().replace(" ", "")
    initials = "".join(s[0] for s in syllables if s and s.strip()).lower()
    return full[:120], initials[:20]


def apply_to_resident(resident) -> list[str]:
    """Fill the search and derived fields of a resident; return ID warnings (area code)."""
    resident.name_pinyin, resident.name_initials = pinyin_of(resident.name)
    warnings: list[str] = []
    if resident.id_number:
        info = idnumber.parse(resident.id_number)  # raises ValidationError on a bad number
        resident.id_number = info.number
        resident.id_last4 = info.number[-4:]
        resident.birth_date = info.birth_date
        resident.sex = info.sex
        warnings = info.warnings
    else:
        resident.id_last4 = ""
    return warnings
