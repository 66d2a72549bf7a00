"""Password rules beyond Django's validators (等保 level 3 asks for mixed character classes)."""

from django.core.exceptions import ValidationError
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
