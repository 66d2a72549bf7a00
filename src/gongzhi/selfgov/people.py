"""Picking a person on the election and assembly screens without typing an ID number.

A clerk types part of a name, a household number or the last digits of the ID number; the
browser asks `selfgov:election_people` for suggestions (the same <datalist> script as the
household picker, registry/household_lookup.js) and the chosen suggestion's text
"name · household · ****1234" is what the form sends. The server resolves the text itself, so
the forms work without JavaScript: a suggestion's text, a name with the last digits
("张三 1234"), a name or the last digits alone when only one person matches, or — as before —
the whole ID number."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from gongzhi.core.errors import refuse
from gongzhi.core.fields import index_lookup
from gongzhi.registry.models import Resident
from gongzhi.selfgov.errors import Code

MIN_CHARS = 1
MAX_RESULTS = 20
SEP = " · "
NO_HOUSEHOLD = "—"
_LAST_DIGITS = re.compile(r"^\*{0,4}(\d{3}[\dXx]|\d{4})$")
_ID_NUMBER = re.compile(r"^\d{17}[\dXx]$")


@dataclass(frozen=True)
class People:
    """Where a queryset keeps a person's name, household number, ID digits and resident."""

    name: str = "name"
    household: str = "household__number"
    last4: str = "resident__id_last4"
    resident: str = "resident__"

    def label(self, person) -> str:
        resident = person if isinstance(person, Resident) else person.resident
        number = person.household.number if person.household_id else NO_HOUSEHOLD
        return f"{person.name}{SEP}{number}{SEP}****{resident.id_last4}"

    def suggest(self, queryset, q: str, limit: int = MAX_RESULTS) -> list:
        """People of `queryset` whose name or household number starts with `q`, or whose ID
        number ends with the digits typed (three or four)."""
        q = " ".join((q or "").split())[:50]
        if len(q) < MIN_CHARS:
            return []
        match = Q(**{f"{self.name}__startswith": q}) | Q(**{f"{self.household}__istartswith": q})
        digits = _LAST_DIGITS.match(q)
        if digits:
            match |= Q(**{f"{self.last4}__endswith": digits.group(1).upper()})
        return list(
            queryset.filter(match)
            .select_related("household", *([self.resident[:-2]] if self.resident else []))
            .order_by(self.name, "pk")[:limit]
        )

    def resolve(self, queryset, text: str, *, field: str, code=Code.UNKNOWN_VOTER):
        """The one person of `queryset` the text names; else a coded refusal on `field`."""
        text = " ".join((text or "").split())
        if not text:
            refuse(code, _("Choose a person from the suggestions."), field=field)
        found = list(queryset.filter(self._lookup(text))[:2])
        if len(found) == 1:
            return found[0]
        if found:
            refuse(
                Code.AMBIGUOUS_PERSON,
                _("Several people match “%(text)s”: choose one from the suggestions.")
                % {"text": text},
                field=field,
            )
        refuse(
            code,
            _(
                "Nobody here matches “%(text)s”: type a name, a household number or the last digits of the ID number, and choose from the suggestions."
            )
            % {"text": text},
            field=field,
        )

    def _lookup(self, text: str) -> Q:
        compact = text.replace(" ", "")
        if _ID_NUMBER.match(compact):
            index = index_lookup(Resident, "id_number", compact)
            return Q(**{f"{self.resident}{k}": v for k, v in index.items()})
        parts = [p.strip() for p in text.split(SEP.strip())]
        if len(parts) == 3:  # a suggestion's text
            name, number, last4 = parts
            household = (
                Q(**{f"{self.household[: -len('__number')]}__isnull": True})
                if number == NO_HOUSEHOLD
                else Q(**{f"{self.household}__iexact": number})
            )
            return Q(**{self.name: name, self.last4: last4.lstrip("*").upper()}) & household
        words = text.split()
        digits = _LAST_DIGITS.match(words[-1])
        if digits and len(words) > 1:  # "张三 1234"
            return Q(**{self.name: " ".join(words[:-1])}) & Q(
                **{f"{self.last4}__endswith": digits.group(1).upper()}
            )
        if digits:
            return Q(**{f"{self.last4}__endswith": digits.group(1).upper()})
        return Q(**{self.name: text})


VOTERS = People()
RESIDENTS = People(last4="id_last4", resident="")
