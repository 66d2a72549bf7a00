"""A grid worker's visits (走访) to a household, and their follow-up."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.core.actions import action
from gongzhi.core.errors import refuse
from gongzhi.registry.actions._common import (
    Errors,
    actor_or_none,
    check_place,
    full_clean,
    stored,
    today,
)
from gongzhi.registry.errors import Code
from gongzhi.registry.models import Household, Visit


@action("registry.add_visit")
def do_record_visit(actor, household: Household, visit: Visit) -> Visit:
    """Record a visit to `household`: date not in the future, a purpose."""
    visit.household = household
    return _save_visit(actor, visit, "registry.add_visit")


@action("registry.change_visit", place=stored)
def do_update_visit(actor, visit: Visit) -> Visit:
    return _save_visit(actor, visit, "registry.change_visit")


def _save_visit(actor, visit: Visit, permission: str) -> Visit:
    if visit.visitor_id is None:
        visitor = actor_or_none(actor)
        if visitor is None:
            refuse(Code.VISITOR_REQUIRED, _("Who visited?"), field="visitor")
        visit.visitor = visitor
    visit.purpose = (visit.purpose or "").strip()
    errors = Errors()
    if not visit.purpose:
        errors.add("purpose", Code.PURPOSE_REQUIRED, _("Enter the purpose of the visit."))
    if visit.date and visit.date > today():
        errors.add("date", Code.FUTURE_DATE, _("The date cannot be in the future."))
    errors.raise_if_any()
    full_clean(visit)
    if not visit.household.active:
        refuse(Code.HOUSEHOLD_CLOSED, _("This household has been closed."), field="household")
    visit.save()
    check_place(actor, permission, visit)
    return visit


@action("registry.change_visit")
def do_mark_followed_up(actor, visit: Visit) -> Visit:
    if not visit.follow_up_needed:
        refuse(Code.NO_FOLLOW_UP, _("This visit needs no follow-up."))
    visit.followed_up_at = timezone.now()
    visit.save()
    return visit
