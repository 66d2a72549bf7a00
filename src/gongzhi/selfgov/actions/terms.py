"""Committee terms (届) and the hand-over between terms.

The 5–9 rule and the minority check are org's (`gongzhi.org.services`): these actions call
them, they do not repeat them."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils.translation import gettext as _

from gongzhi.core import audit
from gongzhi.core.actions import action
from gongzhi.core.errors import refuse
from gongzhi.core.models import AuditEntry
from gongzhi.org import services as org
from gongzhi.org.models import ResidentsCommittee
from gongzhi.selfgov.actions._common import place_of
from gongzhi.selfgov.errors import Code
from gongzhi.selfgov.models import Term, TermMember
from gongzhi.selfgov.rules import add_years

DEFAULT_TERM_YEARS = 5  # Organic Law Art. 8


def new_term(
    committee: ResidentsCommittee,
    start_date: date,
    *,
    number: int | None = None,
    years: int = DEFAULT_TERM_YEARS,
) -> Term:
    """The committee's next term (or term `number`), `years` long from `start_date`: a step
    of do_create_term and do_announce."""
    if years < 1:
        refuse(Code.TERM_YEARS, _("A term lasts at least one year."), field="years")
    if number is None:
        last = committee.terms.order_by("-number").first()
        number = last.number + 1 if last else 1
    if committee.terms.filter(number=number).exists():
        refuse(
            Code.TERM_TAKEN,
            _("This committee already has a term %(n)d.") % {"n": number},
            field="term_number" if committee.terms.exists() else "number",
        )
    term = Term(
        committee=committee,
        number=number,
        start_date=start_date,
        end_date=add_years(start_date, years) - timedelta(days=1),
    )
    term.full_clean()
    term.save()
    return term


def _take_office(term: Term, names: list[str], size_message: str, reason: str) -> None:
    """What a term taking office checks and does first, however its members come: a planned
    term; 5–9 members (Art. 7; `size_message` with their %(count)d); the event's entry with
    their names; the committee's current term ended."""
    if term.status != Term.Status.PLANNED:
        refuse(Code.HANDED_OVER, _("This term has already been handed over."))
    if not org.COMMITTEE_MIN_MEMBERS <= len(names) <= org.COMMITTEE_MAX_MEMBERS:
        refuse(Code.COMMITTEE_SIZE, size_message % {"count": len(names)})
    audit.record(
        AuditEntry.Action.TRANSITION,
        term,
        before={"status": term.status},  # the term's save adds its other changes
        after={"status": Term.Status.CURRENT},
        reason=reason,
        extra={"members": names},
    )
    for old in term.committee.terms.filter(status=Term.Status.CURRENT).exclude(pk=term.pk):
        old.status = Term.Status.ENDED
        old.save()


# A term is created when a result is announced: the same right.
@action("selfgov.announce_election", place=place_of)
def do_create_term(
    actor,
    committee: ResidentsCommittee,
    start_date: date,
    *,
    number: int | None = None,
    years: int = DEFAULT_TERM_YEARS,
) -> Term:
    return new_term(committee, start_date, number=number, years=years)


@action("selfgov.manage_election", place=place_of, kind=AuditEntry.Action.TRANSITION)
def do_hand_over(
    actor,
    new_term: Term,
    members: list[dict],
    *,
    notes: str = "",
    elected_votes: dict | None = None,
):
    """The outgoing term's members leave the day before the new term starts; the new members
    (5–9 of them, org's rules) join on its first day. Returns org's warnings (e.g. no
    minority member in a multi-ethnic community)."""
    committee = new_term.committee
    _take_office(
        new_term,
        [m["name"] for m in members],
        _(
            "A residents' committee has 5 to 9 members (Organic Law Art. 7); the new term has %(count)d."
        ),
        _("hand-over between terms"),
    )
    day = new_term.start_date
    for member in org.current_members(committee, on=day):
        if member.start_date < day:
            org.end_committee_member(member, day - timedelta(days=1))
        else:
            org.end_committee_member(member, day)
    for data in members:
        data = dict(data)
        votes = data.pop("votes", None)
        member = org.add_committee_member(
            committee, start_date=day, end_date=new_term.end_date, **data
        )
        TermMember.objects.create(term=new_term, member=member, elected_votes=votes)
    new_term.status = Term.Status.CURRENT
    new_term.handed_over_on = day
    new_term.handover_notes = notes
    new_term.save()
    return org.committee_warnings(committee, on=day)  # the new term's members, not today's


@action("selfgov.manage_election", place=place_of, kind=AuditEntry.Action.TRANSITION)
def do_seat_serving_members(actor, term: Term) -> Term:
    """The term's members are those already serving on its first day (recorded in org: a
    committee taken on mid-term, or members entered before their term was): they are linked
    to the term, which becomes the current one, handed over that day. 5–9 of them (Art. 7);
    a term handed over already is refused."""
    term = Term.objects.select_for_update().get(pk=term.pk)
    day = term.start_date
    serving = list(org.current_members(term.committee, on=day))
    _take_office(
        term,
        [m.name for m in serving],
        _(
            "A residents' committee has 5 to 9 members (Organic Law Art. 7); %(count)d serve on the term's first day."
        ),
        _("members serving on the term's first day"),
    )
    for member in serving:
        if not TermMember.objects.filter(member=member).exists():  # one term per member row
            TermMember.objects.create(term=term, member=member)
    term.status, term.handed_over_on = Term.Status.CURRENT, day
    term.save()
    return term
