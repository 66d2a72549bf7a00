"""Screens of terms and elections (the election's steps, one view each, are in
selfgov.views.steps)."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.core import audit
from gongzhi.core.forms import apply_errors
from gongzhi.core.models import AuditEntry
from gongzhi.core.views_base import get_visible_or_404, role_required
from gongzhi.registry.choices import ResidentStatus
from gongzhi.registry.models import Resident
from gongzhi.selfgov import actions, forms, pdf, queries, tables
from gongzhi.selfgov.models import (
    Election,
    Term,
)
from gongzhi.selfgov.people import RESIDENTS, VOTERS
from gongzhi.selfgov.views._common import form_page, pdf_response, posted, show_errors

# --- terms -----------------------------------------------------------------------------------


@role_required("selfgov.view_term")
def term_list(request):
    qs = (
        Term.objects.visible_to(request.user)
        .select_related("committee__community")
        .prefetch_related("term_members__member")
    )
    return render(request, "selfgov/term_list.html", {"terms": qs})


# --- elections -------------------------------------------------------------------------------


@role_required("selfgov.view_election")
def election_list(request):
    return render(request, "selfgov/election_list.html", {"table": tables.elections(request)})


@role_required("selfgov.add_election")
def election_create(request):
    form = forms.ElectionForm(
        request.POST or None,
        user=request.user,
        initial={"election_day": timezone.localdate() + datetime.timedelta(days=30)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            election = actions.do_create_election(request.user, form.instance)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The election was created."))
            return redirect("selfgov:election_detail", pk=election.pk)
    return form_page(request, form, _("New election"), "selfgov:election_list")


@role_required("selfgov.manage_election")
def election_people(request, pk):
    """Suggestions for the person pickers (selfgov.people): at most 20 voters on the
    register (`?who=register`, the default) or residents of the election's community the
    user may see (`?who=residents`), by name, household number or last ID digits."""
    election = get_visible_or_404(Election, request.user, pk=pk)
    if request.GET.get("who") == "residents":
        people, qs = (
            RESIDENTS,
            Resident.objects.visible_to(request.user).filter(
                community=election.community, status=ResidentStatus.ACTIVE
            ),
        )
    else:
        people, qs = VOTERS, election.voters.filter(active=True)
    found = people.suggest(qs, request.GET.get("q", ""))
    return JsonResponse(
        {
            "results": [
                {
                    "label": people.label(p),
                    "head": p.household.address if p.household_id else "",
                    "community": "",
                }
                for p in found
            ]
        }
    )


@role_required("selfgov.view_election")
def election_detail(request, pk):
    election = get_visible_or_404(Election, request.user, pk=pk)
    user = request.user
    context = {
        "election": election,
        "voters": election.voters.filter(active=True).count(),
        "candidates": election.candidates.filter(withdrawn=False)
        .select_related("voter")
        .order_by("-votes", "voter__name"),
        "stations": election.stations.all(),
        "proxies": election.proxies.select_related("holder", "principal").order_by(
            "holder__name", "pk"
        ),
        "withdrawn": election.candidates.filter(withdrawn=True).select_related("voter"),
        "results": election.results.all(),
        "can_manage": user.has_perm("selfgov.manage_election"),
        "can_tally": user.has_perm("selfgov.enter_tally"),
        "can_announce": user.has_perm("selfgov.announce_election"),
        "can_vote": user.has_perm("selfgov.cast_ballot")
        and election.online_voting
        and queries.voter_for(election, user) is not None,
        "S": Election.Status,
        # the election's next steps (MACHINE: state and guards), for the buttons
        "steps": actions.MACHINE.allowed(election, (*actions.BUTTONS, "announce")),
    }
    if context["can_manage"]:
        status = election.status
        context.update(
            changes=queries.register_changes(election),
            can_add_voter=status in queries.ADD_VOTER_STATUSES,
            applicants=queries.possible_applicants(election, user)
            if status in queries.ADD_VOTER_STATUSES
            else [],
            consent_required=election.community.street.migrant_home_consent_required,
            residence_months=election.community.street.migrant_residence_months,
            can_remove_voter=status in queries.REMOVE_VOTER_STATUSES,
            can_object=status in queries.OBJECTION_STATUSES,
            disagreeing=queries.disagreeing_stations(election)
            if status in (Election.Status.VOTING, Election.Status.SECOND_ROUND)
            else [],
        )
    if (
        election.status == Election.Status.ANNOUNCED
        and election.term
        and election.term.status == Term.Status.PLANNED
    ):
        context["handover_form"] = forms.handover_form(list(queries.elected_candidates(election)))()
    return render(request, "selfgov/election_detail.html", context)


@role_required("selfgov.enter_tally")
def election_tally(request, pk):
    election = get_visible_or_404(Election, request.user, pk=pk)
    candidates = list(queries.active_candidates(election, second_round=election.round > 1))
    form = forms.tally_form(candidates)(request.POST or None)
    stations = election.stations.all()
    if request.method == "POST" and form.is_valid():
        station = posted(stations, request.POST, "station")
        try:
            actions.do_enter_tally_sheet(
                request.user,
                station,
                ballots_returned=form.cleaned_data["ballots_returned"],
                invalid_ballots=form.cleaned_data["invalid_ballots"],
                votes={str(c.pk): form.cleaned_data[f"c{c.pk}"] for c in candidates},
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Tally sheet entered."))
            return redirect("selfgov:election_detail", pk=election.pk)
    return render(
        request, "selfgov/tally.html", {"election": election, "form": form, "stations": stations}
    )


# The staff's register carries addresses: the election's managers print it, not residents.
@role_required("selfgov.manage_election")
def election_register_pdf(request, pk):
    election = get_visible_or_404(Election, request.user, pk=pk)

    audit.record(AuditEntry.Action.EXPORT, election, reason=_("voter register printed"))
    return pdf_response(pdf.register_pdf(election), f"register-{election.pk}.pdf")


@role_required("selfgov.view_election")
def election_certificate(request, pk):
    election = get_visible_or_404(Election, request.user, pk=pk)
    if election.status != Election.Status.ANNOUNCED:
        messages.error(request, _("The certificate is issued once the result is announced."))
        return redirect("selfgov:election_detail", pk=election.pk)
    return pdf_response(pdf.certificate_pdf(election), f"certificate-{election.pk}.pdf")


@role_required("selfgov.cast_ballot")
def election_vote(request, pk):
    """The voter's secret ballot, on a phone."""
    election = get_visible_or_404(Election, request.user, pk=pk)
    candidates = list(queries.active_candidates(election, second_round=election.round > 1))
    context = {
        "election": election,
        "candidates": candidates,
        "seats": queries.seats_in_round(election),
        "voted": queries.has_voted(election, request.user),
    }
    if request.method == "POST":
        choices = request.POST.getlist("choice")
        try:
            if request.POST.get("confirmed") != "1":
                # First the voter sees what the ballot marks, and that it is final once cast.
                ids = actions.validate_choices(election, choices)
                chosen = [c for c in candidates if c.pk in ids]
                return render(request, "selfgov/vote_confirm.html", {**context, "chosen": chosen})
            code = actions.do_cast_ballot(request.user, election, choices)
        except ValidationError as exc:
            show_errors(request, exc)
        else:
            return render(
                request, "selfgov/vote_done.html", {"election": election, "receipt": code}
            )
    return render(request, "selfgov/vote.html", context)
