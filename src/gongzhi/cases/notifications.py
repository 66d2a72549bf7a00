"""Telling the reporters of merged duplicates how the main case ended (12345 合并): when the
main case is closed (verification passed) or not accepted, each duplicate's reporter gets
the main case's outcome through the shared senders of core.notifications
(`GONGZHI_NOTIFICATION_SENDER`), queued after the commit like services' notifications."""

from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks import task

from gongzhi.cases.choices import Status
from gongzhi.cases.models import Case
from gongzhi.core.masking import mask_phone
from gongzhi.core.notifications import get_sender


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
