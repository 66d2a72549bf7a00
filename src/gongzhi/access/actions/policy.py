"""A street's access settings: its policy (lead time, decision deadline, plaque limit, hours
per returned task) and its chain of review levels. The legal floors are the model's field
validators (a lead time of at least 30 working days, …), run here for every door."""

from django.utils.translation import gettext as _

from gongzhi.access.errors import Code
from gongzhi.access.models import AccessPolicy, Application, ReviewLevel
from gongzhi.core.actions import action, check_place
from gongzhi.core.errors import refuse
from gongzhi.org.roles import ROLE_LEVELS, Level, Role


def _street(record):
    return record.street


# --- the policy ----------------------------------------------------------------------------


def _save_policy(actor, policy: AccessPolicy, permission: str) -> AccessPolicy:
    policy.full_clean()
    policy.save()
    check_place(actor, permission, policy)
    return policy


@action("access.add_accesspolicy", place=_street)
def do_create_policy(actor, policy: AccessPolicy) -> AccessPolicy:
    """A street's own policy (without one, the defaults apply)."""
    return _save_policy(actor, policy, "access.add_accesspolicy")


@action("access.change_accesspolicy")
def do_update_policy(actor, policy: AccessPolicy) -> AccessPolicy:
    return _save_policy(actor, policy, "access.change_accesspolicy")


@action("access.delete_accesspolicy")
def do_delete_policy(actor, policy: AccessPolicy) -> None:
    """The street goes back to the default policy."""
    policy.delete()


# --- review levels -------------------------------------------------------------------------


def validate_review_level(level: ReviewLevel) -> None:
    """A level is decided by a role held at the street; only department staff name a
    department; each order once per street."""
    level.full_clean(validate_constraints=False, validate_unique=False)
    if Level.STREET not in ROLE_LEVELS.get(level.role, set()):
        refuse(
            Code.LEVEL_ROLE,
            _("A review level is decided by a role held at the street."),
            field="role",
        )
    if level.department_id and level.role != Role.DEPARTMENT_STAFF:
        refuse(
            Code.LEVEL_DEPARTMENT,
            _("Only a level decided by department staff names a department."),
            field="department",
        )
    taken = ReviewLevel.objects.filter(street_id=level.street_id, order=level.order)
    if level.pk:
        taken = taken.exclude(pk=level.pk)
    if taken.exists():
        refuse(
            Code.LEVEL_ORDER_TAKEN,
            _("The street has a review level with this number."),
            field="order",
        )


def _under_review_at(level: ReviewLevel) -> bool:
    """Applications wait for a decision at this level (submitted or in review)."""
    return Application.objects.filter(
        street_id=level.street_id,
        status__in=[Application.Status.SUBMITTED, Application.Status.IN_REVIEW],
        level=level.order,
    ).exists()


def _save_level(actor, level: ReviewLevel, permission: str) -> ReviewLevel:
    validate_review_level(level)
    if level.pk:
        old = ReviewLevel.objects.select_for_update().get(pk=level.pk)
        if (old.street_id, old.order) != (level.street_id, level.order) and _under_review_at(old):
            refuse(
                Code.LEVEL_IN_USE,
                _("Applications are under review at this level: it keeps its number."),
                field="order",
            )
    level.save()
    check_place(actor, permission, level)
    return level


@action("access.add_reviewlevel", place=_street)
def do_create_review_level(actor, level: ReviewLevel) -> ReviewLevel:
    """A level of review in the street's chain."""
    return _save_level(actor, level, "access.add_reviewlevel")


@action("access.change_reviewlevel")
def do_update_review_level(actor, level: ReviewLevel) -> ReviewLevel:
    return _save_level(actor, level, "access.change_reviewlevel")


@action("access.delete_reviewlevel")
def do_delete_review_level(actor, level: ReviewLevel) -> None:
    """Remove a level no application is under review at."""
    if _under_review_at(level):
        refuse(
            Code.LEVEL_IN_USE,
            _("Applications are under review at this level: decide them first."),
        )
    level.delete()
