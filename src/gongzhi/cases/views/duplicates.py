"""Possible duplicates (12345 合并): the list the report page and the desk fetch with htmx as
the reporter picks the class or the position moves, and the suggestions on a reported
case's page, where the dispatcher merges it with one click (the `merge` step; undoing it is
the `unmerge` step). The rule is cases.duplicates.suggest_duplicates; nothing here writes."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from gongzhi.cases.choices import Status
from gongzhi.cases.duplicates import suggest_duplicates, window_hours, window_metres
from gongzhi.cases.models import Case, Category
from gongzhi.core.views_base import role_required
from gongzhi.org.models import Community, Grid
from gongzhi.org.scoping import scope_of

ADD = "cases.add_case"
VIEW = "cases.view_case"


def _street_of(user, community_id: str):
    """The street the reporter reports in: the community chosen on the form if it is one the
    user may report in, else the first such place (the grid worker's grid)."""
    communities = Community.objects.visible_to(user, ADD).select_related("street")
    if community_id.isdigit():
        chosen = communities.filter(pk=community_id).first()
        if chosen is not None:
            return chosen.street
    scope = scope_of(user, ADD)
    if scope.grid_ids:
        grid = Grid.objects.select_related("community__street").get(pk=min(scope.grid_ids))
        return grid.community.street
    first = communities.first()
    return first.street if first is not None else None


def _number(value: str):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


@require_GET
@role_required(ADD)
def duplicates(request):
    """htmx fragment: "possibly the same as …" for the class and position being reported.
    Case number, class, distance, state and time only — never who reported it. Staff who may
    see a case get a link to it."""
    params = request.GET
    category_id = params.get("category", "")
    category = (
        Category.objects.filter(pk=category_id, parent__isnull=False, active=True).first()
        if category_id.isdigit()
        else None
    )
    lat, lng = _number(params.get("lat")), _number(params.get("lng"))
    street = _street_of(request.user, params.get("community", ""))
    found = suggest_duplicates(street, category, lat, lng) if street is not None else []
    linked = set()
    if found and request.user.has_perm(VIEW):
        linked = set(
            Case.objects.visible_to(request.user, VIEW)
            .filter(pk__in=[s.case.pk for s in found])
            .values_list("pk", flat=True)
        )
    if not found:
        return HttpResponse("")  # nothing to show: the page keeps its space
    return render(
        request,
        "cases/_duplicates.html",
        {
            "suggestions": found,
            "linked": linked,
            "metres": window_metres(),
            "hours": window_hours(),
        },
    )


def suggestions_for(case: Case, user) -> list:
    """On a reported case's page, for the dispatcher: the suggested main cases the user may
    see (the `merge` step then merges the case into one of them)."""
    if case.status != Status.REPORTED:
        return []
    found = suggest_duplicates(
        case.street, case.category, case.lat, case.lng, case.reported_at, exclude=case
    )
    if not found:
        return []
    visible = set(
        Case.objects.visible_to(user, VIEW)
        .filter(pk__in=[s.case.pk for s in found])
        .values_list("pk", flat=True)
    )
    return [s for s in found if s.case.pk in visible]
