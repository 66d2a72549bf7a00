"""The election's steps on screen: one small POST view per action, each its own route
(`selfgov:election_<step>`). A view turns the form into the action's arguments and calls the
action (selfgov.actions), which checks the right, the place and the rules; a refusal comes
back as a message. `election_action` keeps the old single route working: it hands the POST
to the step its `action` field names."""

from django.contrib import messages
from django.utils.translation import gettext as _

from gongzhi.core.errors import refuse
from gongzhi.core.masking import mask_name
from gongzhi.registry.models import Resident
from gongzhi.selfgov import actions, forms, queries
from gongzhi.selfgov.errors import Code
from gongzhi.selfgov.models import Election, RegisterChange
from gongzhi.selfgov.people import RESIDENTS, SEP, VOTERS
from gongzhi.selfgov.views._common import chosen, form_date, old_route, steps, when

MANAGE = "selfgov.manage_election"
# A step's view: POST only, the action's permission (the action checks it again in the
# election's place), the election visible to the user, the refusal as a message, back to the
# election's page; "Done." unless the step says what it did (done=False).
STEPS, step = steps(Election, "election", "selfgov:election_detail", permission=MANAGE, done=True)


def _voter(election, text, field="id_number"):
    """The voter on the register the picker's text names (selfgov.people)."""
    return VOTERS.resolve(election.voters.filter(active=True), text, field=field)


def _group(election, post):
    if not post.get("group", "").strip():
        return None
    group = queries.group_by_number(election, post.get("group"))
    if group is None:
        refuse(Code.UNKNOWN_GROUP, _("No residents' group with that number."))
    return group


@step("generate", done=False)
def election_generate(request, election):
    n = actions.do_generate_register(request.user, election)
    messages.success(request, _("%(n)d voters on the register.") % {"n": n})


@step("add_voter")
def election_add_voter(request, election):
    post = request.POST
    resident = RESIDENTS.resolve(
        Resident.objects.visible_to(request.user).filter(community=election.community),
        post.get("id_number", ""),
        field="id_number",
        code=Code.UNKNOWN_RESIDENT,
    )
    actions.do_add_voter(
        request.user,
        election,
        resident,
        post.get("reason", ""),
        residents_group=_group(election, post),
    )


@step("apply")
def election_apply(request, election):
    post = request.POST
    resident = chosen(
        Resident.objects.visible_to(request.user).filter(community=election.community),
        post,
        "resident",
    )
    actions.do_apply_for_register(
        request.user,
        election,
        resident,
        applied_on=form_date(post.get("applied_on"), "applied_on"),
        home_consent=post.get("home_consent") == "1",
        home_consent_reference=post.get("home_consent_reference", ""),
        home_consent_date=form_date(post.get("home_consent_date"), "home_consent_date"),
        residents_group=_group(election, post),
    )


@step("objection")
def election_objection(request, election):
    post = request.POST
    voter = None
    if post.get("id_number", "").strip():
        voter = _voter(election, post.get("id_number"))
    actions.do_log_objection(request.user, election, post.get("text", ""), voter)


@step("resolve_objection")
def election_resolve_objection(request, election):
    objection = chosen(
        election.register_changes.filter(kind=RegisterChange.Kind.OBJECTION),
        request.POST,
        "objection",
    )
    actions.do_resolve_objection(request.user, objection, request.POST.get("resolution", ""))


@step("remove_voter")
def election_remove_voter(request, election):
    voter = _voter(election, request.POST.get("id_number"))
    actions.do_remove_voter(request.user, voter, request.POST.get("reason", ""))


@step("publish_register")
def election_publish_register(request, election):
    actions.do_publish_register(request.user, election)


@step("nominate")
def election_nominate(request, election):
    post = request.POST
    voter = _voter(election, post.get("id_number"))
    # one nominator a line (a picked suggestion's text; whole ID numbers may share a line)
    lines = [line for line in post.get("supporters", "").splitlines() if line.strip()]
    if len(lines) == 1 and SEP.strip() not in lines[0]:
        lines = lines[0].split()
    supporters = [_voter(election, line, "supporters") for line in lines]
    actions.do_nominate(
        request.user,
        election,
        voter,
        supporters=supporters,
        self_nomination=post.get("self") == "1",
        statement=post.get("statement", ""),
    )


@step("withdraw")
def election_withdraw(request, election):
    candidate = chosen(election.candidates.all(), request.POST, "candidate")
    actions.do_withdraw_candidate(request.user, candidate, request.POST.get("reason", ""))


@step("proxy")
def election_proxy(request, election):
    post = request.POST
    holder = _voter(election, post.get("holder"), "holder")
    principal = _voter(election, post.get("principal"), "principal")
    actions.do_add_proxy(request.user, election, holder, principal, post.get("authorization", ""))


@step("publish_candidates")
def election_publish_candidates(request, election):
    actions.do_publish_candidates(request.user, election)


@step("station")
def election_station(request, election):
    actions.do_add_station(
        request.user, election, request.POST.get("name", ""), request.POST.get("kind") or "station"
    )


@step("open_voting")
def election_open_voting(request, election):
    actions.do_open_voting(request.user, election)


@step("issue", done=False)
def election_issue(request, election):
    post = request.POST
    station = chosen(election.stations.all(), post, "station")
    voter = _voter(election, post.get("id_number"))
    holder = None
    if post.get("proxy_holder", "").strip():
        holder = _voter(election, post.get("proxy_holder"), "proxy_holder")
    actions.do_issue_paper_ballot(request.user, station, voter, proxy_holder=holder)
    messages.success(request, _("Ballot issued to %(name)s.") % {"name": mask_name(voter.name)})


@step("count", done=False)
def election_count(request, election):
    counted = actions.do_count_round(request.user, election)
    messages.success(request, _("Round %(r)d counted.") % {"r": counted.result.round})


@step("second_round")
def election_second_round(request, election):
    actions.do_start_second_round(
        request.user,
        election,
        opens=when(request.POST.get("voting_opens")),
        closes=when(request.POST.get("voting_closes")),
    )


@step("discard_sheets", done=False)
def election_discard_sheets(request, election):
    station = chosen(election.stations.all(), request.POST, "station")
    n = actions.do_discard_sheets(
        request.user, station, election.round, reason=request.POST.get("reason", "")
    )
    messages.success(
        request,
        _("%(n)d tally entries of %(station)s discarded: enter the sheet again.")
        % {"n": n, "station": station.name},
    )


@step("announce", permission="selfgov.announce_election")
def election_announce(request, election):
    actions.do_announce(request.user, election)


@step("handover")
def election_handover(request, election):
    winners = list(queries.elected_candidates(election))
    form = forms.handover_form(winners)(request.POST)
    if not form.is_valid() or election.term is None:
        refuse(Code.STATUS, _("Choose a post for each member."))
    members = [
        {"name": c.voter.name, "post": form.cleaned_data[f"post{c.pk}"], "votes": c.votes}
        for c in winners
    ]
    for warning in actions.do_hand_over(request.user, election.term, members):
        messages.warning(request, warning.message)


# The old single route: the step its form's `action` field names.
election_action = old_route(
    Election, STEPS, "selfgov:election_detail", permission="selfgov.view_election"
)
