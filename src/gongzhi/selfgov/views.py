"""Screens of self-government. Thin: rules in elections/ballots/tally/terms/assemblies/notices,
rows from visible_to() (out of scope: 404)."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongzhi.core import audit
from gongzhi.core.fields import index_lookup
from gongzhi.core.forms import apply_errors
from gongzhi.core.masking import mask_name
from gongzhi.core.models import AuditEntry
from gongzhi.core.views_base import get_visible_or_404, public_view, role_required
from gongzhi.org.models import Community
from gongzhi.org.services import current_members
from gongzhi.registry.models import Resident
from gongzhi.selfgov import assemblies, ballots, elections, forms, notices, pdf, tally, terms
from gongzhi.selfgov.models import (
    AgendaItem,
    Assembly,
    CharterVersion,
    Election,
    EstateManagement,
    Notice,
    Petition,
    RegisterChange,
    Term,
)


def _errors(request, exc: ValidationError):
    for message in exc.messages:
        messages.error(request, message)


def _form_page(request, form, title, cancel):
    return render(
        request, "selfgov/form.html", {"form": form, "title": title, "cancel_url": cancel}
    )


def _posted(queryset, post, field: str):
    """The object a form names by id in `field`, or 404 — also for a garbled id."""
    value = post.get(field) or ""
    if not value.isdigit():
        raise Http404
    return get_object_or_404(queryset, pk=int(value))


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


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
    qs = Election.objects.visible_to(request.user).select_related("community")
    return render(request, "selfgov/election_list.html", {"elections": qs})


@role_required("selfgov.add_election")
def election_create(request):
    form = forms.ElectionForm(
        request.POST or None,
        user=request.user,
        initial={"election_day": timezone.localdate() + datetime.timedelta(days=30)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            election = elections.save_election(form.instance)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The election was created."))
            return redirect("selfgov:election_detail", pk=election.pk)
    return _form_page(request, form, _("New election"), "selfgov:election_list")


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
        and elections.voter_for(election, user) is not None,
        "S": Election.Status,
    }
    if context["can_manage"]:
        status = election.status
        context.update(
            changes=elections.register_changes(election),
            can_add_voter=status in elections.ADD_VOTER_STATUSES,
            applicants=elections.possible_applicants(election, user)
            if status in elections.ADD_VOTER_STATUSES
            else [],
            consent_required=election.community.street.migrant_home_consent_required,
            residence_months=election.community.street.migrant_residence_months,
            can_remove_voter=status in elections.REMOVE_VOTER_STATUSES,
            can_object=status in elections.OBJECTION_STATUSES,
            disagreeing=tally.disagreeing_stations(election)
            if status in (Election.Status.VOTING, Election.Status.SECOND_ROUND)
            else [],
        )
    if (
        election.status == Election.Status.ANNOUNCED
        and election.term
        and election.term.status == Term.Status.PLANNED
    ):
        context["handover_form"] = forms.handover_form(list(tally.elected_candidates(election)))()
    return render(request, "selfgov/election_detail.html", context)


def _when(value):
    parsed = parse_datetime(value or "")
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _date(value, field: str):
    """An optional date from a form (YYYY-MM-DD); a garbled one is a field error."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValidationError({field: _("Enter a date as YYYY-MM-DD.")}) from None


