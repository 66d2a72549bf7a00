"""Grid pages: the grid map (polygons, buildings, load, workers) and the automatic
partitioning (proposal, balance figures, apply on confirmation). Thin: the map's writes are
registry.actions (grids), its reads registry.gridmap, partitioning registry.partition; rows
come from visible_to(user)."""

from __future__ import annotations

import json
import math

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gongzhi.core.tables import Column, Table
from gongzhi.core.views_base import get_visible_or_404, role_required
from gongzhi.org import services as org_services
from gongzhi.org.models import Grid, RoleAssignment
from gongzhi.registry import actions, gridmap, partition
from gongzhi.registry.models import Building, GridProposal

PAGE_SIZE = 30


def _for_model(model):
    """Name the model whose pk is in the URL (read by tests/test_permission_matrix.py)."""

    def decorator(view):
        view.model = model
        return view

    return decorator


def _errors(exc: ValidationError) -> list[str]:
    if hasattr(exc, "message_dict"):
        return [m for msgs in exc.message_dict.values() for m in msgs]
    return list(exc.messages)


def _community_or_404(request):
    community = gridmap.pick_community(
        request.user, request.GET.get("community") or request.POST.get("community")
    )
    if community is None and (request.GET.get("community") or request.POST.get("community")):
        raise Http404
    return community


# --- the grid map --------------------------------------------------------------------------


@require_safe
@role_required("org.view_grid")
def grid_map(request):
    community = _community_or_404(request)
    grids = gridmap.grids_with_load(community, request.user) if community else []
    for g in grids:
        g.worker_assignments = list(gridmap.workers_of(g))
    buildings = []
    if community and request.user.has_perm("registry.change_building"):
        buildings = list(
            Building.objects.visible_to(request.user)
            .filter(community=community)
            .select_related("grid")
            .order_by("address")[:2000]
        )
    return render(
        request,
        "registry/grid_map.html",
        {
            "community": community,
            "communities": gridmap.visible_communities(request.user),
            "grids": grids,
            "buildings": buildings,
            "tile_url": gridmap.tile_url(),
            "can_edit": request.user.has_perm("org.change_grid"),
            "can_add": request.user.has_perm("org.add_grid"),
            "can_assign": request.user.has_perm("registry.change_building"),
            "can_staff": request.user.has_perm("org.add_roleassignment"),
            "staff_users": _worker_candidates(request.user)
            if request.user.has_perm("org.add_roleassignment")
            else [],
        },
    )


def _worker_candidates(user):
    return org_services.assignable_users(user).order_by("username")[:500]


@require_safe
@role_required("org.view_grid")
def grid_map_data(request):
    community = _community_or_404(request)
    if community is None:
        raise Http404
    return JsonResponse(gridmap.map_data(community, request.user))


@_for_model(Grid)
@require_POST
@role_required("org.change_grid")
def grid_boundary(request, pk):
    grid = get_visible_or_404(Grid, request.user, pk=pk)
    try:
        data = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"errors": [_("The request is not valid JSON.")]}, status=400)
    if isinstance(data, dict) and "boundary" in data:
        data = data["boundary"]
    try:
        grid = actions.do_draw_boundary(request.user, grid, data)
    except ValidationError as exc:
        return JsonResponse({"errors": _errors(exc)}, status=400)
    return JsonResponse({"ok": True, "boundary": grid.boundary, "message": _("Boundary saved.")})


def _back_to_map(grid):
    return redirect(reverse("registry:grid_map") + f"?community={grid.community_id}")


@require_POST
@role_required("org.add_grid")
def grid_create(request):
    community = _community_or_404(request)
    if community is None:
        raise Http404
    try:
        grid = actions.do_add_grid(request.user, community)
    except ValidationError as exc:
        for m in _errors(exc):
            messages.error(request, m)
        return redirect(reverse("registry:grid_map") + f"?community={community.pk}")
    messages.success(
        request, _("Grid %(code)s created; draw its boundary on the map.") % {"code": grid.code}
    )
    return _back_to_map(grid)


