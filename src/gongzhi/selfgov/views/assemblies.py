"""Screens of resident assemblies, petitions and the charter."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongzhi.core.forms import apply_errors
from gongzhi.core.views_base import get_visible_or_404, role_required
from gongzhi.org.services import current_members
from gongzhi.selfgov import actions, forms, queries
from gongzhi.selfgov.models import (
    AgendaItem,
    Assembly,
    CharterVersion,
    Petition,
)
from gongzhi.selfgov.views._common import form_page, posted, show_errors

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
            actions.do_sign_in(request.user, assembly, post.get("id_number", ""))
        elif action == "item":
            member = (
                assembly.community.residents_committee.members.filter(
                    pk=post.get("member") or 0
                ).first()
                if hasattr(assembly.community, "residents_committee")
                else None
            )
            charter = assembly.community.charters.filter(pk=post.get("charter") or 0).first()
            actions.do_add_item(
                request.user,
                assembly,
                post.get("title", ""),
                post.get("kind") or AgendaItem.Kind.ORDINARY,
                member=member,
                candidate_name=post.get("candidate_name", ""),
                charter=charter,
            )
        elif action == "vote":
            item = posted(assembly.items.all(), post, "item")

            def number(name):
                try:
                    return int(post.get(name) or 0)
                except ValueError:
                    raise ValidationError(_("Votes must be whole numbers.")) from None

            actions.do_vote_item(
                request.user, item, yes=number("yes"), no=number("no"), abstain=number("abstain")
            )
        elif action == "minutes":
            actions.do_record_minutes(request.user, assembly, post.get("minutes", ""))
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as exc:
        show_errors(request, exc)
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
            actions.do_draft_charter(
                request.user, form.cleaned_data["community"], form.cleaned_data["text"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("selfgov:charter_list")
    return form_page(request, form, _("New charter version"), "selfgov:charter_list")


@require_POST
@role_required("selfgov.change_charterversion")
def charter_filing(request, pk):
    charter = get_visible_or_404(CharterVersion, request.user, pk=pk)
    try:
        actions.do_set_filing(
            request.user,
            charter,
            request.POST.get("filing", ""),
            reference=request.POST.get("reference", ""),
        )
    except ValidationError as exc:
        show_errors(request, exc)
    return redirect("selfgov:charter_list")
