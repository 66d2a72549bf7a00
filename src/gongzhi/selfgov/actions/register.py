"""The voter register: generated from the registry by the election's method, voters added by
hand or on their own application, taken off, objections and their decisions, publication."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.core import audit
from gongzhi.core.actions import action
from gongzhi.core.errors import refuse
from gongzhi.core.models import AuditEntry
from gongzhi.registry.choices import ResidenceType, ResidentStatus
from gongzhi.registry.models import Household, Resident
from gongzhi.selfgov.actions._common import Errors, place_of, require_status, require_text
from gongzhi.selfgov.actions.elections import move
from gongzhi.selfgov.errors import Code
from gongzhi.selfgov.models import Election, RegisterChange, Voter
from gongzhi.selfgov.queries import (
    ADD_VOTER_STATUSES,
    GROUP_REPRESENTATIVES,
    OBJECTION_STATUSES,
    REMOVE_VOTER_STATUSES,
)
from gongzhi.selfgov.rules import eligible

S = Election.Status
MANAGE = "selfgov.manage_election"


def _registry_voter(election: Election, r: Resident) -> Voter:
    return Voter(election=election, resident_id=r.id, name=r.name, household_id=r.household_id)


@action(MANAGE, place=place_of)
def do_generate_register(actor, election: Election) -> int:
    """Voters from the registry: residents of the community who may vote (`eligible`: PRC
    citizens aged `voting_age` or more on election day, not deprived of political rights,
    hukou here; a migrant only through `do_apply_for_register`). Registry residents and
    applicants who no longer qualify are taken off; hand-added voters stay. Returns the
    number of voters.

    By the election's method (Art. 8): all voters; or one representative per household (the
    head if eligible, else the oldest eligible member; the committee may swap by hand); or
    2–3 representatives per residents' group, chosen by the groups and so added by hand."""
    require_status(election, S.DRAFT)
    if election.method == Election.Method.GROUP:
        refuse(
            Code.METHOD_GROUP,
            _(
                "In an election by residents' group representatives the register is not taken "
                "from the registry: add each group's 2 or 3 representatives by hand."
            ),
        )
    event = audit.record(AuditEntry.Action.OTHER, election, reason=_("voter register generated"))
    residents = Resident.objects.filter(community=election.community, status=ResidentStatus.ACTIVE)
    existing = {v.resident_id: v for v in election.voters.all()}
    new = []
    rows = residents.only(
        "id",
        "name",
        "household_id",
        "birth_date",
        "deprived_of_political_rights",
        "status",
        "id_number",
        "residence_type",
        "living_here_since",
    ).order_by("birth_date", "pk")
    per_household = election.method == Election.Method.HOUSEHOLD
    heads = set()
    if per_household:
        heads = set(
            Household.objects.filter(community=election.community)
            .exclude(head=None)
            .values_list("head_id", flat=True)
        )
    represented = {
        v.household_id for v in existing.values() if v.active and v.household_id is not None
    }
    chosen = {}
    for r in rows:
        voter = existing.get(r.id)
        applied = voter is not None and voter.source == Voter.Source.APPLICATION
        ok = eligible(r, election, applied=applied) is None
        if voter is not None:
            # Registry lines and applications follow the rule again (a migrant never comes
            # in without their application); lines added by hand stay as decided.
            if voter.source != Voter.Source.MANUAL and voter.active != ok:
                voter.active = ok
                voter.save(update_fields=["active", "updated_at"])
            continue
        if not ok:
            continue
        if per_household and r.household_id is not None:
            if r.household_id in represented:
                continue
            # the head first, else the oldest (rows come oldest first)
            if r.household_id in chosen and r.id not in heads:
                continue
            chosen[r.household_id] = r
            continue
        new.append(_registry_voter(election, r))
    new += [_registry_voter(election, r) for r in chosen.values()]
    # Created in name order: ids in birth order would rank every voter's birthday, and
    # with it the masked part of the ID number (core.masking).
    new.sort(key=lambda v: (v.name, v.resident_id))
    Voter.objects.bulk_create(new)
    count = election.voters.filter(active=True).count()
    event.extra = {**(event.extra or {}), "voters": count}
    return count


def _add_statuses(election: Election) -> tuple:
    if election.method == Election.Method.GROUP:
        # a representative taken off after the candidates are out can still be replaced
        return (*ADD_VOTER_STATUSES, S.CANDIDATES_PUBLISHED)
    return ADD_VOTER_STATUSES