@_for_model(Grid)
@require_POST
@role_required("registry.change_building")
def grid_assign(request, pk):
    grid = get_visible_or_404(Grid, request.user, pk=pk)
    ids = request.POST.getlist("buildings")
    if len(ids) == 1 and "," in ids[0]:
        ids = [v for v in ids[0].split(",") if v.strip()]
    try:
        n = actions.do_assign_buildings(request.user, grid, gridmap.building_ids(ids))
    except ValidationError as exc:
        for m in _errors(exc):
            messages.error(request, m)
    else:
        messages.success(
            request,
            _("%(n)d buildings assigned to %(grid)s.") % {"n": n, "grid": gridmap.grid_label(grid)},
        )
    return _back_to_map(grid)


@_for_model(Grid)
@require_POST
@role_required("org.add_roleassignment")
def grid_worker_add(request, pk):
    grid = get_visible_or_404(Grid, request.user, pk=pk)
    user_pk = gridmap.parse_id(request.POST.get("user"))
    user = user_pk and org_services.assignable_users(request.user).filter(pk=user_pk).first()
    if not user:
        messages.error(request, _("Choose a user."))
        return _back_to_map(grid)
    try:
        actions.do_add_grid_worker(request.user, grid, user)
    except ValidationError as exc:
        for m in _errors(exc):
            messages.error(request, m)
    else:
        messages.success(
            request,
            _("%(user)s is now a grid worker of %(grid)s.")
            % {"user": user, "grid": gridmap.grid_label(grid)},
        )
    return _back_to_map(grid)


@_for_model(RoleAssignment)
@require_POST
@role_required("org.change_roleassignment")
def grid_worker_end(request, pk):
    assignment = get_visible_or_404(RoleAssignment, request.user, pk=pk, grid__isnull=False)
    try:
        actions.do_end_grid_worker(request.user, assignment)
    except ValidationError as exc:
        for m in _errors(exc):
            messages.error(request, m)
    else:
        messages.success(request, _("Assignment ended."))
    return _back_to_map(assignment.grid)


# --- automatic partitioning ----------------------------------------------------------------


class ProposalFilterForm(forms.Form):
    """?status= above the list of partitioning proposals."""

    status = forms.ChoiceField(
        label=gettext_lazy("status"),
        required=False,
        choices=[("", gettext_lazy("All")), *GridProposal.Status.choices],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )


def _summary(proposal, key):
    return (proposal.stats or {}).get("summary", {}).get(key)


@require_safe
@role_required("registry.view_gridproposal")
def partition_list(request):
    community = _community_or_404(request)
    proposals = GridProposal.objects.visible_to(request.user).select_related(
        "community", "created_by"
    )
    if community:
        proposals = proposals.filter(community=community)
    norm = partition.community_norm(community) if community else 300
    table = Table(
        request,
        proposals,
        columns=[
            Column(
                "created_at",
                pgettext_lazy("time", "Created"),
                sortable=True,
                accessor=lambda p: date_format(localtime(p.created_at), "Y-m-d H:i"),
                link="registry:partition_detail",
            ),
            Column("community.name", gettext_lazy("Community"), sortable=True),
            Column(
                "target_households", gettext_lazy("Target"), sortable=True, css_class="text-end"
            ),
            Column(
                "grids",
                gettext_lazy("Grids"),
                accessor=lambda p: _summary(p, "grids"),
                css_class="text-end",
            ),
            Column(
                "within_tolerance",
                gettext_lazy("Within tolerance"),
                accessor=lambda p: f"{_summary(p, 'within_tolerance')} / {_summary(p, 'grids')}",
            ),
            Column("status", gettext_lazy("Status"), sortable=True),
        ],
        default_sort=("-created_at", "-id"),
        page_size=PAGE_SIZE,
        filter_form=ProposalFilterForm,
        empty_message=gettext_lazy("No proposals yet."),
    )
    return render(
        request,
        "registry/partition_list.html",
        {
            "community": community,
            "communities": gridmap.visible_communities(request.user),
            "table": table,
            "norm": norm,
            "can_add": request.user.has_perm("registry.add_gridproposal"),
        },
    )


