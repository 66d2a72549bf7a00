"""Plaques hung at communities (挂牌): recorded, corrected, taken down (摘牌) — a plaque that
came down stays on record — or deleted when recorded by mistake."""

from django.utils.translation import gettext as _

from gongzhi.access.actions.base import check_dates
from gongzhi.access.actions.base import today as _today
from gongzhi.access.errors import Code
from gongzhi.access.models import Plaque
from gongzhi.core.actions import action
from gongzhi.core.errors import refuse
from gongzhi.core.models import AuditEntry


def _save(plaque: Plaque) -> Plaque:
    check_dates(plaque.hung_on, plaque.removed_on, "hung_on", "removed_on")
    plaque.full_clean()
    plaque.save()
    return plaque


@action("access.add_plaque", place=lambda plaque: plaque.community)
def do_record_plaque(actor, plaque: Plaque) -> Plaque:
    """Record a plaque hung at its community."""
    return _save(plaque)


@action("access.change_plaque")
def do_save_plaque(actor, plaque: Plaque) -> Plaque:
    """Correct a plaque's record."""
    return _save(plaque)


def save_plaque(actor, plaque: Plaque) -> Plaque:
    """Record or correct: the form's and the API's one entry."""
    return do_save_plaque(actor, plaque) if plaque.pk else do_record_plaque(actor, plaque)


@action("access.change_plaque")
def do_take_down_plaque(actor, plaque: Plaque, *, on, today=None) -> Plaque:
    """摘牌: a plaque is taken down on a day, not deleted — the street keeps the record of
    what was hung and when it came down. The day is not in the future nor before it was
    hung; a plaque comes down once."""
    today = today or _today()
    if on is None:
        refuse(Code.MISSING, _("Enter the day the plaque was taken down."), field="removed_on")
    if on > today:
        refuse(
            Code.DATE_IN_FUTURE,
            _("A plaque cannot be recorded as taken down in the future."),
            field="removed_on",
        )
    plaque = Plaque.objects.select_for_update().get(pk=plaque.pk)
    if plaque.removed_on is not None and plaque.removed_on <= today:
        refuse(
            Code.TAKEN_DOWN,
            _("This plaque was already taken down on %(date)s.")
            % {"date": plaque.removed_on.isoformat()},
        )
    if plaque.hung_on and on < plaque.hung_on:
        refuse(
            Code.DATE_ORDER,
            _("A plaque cannot come down before it was hung."),
            field="removed_on",
        )
    plaque.removed_on = on
    plaque.save()
    return plaque


@action("access.delete_plaque", kind=AuditEntry.Action.DELETE)
def do_delete_plaque(actor, plaque: Plaque) -> None:
    """Delete a plaque recorded by mistake (one that came down is taken down instead)."""
    plaque.delete()
