"""Picking a household by typing (a street has thousands: no drop-down lists them all).

The browser asks `registry:household_lookup` for suggestions as the user types
(static/registry/household_lookup.js fills a <datalist>); the form field resolves the typed
text on the server, so the form also works without JavaScript: the household number, the
exact address, or a suggestion's text "number · address".
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from gongzhi.registry.models import Household

MIN_CHARS = 2
MAX_RESULTS = 20
SEPARATOR = " · "


def household_label(household: Household) -> str:
    return f"{household.number}{SEPARATOR}{household.address}"


def suggest_households(queryset, q: str, limit: int = MAX_RESULTS) -> list[Household]:
    """Households of `queryset` (already limited to what the user may see) whose number or
    head's name starts with `q`, or whose address contains it; nothing under MIN_CHARS."""
    q = (q or "").strip()[:100]
    if len(q) < MIN_CHARS:
        return []
    number = q.partition(SEPARATOR)[0].strip() if SEPARATOR in q else q
    return list(
        queryset.filter(
            Q(number__istartswith=number) | Q(address__contains=q) | Q(head__name__startswith=q)
        )
        .select_related("head", "community")
        .order_by("number", "pk")[:limit]
    )


def resolve_household(queryset, text: str) -> Household:
    """The one household of `queryset` the typed text names, else a ValidationError."""
    text = " ".join((text or "").split())
    if SEPARATOR.strip() in text:
        number, _sep, address = (part.strip() for part in text.partition(SEPARATOR.strip()))
        matches = queryset.filter(number__iexact=number, address=address)
    else:
        matches = queryset.filter(number__iexact=text)
        if not matches.exists():
            matches = queryset.filter(address=text)
    found = list(matches[:2])
    if len(found) == 1:
        return found[0]
    if found:
        raise ValidationError(
            _("Several households match “%(text)s”: choose one from the suggestions.")
            % {"text": text},
            code="ambiguous",
        )
    raise ValidationError(
        _(
            "No household matches “%(text)s”. Type the household number or the address "
            "and choose from the suggestions."
        )
        % {"text": text},
        code="not_found",
    )
