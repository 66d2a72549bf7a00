"""Resident assemblies (居民会议, Organic Law Arts. 9–10): convened by the committee or on an
accepted petition; sign-in from the registry; the agenda and its votes.

- the assembly sits only with MORE than half of its members present;
- a resolution passes with MORE than half of those present;
- it may recall and by-elect committee members, and adopts the charter.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from gongzhi.core import audit
from gongzhi.core.actions import action
from gongzhi.core.errors import refuse
from gongzhi.core.fields import index_lookup
from gongzhi.core.models import AuditEntry
from gongzhi.org import services as org
from gongzhi.org.models import CommitteeMember, Community
from gongzhi.registry.choices import ResidentStatus
from gongzhi.registry.models import Resident
from gongzhi.selfgov.actions._common import place_of, require_text
from gongzhi.selfgov.errors import Code
from gongzhi.selfgov.models import AgendaItem, Assembly, Attendance, Petition
from gongzhi.selfgov.queries import GROUP_REPRESENTATIVES, base_count, has_quorum, present
from gongzhi.selfgov.rules import age_on, more_than

CHANGE = "selfgov.change_assembly"


@action("selfgov.add_assembly", place=place_of)
def do_convene(
    actor,
    community: Community,
    title: str,
    day: date,
    *,
    kind=Assembly.Kind.HOUSEHOLDS,
    place: str = "",
    petition: Petition | None = None,
    members_total: int | None = None,
) -> Assembly:
    """Convene an assembly: by the committee, or on an accepted petition."""
    if petition is not None:
        if petition.community_id != community.pk:
            refuse(
                Code.OTHER_COMMUNITY,
                _("The petition is from another community."),
                field="petition",
            )
        if not petition.accepted:
            refuse(
                Code.PETITION_SHORT,
                _("The petition has %(s)d signatures; %(r)d are needed.")
                % {"s": petition.signatures, "r": petition.required},
                field="petition",
            )
        if hasattr(petition, "assembly"):
            refuse(
                Code.PETITION_USED,
                _("An assembly was already convened on this petition."),
                field="petition",
            )
    require_text(title, "title", Code.TITLE_REQUIRED, _("Give the assembly a title."))
    total = assembly_size(community, kind, day, members_total)
    return Assembly.objects.create(
        community=community,
        title=title,
        date=day,
        kind=kind,
        place=place,
        petition=petition,
        members_total=total,
    )


def assembly_size(community: Community, kind: str, day: date, typed: int | None = None) -> int:
    """The members of an assembly, from the registry, so that nobody can lower the quorum:
    adults or households are counted; group representatives are typed, but must be 2–3 for
    each residents' group of the community. A typed count that differs is refused."""
    if kind == Assembly.Kind.GROUPS:
        groups = base_count(community, kind, day)
        if groups < 1:
            refuse(
                Code.ASSEMBLY_SIZE,
                _("The community has no residents' groups in the registry."),
                field="members_total",
            )
        fewest, most = (groups * n for n in GROUP_REPRESENTATIVES)
        if typed is None or not fewest <= typed <= most:
            refuse(
                Code.ASSEMBLY_SIZE,
                _("%(g)d residents' groups send %(a)d to %(b)d representatives: give their number.")
                % {"g": groups, "a": fewest, "b": most},
                field="members_total",
            )
        return typed
    total = base_count(community, kind, day)
    if typed is not None and typed != total:
        refuse(
            Code.ASSEMBLY_SIZE,
            _("The registry counts %(n)d members for this assembly; the size is not typed.")
            % {"n": total},
            field="members_total",
        )
    if total < 1:
        refuse(Code.ASSEMBLY_SIZE, _("The assembly has no members."), field="members_total")
    return total


@action(CHANGE, place=place_of)
def do_record_attendance(actor, assembly: Assembly, *, resident: Resident | None) -> Attendance:
    """Sign in a registered person, once: an adult resident of the community (for household
    representatives, one per household). The name comes from the registry, so a typed name
    cannot count toward the quorum."""
    assembly = Assembly.objects.select_for_update().get(pk=assembly.pk)
    if resident is None:
        refuse(
            Code.NOT_ADULT_RESIDENT, _("Choose the resident from the registry."), field="resident"
        )
    if (
        resident.community_id != assembly.community_id
        or resident.status != ResidentStatus.ACTIVE
        or resident.birth_date is None
        or age_on(resident.birth_date, assembly.date) < 18
    ):
        refuse(
            Code.NOT_ADULT_RESIDENT,
            _("Not an adult resident of this community in the registry."),
            field="resident",
        )
    if assembly.attendance.filter(resident=resident).exists():
        refuse(
            Code.SIGNED_IN,
            _("%(name)s has already signed in.") % {"name": resident.name},
            field="resident",
        )
    if assembly.kind == Assembly.Kind.HOUSEHOLDS:
        if resident.household_id is None:
            refuse(Code.NO_HOUSEHOLD, _("This resident belongs to no household."), field="resident")
        if assembly.attendance.filter(resident__household_id=resident.household_id).exists():
            refuse(Code.SIGNED_IN, _("This household is already represented."), field="resident")
    if present(assembly) >= assembly.members_total:
        refuse(Code.ALL_PRESENT, _("Everyone entitled is already present."))
    audit.record(
        AuditEntry.Action.OTHER,
        assembly,
        reason=_("signed in: %(name)s") % {"name": resident.name},
    )
    return Attendance.objects.create(assembly=assembly, name=resident.name, resident=resident)


