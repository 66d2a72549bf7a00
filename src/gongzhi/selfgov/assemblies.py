"""Resident assemblies (居民会议, Organic Law Arts. 9–10), petitions to convene one, the
resident charter (Art. 15) and its filing (备案).

- convened on a petition of at least 1/5 of adult residents, or 1/5 of households, or 1/3
  of residents' groups — signatories checked against the registry (unknown or duplicate
  ones refuse the petition);
- the assembly sits only with MORE than half of its members present;
- a resolution passes with MORE than half of those present;
- it may recall and by-elect committee members, and adopts the charter.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.core import audit
from gongzhi.core.fields import index_lookup
from gongzhi.core.models import AuditEntry
from gongzhi.org import services as org
from gongzhi.org.models import CommitteeMember, Community, ResidentsGroup
from gongzhi.registry.choices import ResidentStatus
from gongzhi.registry.models import Household, Resident
from gongzhi.selfgov.elections import GROUP_REPRESENTATIVES
from gongzhi.selfgov.models import AgendaItem, Assembly, Attendance, CharterVersion, Petition
from gongzhi.selfgov.rules import age_on, minimum_at_least, more_than

PETITION_SHARE = {  # (numerator, denominator): at least this share
    Petition.Basis.ADULTS: (1, 5),
    Petition.Basis.HOUSEHOLDS: (1, 5),
    Petition.Basis.GROUPS: (1, 3),
}


def adults(community: Community, on: date | None = None):
    on = on or timezone.localdate()
    cutoff = (
        on.replace(year=on.year - 18)
        if not (on.month == 2 and on.day == 29)
        else on.replace(year=on.year - 18, day=28)
    )
    return Resident.objects.filter(
        community=community, status=ResidentStatus.ACTIVE, birth_date__lte=cutoff
    )


def base_count(community: Community, basis: str, on: date | None = None) -> int:
    if basis in (Petition.Basis.ADULTS, Assembly.Kind.ADULTS):
        return adults(community, on).count()
    if basis in (Petition.Basis.HOUSEHOLDS, Assembly.Kind.HOUSEHOLDS):
        return Household.objects.filter(community=community, active=True).count()
    return ResidentsGroup.objects.filter(community=community).count()


def _residents_by_id_numbers(
    community: Community, id_numbers: list[str], on: date
) -> list[Resident]:
    cleaned = [n.strip().upper() for n in id_numbers if n.strip()]
    seen, found, unknown, duplicate = set(), [], [], []
    for number in cleaned:
        if number in seen:
            duplicate.append(number)
            continue
        seen.add(number)
        r = Resident.objects.filter(
            community=community,
            status=ResidentStatus.ACTIVE,
            **index_lookup(Resident, "id_number", number),
        ).first()
        if r is None or r.birth_date is None or age_on(r.birth_date, on) < 18:
            unknown.append(number)
        else:
            found.append(r)
    errors = []
    if unknown:
        errors.append(
            _("Not adult residents of this community in the registry: %(list)s.")
            % {"list": "、".join(n[:6] + "…" + n[-4:] for n in unknown)}
        )
    if duplicate:
        errors.append(
            _("Signed more than once: %(list)s.")
            % {"list": "、".join(n[:6] + "…" + n[-4:] for n in duplicate)}
        )
    if errors:
        raise ValidationError({"signatories": errors}, code="bad_signatories")
    return found


@transaction.atomic
def file_petition_lines(community: Community, basis: str, subject: str, lines) -> Petition:
    """`file_petition` from the signatories as typed, one a line: ID numbers, or group
    numbers for a petition by residents' groups (the screen and the API both take this)."""
    lines = [x.strip() for x in lines if x.strip()]
    if basis == Petition.Basis.GROUPS:
        if not all(x.isdigit() for x in lines):
            raise ValidationError({"signatories": _("Give group numbers, one a line.")})
        return file_petition(community, basis, subject, group_numbers=lines)
    return file_petition(community, basis, subject, id_numbers=lines)