@require_POST
@role_required("selfgov.manage_election")
def election_action(request, pk):
    """One POST endpoint for the election's steps; each calls its service function."""
    election = get_visible_or_404(Election, request.user, pk=pk)
    action = request.POST.get("action", "")
    post = request.POST
    try:
        if action == "generate":
            n = elections.generate_register(election)
            messages.success(request, _("%(n)d voters on the register.") % {"n": n})
        elif action == "add_voter":
            resident = (
                Resident.objects.visible_to(request.user)
                .filter(
                    community=election.community,
                    **index_lookup(Resident, "id_number", post.get("id_number", "").strip()),
                )
                .first()
            )
            if resident is None:
                raise ValidationError(_("No resident of this community with that ID number."))
            group = None
            if post.get("group", "").strip():
                group = elections.group_by_number(election, post.get("group"))
                if group is None:
                    raise ValidationError(_("No residents' group with that number."))
            elections.add_voter(election, resident, post.get("reason", ""), residents_group=group)
        elif action == "apply":
            resident = _posted(
                Resident.objects.visible_to(request.user).filter(community=election.community),
                post,
                "resident",
            )
            group = None
            if post.get("group", "").strip():
                group = elections.group_by_number(election, post.get("group"))
                if group is None:
                    raise ValidationError(_("No residents' group with that number."))
            elections.apply_for_register(
                election,
                resident,
                applied_on=_date(post.get("applied_on"), "applied_on"),
                home_consent=post.get("home_consent") == "1",
                home_consent_reference=post.get("home_consent_reference", ""),
                home_consent_date=_date(post.get("home_consent_date"), "home_consent_date"),
                residents_group=group,
            )
        elif action == "objection":
            voter = None
            if post.get("id_number", "").strip():
                voter = elections.find_voter(election, id_number=post.get("id_number"))
                if voter is None:
                    raise ValidationError(_("No voter on the register with that ID number."))
            elections.log_objection(election, post.get("text", ""), voter)
        elif action == "resolve_objection":
            objection = _posted(
                election.register_changes.filter(kind=RegisterChange.Kind.OBJECTION),
                post,
                "objection",
            )
            elections.resolve_objection(objection, post.get("resolution", ""))
        elif action == "remove_voter":
            voter = elections.find_voter(election, id_number=post.get("id_number"))
            if voter is None:
                raise ValidationError(_("No voter on the register with that ID number."))
            elections.remove_voter(voter, post.get("reason", ""))
        elif action == "publish_register":
            elections.publish_register(election)
        elif action == "nominate":
            voter = elections.find_voter(election, id_number=post.get("id_number"))
            if voter is None:
                raise ValidationError(_("No voter on the register with that ID number."))
            supporters = [
                elections.find_voter(election, id_number=n)
                for n in post.get("supporters", "").split()
            ]
            if None in supporters:
                raise ValidationError(_("A nominator is not on the register."))
            elections.nominate(
                election,
                voter,
                supporters=supporters,
                self_nomination=post.get("self") == "1",
                statement=post.get("statement", ""),
            )
        elif action == "withdraw":
            candidate = _posted(election.candidates.all(), post, "candidate")
            elections.withdraw_candidate(candidate, post.get("reason", ""))
        elif action == "proxy":
            holder = elections.find_voter(election, id_number=post.get("holder"))
            principal = elections.find_voter(election, id_number=post.get("principal"))
            if holder is None or principal is None:
                raise ValidationError(
                    _("Holder and principal must both be on this election's register.")
                )
            elections.add_proxy(election, holder, principal, post.get("authorization", ""))
        elif action == "publish_candidates":
            elections.publish_candidates(election)
        elif action == "station":
            elections.add_station(election, post.get("name", ""), post.get("kind") or "station")
        elif action == "open_voting":
            elections.open_voting(election)
        elif action == "issue":
            station = _posted(election.stations.all(), post, "station")
            voter = elections.find_voter(election, id_number=post.get("id_number"))
            if voter is None:
                raise ValidationError(_("This person is not on the register."))
            holder = None
            if post.get("proxy_holder", "").strip():
                holder = elections.find_voter(election, id_number=post.get("proxy_holder"))
                if holder is None:
                    raise ValidationError(_("The proxy holder is not on the register."))
            ballots.issue_paper_ballot(station, voter, proxy_holder=holder)
            messages.success(
                request, _("Ballot issued to %(name)s.") % {"name": mask_name(voter.name)}
            )
        elif action == "count":
            result = tally.count_round(election)
            messages.success(request, _("Round %(r)d counted.") % {"r": result.round})
        elif action == "second_round":
            tally.start_second_round(
                election,
                opens=_when(post.get("voting_opens")),
                closes=_when(post.get("voting_closes")),
            )
        elif action == "discard_sheets":
            station = _posted(election.stations.all(), post, "station")
            n = tally.discard_sheets(station, election.round, reason=post.get("reason", ""))
            messages.success(
                request,
                _("%(n)d tally entries of %(station)s discarded: enter the sheet again.")
                % {"n": n, "station": station.name},
            )
        elif action == "announce":
            if not request.user.has_perm("selfgov.announce_election"):
                raise ValidationError(_("You may not announce results."))
            tally.announce(election)
        elif action == "handover":
            winners = list(tally.elected_candidates(election))
            form = forms.handover_form(winners)(post)
            if not form.is_valid() or election.term is None:
                raise ValidationError(_("Choose a post for each member."))
            members = [
                {"name": c.voter.name, "post": form.cleaned_data[f"post{c.pk}"], "votes": c.votes}
                for c in winners
            ]
            for warning in terms.hand_over(election.term, members):
                messages.warning(request, warning.message)
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as exc:
        _errors(request, exc)
    else:
        if action not in ("issue", "count", "generate", "discard_sheets"):
            messages.success(request, _("Done."))
    return redirect("selfgov:election_detail", pk=election.pk)


