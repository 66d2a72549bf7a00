"""Special groups (特殊人群): the list of tags itself (create, edit, delete: district-wide, the
permission is the rule) and the tags of a resident (低保, disability with its grade, …). Tag
links are not audited models, so setting one records the change on the resident (one
event)."""

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


def _district(obj):
    """The list of special groups is the district's, tied to no place."""
    return None


def validate_tag(tag: Tag) -> None:
    """The list's rules, checked before any write (the admin form runs them too)."""
    tag.full_clean(validate_unique=False)
    taken = Tag.objects.filter(code=tag.code)
    if tag.pk:
        taken = taken.exclude(pk=tag.pk)
    if taken.exists():
        refuse(Code.TAG_CODE_TAKEN, _("A special group with this code exists."), field="code")
    if tag.pk and not tag.has_grade and tag.links.exclude(grade=None).exists():
        # The grades residents hold would lose their meaning (and stay stored).
        refuse(
            Code.GRADES_HELD,
            _("Residents hold a grade of this group: it keeps its grades."),
            field="has_grade",
        )


def _save_tag(tag: Tag) -> Tag:
    validate_tag(tag)
    tag.save()
    return tag


@action("registry.add_tag", place=_district)
def do_create_tag(actor, tag: Tag) -> Tag:
    """A new special group on the district's list."""
    return _save_tag(tag)


@action("registry.change_tag", place=_district)
def do_update_tag(actor, tag: Tag) -> Tag:
    """An edit of a special group (code, name, grade, sensitivity, order)."""
    return _save_tag(tag)


@action("registry.delete_tag", place=_district)
def do_delete_tag(actor, tag: Tag) -> None:
    """Delete a special group nobody holds (one held stays: the residents' history)."""
    if tag.links.exists():
        refuse(
            Code.TAG_IN_USE,
            _("Residents hold this special group: remove it from them first."),
        )
    tag.delete()


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
