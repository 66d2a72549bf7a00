"""What the actions share: the place a record lies in (the election's community), the
status check, field errors collected before refusing."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gongzhi.core.errors import refuse
from gongzhi.org.models import Community, ResidentsCommittee
from gongzhi.selfgov.errors import Code
from gongzhi.selfgov.models import Election


def place_of(obj):
    """The community a selfgov record (or the record a new one goes into) lies in: a role
    counts only there or above (street, district)."""
    if isinstance(obj, Community):
        return obj
    if isinstance(obj, ResidentsCommittee):
        return obj.community
    for path in ("election", "assembly", "committee", "estate", "station"):
        parent = getattr(obj, f"{path}_id", None) and getattr(obj, path)
        if parent is not None:
            return place_of(parent)
    community = getattr(obj, "community", None)
    if community is None:
        refuse(Code.NO_PLACE, _("Choose the community."), field="community")
    return community


def require_status(election: Election, *statuses, message=None) -> None:
    if election.status not in statuses:
        refuse(
            Code.STATUS,
            message
            or _("Not possible while the election is “%(s)s”.")
            % {"s": Election.Status(election.status).label},
        )


def require_text(value: str, field: str, code: str, message) -> str:
    value = (value or "").strip()
    if not value:
        refuse(code, message, field=field)
    return value


class Errors:
    """Field errors collected before refusing, each with its code (forms show them all)."""

    def __init__(self):
        self.by_field: dict[str, list[ValidationError]] = {}

    def add(self, field: str, code: str, message) -> None:
        self.by_field.setdefault(field, []).append(ValidationError(message, code=str(code)))

    def __bool__(self) -> bool:
        return bool(self.by_field)

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)
