"""Screens of cases: `role_required` names the permission (which is also where the view
acts), lists use `core.tables` and `visible_to`, writes call actions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongzhi.cases import actions
from gongzhi.cases.actions.flow import TRANSITIONS
from gongzhi.cases.choices import OPEN_STATUSES, Channel
from gongzhi.cases.forms import CaseFilterForm, DeskForm, ReportForm, step_form
from gongzhi.cases.models import Case, CasePhoto
from gongzhi.cases.views.duplicates import suggestions_for
from gongzhi.cases.views.escalation import escalation_buttons
from gongzhi.core.forms import apply_errors
from gongzhi.core.tables import Column, Table
from gongzhi.core.views_base import get_visible_or_404, role_required
from gongzhi.org.models import Community, Grid
from gongzhi.org.roles import Role
from gongzhi.org.scoping import scope_of
from gongzhi.registry import gridmap

ADD = "cases.add_case"
DISPATCH = "cases.dispatch_case"


def _reporter_place(user):
    """(street, grid, community choices) where the user reports: their grid, else their
    community, else the communities of their street."""
    scope = scope_of(user, ADD)
    if scope.grid_ids:
        grid = Grid.objects.select_related("community__street").get(pk=min(scope.grid_ids))
        return grid.community.street, grid, None
    communities = Community.objects.visible_to(user, ADD).select_related("street")
    first = communities.first()
    if first is None:
        raise Http404
    return first.street, None, communities


def _pin(grid, communities) -> dict:
    """The pin map's context: the grids to outline (the reporter's grid, else those of their
    communities) and the tile server."""
    grids = [grid] if grid is not None else Grid.objects.filter(community__in=communities or [])
    return {
        "pin_grids": [
            {"name": str(g), "boundary": g.boundary} for g in grids if g.boundary is not None
        ],
        "tile_url": gridmap.tile_url(),
    }


def _channel_of(user) -> str:
    roles = {a.role for a in user.role_assignments.active()}
    if Role.GRID_WORKER in roles:
        return Channel.GRID_WORKER
    if Role.RESIDENT in roles:
        return Channel.RESIDENT
    return Channel.DESK


def _submit(request, form, street, grid, *, channel, community=None, extra=None):
    data = form.cleaned_data
    try:
        case = actions.do_report(
            request.user,
            street,
            channel=channel,
            category=data["category"],
            description=data["description"],
            lat=data.get("lat"),
            lng=data.get("lng"),
            grid=grid,
            community=data.get("community") or community,
            address=data.get("address", ""),
            building=data.get("building"),
            household=data.get("household"),
            urgency=data.get("urgency", ""),
            photos=data.get("photos") or [],
            **(extra or {}),
        )
    except ValidationError as exc:
        apply_errors(form, exc)
        return None
    return case


@role_required(ADD)
def report(request):
    """The phone page of grid workers and residents."""
    street, grid, communities = _reporter_place(request.user)
    form = ReportForm(
        request.POST or None, request.FILES or None, communities=communities, grid=grid
    )
    if request.method == "POST" and form.is_valid():
        only = communities[0] if communities is not None and len(communities) == 1 else None
        case = _submit(
            request, form, street, grid, channel=_channel_of(request.user), community=only
        )
        if case is not None:
            messages.success(request, _("Reported: case %(number)s.") % {"number": case.number})
            return redirect(reverse("cases:report") + "?sent=case-report")  # keep.js: clear
    return render(
        request, "cases/report.html", {"form": form, "grid": grid, **_pin(grid, communities)}
    )


@role_required("cases.record_case")
def desk(request):
    """Staff record a case: at the desk, from a phone call or a hotline ticket."""
    communities = Community.objects.visible_to(request.user, ADD).select_related("street")
    first = communities.first()
    if first is None:
        raise Http404
    form = DeskForm(
        request.POST or None,
        request.FILES or None,
        communities=communities,
        may_dispatch=request.user.has_perm(DISPATCH),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        community = data.get("community") or first
        case = _submit(
            request,
            form,
            community.street,
            None,
            channel=data["channel"],
            community=community,
            extra={
                "hotline_ticket": data.get("hotline_ticket", ""),
                "reporter_name": data.get("reporter_name", ""),
                "reporter_phone": data.get("reporter_phone", ""),
                "accept_outside": data.get("accept_outside", False),
            },
        )
        if case is not None:
            messages.success(request, _("Recorded: case %(number)s.") % {"number": case.number})
            return redirect(case.get_absolute_url() + "?sent=case-desk")
    overdue = Case.objects.visible_to(request.user).deadline("overdue").count()
    return render(
        request,
        "cases/desk.html",
        {"form": form, "overdue_count": overdue, **_pin(None, communities)},
    )


def _filter_form(user):
    class Filter(CaseFilterForm):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["community"].queryset = Community.objects.visible_to(
                user, "cases.view_case"
            )

        def filter_queryset(self, qs):
            data = self.cleaned_data
            now = timezone.now()
            status = data.get("status") or ""
            if status in ("open", "overdue", "due_soon"):
                qs = qs.filter(status__in=OPEN_STATUSES)
            if status in ("overdue", "due_soon"):
                qs = qs.deadline(status, now)
            elif status and status != "open":
                qs = qs.filter(status=status)
            if data.get("category"):
                cat = data["category"]
                qs = qs.filter(Q(category=cat) | Q(category__parent=cat))
            if data.get("community"):
                qs = qs.filter(community=data["community"])
            return qs

    return Filter


@role_required("cases.view_case")
def case_list(request):
    visible = Case.objects.visible_to(request.user)
    table = Table(
        request,
        visible.select_related("category", "community", "unit"),
        columns=[
            Column("number", sortable=True, link="cases:detail"),
            Column("category.name", gettext_lazy("category"), sortable=True),
            Column("community.name", gettext_lazy("community"), sortable=True),
            Column("unit.name", gettext_lazy("handling unit")),
            Column("status", sortable=True, template="cases/_status_cell.html"),
            Column("reported_at", sortable=True),
        ],
        search_fields=["number", "description", "hotline_ticket"],
        search_placeholder=gettext_lazy("case number, ticket or words"),
        default_sort=("-reported_at", "-id"),
        page_size=30,
        filter_form=_filter_form(request.user),
        empty_message=gettext_lazy("Nothing found."),
    )
    overdue = visible.deadline("overdue", timezone.now())
    return render(
        request, "cases/case_list.html", {"table": table, "overdue_count": overdue.count()}
    )


@role_required("cases.view_case")
def case_detail(request, pk):
    case = get_object_or_404(
        Case.objects.visible_to(request.user).select_related(
            "category__parent", "community", "grid", "unit", "duplicate_of", "building"
        ),
        pk=pk,
    )
    steps = actions.allowed_steps(case, request.user)
    forms = [(step, TRANSITIONS[step], step_form(step, case=case, prefix=step)) for step in steps]
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "history": case.steps.all(),
            "photos": case.photos.all(),
            "forms": forms,
            "duplicates": suggestions_for(case, request.user) if "merge" in steps else [],
            "escalations": escalation_buttons(case, request.user),
            "tile_url": gridmap.tile_url(),
        },
    )


@require_POST
@role_required("cases.view_case")
def case_step(request, pk, step):
    """One step of the state machine; the action checks who may take it."""
    case = get_visible_or_404(Case, request.user, pk=pk)
    if step not in actions.STEP_ACTIONS:
        raise Http404
    form = step_form(step, request.POST, request.FILES, case=case, prefix=step)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("cases:detail", pk=case.pk)
    try:
        actions.STEP_ACTIONS[step](request.user, case, **form.arguments())
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    except PermissionDenied:  # the step is another role's (the page offers only one's own)
        messages.error(request, _("This step is not yours to take on this case."))
    else:
        messages.success(request, _("Done."))
        sent = f"?sent=step-{case.pk}-{step}"  # keep.js: the step's draft is cleared
        if not Case.objects.visible_to(request.user).filter(pk=case.pk).exists():
            return redirect(reverse("cases:list") + sent)  # sent back: no longer the unit's
        return redirect(case.get_absolute_url() + sent)
    return redirect("cases:detail", pk=case.pk)


@role_required("cases.view_casephoto")
def photo(request, pk):
    """A case photo, only to those who may see the case (photos are not public files)."""
    item = get_visible_or_404(CasePhoto, request.user, pk=pk)
    return FileResponse(item.image.open("rb"), content_type="image/jpeg")


# --- the category tree ------------------------------------------------------------------------