@role_required("selfgov.enter_tally")
def election_tally(request, pk):
    election = get_visible_or_404(Election, request.user, pk=pk)
    candidates = list(elections.active_candidates(election, second_round=election.round > 1))
    form = forms.tally_form(candidates)(request.POST or None)
    stations = election.stations.all()
    if request.method == "POST" and form.is_valid():
        station = _posted(stations, request.POST, "station")
        try:
            tally.enter_tally_sheet(
                station,
                request.user,
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


@role_required("selfgov.view_election")
def election_register_pdf(request, pk):
    election = get_visible_or_404(Election, request.user, pk=pk)

    audit.record(AuditEntry.Action.EXPORT, election, reason=_("voter register printed"))
    return _pdf(pdf.register_pdf(election), f"register-{election.pk}.pdf")


@role_required("selfgov.view_election")
def election_certificate(request, pk):
    election = get_visible_or_404(Election, request.user, pk=pk)
    if election.status != Election.Status.ANNOUNCED:
        messages.error(request, _("The certificate is issued once the result is announced."))
        return redirect("selfgov:election_detail", pk=election.pk)
    return _pdf(pdf.certificate_pdf(election), f"certificate-{election.pk}.pdf")


@role_required("selfgov.cast_ballot")
def election_vote(request, pk):
    """The voter's secret ballot, on a phone."""
    election = get_visible_or_404(Election, request.user, pk=pk)
    candidates = list(elections.active_candidates(election, second_round=election.round > 1))
    context = {
        "election": election,
        "candidates": candidates,
        "seats": ballots.seats_in_round(election),
        "voted": ballots.has_voted(election, request.user),
    }
    if request.method == "POST":
        try:
            code = ballots.cast_online_ballot(
                election, request.user, request.POST.getlist("choice")
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            return render(
                request, "selfgov/vote_done.html", {"election": election, "receipt": code}
            )
    return render(request, "selfgov/vote.html", context)


# --- assemblies ------------------------------------------------------------------------------


@role_required("selfgov.view_assembly")
def assembly_list(request):
    return render(
        request,
        "selfgov/assembly_list.html",
        {
            "assemblies": Assembly.objects.visible_to(request.user).select_related("community"),
            "petitions": Petition.objects.visible_to(request.user).select_related("community")[:20],
        },
    )


@role_required("selfgov.add_assembly")
def assembly_create(request):
    form = forms.AssemblyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            assembly = assemblies.convene(
                d["community"],
                d["title"],
                d["date"],
                kind=d["kind"],
                place=d["place"],
                petition=d["petition"],
                members_total=d["members_total"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("selfgov:assembly_detail", pk=assembly.pk)
    return _form_page(request, form, _("Convene a resident assembly"), "selfgov:assembly_list")


@role_required("selfgov.add_petition")
def petition_create(request):
    form = forms.PetitionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            petition = assemblies.file_petition_lines(
                d["community"], d["basis"], d["subject"], d["signatories"].splitlines()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if petition.accepted:
                messages.success(
                    request,
                    _("Petition accepted: %(s)d of %(r)d signatures needed.")
                    % {"s": petition.signatures, "r": petition.required},
                )
            else:
                messages.warning(
                    request,
                    _("Too few signatures: %(s)d of %(r)d needed.")
                    % {"s": petition.signatures, "r": petition.required},
                )
            return redirect("selfgov:assembly_list")
    return _form_page(request, form, _("Petition for a resident assembly"), "selfgov:assembly_list")


@role_required("selfgov.view_assembly")
def assembly_detail(request, pk):
    assembly = get_visible_or_404(Assembly, request.user, pk=pk)
    committee = getattr(assembly.community, "residents_committee", None)

    return render(
        request,
        "selfgov/assembly_detail.html",
        {
            "assembly": assembly,
            "present": assemblies.present(assembly),
            "quorum": assemblies.has_quorum(assembly),
            "items": assembly.items.all(),
            "attendance": assembly.attendance.all(),
            "members": current_members(committee) if committee else [],
            "charters": assembly.community.charters.filter(adopted_by__isnull=True),
            "kinds": AgendaItem.Kind.choices,
            "can_change": request.user.has_perm("selfgov.change_assembly"),
        },
    )


@require_POST
@role_required("selfgov.change_assembly")
def assembly_action(request, pk):
    assembly = get_visible_or_404(Assembly, request.user, pk=pk)
    post = request.POST
    action = post.get("action")
    try:
        if action == "attend":
            assemblies.sign_in(assembly, post.get("id_number", ""))
        elif action == "item":
            member = (
                assembly.community.residents_committee.members.filter(
                    pk=post.get("member") or 0
                ).first()
                if hasattr(assembly.community, "residents_committee")
                else None
            )
            charter = assembly.community.charters.filter(pk=post.get("charter") or 0).first()
            assemblies.add_item(
                assembly,
                post.get("title", ""),
                post.get("kind") or AgendaItem.Kind.ORDINARY,
                member=member,
                candidate_name=post.get("candidate_name", ""),
                charter=charter,
            )
        elif action == "vote":
            item = _posted(assembly.items.all(), post, "item")

            def number(name):
                try:
                    return int(post.get(name) or 0)
                except ValueError:
                    raise ValidationError(_("Votes must be whole numbers.")) from None

            assemblies.vote_item(
                item, yes=number("yes"), no=number("no"), abstain=number("abstain")
            )
        elif action == "minutes":
            assemblies.record_minutes(assembly, post.get("minutes", ""))
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("selfgov:assembly_detail", pk=assembly.pk)


# --- charter -----------------------------------------------------------------------------------


@role_required("selfgov.view_charterversion")
def charter_list(request):
    return render(
        request,
        "selfgov/charter_list.html",
        {
            "charters": CharterVersion.objects.visible_to(request.user).select_related(
                "community", "adopted_by"
            ),
            "filings": CharterVersion.Filing.choices,
        },
    )


@role_required("selfgov.add_charterversion")
def charter_create(request):
    form = forms.CharterForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            assemblies.draft_charter(form.cleaned_data["community"], form.cleaned_data["text"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("selfgov:charter_list")
    return _form_page(request, form, _("New charter version"), "selfgov:charter_list")


@require_POST
@role_required("selfgov.change_charterversion")
def charter_filing(request, pk):
    charter = get_visible_or_404(CharterVersion, request.user, pk=pk)
    try:
        assemblies.set_filing(
            charter, request.POST.get("filing", ""), reference=request.POST.get("reference", "")
        )
    except (ValidationError, KeyError) as exc:
        _errors(
            request,
            exc
            if isinstance(exc, ValidationError)
            else ValidationError(_("Unknown filing status.")),
        )
    return redirect("selfgov:charter_list")


# --- notices -----------------------------------------------------------------------------------


@role_required("selfgov.view_notice")
def notice_list(request):
    return render(
        request,
        "selfgov/notice_list.html",
        {
            "notices": Notice.objects.visible_to(request.user).select_related("community")[:200],
            "communities": Community.objects.visible_to(request.user),
        },
    )


@role_required("selfgov.add_notice")
def notice_create(request):
    form = forms.NoticeForm(
        request.POST or None, user=request.user, initial={"publish_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            notices.save_notice(form.instance)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("selfgov:notice_list")
    return _form_page(request, form, _("New public notice"), "selfgov:notice_list")


@role_required("selfgov.view_notice")
def notice_pdf(request, pk):
    notice = get_visible_or_404(Notice, request.user, pk=pk)
    return _pdf(pdf.notice_pdf(notice), f"notice-{notice.pk}.pdf")


# --- property ----------------------------------------------------------------------------------


@role_required("selfgov.view_estatemanagement")
def property_coverage(request):
    communities = Community.objects.visible_to(request.user)
    return render(
        request,
        "selfgov/property.html",
        {
            "rows": notices.coverage(communities),
            "modes": EstateManagement.Mode.choices,
            "can_change": request.user.has_perm("selfgov.change_estatemanagement"),
        },
    )


@role_required("selfgov.change_estatemanagement")
def property_edit(request):
    if not (request.GET.get("estate") or request.POST.get("estate")):
        return redirect("selfgov:property")
    estate = get_object_or_404(
        forms.estates_visible(request.user),
        pk=request.GET.get("estate") or request.POST.get("estate") or 0,
    )
    instance = getattr(estate, "management", None) or EstateManagement(estate=estate)
    form = forms.EstateManagementForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            notices.save_management(form.instance)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("selfgov:property")
    return render(
        request,
        "selfgov/form.html",
        {
            "form": form,
            "title": str(estate),
            "cancel_url": "selfgov:property",
            "hidden": {"estate": estate.pk},
        },
    )


# --- public pages (no log-in) --------------------------------------------------------------------


@public_view
def public_notices(request, pk):
    community = get_object_or_404(Community, pk=pk)
    return render(
        request,
        "selfgov/public_notices.html",
        {
            "community": community,
            "notices": notices.on_board(community),
            "charter": assemblies.current_charter(community),
        },
    )


@public_view
def public_notice_detail(request, pk):
    notice = get_object_or_404(Notice, pk=pk)
    if notice not in notices.on_board(notice.community):
        raise Http404
    if request.GET.get("format") == "pdf":
        return _pdf(pdf.notice_pdf(notice), f"notice-{notice.pk}.pdf")
    return render(request, "selfgov/public_notice.html", {"notice": notice})


@public_view
def public_register(request, pk):
    """The published voter register, names masked (张*)."""
    election = get_object_or_404(Election, pk=pk)
    if election.status == Election.Status.DRAFT:
        raise Http404
    names = [
        mask_name(n)
        for n in election.voters.filter(active=True)
        .order_by("name", "pk")
        .values_list("name", flat=True)
    ]
    return render(request, "selfgov/public_register.html", {"election": election, "names": names})


@public_view
def public_receipt(request, pk):
    """A voter checks that the ballot with their receipt code is in the count."""
    election = get_object_or_404(Election, pk=pk)
    code = request.GET.get("code", "").strip()
    ballot = ballots.check_receipt(election, code) if code else None
    counted = ballot is not None and election.results.filter(round=ballot.round).exists()
    return render(
        request,
        "selfgov/public_receipt.html",
        {"election": election, "code": code, "ballot": ballot, "counted": counted},
    )
