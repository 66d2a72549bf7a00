"""Public notices (居务公开) and property-management coverage."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.org.models import Community
from gongzhi.registry.models import Estate
from gongzhi.selfgov.models import EstateManagement, Notice


@transaction.atomic
def save_notice(notice: Notice) -> Notice:
    if notice.expire_on and notice.publish_on and notice.expire_on < notice.publish_on:
        raise ValidationError({"expire_on": _("A notice cannot expire before it is published.")})
    notice.full_clean()
    notice.save()
    return notice


def on_board(community: Community, today: date | None = None):
    """Notices showing today: published and not yet expired."""
    today = today or timezone.localdate()
    return Notice.objects.filter(community=community, publish_on__lte=today).filter(
        Q(expire_on__isnull=True) | Q(expire_on__gte=today)
    )


# --- property management ---------------------------------------------------------------------


@transaction.atomic
def save_management(management: EstateManagement) -> EstateManagement:
    errors = {}
    if (
        management.contract_start
        and management.contract_end
        and management.contract_end < management.contract_start
    ):
        errors["contract_end"] = _("The contract ends before it starts.")
    if management.mode == EstateManagement.Mode.COMPANY and not management.company_name.strip():
        errors["company_name"] = _("Name the property company.")
    if management.mode == EstateManagement.Mode.SELF and not management.owners_committee.strip():
        errors["owners_committee"] = _(
            "Self-management needs the owners' committee (or owners' group) named."
        )
    if errors:
        raise ValidationError(errors)
    management.full_clean()
    management.save()
    return management


def coverage(communities) -> list[dict]:
    """Per community: estates, how many under each mode, and the estates with no mode."""
    rows = []
    for community in communities:
        estates = list(
            Estate.objects.filter(community=community).select_related("management").order_by("name")
        )
        counts = {m: 0 for m in EstateManagement.Mode.values}
        uncovered = []
        for e in estates:
            mode = getattr(getattr(e, "management", None), "mode", "")
            if mode:
                counts[mode] += 1
            else:
                uncovered.append(e)
        covered = len(estates) - len(uncovered)
        rows.append(
            {
                "community": community,
                "estates": len(estates),
                "counts": counts,
                "modes": [
                    (EstateManagement.Mode(m).label, counts[m])
                    for m in EstateManagement.Mode.values
                ],
                "uncovered": uncovered,
                "covered": covered,
                "percent": round(100 * covered / len(estates)) if estates else 100,
            }
        )
    return rows
