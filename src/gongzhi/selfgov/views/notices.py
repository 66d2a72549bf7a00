"""Screens of public notices and property management, and the public pages (no log-in)."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.core.forms import apply_errors
from gongzhi.core.masking import mask_name
from gongzhi.core.views_base import get_visible_or_404, public_view, role_required
from gongzhi.org.models import Community
from gongzhi.selfgov import actions, forms, pdf, queries, tables
from gongzhi.selfgov.models import (
    Election,
    EstateManagement,
    Notice,
)
from gongzhi.selfgov.views._common import form_page, pdf_response

# --- notices -----------------------------------------------------------------------------------


@role_required("selfgov.view_notice")
def notice_list(request):
    return render(
        request,
        "selfgov/notice_list.html",
        {
            "table": tables.notices(request),
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
            actions.do_create_notice(request.user, form.instance)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("selfgov:notice_list")
    return form_page(request, form, _("New public notice"), "selfgov:notice_list")


@role_required("selfgov.view_notice")
def notice_pdf(request, pk):
    notice = get_visible_or_404(Notice, request.user, pk=pk)
    return pdf_response(pdf.notice_pdf(notice), f"notice-{notice.pk}.pdf")


# --- property ----------------------------------------------------------------------------------


@role_required("selfgov.view_estatemanagement")
def property_coverage(request):
    communities = Community.objects.visible_to(request.user)
    return render(
        request,
        "selfgov/property.html",
        {
            "rows": queries.coverage(communities),
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
            actions.do_save_management(request.user, form.instance)
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
            "notices": queries.on_board(community),
            "charter": queries.current_charter(community),
        },
    )


@public_view
def public_notice_detail(request, pk):
    notice = get_object_or_404(Notice, pk=pk)
    if notice not in queries.on_board(notice.community):
        raise Http404
    if request.GET.get("format") == "pdf":
        return pdf_response(pdf.notice_pdf(notice), f"notice-{notice.pk}.pdf")
    return render(request, "selfgov/public_notice.html", {"notice": notice})


@public_view
def public_register(request, pk):
    """The published voter register by residents' group, as the law posts it on the notice
    board: name and group (never addresses or ID numbers, which only the staff PDF carries).
    Whole names for the signed-in people the election is visible to (its community's
    residents, its staff); masked (张*) for anyone else on the open internet."""
    election = get_object_or_404(Election, pk=pk)
    if election.status == Election.Status.DRAFT:
        raise Http404
    whole = Election.objects.visible_to(request.user).filter(pk=election.pk).exists()
    rows = (
        election.voters.filter(active=True)
        .order_by("residents_group__number", "name", "pk")
        .values_list("residents_group__number", "residents_group__name", "name")
    )
    groups: dict = {}
    for number, group, name in rows:
        label = group or (_("Group %(n)s") % {"n": number} if number else "")
        groups.setdefault(label, []).append(name if whole else mask_name(name))
    return render(
        request,
        "selfgov/public_register.html",
        {
            "election": election,
            "groups": groups,
            "total": sum(map(len, groups.values())),
            "whole": whole,
        },
    )


@public_view
def public_receipt(request, pk):
    """A voter checks that the ballot with their receipt code is in the count."""
    election = get_object_or_404(Election, pk=pk)
    code = request.GET.get("code", "").strip()
    ballot = queries.check_receipt(election, code) if code else None
    counted = ballot is not None and election.results.filter(round=ballot.round).exists()
    return render(
        request,
        "selfgov/public_receipt.html",
        {"election": election, "code": code, "ballot": ballot, "counted": counted},
    )
