"""The hours ledger in the layout of the national volunteer system's import of service
records (全国志愿服务信息系统, 服务记录导入): one row per entry — the volunteer's name and ID
document, the organization, the service's content and place, start and end, hours, who
recorded and who confirmed them. Only the rows the user may see; a correction is its own
row with negative hours, as the ledger keeps it. The ID number is masked unless the user
may export and reveal personal data and gives a reason (as registry's export). Every cell
goes through core.text.cell; every export writes one audit entry."""

import datetime
import io

import openpyxl
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.civil.models import HoursEntry
from gongzhi.core import audit, text
from gongzhi.core.masking import mask_id_number
from gongzhi.core.models import AuditEntry

ID_CARD = "居民身份证"  # the national system's document type for a resident ID card


def may_reveal(user) -> bool:
    return bool(user.has_perm("core.export_personal") and user.has_perm("core.reveal_sensitive"))


def _time(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def _name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def export_hours(
    user,
    *,
    period_from: datetime.date | None = None,
    period_to: datetime.date | None = None,
    reveal: bool = False,
    reason: str = "",
) -> bytes:
    reason = (reason or "").strip()
    if reveal:
        if not may_reveal(user):
            raise PermissionDenied(_("You may not export unmasked personal data."))
        if not reason:
            raise ValidationError(
                {"reason": [_("Give the reason for exporting unmasked personal data.")]}
            )
    entries = HoursEntry.objects.visible_to(user).select_related(
        "volunteer__resident", "organization", "recorded_by", "confirmed_by"
    )
    tz = timezone.get_current_timezone()
    if period_from:
        start = datetime.datetime.combine(period_from, datetime.time())
        entries = entries.filter(started_at__gte=timezone.make_aware(start, tz))
    if period_to:
        end = datetime.datetime.combine(period_to + datetime.timedelta(days=1), datetime.time())
        entries = entries.filter(started_at__lt=timezone.make_aware(end, tz))
    columns = [
        _("volunteer's name"),
        _("ID document type"),
        _("ID document number"),
        _("organization"),
        _("service content"),
        _("service place"),
        _("service start"),
        _("service end"),
        _("service hours"),
        _("recorded by"),
        _("confirmed by"),
        _("corrects entry"),
        _("reason"),
    ]
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet(_("service records"))
    ws.append([str(c) for c in columns])
    count = 0
    for e in entries.order_by("started_at", "pk").iterator(chunk_size=2000):
        id_number = e.volunteer.resident.id_number
        ws.append(
            text.row(
                [
                    e.volunteer.resident.name,
                    ID_CARD,
                    id_number if reveal else mask_id_number(id_number),
                    e.organization.name if e.organization_id else "",
                    e.content,
                    e.place,
                    _time(e.started_at),
                    _time(e.ended_at),
                    float(e.hours),
                    _name(e.recorded_by),
                    _name(e.confirmed_by),
                    e.reverses_id or "",
                    e.reason,
                ]
            )
        )
        count += 1
    out = io.BytesIO()
    wb.save(out)
    audit.record(
        AuditEntry.Action.EXPORT,
        None,
        object_repr=str(_("volunteer service records")),
        reason=reason,
        extra={
            "kind": "civil.hours",
            "count": count,
            "revealed": bool(reveal),
            "from": period_from.isoformat() if period_from else None,
            "to": period_to.isoformat() if period_to else None,
        },
        actor=user,
    )
    return out.getvalue()