@require_POST
@role_required("registry.add_gridproposal")
def partition_create(request):
    community = _community_or_404(request)
    if community is None:
        raise Http404
    back = reverse("registry:partition_list") + f"?community={community.pk}"
    try:
        target = int(request.POST.get("target") or partition.community_norm(community))
        tolerance = float(request.POST.get("tolerance") or 15) / 100
        if not math.isfinite(tolerance):
            raise ValueError(tolerance)
    except ValueError:
        messages.error(request, _("Enter whole numbers for the target and the tolerance."))
        return redirect(back)
    try:
        proposal = actions.do_propose_partition(
            request.user, community, target=target, tolerance=round(tolerance, 2)
        )
    except ValidationError as exc:
        for m in _errors(exc):
            messages.error(request, m)
        return redirect(back)
    return redirect("registry:partition_detail", pk=proposal.pk)


@_for_model(GridProposal)
@require_safe
@role_required("registry.view_gridproposal")
def partition_detail(request, pk):
    proposal = get_visible_or_404(GridProposal, request.user, pk=pk)
    summary = proposal.stats.get("summary", {})
    current = gridmap.grids_with_load(proposal.community, request.user)
    return render(
        request,
        "registry/partition_detail.html",
        {
            "proposal": proposal,
            "summary": summary,
            "grids": proposal.stats.get("grids", []),
            "current": current,
            "lower": round(proposal.target_households * (1 - float(proposal.tolerance))),
            "upper": round(proposal.target_households * (1 + float(proposal.tolerance))),
            "tolerance_pct": round(float(proposal.tolerance) * 100),
            "tile_url": gridmap.tile_url(),
            "can_apply": request.user.has_perm("registry.change_gridproposal")
            and proposal.status == GridProposal.Status.PROPOSED,
        },
    )


@_for_model(GridProposal)
@require_safe
@role_required("registry.view_gridproposal")
def partition_data(request, pk):
    proposal = get_visible_or_404(GridProposal, request.user, pk=pk)
    return JsonResponse(gridmap.proposal_data(proposal, request.user))


@_for_model(GridProposal)
@require_http_methods(["GET", "HEAD", "POST"])
@role_required("registry.change_gridproposal")
def partition_apply(request, pk):
    """GET: the confirmation page; POST with confirm=yes: apply."""
    proposal = get_visible_or_404(GridProposal, request.user, pk=pk)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            grids = actions.do_apply_partition(request.user, proposal)
        except ValidationError as exc:
            for m in _errors(exc):
                messages.error(request, m)
            return redirect("registry:partition_detail", pk=proposal.pk)
        messages.success(request, _("The partition was applied: %(n)d grids.") % {"n": len(grids)})
        return redirect(reverse("registry:grid_map") + f"?community={proposal.community_id}")
    if proposal.status != GridProposal.Status.PROPOSED:
        messages.error(request, _("This proposal has already been applied or discarded."))
        return redirect("registry:partition_detail", pk=proposal.pk)
    moves = sum(1 for _b in proposal.assignment)
    return render(
        request,
        "registry/partition_confirm.html",
        {
            "proposal": proposal,
            "summary": proposal.stats.get("summary", {}),
            "moves": moves,
            "existing": Grid.objects.filter(community=proposal.community).count(),
        },
    )


@_for_model(GridProposal)
@require_POST
@role_required("registry.change_gridproposal")
def partition_discard(request, pk):
    proposal = get_visible_or_404(GridProposal, request.user, pk=pk)
    try:
        actions.do_discard_partition(request.user, proposal)
    except ValidationError as exc:
        for m in _errors(exc):
            messages.error(request, m)
    else:
        messages.success(request, _("The proposal was discarded."))
    return redirect(reverse("registry:partition_list") + f"?community={proposal.community_id}")
