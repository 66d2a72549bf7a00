"""The grid worker's day on the phone (cases:my_day): the cases waiting for the worker's
verification, the worker's own reports and their states, and the patrol (巡查) — start,
the route's points sent by cases/static/cases/patrol.js, end, and the patrol's page with its
route on a map. And the reporter's own "my cases" (residents and grid workers). Writes call
cases.actions.patrol; lists are the user's own or scoped with visible_to."""

import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongzhi.cases import actions
from gongzhi.cases.actions.flow import waiting_for
from gongzhi.cases.choices import Status
from gongzhi.cases.models import Case, Patrol
from gongzhi.core.views_base import get_visible_or_404, role_required
from gongzhi.org.models import Grid
from gongzhi.org.scoping import scope_of

ADD = "cases.add_case"
VERIFY = "cases.verify_case"
START = "cases.add_patrol"
RECORD = "cases.change_patrol"
VIEW = "cases.view_patrol"
RECENT = 20


def _my_grids(user):
    return Grid.objects.filter(pk__in=scope_of(user, START).grid_ids).select_related("community")


@role_required(START)
def my_day(request):
    """One column, big buttons: to verify, the open patrol, my reports, my last patrols."""
    user = request.user
    to_verify = (
        waiting_for(user)
        .filter(status=Status.HANDLED, grid_id__in=scope_of(user, VERIFY).grid_ids)
        .select_related("category", "grid")
        .order_by("due_verify", "pk")
    )
    reports = Case.objects.filter(reporter=user).select_related("category")[:RECENT]
    patrols = Patrol.objects.visible_to(user, VIEW).filter(grid_worker=user)[:5]
    return render(
        request,
        "cases/my_day.html",
        {
            "to_verify": to_verify,
            "reports": reports,
            "open_patrol": actions.open_patrol_of(user),
            "patrols": patrols,
            "grids": _my_grids(user),
        },
    )


def _errors(request, exc: ValidationError) -> None:
    for error in exc.messages:
        messages.error(request, error)


@require_POST
@role_required(START)
def patrol_start(request):
    grids = _my_grids(request.user)
    grid_id = request.POST.get("grid", "")
    grid = grids.filter(pk=grid_id).first() if grid_id.isdigit() else grids.first()
    if grid is None:
        raise Http404
    try:
        patrol = actions.do_start_patrol(request.user, grid, notes=request.POST.get("notes", ""))
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("cases:my_day")
    if patrol.resumed:
        messages.success(request, _("Patrol resumed. Keep this page open to record the route."))
    else:
        messages.success(request, _("Patrol started. Keep this page open to record the route."))
    return redirect(patrol.get_absolute_url())


@require_POST
@role_required(RECORD)
def patrol_end(request, pk):
    patrol = get_visible_or_404(Patrol, request.user, pk=pk)
    try:
        actions.do_end_patrol(request.user, patrol, notes=request.POST.get("notes", ""))
    except ValidationError as exc:
        _errors(request, exc)
        return redirect(patrol.get_absolute_url())
    messages.success(request, _("Patrol ended."))
    return redirect(reverse("cases:my_day") + f"?sent=patrol-end-{patrol.pk}")


@require_POST
@role_required(RECORD)
def patrol_points(request, pk):
    """JSON in ({"points": [{"lat", "lng", "at"}, …]}), JSON out: what patrol.js sends."""
    patrol = get_visible_or_404(Patrol, request.user, pk=pk)
    try:
        body = json.loads(request.body or b"{}")
        points = body.get("points") if isinstance(body, dict) else None
        if not isinstance(points, list):
            raise ValueError
    except (ValueError, UnicodeDecodeError):
        return JsonResponse(
            {"points": [_("Send a JSON object with a list of points.")]}, status=400
        )
    try:
        actions.do_add_patrol_points(request.user, patrol, points)
    except ValidationError as exc:
        return JsonResponse(
            exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages},
            status=400,
        )
    return JsonResponse({"points": patrol.points.count()})


@role_required(VIEW)
def patrol_detail(request, pk):
    patrol = get_visible_or_404(Patrol, request.user, pk=pk)
    route = [[float(p.lat), float(p.lng)] for p in patrol.points.all()]
    return render(
        request,
        "cases/patrol_detail.html",
        {
            "patrol": patrol,
            "route": route,
            "cases": patrol.cases.select_related("category"),
            "mine": patrol.grid_worker_id == request.user.pk and patrol.is_open,
            "tile_url": getattr(settings, "GONGZHI_MAP_TILE_URL", ""),
        },
    )


@role_required(ADD)
def my_cases(request):
    """The cases the signed-in user reported, with their state and the public status note;
    a merged case shows the main case's state and note."""
    cases = Case.objects.filter(reporter=request.user).select_related(
        "category", "duplicate_of__category"
    )[:100]
    return render(request, "cases/my_cases.html", {"cases": cases})