def file_petition(
    community: Community,
    basis: str,
    subject: str,
    *,
    id_numbers=(),
    group_numbers=(),
    on: date | None = None,
) -> Petition:
    """Record a petition and check it. Adults and households: signatories by ID number
    (adult residents of the community; for households, distinct households count). Groups:
    group numbers. Refused, writing nothing, if any signatory is unknown or repeated."""
    on = on or timezone.localdate()
    if not subject.strip():
        raise ValidationError({"subject": _("Say what the assembly should decide.")})
    residents, groups = [], []
    if basis in (Petition.Basis.ADULTS, Petition.Basis.HOUSEHOLDS):
        residents = _residents_by_id_numbers(community, list(id_numbers), on)
        if basis == Petition.Basis.ADULTS:
            signatures = len(residents)
        else:
            households = [r.household_id for r in residents]
            if None in households:
                raise ValidationError({"signatories": _("A signatory belongs to no household.")})
            if len(set(households)) != len(households):
                raise ValidationError({"signatories": _("A household signed more than once.")})
            signatures = len(households)
    elif basis == Petition.Basis.GROUPS:
        numbers = [int(n) for n in group_numbers]
        if len(set(numbers)) != len(numbers):
            raise ValidationError({"signatories": _("A residents' group signed more than once.")})
        groups = list(ResidentsGroup.objects.filter(community=community, number__in=numbers))
        if len(groups) != len(numbers):
            raise ValidationError({"signatories": _("Unknown residents' group.")})
        signatures = len(groups)
    else:
        raise ValidationError({"basis": _("Unknown basis.")})
    num, den = PETITION_SHARE[basis]
    total = base_count(community, basis, on)
    required = max(1, minimum_at_least(total, num, den))
    petition = Petition.objects.create(
        community=community,
        basis=basis,
        subject=subject,
        signatures=signatures,
        required=required,
        accepted=signatures >= required,
    )
    petition.signatory_residents.set(residents)
    petition.signatory_groups.set(groups)
    return petition


