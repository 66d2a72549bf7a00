"""In the app (the bell, core.inbox): the unit hears of a case dispatched to it, back from
verification, reminded (催办) or supervised (督办); the dispatchers of one sent back (退单).

Telling the reporters of merged duplicates how the main case ended (12345 合并): when the
main case is closed (verification passed) or not accepted, each duplicate's reporter gets
the main case's outcome through the shared senders of core.notifications
(`GONGZHI_NOTIFICATION_SENDER`), queued after the commit like services' notifications."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from gongzhi.cases.choices import Status, UnitKind
from gongzhi.cases.models import Case
from gongzhi.core.inbox import notify_all
from gongzhi.core.masking import mask_phone
from gongzhi.core.notifications import get_sender
from gongzhi.org.directory import users_holding


def _recipient(case: Case) -> dict:
    phone = case.reporter_phone or ""
    email = case.reporter.email if case.reporter_id and case.reporter else ""
    return {
        "name": case.reporter_name,
        "phone": phone,
        "email": email,
        "masked": mask_phone(phone) or email,
        "subject": _("Your case %(number)s") % {"number": case.number},
    }


def message_for(duplicate: Case, main: Case) -> str:
    data = {
        "number": duplicate.number,
        "main": main.number,
        "category": main.category.name,
        "note": main.status_note or "—",
    }
    if main.status == Status.NOT_ACCEPTED:
        return (
            _(
                "Your case %(number)s was merged into case %(main)s (%(category)s), which was "
                "not accepted: %(note)s"
            )
            % data
        )
    return (
        _(
            "Your case %(number)s was merged into case %(main)s (%(category)s), which is "
            "solved and closed: %(note)s"
        )
        % data
    )


def notify_duplicates_on_commit(main: Case) -> int:
    """Queue one message per merged duplicate of `main` whose reporter can be reached; the
    number queued. Call it inside the action that closes or refuses `main`."""
    ids = []
    for case in main.duplicates.filter(status=Status.MERGED).select_related("reporter"):
        recipient = _recipient(case)
        if recipient["phone"] or recipient["email"]:
            ids.append(case.pk)
    for pk in ids:
        transaction.on_commit(lambda pk=pk: send_duplicate_outcome.enqueue(pk))
    return len(ids)


# The background task lives beside the code that queues it.
@task()
def send_duplicate_outcome(case_id: int) -> bool:
    """Send a merged duplicate's reporter the outcome of its main case (after the commit)."""
    case = (
        Case.objects.select_related("reporter", "duplicate_of__category")
        .filter(pk=case_id, status=Status.MERGED, duplicate_of__isnull=False)
        .first()
    )
    if case is None:
        return False
    recipient = _recipient(case)
    if not (recipient["phone"] or recipient["email"]):
        return False
    return get_sender().send(recipient, message_for(case, case.duplicate_of))


# --- in the app (the bell, core.inbox) ------------------------------------------------------

HANDLE = "cases.handle_case"
DISPATCH = "cases.dispatch_case"
# What a unit hears, by step (inside the action: rolled back with it).
UNIT_MESSAGES = {
    "dispatch": gettext_lazy(
        "Case %(number)s (%(category)s) was dispatched to your unit. %(note)s"
    ),
    "fail_verification": gettext_lazy(
        "Case %(number)s (%(category)s) failed verification and is back with your unit: %(note)s"
    ),
    "remind": gettext_lazy("Reminder (催办) on case %(number)s (%(category)s): %(note)s"),
    "supervise": gettext_lazy(
        "Case %(number)s (%(category)s) is supervised by the street (督办): %(note)s"
    ),
}


def unit_users(case: Case):
    """The accounts of the unit the case is dispatched to (as flow.may_handle reads it): its
    community's staff, its department's staff, or the street's."""
    unit = case.unit
    if unit is None:
        return []
    if unit.kind == UnitKind.COMMUNITY:
        return users_holding(HANDLE, community=unit.community_id)
    if unit.kind == UnitKind.DEPARTMENT:
        return users_holding(HANDLE, department=unit.department_id)
    return users_holding(HANDLE, street=unit.street_id)


def _data(case: Case, note: str) -> dict:
    return {"number": case.number, "category": case.category.name, "note": note or ""}


def notify_unit_in_app(case: Case, step: str, note: str, actor) -> int:
    """The unit hears that a case was dispatched to it, came back from verification, or was
    reminded (催办) or supervised (督办) on."""
    text = str(UNIT_MESSAGES[step]) % _data(case, note)
    return notify_all(
        unit_users(case), text.strip(), case.get_absolute_url(), actor=actor, skip=actor
    )


def notify_sent_back_in_app(case: Case, note: str, actor) -> int:
    """退单: the dispatchers of the case's street hear that it needs dispatching again."""
    text = _("Case %(number)s (%(category)s) was sent back by the unit (退单): %(note)s") % _data(
        case, note
    )
    dispatchers = users_holding(DISPATCH, street=case.street_id)
    return notify_all(dispatchers, text, case.get_absolute_url(), actor=actor, skip=actor)
