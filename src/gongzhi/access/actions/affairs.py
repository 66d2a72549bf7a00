"""The admitted-affairs list (准入清单): admitting an approved application, revoking an item,
and the daily expiry of lapsed items (a system job without a user)."""

from django.utils.translation import gettext as _

from gongzhi.access.actions.applications import MACHINE, _illegal, _lock
from gongzhi.access.actions.base import check_dates
from gongzhi.access.actions.base import today as _today
from gongzhi.access.models import AdmittedAffair, Application, FundAccount
from gongzhi.core.actions import action
from gongzhi.core.errors import Common, refuse
from gongzhi.core.models import AuditEntry

S = Application.Status


@action("access.admit_application")
def do_admit(
    actor, app: Application, *, valid_from=None, valid_until=None, number=None
) -> AdmittedAffair:
    """Put an approved application on the street's admitted-affairs list (准入清单); the funds
    it brings become due to each of its communities."""
    app = _lock(app)
    valid_from = valid_from or app.start_date
    valid_until = valid_until or app.end_date
    check_dates(valid_from, valid_until, "valid_from", "valid_until")
    if app.status != S.APPROVED:
        _illegal(app, "admit")
    if number is None:
        last = (
            AdmittedAffair.objects.filter(street=app.street, body=app.body)
            .order_by("-number")
            .first()
        )
        number = (last.number + 1) if last else 1
    affair = AdmittedAffair.objects.create(
        street=app.street,
        application=app,
        department=app.department,
        number=number,
        name=app.title,
        body=app.body,
        description=app.task_definition or app.content,
        legal_basis=app.legal_basis,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    communities = list(app.communities.all())
    affair.communities.set(communities)
    if app.funding == Application.Funding.PROVIDED and app.funding_per_community:
        for community in communities:
            FundAccount.objects.create(
                affair=affair, community=community, amount_due=app.funding_per_community
            )
    MACHINE.apply(app, "admit", actor)
    return affair


def _end(actor, affair: AdmittedAffair, *, expired: bool, reason: str, on) -> AdmittedAffair:
    """The item leaves the published list; its application follows (revoked / expired)."""
    affair = AdmittedAffair.objects.select_for_update().get(pk=affair.pk)
    if affair.status != AdmittedAffair.Status.ACTIVE:
        refuse(
            Common.ILLEGAL_TRANSITION,
            _("This affair is already %(status)s.") % {"status": affair.get_status_display()},
        )
    affair.status = AdmittedAffair.Status.EXPIRED if expired else AdmittedAffair.Status.REVOKED
    affair.ended_on = on or _today()
    affair.end_reason = reason
    affair.save()
    if affair.application_id:
        app = _lock(affair.application)
        if app.status == S.ADMITTED:
            MACHINE.apply(app, "expire" if expired else "revoke", actor, reason)
    return affair


@action("access.admit_application", kind=AuditEntry.Action.TRANSITION)
def do_revoke_affair(actor, affair: AdmittedAffair, *, reason: str = "", on=None):
    """Revoke an item, with a reason: it leaves the list (the street admin who admits)."""
    reason = (reason or "").strip()
    if not reason:
        refuse(Common.NOTE_REQUIRED, _("Give the reason for revoking this affair."), field="reason")
    return _end(actor, affair, expired=False, reason=reason, on=on)


# A system action: run by the daily `expire-affairs` command, without a user (no role to
# check — it only records what the item's own validity already says); one event per item.
@action(None, public=True, kind=AuditEntry.Action.TRANSITION)
def do_expire_affair(actor, affair: AdmittedAffair, *, reason: str = "", on=None):
    if not affair.valid_until or affair.valid_until >= (on or _today()):
        refuse(Common.ILLEGAL_TRANSITION, _("This affair is still valid."))
    return _end(actor, affair, expired=True, reason=reason, on=on)


def expire_affairs(today=None) -> int:
    """Expire every item whose validity has passed; returns how many."""
    today = today or _today()
    due = AdmittedAffair.objects.filter(status=AdmittedAffair.Status.ACTIVE, valid_until__lt=today)
    count = 0
    for affair in due:
        do_expire_affair(None, affair, reason=_("Validity period ended."), on=today)
        count += 1
    return count
