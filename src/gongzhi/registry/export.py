"""Export of residents to .xlsx: only the rows the user may see, ID numbers and phones
masked unless the user may both export personal data and reveal it, and gives a reason.
A masked export shows the birth year, never the date: the date fills the masked part of
the ID number (core.masking).
Every export writes one audit entry (count, reason, whether revealed)."""

import openpyxl
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gongzhi.core import audit, text
from gongzhi.core.masking import birth_year, mask_id_number, mask_phone
from gongzhi.core.models import AuditEntry
from gongzhi.registry.models import Resident

EXPORT_PERMISSION = "registry.export_residents"


def may_reveal(user) -> bool:
    return bool(
        user and user.has_perm("core.export_personal") and user.has_perm("core.reveal_sensitive")
    )


def _columns(reveal: bool):
    return [
        (pgettext("person", "name"), lambda r, rv: r.name),
        (_("ID number"), lambda r, rv: r.id_number if rv else mask_id_number(r.id_number)),
        (_("sex"), lambda r, rv: r.get_sex_display()),
        (
            _("birth date") if reveal else _("birth year"),
            lambda r, rv: r.birth_date if rv else birth_year(r.birth_date),
        ),
        (_("phone"), lambda r, rv: r.phone if rv else mask_phone(r.phone)),
        (_("ethnicity"), lambda r, rv: r.get_ethnicity_display()),
        (_("household number"), lambda r, rv: r.household.number if r.household_id else ""),
        (_("address"), lambda r, rv: r.household.address if r.household_id else ""),
        (_("relation to head"), lambda r, rv: r.get_relation_display()),
        (_("residence type"), lambda r, rv: r.get_residence_type_display()),
        (_("political status"), lambda r, rv: r.get_political_status_display()),
        (_("education"), lambda r, rv: r.get_education_display()),
        (pgettext("resident", "employment"), lambda r, rv: r.get_employment_display()),
        (_("status"), lambda r, rv: r.get_status_display()),
        (_("grid"), lambda r, rv: str(r.grid) if r.grid_id else ""),
    ]


def export_residents(
    out, *, user=None, community=None, reveal: bool = False, reason: str = ""
) -> int:
    """Write the residents `user` may see (of `community`, if given) to `out` (a path or a
    binary file object) and return how many. `user=None` is the system (command line):
    every row, never revealed without a named user."""

    reason = (reason or "").strip()
    if reveal:
        if not may_reveal(user):
            raise PermissionDenied(_("You may not export unmasked personal data."))
        if not reason:
            raise ValidationError(
                {"reason": [_("Give the reason for exporting unmasked personal data.")]}
            )
    if user is not None and not user.has_perm(EXPORT_PERMISSION):
        raise PermissionDenied(_("You may not export residents."))
    qs = Resident.objects.visible_to(user) if user is not None else Resident.objects.all()
    if community is not None:
        qs = qs.filter(community=community)
    qs = qs.select_related("household", "grid", "grid__community").order_by(
        "community_id", "household_id", "pk"
    )
    cols = _columns(reveal)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet(_("residents"))
    ws.append([str(title) for title, _f in cols])
    count = 0
    for r in qs.iterator(chunk_size=2000):
        ws.append(text.row(f(r, reveal) for _t, f in cols))
        count += 1
    wb.save(out)
    audit.record(
        AuditEntry.Action.EXPORT,
        community,
        object_repr=None if community is not None else str(_("residents")),
        reason=reason,
        extra={
            "kind": "residents",
            "count": count,
            "revealed": bool(reveal),
            "community": community.pk if community is not None else None,
        },
        actor=user,
    )
    return count
