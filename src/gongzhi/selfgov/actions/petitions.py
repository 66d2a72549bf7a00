"""Petitions to convene a resident assembly (Organic Law Art. 9): at least 1/5 of adult
residents, or 1/5 of households, or 1/3 of residents' groups — signatories checked against
the registry (unknown or duplicate ones refuse the petition)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.core.actions import action
from gongzhi.core.errors import refuse
from gongzhi.core.fields import index_lookup
from gongzhi.org.models import Community, ResidentsGroup
from gongzhi.registry.choices import ResidentStatus
from gongzhi.registry.models import Resident
from gongzhi.selfgov.actions._common import place_of, require_text
from gongzhi.selfgov.errors import Code
from gongzhi.selfgov.models import Petition
from gongzhi.selfgov.queries import base_count
from gongzhi.selfgov.rules import age_on, minimum_at_least

PETITION_SHARE = {  # (numerator, denominator): at least this share
    Petition.Basis.ADULTS: (1, 5),
    Petition.Basis.HOUSEHOLDS: (1, 5),
    Petition.Basis.GROUPS: (1, 3),
}


def _masked(numbers) -> str:
    return "、".join(n[:6] + "…" + n[-4:] for n in numbers)


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
            ValidationError(
                _("Not adult residents of this community in the registry: %(list)s.")
                % {"list": _masked(unknown)},
                code=Code.BAD_SIGNATORIES,
            )
        )
    if duplicate:
        errors.append(
            ValidationError(
                _("Signed more than once: %(list)s.") % {"list": _masked(duplicate)},
                code=Code.BAD_SIGNATORIES,
            )
        )
    if errors:
        raise ValidationError({"signatories": errors})
    return found


def signatory_lines(basis: str, lines) -> dict:
    """The signatories as typed, one a line (screen and API): ID numbers, or group numbers
    for a petition by residents' groups — as the keyword arguments of do_file_petition."""
    lines = [x.strip() for x in lines if x.strip()]
    if basis == Petition.Basis.GROUPS:
        if not all(x.isdigit() for x in lines):
            refuse(Code.BAD_SIGNATORIES, _("Give group numbers, one a line."), field="signatories")
        return {"group_numbers": lines}
    return {"id_numbers": lines}


@action("selfgov.add_petition", place=place_of)
def do_file_petition(
    actor,
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
    require_text(subject, "subject", Code.TEXT_REQUIRED, _("Say what the assembly should decide."))
    residents, groups = [], []
    if basis in (Petition.Basis.ADULTS, Petition.Basis.HOUSEHOLDS):
        residents = _residents_by_id_numbers(community, list(id_numbers), on)
        if basis == Petition.Basis.ADULTS:
            signatures = len(residents)
        else:
            households = [r.household_id for r in residents]
            if None in households:
                refuse(
                    Code.BAD_SIGNATORIES,
                    _("A signatory belongs to no household."),
                    field="signatories",
                )
            if len(set(households)) != len(households):
                refuse(
                    Code.BAD_SIGNATORIES,
                    _("A household signed more than once."),
                    field="signatories",
                )
            signatures = len(households)
    elif basis == Petition.Basis.GROUPS:
        numbers = [int(n) for n in group_numbers]
        if len(set(numbers)) != len(numbers):
            refuse(
                Code.BAD_SIGNATORIES,
                _("A residents' group signed more than once."),
                field="signatories",
            )
        groups = list(ResidentsGroup.objects.filter(community=community, number__in=numbers))
        if len(groups) != len(numbers):
            refuse(Code.BAD_SIGNATORIES, _("Unknown residents' group."), field="signatories")
        signatures = len(groups)
    else:
        refuse(Code.UNKNOWN_BASIS, _("Unknown basis."), field="basis")
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