@transaction.atomic
def convene(
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
            raise ValidationError({"petition": _("The petition is from another community.")})
        if not petition.accepted:
            raise ValidationError(
                {
                    "petition": _("The petition has %(s)d signatures; %(r)d are needed.")
                    % {"s": petition.signatures, "r": petition.required}
                }
            )
        if hasattr(petition, "assembly"):
            raise ValidationError(
                {"petition": _("An assembly was already convened on this petition.")}
            )
    if not title.strip():
        raise ValidationError({"title": _("Give the assembly a title.")})
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
            raise ValidationError(
                {"members_total": _("The community has no residents' groups in the registry.")}
            )
        fewest, most = (groups * n for n in GROUP_REPRESENTATIVES)
        if typed is None or not fewest <= typed <= most:
            raise ValidationError(
                {
                    "members_total": _(
                        "%(g)d residents' groups send %(a)d to %(b)d representatives: give their number."
                    )
                    % {"g": groups, "a": fewest, "b": most}
                }
            )
        return typed
    total = base_count(community, kind, day)
    if typed is not None and typed != total:
        raise ValidationError(
            {
                "members_total": _(
                    "The registry counts %(n)d members for this assembly; the size is not typed."
                )
                % {"n": total}
            }
        )
    if total < 1:
        raise ValidationError({"members_total": _("The assembly has no members.")})
    return total


def present(assembly: Assembly) -> int:
    return assembly.attendance.count()


def has_quorum(assembly: Assembly) -> bool:
    return more_than(
        present(assembly), assembly.members_total, assembly.quorum_num, assembly.quorum_den
    )


@transaction.atomic
def record_attendance(assembly: Assembly, *, resident: Resident | None) -> Attendance:
    """Sign in a registered person, once: an adult resident of the community (for household
    representatives, one per household). The name comes from the registry, so a typed name
    cannot count toward the quorum."""
    assembly = Assembly.objects.select_for_update().get(pk=assembly.pk)
    if resident is None:
        raise ValidationError({"resident": _("Choose the resident from the registry.")})
    if (
        resident.community_id != assembly.community_id
        or resident.status != ResidentStatus.ACTIVE
        or resident.birth_date is None
        or age_on(resident.birth_date, assembly.date) < 18
    ):
        raise ValidationError(
            {"resident": _("Not an adult resident of this community in the registry.")}
        )
    if assembly.attendance.filter(resident=resident).exists():
        raise ValidationError(
            {"resident": _("%(name)s has already signed in.") % {"name": resident.name}},
            code="signed_in",
        )
    if assembly.kind == Assembly.Kind.HOUSEHOLDS:
        if resident.household_id is None:
            raise ValidationError({"resident": _("This resident belongs to no household.")})
        if assembly.attendance.filter(resident__household_id=resident.household_id).exists():
            raise ValidationError(
                {"resident": _("This household is already represented.")}, code="signed_in"
            )
    if present(assembly) >= assembly.members_total:
        raise ValidationError(_("Everyone entitled is already present."))
    return Attendance.objects.create(assembly=assembly, name=resident.name, resident=resident)


def sign_in(assembly: Assembly, id_number: str) -> Attendance:
    """`record_attendance` for the person of the registry with this ID number (screen and API)."""
    number = (id_number or "").strip().upper()
    resident = (
        Resident.objects.filter(
            community=assembly.community_id, **index_lookup(Resident, "id_number", number)
        ).first()
        if number
        else None
    )
    if resident is None:
        raise ValidationError(
            {"id_number": _("No resident of this community with that ID number.")}
        )
    return record_attendance(assembly, resident=resident)


def add_item(
    assembly: Assembly,
    title: str,
    kind=AgendaItem.Kind.ORDINARY,
    *,
    member=None,
    candidate_name: str = "",
    charter=None,
) -> AgendaItem:
    if not title.strip():
        raise ValidationError({"title": _("Give the agenda item a title.")})
    if kind == AgendaItem.Kind.RECALL and (
        member is None or member.committee.community_id != assembly.community_id
    ):
        raise ValidationError({"member": _("Choose the committee member to recall.")})
    if kind == AgendaItem.Kind.BY_ELECTION and not candidate_name.strip():
        raise ValidationError({"candidate_name": _("Name the candidate of the by-election.")})
    if kind == AgendaItem.Kind.CHARTER and (
        charter is None or charter.community_id != assembly.community_id
    ):
        raise ValidationError({"charter": _("Choose the charter version to adopt.")})
    return AgendaItem.objects.create(
        assembly=assembly,
        title=title,
        kind=kind,
        member=member,
        candidate_name=candidate_name,
        charter=charter,
    )


@transaction.atomic
def vote_item(
    item: AgendaItem, *, yes: int, no: int, abstain: int = 0, by_election: dict | None = None
) -> AgendaItem:
    """Record the vote on an item. Refused (nothing changes) without a quorum; the votes
    cannot exceed those present. Passing a recall ends the member's seat; passing a
    by-election adds the member (org's 5–9 rule); passing a charter adopts it."""
    assembly = Assembly.objects.select_for_update().get(pk=item.assembly_id)
    if item.outcome != AgendaItem.Outcome.PENDING:
        raise ValidationError(_("This item has already been voted on."))
    attending = present(assembly)
    if not has_quorum(assembly):
        raise ValidationError(
            _(
                "No quorum: %(p)d of %(n)d members present; more than half are needed (Organic Law Art. 9)."
            )
            % {"p": attending, "n": assembly.members_total},
            code="no_quorum",
        )
    if min(yes, no, abstain) < 0:
        raise ValidationError({"yes": _("Counts cannot be negative.")})
    if yes + no + abstain > attending:
        raise ValidationError(
            {
                "yes": _("%(v)d votes but only %(p)d present.")
                % {"v": yes + no + abstain, "p": attending}
            }
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


def record_minutes(assembly: Assembly, text: str) -> Assembly:
    assembly.minutes = text
    assembly.save()
    return assembly


# --- charter -------------------------------------------------------------------------------


@transaction.atomic
def draft_charter(community: Community, text: str) -> CharterVersion:
    if not text.strip():
        raise ValidationError({"text": _("The charter has no text.")})
    last = community.charters.order_by("-version").first()
    return CharterVersion.objects.create(
        community=community, text=text, version=(last.version + 1) if last else 1
    )


FILING_STEPS = {
    CharterVersion.Filing.NOT_FILED: {CharterVersion.Filing.SUBMITTED},
    CharterVersion.Filing.SUBMITTED: {CharterVersion.Filing.FILED, CharterVersion.Filing.RETURNED},
    CharterVersion.Filing.RETURNED: {CharterVersion.Filing.SUBMITTED},
    CharterVersion.Filing.FILED: set(),
}


@transaction.atomic
def set_filing(
    charter: CharterVersion, to: str, *, reference: str = "", on: date | None = None
) -> CharterVersion:
    """备案 with the government, only for a charter an assembly adopted (Art. 15)."""
    if charter.adopted_by_id is None:
        raise ValidationError(_("Only a charter adopted by a resident assembly can be filed."))
    if to not in FILING_STEPS[charter.filing]:
        raise ValidationError(
            _("Filing cannot go from “%(a)s” to “%(b)s”.")
            % {
                "a": CharterVersion.Filing(charter.filing).label,
                "b": CharterVersion.Filing(to).label,
            }
        )
    if to == CharterVersion.Filing.FILED and not reference.strip():
        raise ValidationError({"filing_reference": _("Record the filing reference.")})
    charter.filing = to
    if reference:
        charter.filing_reference = reference
    if to == CharterVersion.Filing.FILED:
        charter.filed_on = on or timezone.localdate()
    charter.save()
    return charter


def current_charter(community: Community) -> CharterVersion | None:
    return community.charters.filter(adopted_by__isnull=False).order_by("-version").first()
