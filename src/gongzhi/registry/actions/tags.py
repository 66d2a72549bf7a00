"""Special-group tags of a resident (低保, disability with its grade, …). Tag links are not
audited models, so the action records the change on the resident (one event)."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from gongzhi.core import audit
from gongzhi.core.actions import action
from gongzhi.core.errors import refuse
from gongzhi.core.models import AuditEntry
from gongzhi.registry.actions._common import check_date
from gongzhi.registry.errors import Code
from gongzhi.registry.models import Resident, ResidentTag, Tag


def _day(d):
    # The audit entry is JSON: dates as ISO text (a date object made every dated tag a 500).
    return d.isoformat() if d else None


@action("registry.change_resident")
def do_set_tag(
    actor,
    resident: Resident,
    tag: Tag,
    *,
    grade: int | None = None,
    since: datetime.date | None = None,
    note: str = "",
) -> ResidentTag:
    """Give a resident a special-group tag (or change its grade)."""
    if tag.has_grade:
        if grade in (None, ""):
            refuse(
                Code.GRADE_REQUIRED,
                _("%(tag)s needs a grade (1–4).") % {"tag": tag.name},
                field="grade",
            )
        if not 1 <= int(grade) <= 4:
            refuse(Code.GRADE_RANGE, _("The grade is 1 to 4."), field="grade")
        grade = int(grade)
    elif grade not in (None, ""):
        refuse(Code.NO_GRADE, _("%(tag)s has no grade.") % {"tag": tag.name}, field="grade")
    else:
        grade = None
    check_date(since, "since")
    link, created = ResidentTag.objects.select_for_update().get_or_create(
        resident=resident, tag=tag, defaults={"grade": grade, "since": since, "note": note}
    )
    before = (
        None if created else {"grade": link.grade, "since": _day(link.since), "note": link.note}
    )
    if not created:
        link.grade, link.since, link.note = grade, since, note
        link.save()
    audit.record(
        AuditEntry.Action.UPDATE,
        resident,
        before={"tag": tag.code, **(before or {})} if before else None,
        after={"tag": tag.code, "grade": grade, "since": _day(since), "note": note},
        extra={"tag_added" if created else "tag_changed": tag.code},
    )
    return link


@action("registry.change_resident")
def do_remove_tag(actor, resident: Resident, tag: Tag) -> None:
    deleted, _n = ResidentTag.objects.filter(resident=resident, tag=tag).delete()
    if deleted:
        audit.record(
            AuditEntry.Action.UPDATE,
            resident,
            before={"tag": tag.code},
            after=None,
            extra={"tag_removed": tag.code},
        )
