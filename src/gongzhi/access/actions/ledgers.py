"""Ledgers communities are asked to keep (台帐): registered, then cancelled, merged or kept."""

from django.utils.translation import gettext as _

from gongzhi.access.actions.base import today as _today
from gongzhi.access.errors import Code
from gongzhi.access.models import Ledger
from gongzhi.core.actions import action
from gongzhi.core.errors import refuse
from gongzhi.core.models import AuditEntry


@action("access.add_ledger", place=lambda ledger: ledger.street)
def do_create_ledger(actor, ledger: Ledger) -> Ledger:
    """Register a ledger in its street."""
    ledger.full_clean()
    ledger.save()
    return ledger


@action("access.change_ledger")
def do_save_ledger(actor, ledger: Ledger) -> Ledger:
    """Correct a ledger's record (its decision goes through do_decide_ledger)."""
    ledger.full_clean()
    ledger.save()
    return ledger


@action("access.delete_ledger", kind=AuditEntry.Action.DELETE)
def do_delete_ledger(actor, ledger: Ledger) -> None:
    """Delete a ledger registered by mistake."""
    ledger.delete()


@action("access.change_ledger")
def do_decide_ledger(
    actor,
    ledger: Ledger,
    decision: str,
    *,
    merged_into: Ledger | None = None,
    note: str = "",
    today=None,
) -> Ledger:
    if decision not in (Ledger.Decision.CANCELLED, Ledger.Decision.MERGED, Ledger.Decision.KEPT):
        refuse(Code.INVALID_CHOICE, _("Choose cancel, merge or keep."), field="decision")
    if decision == Ledger.Decision.MERGED:
        if merged_into is None:
            refuse(
                Code.MERGE_TARGET, _("Choose the ledger it is merged into."), field="merged_into"
            )
        if merged_into.pk == ledger.pk or merged_into.street_id != ledger.street_id:
            refuse(
                Code.MERGE_TARGET,
                _("Merge into another ledger of the same street."),
                field="merged_into",
            )
        if merged_into.decision in (Ledger.Decision.CANCELLED, Ledger.Decision.MERGED):
            refuse(
                Code.MERGE_TARGET,
                _("A ledger cannot be merged into a cancelled or merged one."),
                field="merged_into",
            )
    else:
        merged_into = None
    ledger = Ledger.objects.select_for_update().get(pk=ledger.pk)
    ledger.decision = decision
    ledger.merged_into = merged_into
    ledger.decided_on = today or _today()
    if note:
        ledger.note = note[:200]
    ledger.save()
    return ledger
