"""A resident's own account, linked to their registry record.

A resident's log-in is linked to their registry record (Resident.account) only once they
proved who they are: online at "verify who I am" (name, ID number and the last four digits
of the phone on record, found through the blind index: the table is never decrypted), or
at the window, where station staff check the ID card and link the account. One account per
person, one person per account; the account must hold the resident role in the person's
community (so the person's requests stay within what the account can see). Every link,
unlink and failed check is audited; failed checks are counted from the audit log."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.core import audit
from gongzhi.core.actions import action
from gongzhi.core.errors import ActionError, Denied, refuse
from gongzhi.core.fields import index_lookup
from gongzhi.core.idnumber import normalize as normalize_id
from gongzhi.core.masking import mask_name
from gongzhi.core.models import AuditEntry
from gongzhi.registry.actions._common import Errors, check_place
from gongzhi.registry.choices import ResidentStatus
from gongzhi.registry.errors import Code
from gongzhi.registry.models import Resident, normalize_phone
from gongzhi.registry.queries import (
    IDENTITY_CHECK_FAILED,
    identity_checks_left,
    linked_resident,
    resident_communities,
)


def link(resident: Resident, account, *, method: str) -> Resident:
    """Write the link (both sides checked by the callers, re-checked under lock). The
    row is changed by a queryset update, so the entry written here is the change's only
    one: the action's event."""
    r = Resident.objects.select_for_update().get(pk=resident.pk)
    if r.account_id and r.account_id != account.pk:
        refuse(
            Code.PERSON_LINKED,
            _("This person is already linked to another account; unlink it first."),
        )
    other = Resident.objects.filter(account=account).exclude(pk=r.pk).first()
    if other is not None:
        refuse(
            Code.ACCOUNT_LINKED,
            _("This account is already linked to %(name)s; unlink it first.")
            % {"name": mask_name(other.name)},
            field="username",
        )
    if r.account_id == account.pk:
        return r
    try:
        with transaction.atomic():
            Resident.objects.filter(pk=r.pk).update(account=account, updated_at=timezone.now())
    except IntegrityError:  # the same account linked concurrently elsewhere
        refuse(Code.ACCOUNT_LINKED, _("This account has just been linked to someone else."))
    audit.record(
        AuditEntry.Action.UPDATE,
        r,
        before={"account": None},
        after={"account": account.pk},
        reason="account linked",
        extra={"method": method, "username": account.get_username()},
    )
    resident.account = account
    return resident


@action("registry.link_account")
def do_link_account(actor, resident: Resident, username: str) -> Resident:
    """At the window: staff checked the ID card and link the person's account (by its user
    name) to this record. The account must be a resident account of this community."""
    username = (username or "").strip()
    if not username:
        refuse(
            Code.USERNAME_REQUIRED,
            _("Enter the user name of the resident's account."),
            field="username",
        )
    if resident.status != ResidentStatus.ACTIVE:
        refuse(Code.NOT_LIVING_HERE, _("Only a person living here can be linked to an account."))
    account = get_user_model()._default_manager.filter(username=username, is_active=True).first()
    if account is None or resident.community_id not in resident_communities(account):
        refuse(
            Code.NO_RESIDENT_ACCOUNT,
            _("No resident account named %(username)s in %(community)s.")
            % {"username": username, "community": resident.community.name},
            field="username",
        )
    link(resident, account, method="window")
    check_place(actor, "registry.link_account", resident)
    return resident


@action("registry.link_account")
def do_unlink_account(actor, resident: Resident) -> Resident:
    """Remove the link (wrong person linked, account handed over, person moved away)."""
    r = Resident.objects.select_for_update().get(pk=resident.pk)
    if not r.account_id:
        refuse(Code.NOT_LINKED, _("This person has no linked account."))
    old = r.account_id
    Resident.objects.filter(pk=r.pk).update(account=None, updated_at=timezone.now())
    audit.record(
        AuditEntry.Action.UPDATE,
        r,
        before={"account": old},
        after={"account": None},
        reason="account unlinked",
    )
    resident.account = None
    return resident


class _NoMatch(Exception):
    def __init__(self, why: str):
        self.why = why


def verify_own_identity(account, *, name: str, id_number: str, phone_last4: str) -> Resident:
    """Online: the account holder proves who they are with their name, ID number and the
    last four digits of the phone on record (`do_verify_own_identity`). Limited to
    IDENTITY_CHECK_MAX_FAILURES failures a day; each failure is audited here, outside the
    action's transaction, so that it counts even though the check is refused."""
    try:
        return do_verify_own_identity(
            account, account, name=name, id_number=id_number, phone_last4=phone_last4
        )
    except _NoMatch as exc:
        audit.record(
            AuditEntry.Action.OTHER,
            actor=account,
            reason=IDENTITY_CHECK_FAILED,
            object_repr="identity check",
            extra={"why": exc.why},
        )
        raise ActionError(
            Code.NO_MATCH,
            _(
                "These details do not match a record of a resident of your community. Check "
                "them, or bring your ID card to the service station. %(left)d attempt(s) "
                "left today."
            )
            % {"left": identity_checks_left(account)},
        ) from None


@action("registry.verify_own_identity", place=lambda account: None)
def do_verify_own_identity(
    actor, account, *, name: str, id_number: str, phone_last4: str
) -> Resident:
    """One look-up by the blind index; every mismatch gets the same answer, so the page
    cannot be used to find out who is registered. The account is the actor's own."""
    if account != actor:  # nobody proves someone else's identity
        raise Denied("registry.do_verify_own_identity", "registry.verify_own_identity")
    if linked_resident(account) is not None:
        refuse(Code.ALREADY_VERIFIED, _("Your account is already linked to your record."))
    if identity_checks_left(account) <= 0:
        refuse(
            Code.RATE_LIMITED,
            _(
                "Too many unsuccessful checks. Try again tomorrow, or bring your ID card "
                "to the service station."
            ),
        )
    name = (name or "").strip()
    digits = normalize_phone(phone_last4 or "")
    id_number = normalize_id(id_number or "")
    errors = Errors()
    if not name:
        errors.add("name", Code.FIELD_REQUIRED, _("Enter your name."))
    if not id_number:
        errors.add("id_number", Code.FIELD_REQUIRED, _("Enter your ID number."))
    if len(digits) != 4:
        errors.add(
            "phone_last4",
            Code.FIELD_REQUIRED,
            _("Enter the last four digits of your phone number."),
        )
    errors.raise_if_any()  # incomplete input: not counted as a failed check
    resident = (
        Resident.objects.filter(**index_lookup(Resident, "id_number", id_number))
        .select_related("community")
        .first()
    )
    why = ""
    if resident is None:
        why = "not_found"
    elif resident.name != name:
        why = "name"
    elif not resident.phone or not resident.phone.endswith(digits):
        why = "phone"
    elif resident.status != ResidentStatus.ACTIVE:
        why = "status"
    elif resident.community_id not in resident_communities(account):
        why = "community"
    elif resident.account_id and resident.account_id != account.pk:
        why = "linked_elsewhere"
    if why:
        raise _NoMatch(why)
    return link(resident, account, method="self")
