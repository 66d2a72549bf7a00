"""Tasks handed to communities: only through the admitted-affairs list; anything else is
recorded as unadmitted and may be refused in one click; old tasks are classified."""

from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.access.actions.base import today as _today
from gongzhi.access.errors import Code
from gongzhi.access.models import AdmittedAffair, CommunityTask
from gongzhi.core.actions import action
from gongzhi.core.errors import Common, refuse
from gongzhi.core.models import AuditEntry
from gongzhi.org.models import Community, Department
from gongzhi.org.scoping import department_ids_of, is_department_only


def _by(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


@action("access.assign_task")
def do_assign_task(
    actor,
    affair: AdmittedAffair | None,
    communities,
    *,
    title: str,
    description: str = "",
    due_date=None,
    today=None,
) -> list[CommunityTask]:
    """Hand a task to communities through an admitted affair in force that covers them."""
    today = today or _today()
    if affair is None:
        refuse(
            Code.NO_AFFAIR,
            _(
                "Pick an admitted affair: tasks reach communities only through the admitted-affairs list."
            ),
            field="affair",
        )
    if not AdmittedAffair.objects.active(today).filter(pk=affair.pk).exists():
        refuse(
            Code.AFFAIR_NOT_IN_FORCE,
            _("This affair is not in force on the admitted-affairs list."),
            field="affair",
        )
    if is_department_only(actor) and affair.department_id not in department_ids_of(actor):
        # 权随责走: a department sends tasks only through the affairs it applied for.
        refuse(
            Code.OTHER_DEPARTMENT,
            _("A department can only assign tasks through its own admitted affairs."),
            field="affair",
        )
    if not (title or "").strip():
        refuse(Code.MISSING, _("Enter the task."), field="title")
    communities = list(communities)
    if not communities:
        refuse(Code.NO_COMMUNITY, _("Choose at least one community."), field="communities")
    outside = [c.name for c in communities if not affair.covers(c)]
    if outside:
        refuse(
            Code.NOT_COVERED,
            _("The affair does not cover: %(names)s.") % {"names": "、".join(outside)},
            field="communities",
        )
    if due_date and due_date < today:
        refuse(Code.DATE_IN_PAST, _("The due date cannot be in the past."), field="due_date")
    return [
        CommunityTask.objects.create(
            community=c,
            affair=affair,
            department=affair.department,
            title=title.strip(),
            description=description,
            due_date=due_date,
            admitted=True,
            sent_by=_by(actor),
        )
        for c in communities
    ]


@action("access.add_communitytask")
def do_record_unadmitted_task(
    actor,
    community: Community,
    *,
    title: str,
    description: str = "",
    department=None,
    due_date=None,
) -> CommunityTask:
    """A task handed to a community outside the list: recorded as unadmitted; the community
    may refuse it and may not be assessed on it."""
    if not (title or "").strip():
        refuse(Code.MISSING, _("Enter the task."), field="title")
    if is_department_only(actor):
        # A department records requests in its own name (so it sees them afterwards).
        own = department_ids_of(actor)
        if department is None and len(own) == 1:
            department = Department.objects.get(pk=next(iter(own)))
        elif department is None or department.pk not in own:
            refuse(
                Code.OWN_DEPARTMENT,
                _("You can only record requests of your own department."),
                field="department",
            )
    return CommunityTask.objects.create(
        community=community,
        title=title.strip(),
        description=description,
        department=department,
        due_date=due_date,
        admitted=False,
        sent_by=_by(actor),
    )


@action("access.refuse_task", kind=AuditEntry.Action.TRANSITION)
def do_refuse_task(actor, task: CommunityTask, *, reason: str = "") -> CommunityTask:
    """One click: the community refuses an unadmitted task. The refusal is recorded and
    shown to the street admins (the sender's superior)."""
    task = CommunityTask.objects.select_for_update().get(pk=task.pk)
    if task.admitted:
        refuse(
            Code.TASK_ADMITTED,
            _("This task comes through the admitted-affairs list: it cannot be refused."),
        )
    if task.status != CommunityTask.Status.OPEN:
        refuse(
            Common.ILLEGAL_TRANSITION,
            _("This task is already %(status)s.") % {"status": task.get_status_display()},
        )
    task.status = CommunityTask.Status.REFUSED
    task.refused_at = timezone.now()
    task.refused_by = _by(actor)
    task.refusal_reason = (reason or "").strip() or _("Not on the admitted-affairs list.")
    task.save()
    return task


@action("access.classify_task")
def do_classify_task(
    actor, task: CommunityTask, disposition: str, *, note: str = ""
) -> CommunityTask:
    """Jianye's clean-up: an old task is returned, moved to the station, or kept."""
    if disposition not in CommunityTask.Disposition.values:
        refuse(
            Code.INVALID_CHOICE,
            _("Choose returned, moved to the station, or kept."),
            field="disposition",
        )
    task = CommunityTask.objects.select_for_update().get(pk=task.pk)
    task.disposition = disposition
    task.disposition_note = (note or "")[:200]
    task.save()
    return task
