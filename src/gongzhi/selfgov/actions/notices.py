"""Public notices (居务公开) and property management of the estates."""

from __future__ import annotations

from django.utils.translation import gettext as _

from gongzhi.core.actions import action
from gongzhi.core.errors import refuse
from gongzhi.selfgov.actions._common import Errors, place_of
from gongzhi.selfgov.errors import Code
from gongzhi.selfgov.models import EstateManagement, Notice


def _check_notice(notice: Notice) -> Notice:
    if notice.expire_on and notice.publish_on and notice.expire_on < notice.publish_on:
        refuse(
            Code.EXPIRES_EARLY,
            _("A notice cannot expire before it is published."),
            field="expire_on",
        )
    notice.full_clean()
    notice.save()
    return notice


@action("selfgov.add_notice", place=place_of)
def do_create_notice(actor, notice: Notice) -> Notice:
    return _check_notice(notice)


@action("selfgov.change_notice", place=place_of)
def do_update_notice(actor, notice: Notice) -> Notice:
    return _check_notice(notice)


@action("selfgov.delete_notice", place=place_of)
def do_delete_notice(actor, notice: Notice) -> None:
    """A notice taken down (a wrong or superseded one); the audit event keeps its text."""
    notice.delete()


def _check_management(management: EstateManagement) -> EstateManagement:
    errors = Errors()
    if (
        management.contract_start
        and management.contract_end
        and management.contract_end < management.contract_start
    ):
        errors.add("contract_end", Code.CONTRACT_DATES, _("The contract ends before it starts."))
    if management.mode == EstateManagement.Mode.COMPANY and not management.company_name.strip():
        errors.add("company_name", Code.MANAGER_REQUIRED, _("Name the property company."))
    if management.mode == EstateManagement.Mode.SELF and not management.owners_committee.strip():
        errors.add(
            "owners_committee",
            Code.MANAGER_REQUIRED,
            _("Self-management needs the owners' committee (or owners' group) named."),
        )
    errors.raise_if_any()
    management.full_clean()
    management.save()
    return management


@action("selfgov.change_estatemanagement", place=place_of)
def do_save_management(actor, management: EstateManagement) -> EstateManagement:
    """How an estate is managed (company, self-management, none), created or changed."""
    return _check_management(management)