@action(MANAGE, place=place_of)
def do_add_voter(
    actor, election: Election, resident: Resident, reason: str, *, residents_group=None
) -> Voter:
    """A voter added by hand (e.g. a group's representative, or a correction), with a
    reason, logged. The method's limits hold: one voter per household, or at most 3
    representatives of a residents' group. The rule of `eligible` holds too: a migrant comes
    only through `do_apply_for_register`, a foreign national never."""
    require_status(election, *_add_statuses(election))
    reason = require_text(
        reason, "reason", Code.REASON_REQUIRED, _("Say why this person is added to the register.")
    )
    _check_place_on_register(election, resident, residents_group)
    why = eligible(resident, election)
    if why:
        refuse(
            Code.NOT_ELIGIBLE,
            _("This resident cannot vote: %(why)s.") % {"why": why},
            field="resident",
        )
    return _put_on_register(
        election, resident, source=Voter.Source.MANUAL, text=reason, residents_group=residents_group
    )


def _check_place_on_register(election: Election, resident: Resident, residents_group) -> None:
    """The election method's limits: one voter per household, or at most 3 representatives
    of a residents' group; and the resident lives in the election's community."""
    active = election.voters.filter(active=True).exclude(resident=resident)
    if election.method == Election.Method.HOUSEHOLD and resident.household_id is not None:
        if active.filter(household_id=resident.household_id).exists():
            refuse(
                Code.HOUSEHOLD_REPRESENTED,
                _(
                    "This household already has its representative on the register: "
                    "take that voter off first."
                ),
                field="resident",
            )
    if election.method == Election.Method.GROUP:
        if residents_group is None or residents_group.community_id != election.community_id:
            refuse(
                Code.GROUP_REQUIRED,
                _("Give the residents' group this person represents."),
                field="residents_group",
            )
        most = GROUP_REPRESENTATIVES[1]
        if active.filter(residents_group=residents_group).count() >= most:
            refuse(
                Code.GROUP_FULL,
                _("A residents' group has at most %(n)d representatives on the register.")
                % {"n": most},
                field="residents_group",
            )
    if resident.community_id != election.community_id:
        refuse(
            Code.OTHER_COMMUNITY,
            _("This resident does not live in the election's community."),
            field="resident",
        )


def _put_on_register(
    election: Election, resident: Resident, *, source: str, text: str, residents_group=None, **extra
) -> Voter:
    fields = {"source": source, "reason": text[:200], "residents_group": residents_group, **extra}
    voter, created = Voter.objects.get_or_create(
        election=election,
        resident=resident,
        defaults={"name": resident.name, "household_id": resident.household_id, **fields},
    )
    if not created:
        if voter.active:
            refuse(
                Code.ALREADY_ON_REGISTER,
                _("This resident is already on the register."),
                field="resident",
            )
        voter.active = True
        for name, value in fields.items():
            if name != "residents_group" or value is not None:
                setattr(voter, name, value)
        voter.save()
    RegisterChange.objects.create(
        election=election, voter=voter, kind=RegisterChange.Kind.ADDED, text=text
    )
    return voter


@action(MANAGE, place=place_of)
def do_apply_for_register(
    actor,
    election: Election,
    resident: Resident,
    *,
    applied_on: date | None = None,
    home_consent: bool = False,
    home_consent_reference: str = "",
    home_consent_date: date | None = None,
    residents_group=None,
) -> Voter:
    """A resident whose hukou is registered elsewhere (流动人口 / 人户分离) joins the register
    on their own application, if they have lived in the community the street's
    `migrant_residence_months` by election day and, where the street requires it, their home
    area consents (a recorded yes with the document and its date). Foreign nationals never
    join. Refused with a field error, writing nothing, when a condition is not met."""
    require_status(election, *_add_statuses(election))
    today = timezone.localdate()
    applied_on = applied_on or today
    if applied_on > today:
        refuse(
            Code.FUTURE_DATE,
            _("The application date cannot be in the future."),
            field="applied_on",
        )
    _check_place_on_register(election, resident, residents_group)
    if resident.residence_type == ResidenceType.REGISTERED:
        refuse(
            Code.HUKOU_HERE,
            _(
                "This resident's hukou is registered here: they come onto the register "
                "from the registry, without an application."
            ),
            field="resident",
        )
    why = eligible(resident, election, applied=True)
    if why:
        refuse(
            Code.NOT_ELIGIBLE,
            _("This resident cannot vote: %(why)s.") % {"why": why},
            field="resident",
        )
    street = election.community.street
    home_consent_reference = (home_consent_reference or "").strip()
    if street.migrant_home_consent_required:
        errors = Errors()
        if not home_consent:
            errors.add(
                "home_consent",
                Code.HOME_CONSENT,
                _("This street requires the consent of the applicant's home area: record it."),
            )
        if not home_consent_reference:
            errors.add(
                "home_consent_reference",
                Code.HOME_CONSENT,
                _("Give the home area's consent document."),
            )
        if home_consent_date is None:
            errors.add(
                "home_consent_date",
                Code.HOME_CONSENT,
                _("Give the date of the home area's consent."),
            )
        elif home_consent_date > today:
            errors.add(
                "home_consent_date",
                Code.FUTURE_DATE,
                _("The consent cannot be dated in the future."),
            )
        errors.raise_if_any()
    consent = bool(home_consent and home_consent_reference)
    text = _("on own application (hukou elsewhere, living here since %(since)s)") % {
        "since": resident.living_here_since.isoformat()
    }
    if consent:
        text += _("; home area consents: %(ref)s") % {"ref": home_consent_reference}
    return _put_on_register(
        election,
        resident,
        source=Voter.Source.APPLICATION,
        text=text,
        residents_group=residents_group,
        applied_on=applied_on,
        home_consent=consent,
        home_consent_reference=home_consent_reference[:100] if consent else "",
        home_consent_date=home_consent_date if consent else None,
    )


