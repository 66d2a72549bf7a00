"""Password rules beyond Django's validators (等保 level 3 asks for mixed character classes)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

CLASSES = (
    ("lower", str.islower),
    ("upper", str.isupper),
    ("digit", str.isdigit),
    ("symbol", lambda c: not c.isalnum() and not c.isspace()),
)


def classes_in(password: str) -> set[str]:
    return {name for name, test in CLASSES if any(test(c) for c in password)}


class CharacterClassValidator:
    """At least `min_classes` of: lower-case letters, capitals, digits, symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if len(classes_in(password)) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return ngettext(
            "Your password must mix at least %(n)d kind of character: lower-case letters, "
            "capitals, digits, symbols.",
            "Your password must mix at least %(n)d kinds of characters: lower-case letters, "
            "capitals, digits, symbols.",
            self.min_classes,
        ) % {"n": self.min_classes}


def password_expired(user, max_age_days: int, now) -> bool:
    """True when rotation is on and the password is older than allowed. A password never
    changed through set_password (no date) counts as expired: its age is unknown."""
    if max_age_days <= 0 or not user.has_usable_password():
        return False
    changed = user.password_changed_at
    if changed is None:
        return True
    return (now - changed).days >= max_age_days


# Pinyin syllables (initial + final), to spot passwords made of a name and digits
# (zhangsan123, liuwei1990): the commonest pattern in leaked Chinese password lists.
_PINYIN = re.compile(
    r"(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|in|un|vn|ia|ie"
    r"|iu|ua|uo|ui|ue|ve|er|a|o|e|i|u|v))"
)
_NAME_AND_DIGITS = re.compile(rf"^(?:\d*)(?:{_PINYIN.pattern}){{2,4}}(?:[\d\W_]*)$")
# Bases of common Chinese passwords beyond Django's (English) list.
_COMMON_BASES = {
    "woaini",
    "aini",
    "iloveyou",
    "qq",
    "abc",
    "password",
    "admin",
    "qwerty",
    "asdf",
    "zxcv",
    "asdfgh",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
}
_SEQUENCES = ("0123456789", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl", "zxcvbnm")


def _longest_simple_run(password: str) -> int:
    """Length of the longest run of one repeated character or of neighbours in a sequence
    (digits, the alphabet, a keyboard row), either direction."""
    text = password.lower()
    best = run = 1 if text else 0
    for prev, cur in zip(text, text[1:], strict=False):
        same = prev == cur
        step = any(
            (i := seq.find(prev)) >= 0
            and seq[i + 1 : i + 2] == cur
            or (j := seq.find(cur)) >= 0
            and seq[j + 1 : j + 2] == prev
            for seq in _SEQUENCES
        )
        run = run + 1 if same or step else 1
        best = max(best, run)
    return best


class ChinesePasswordValidator:
    """Refuses what Django's lists miss for Chinese users: a pinyin name with digits
    (zhangsan123), common Chinese bases (woaini1314), and passwords that are mostly one
    repeated character or one sequence (1111111111a, 123456789abc)."""

    def validate(self, password, user=None):
        text = password.lower()
        letters = re.sub(r"[^a-z]", "", text)
        if (
            _NAME_AND_DIGITS.match(text)
            or letters in _COMMON_BASES
            or (not letters and text.strip("0123456789") == "" and "1314" in text)
        ):
            raise ValidationError(self.get_help_text(), code="password_common_pattern")
        if _longest_simple_run(text) * 2 >= len(text):
            raise ValidationError(self.get_help_text(), code="password_common_pattern")

    def get_help_text(self):
        return _(
            "Your password must not be a name in pinyin with digits, a common password, or "
            "mostly one repeated character or sequence."
        )
