"""Screens of resident assemblies, petitions and the charter. The steps of an assembly and of
the charter's filing are one small POST view each, on their own route: the view turns its
form into the arguments of one action (selfgov.actions), which checks the right, the place
and the rules; a refusal comes back as a message."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gongzhi.core.errors import refuse
from gongzhi.core.forms import apply_errors
from gongzhi.core.views_base import get_visible_or_404, role_required
from gongzhi.org.services import current_members
from gongzhi.registry.choices import ResidentStatus
from gongzhi.registry.models import Resident
from gongzhi.selfgov import actions, forms, queries, tables
from gongzhi.selfgov.errors import Code
from gongzhi.selfgov.models import (
    AgendaItem,
    Assembly,
    CharterVersion,
    Petition,
)
from gongzhi.selfgov.people import RESIDENTS
from gongzhi.selfgov.views._common import (
    chosen,
    form_page,
    old_route,
    optional,
    steps,
)

# --- assemblies ------------------------------------------------------------------------------


@role_required("selfgov.view_assembly")
def assembly_list(request):
    return render(
        request,
        "selfgov/assembly_list.html",
        {
            "table": tables.assemblies(request),
            "petitions": Petition.objects.visible_to(request.user).select_related("community")[:20],
        },
    )


@role_required("selfgov.add_assembly")
def assembly_create(request):
    form = forms.AssemblyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            assembly = actions.do_convene(
                request.user,
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
    return form_page(request, form, _("Convene a resident assembly"), "selfgov:assembly_list")


@role_required("selfgov.add_petition")
def petition_create(request):
    form = forms.PetitionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            petition = actions.do_file_petition(
                request.user,
                d["community"],
                d["basis"],
                d["subject"],
                **actions.signatory_lines(d["basis"], d["signatories"].splitlines()),
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
    return form_page(request, form, _("Petition for a resident assembly"), "selfgov:assembly_list")


@role_required("selfgov.view_assembly")
def assembly_detail(request, pk):
    assembly = get_visible_or_404(Assembly, request.user, pk=pk)
    committee = getattr(assembly.community, "residents_committee", None)

    return render(
        request,
        "selfgov/assembly_detail.html",
        {
            "assembly": assembly,
            "present": queries.present(assembly),
            "quorum": queries.has_quorum(assembly),
            "items": assembly.items.all(),
            "attendance": assembly.attendance.all(),
            "members": current_members(committee) if committee else [],
            "charters": assembly.community.charters.filter(adopted_by__isnull=True),
            "kinds": AgendaItem.Kind.choices,
            # the steps' forms only where a role of the user grants them (role AND place)
            "can_change": Assembly.objects.visible_to(request.user, "change")
            .filter(pk=assembly.pk)
            .exists(),
        },
    )


# The assembly's steps: one small POST view per action, each its own route
# (`selfgov:assembly_<step>`); a refusal comes back as a message on the assembly's page.
ASSEMBLY_STEPS, assembly_step = steps(
    Assembly, "assembly", "selfgov:assembly_detail", permission="selfgov.change_assembly"
)


def _community_residents(user, assembly):
    return Resident.objects.visible_to(user).filter(
        community=assembly.community, status=ResidentStatus.ACTIVE
    )


@role_required("selfgov.change_assembly")
def assembly_people(request, pk):
    """Suggestions for the sign-in picker (selfgov.people): residents of the assembly's
    community the user may see, by name, household number or last ID digits."""
    assembly = get_visible_or_404(Assembly, request.user, pk=pk)
    found = RESIDENTS.suggest(_community_residents(request.user, assembly), request.GET.get("q"))
    return JsonResponse(
        {
            "results": [
                {"label": RESIDENTS.label(r), "head": r.household.address if r.household_id else ""}
                for r in found
            ]
        }
    )


@assembly_step("sign_in")
def assembly_sign_in(request, assembly):
    """A member present signs in, picked from the registry (selfgov.people: a suggestion's
    text, a name with the last ID digits, or the ID number)."""
    resident = RESIDENTS.resolve(
        _community_residents(request.user, assembly),
        request.POST.get("id_number", ""),
        field="id_number",
        code=Code.UNKNOWN_RESIDENT,
    )
    actions.do_record_attendance(request.user, assembly, resident=resident)


@assembly_step("add_item")
def assembly_add_item(request, assembly):
    """An agenda item: a resolution, a recall (the member), a by-election (the candidate) or
    the adoption of a charter version."""
    post = request.POST
    committee = getattr(assembly.community, "residents_committee", None)
    actions.do_add_item(
        request.user,
        assembly,
        post.get("title", ""),
        post.get("kind") or AgendaItem.Kind.ORDINARY,
        member=optional(committee.members.all(), post, "member") if committee else None,
        candidate_name=post.get("candidate_name", ""),
        charter=optional(assembly.community.charters.all(), post, "charter"),
    )


def _votes(post, name: str) -> int:
    try:
        return int(post.get(name) or 0)
    except ValueError:
        refuse(Code.BAD_VOTES, _("Votes must be whole numbers."), field=name)


@assembly_step("vote")
def assembly_vote(request, assembly):
    """The votes on one agenda item (for, against, abstain)."""
    post = request.POST
    item = chosen(assembly.items.all(), post, "item")
    actions.do_vote_item(
        request.user,
        item,
        yes=_votes(post, "yes"),
        no=_votes(post, "no"),
        abstain=_votes(post, "abstain"),
    )


@assembly_step("minutes")
def assembly_minutes(request, assembly):
    actions.do_record_minutes(request.user, assembly, request.POST.get("minutes", ""))


# The old single route: the step its form's `action` field names.
assembly_action = old_route(
    Assembly,
    ASSEMBLY_STEPS,
    "selfgov:assembly_detail",
    permission="selfgov.view_assembly",
    names={"attend": "sign_in", "item": "add_item"},
)


# --- charter -----------------------------------------------------------------------------------


@role_required("selfgov.view_charterversion")
def charter_list(request):
    # the filing's buttons only where a role of the user grants filing (role AND place)
    may_file = set(
        CharterVersion.objects.visible_to(request.user, "change").values_list("pk", flat=True)
    )
    return render(
        request,
        "selfgov/charter_list.html",
        {
            "charters": [
                (charter, actions.FILING.allowed(charter) if charter.pk in may_file else [])
                for charter in CharterVersion.objects.visible_to(request.user).select_related(
                    "community", "adopted_by"
                )
            ],
        },
    )


@role_required("selfgov.add_charterversion")
def charter_create(request):
    form = forms.CharterForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_draft_charter(
                request.user, form.cleaned_data["community"], form.cleaned_data["text"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("selfgov:charter_list")
    return form_page(request, form, _("New charter version"), "selfgov:charter_list")


# The filing's steps (actions.FILING): one POST view each (`selfgov:charter_<step>`).
CHARTER_STEPS, charter_step = steps(
    CharterVersion,
    "charter",
    "selfgov:charter_list",
    permission="selfgov.change_charterversion",
    by_pk=False,
)


@charter_step("submit")
def charter_submit(request, charter):
    actions.do_filing_step(request.user, charter, "submit")


@charter_step("file")
def charter_file(request, charter):
    """Filed by the government, with its reference."""
    actions.do_filing_step(
        request.user, charter, "file", reference=request.POST.get("reference", "")
    )


@charter_step("return")
def charter_return(request, charter):
    """Returned for changes, with the reason."""
    actions.do_filing_step(request.user, charter, "return", request.POST.get("note", ""))