@action(MANAGE, place=place_of)
def do_remove_voter(actor, voter: Voter, reason: str) -> Voter:
    require_status(voter.election, *REMOVE_VOTER_STATUSES)
    reason = require_text(
        reason, "reason", Code.REASON_REQUIRED, _("Say why this voter is removed.")
    )
    if not voter.active:
        refuse(Code.NOT_ON_REGISTER, _("This person is not on the register."), field="voter")
    voter.active = False
    voter.save()
    RegisterChange.objects.create(
        election=voter.election, voter=voter, kind=RegisterChange.Kind.REMOVED, text=reason
    )
    return voter


@action(MANAGE, place=place_of)
def do_log_objection(actor, election: Election, text: str, voter: Voter | None = None):
    """An objection to the register, logged, while the register may still be corrected. The
    voter it concerns, if any, is on this election's register."""
    require_status(
        election,
        *OBJECTION_STATUSES,
        message=_("Objections to the register are taken until voting opens."),
    )
    text = require_text(text, "text", Code.TEXT_REQUIRED, _("Write the objection."))
    if voter is not None and voter.election_id != election.pk:
        refuse(
            Code.OTHER_ELECTION,
            _("This voter is on another election's register."),
            field="voter",
        )
    return RegisterChange.objects.create(
        election=election, voter=voter, kind=RegisterChange.Kind.OBJECTION, text=text
    )


@action(MANAGE, place=place_of)
def do_resolve_objection(actor, objection: RegisterChange, decision: str) -> RegisterChange:
    """The decision on an objection to the register, recorded once (the row is locked so two
    managers cannot both decide) and only while the register may still be corrected: after
    voting opens a decision could no longer change the register."""
    objection = RegisterChange.objects.select_for_update().get(pk=objection.pk)
    require_status(
        objection.election,
        *OBJECTION_STATUSES,
        message=_("Objections can only be decided until voting opens."),
    )
    if objection.kind != RegisterChange.Kind.OBJECTION:
        refuse(Code.NOT_OBJECTION, _("Only an objection can be decided."))
    if objection.resolution.strip():
        refuse(
            Code.ALREADY_DECIDED,
            _("This objection has already been decided."),
            field="resolution",
        )
    decision = require_text(
        decision, "resolution", Code.TEXT_REQUIRED, _("Write the decision on the objection.")
    )
    objection.resolution = decision
    objection.save(update_fields=["resolution", "updated_at"])
    return objection


@action(MANAGE, place=place_of)
def do_link_voter_login(actor, voter: Voter, user) -> Voter:
    """A log-in linked to this line of the register by hand (for this election only). The
    usual way is the registry's link (Resident.account): see queries.voter_for."""
    voter.user = user
    voter.save(update_fields=["user", "updated_at"])
    return voter


@action(MANAGE, place=place_of, kind=AuditEntry.Action.TRANSITION)
def do_publish_register(actor, election: Election, today: date | None = None) -> Election:
    """The register is published at least `register_days_before` days before election day."""
    today = today or timezone.localdate()
    latest = election.election_day - timedelta(days=election.register_days_before)
    if today > latest:
        refuse(
            Code.REGISTER_LATE,
            _(
                "The register must be published at least %(days)d days before election day (by %(date)s)."
            )
            % {"days": election.register_days_before, "date": latest.isoformat()},
        )
    return move(election, "publish_register", actor, register_published_on=today)
