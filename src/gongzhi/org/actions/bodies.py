"""The bodies of a community (三位一体): party committee, residents' committee and its members
(Organic Law Art. 7: at most 9, one chair — checked under a lock on the committee), working
committees, service stations, working groups, residents' groups."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.core.actions import action
from gongzhi.core.errors import refuse
from gongzhi.org.actions._common import records, save, stored
from gongzhi.org.errors import Code
from gongzhi.org.models import (
    CommitteeMember,
    PartyCommittee,
    ResidentsCommittee,
    ResidentsGroup,
    ServiceStation,
    WorkingCommittee,
    WorkingGroup,
)

do_create_party_committee, do_update_party_committee, do_delete_party_committee = records(
    PartyCommittee, "party_committee"
)
(
    do_create_residents_committee,
    do_update_residents_committee,
    do_delete_residents_committee,
) = records(ResidentsCommittee, "residents_committee")
do_create_committee_member, do_update_committee_member, do_delete_committee_member = records(
    CommitteeMember, "committee_member"
)
(
    do_create_working_committee,
    do_update_working_committee,
    do_delete_working_committee,
) = records(WorkingCommittee, "working_committee")
do_create_service_station, do_update_service_station, do_delete_service_station = records(
    ServiceStation, "service_station"
)
do_create_working_group, do_update_working_group, do_delete_working_group = records(
    WorkingGroup, "working_group"
)
do_create_residents_group, do_update_residents_group, do_delete_residents_group = records(
    ResidentsGroup, "residents_group"
)


@action("org.add_committeemember")
def do_add_committee_member(actor, committee: ResidentsCommittee, **fields) -> CommitteeMember:
    """A member joins the residents' committee (at most 9, one chair: Art. 7)."""
    member = CommitteeMember(committee=committee, **fields)
    return save(actor, member, "org.add_committeemember", {})


@action("org.change_committeemember", place=stored)
def do_change_committee_member(actor, member: CommitteeMember, **fields) -> CommitteeMember:
    """An edit of a member from given values (the API's partial update)."""
    for name, value in fields.items():
        setattr(member, name, value)
    return save(actor, member, "org.change_committeemember", {})


@action("org.change_committeemember", place=stored)
def do_end_committee_member(
    actor, member: CommitteeMember, end_date: date | None = None
) -> CommitteeMember:
    """The member leaves the committee (term over, recall or resignation)."""
    day = end_date or timezone.localdate()
    if day < member.start_date:
        refuse(Code.END_BEFORE_START, _("The end date is before the start date."), field="end_date")
    member.end_date = day
    return save(actor, member, "org.change_committeemember", {})
