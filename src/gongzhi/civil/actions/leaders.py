"""Residents' leaders (issue #14 §2): recognizing a resident as a 居民领袖, 楼栋长, 单元长 or
志愿者骨干 with what they lead (a building, a group or an organization), and ending it."""

from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.civil.choices import LeaderKind
from gongzhi.civil.errors import Code
from gongzhi.civil.models import Leader
from gongzhi.core.actions import action
from gongzhi.core.errors import refuse
from gongzhi.registry.choices import ResidentStatus

# A building head or unit head leads a building; the others lead a group or an organization
# (or a building).
NEEDS_BUILDING = (LeaderKind.BUILDING_HEAD, LeaderKind.UNIT_HEAD)


def _community(leader: Leader):
    return leader.resident.community


def _check(leader: Leader) -> None:
    leader.community = leader.resident.community
    if leader.resident.status != ResidentStatus.ACTIVE:
        refuse(
            Code.RESIDENT_ELSEWHERE,
            _("The resident no longer lives in the community."),
            field="resident",
        )
    leader.group_name = (leader.group_name or "").strip()
    if leader.kind in NEEDS_BUILDING and not leader.building_id:
        refuse(
            Code.LEADS_NOTHING,
            _("A building or unit head leads a building: pick it."),
            field="building",
        )
    if not (leader.building_id or leader.organization_id or leader.group_name):
        refuse(
            Code.LEADS_NOTHING,
            _("Say what the leader leads: a building, a group or an organization."),
            field="group_name",
        )
    if leader.building_id and leader.building.community_id != leader.community_id:
        refuse(
            Code.LEADS_NOTHING,
            _("The building is not in the leader's community."),
            field="building",
        )
    org = leader.organization
    if org is not None and (
        org.street_id != leader.community.street_id
        or (org.community_id and org.community_id != leader.community_id)
    ):
        refuse(
            Code.LEADS_NOTHING,
            _("The organization is not in the leader's community or street."),
            field="organization",
        )
    if leader.since and leader.since > timezone.localdate():
        leader.since = timezone.localdate()
    same = Leader.objects.filter(
        resident=leader.resident,
        kind=leader.kind,
        building=leader.building,
        organization=leader.organization,
        group_name=leader.group_name,
        active=True,
    ).exclude(pk=leader.pk)
    if leader.active and same.exists():
        refuse(Code.ALREADY_LEADS, _("The resident already leads this."), field="kind")
    leader.full_clean()


@action("civil.add_leader", place=_community)
def do_recognize_leader(actor, leader: Leader) -> Leader:
    """A resident recognized as a leader of a building, a group or an organization, in the
    resident's community."""
    _check(leader)
    leader.active = True
    if leader.since is None:
        leader.since = timezone.localdate()
    leader.save()
    return leader


@action("civil.change_leader")
def do_end_leadership(actor, leader: Leader, note: str = "") -> Leader:
    """The leadership ends (kept for the record, no longer shown)."""
    if not leader.active:
        refuse(Code.LEADERSHIP_ENDED, _("This leadership has already ended."))
    leader.active = False
    leader.save()
    return leader