@action(CHANGE, place=place_of)
def do_sign_in(actor, assembly: Assembly, id_number: str) -> Attendance:
    """`do_record_attendance` for the person of the registry with this ID number (screen and
    API)."""
    number = (id_number or "").strip().upper()
    resident = (
        Resident.objects.filter(
            community=assembly.community_id, **index_lookup(Resident, "id_number", number)
        ).first()
        if number
        else None
    )
    if resident is None:
        refuse(
            Code.UNKNOWN_RESIDENT,
            _("No resident of this community with that ID number."),
            field="id_number",
        )
    return do_record_attendance(actor, assembly, resident=resident)


@action(CHANGE, place=place_of)
def do_add_item(
    actor,
    assembly: Assembly,
    title: str,
    kind=AgendaItem.Kind.ORDINARY,
    *,
    member=None,
    candidate_name: str = "",
    charter=None,
) -> AgendaItem:
    require_text(title, "title", Code.TITLE_REQUIRED, _("Give the agenda item a title."))
    if kind == AgendaItem.Kind.RECALL and (
        member is None or member.committee.community_id != assembly.community_id
    ):
        refuse(Code.ITEM_DETAILS, _("Choose the committee member to recall."), field="member")
    if kind == AgendaItem.Kind.BY_ELECTION and not candidate_name.strip():
        refuse(
            Code.ITEM_DETAILS,
            _("Name the candidate of the by-election."),
            field="candidate_name",
        )
    if kind == AgendaItem.Kind.CHARTER and (
        charter is None or charter.community_id != assembly.community_id
    ):
        refuse(Code.ITEM_DETAILS, _("Choose the charter version to adopt."), field="charter")
    return AgendaItem.objects.create(
        assembly=assembly,
        title=title,
        kind=kind,
        member=member,
        candidate_name=candidate_name,
        charter=charter,
    )


@action(CHANGE, place=place_of)
def do_vote_item(
    actor,
    item: AgendaItem,
    *,
    yes: int,
    no: int,
    abstain: int = 0,
    by_election: dict | None = None,
) -> AgendaItem:
    """Record the vote on an item. Refused (nothing changes) without a quorum; the votes
    cannot exceed those present. Passing a recall ends the member's seat; passing a
    by-election adds the member (org's 5–9 rule); passing a charter adopts it."""
    assembly = Assembly.objects.select_for_update().get(pk=item.assembly_id)
    if item.outcome != AgendaItem.Outcome.PENDING:
        refuse(Code.ITEM_VOTED, _("This item has already been voted on."))
    attending = present(assembly)
    if not has_quorum(assembly):
        refuse(
            Code.NO_QUORUM,
            _(
                "No quorum: %(p)d of %(n)d members present; more than half are needed (Organic Law Art. 9)."
            )
            % {"p": attending, "n": assembly.members_total},
        )
    if min(yes, no, abstain) < 0:
        refuse(Code.BAD_VOTES, _("Counts cannot be negative."), field="yes")
    if yes + no + abstain > attending:
        refuse(
            Code.BAD_VOTES,
            _("%(v)d votes but only %(p)d present.") % {"v": yes + no + abstain, "p": attending},
            field="yes",
        )
    passed = more_than(yes, attending, assembly.pass_num, assembly.pass_den)
    item.yes, item.no, item.abstain = yes, no, abstain
    item.outcome = AgendaItem.Outcome.PASSED if passed else AgendaItem.Outcome.REJECTED
    item.save()
    if passed:
        if item.kind == AgendaItem.Kind.RECALL and item.member_id:
            org.end_committee_member(item.member, max(assembly.date, item.member.start_date))
        elif item.kind == AgendaItem.Kind.BY_ELECTION:
            org.add_committee_member(
                assembly.community.residents_committee,
                name=item.candidate_name,
                start_date=assembly.date,
                post=CommitteeMember.Post.MEMBER,
                **(by_election or {}),
            )
        elif item.kind == AgendaItem.Kind.CHARTER and item.charter_id:
            charter = item.charter
            charter.adopted_by, charter.adopted_on = assembly, assembly.date
            charter.save()
    if assembly.status != Assembly.Status.HELD:
        assembly.status = Assembly.Status.HELD
        assembly.save(update_fields=["status", "updated_at"])
    audit.record(
        AuditEntry.Action.OTHER,
        item,
        reason=_("resolution voted"),
        extra={"yes": yes, "no": no, "abstain": abstain, "present": attending, "passed": passed},
    )
    return item


@action(CHANGE, place=place_of)
def do_record_minutes(actor, assembly: Assembly, text: str) -> Assembly:
    assembly.minutes = text
    assembly.save()
    return assembly
