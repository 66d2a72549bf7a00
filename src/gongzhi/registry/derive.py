"""Values derived from what a clerk types: pinyin for search, birth date and sex from the
ID number. Used by the registry services and by the bulk import alike (one place)."""

from functools import lru_cache

from pypinyin import Style, lazy_pinyin
from pypinyin.constants import PHRASES_DICT, PINYIN_DICT

from gongzhi.core import idnumber

# Character → its (pinyin, initial) as pypinyin reads it on its own, or False when pypinyin
# has no reading for it: filled lazily, a few thousand entries at most.
_CHARS: dict[str, tuple[str, str] | bool] = {}


def pinyin_of(name: str) -> tuple[str, str]:
    """``张三`` → (``zhangsan``, ``zs``). Non-Chinese characters are kept, lower-cased.

    The rule is pypinyin's reading of the whole name (`_pinyin_whole`). pypinyin reads a
    character differently from its default only inside a phrase of its phrase dictionary;
    so when no part of the name is such a phrase, the name's pinyin is its characters'
    readings put together, which costs a few dictionary look-ups (imports derive millions
    of names, most of them never seen before). Any other name goes to pypinyin whole."""
    full = initials = ""
    chars = _CHARS
    for ch in name:
        reading = chars.get(ch)
        if reading is None:
            reading = chars[ch] = _char_reading(ch)
        if reading is False:
            return _pinyin_whole(name)
        full += reading[0]
        initials += reading[1]
    n = len(name)
    if n > 1 and any(name[i:j] in PHRASES_DICT for i in range(n - 1) for j in range(i + 2, n + 1)):
        return _pinyin_whole(name)
    return full[:120], initials[:20]


def _char_reading(ch: str) -> tuple[str, str] | bool:
    if ord(ch) not in PINYIN_DICT:
        return False
    full, initials = _pinyin_whole(ch)
    return (full, initials) if full and len(initials) == 1 else False


@lru_cache(maxsize=65536)
def _pinyin_whole(name: str) -> tuple[str, str]:
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
