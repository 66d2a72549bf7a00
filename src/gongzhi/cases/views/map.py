"""The cases map (issue 13 §7): the grids' boundaries and the cases as clustered markers
coloured by state, filtered by class and report date. The markers come as GeoJSON from
`case_map_data`, scoped by `visible_to` and without personal data (number, class, state,
reported date, link only)."""

import datetime

from django import forms
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_safe

from gongzhi.cases import indicators
from gongzhi.cases.choices import Status
from gongzhi.cases.models import Case, Category
from gongzhi.core.views_base import role_required
from gongzhi.org.models import Grid
from gongzhi.registry import gridmap

VIEW = "cases.view_case"
MAX_MARKERS = 5000  # the newest cases of the range; the page says when there are more
DEFAULT_DAYS = 30
# The state's colour on the map (and in the legend): new, in hand, to verify, done, set aside.
COLOURS = {
    Status.REPORTED: "#fd7e14",
    Status.ACCEPTED: "#fd7e14",
    Status.REFERRED: "#fd7e14",
    Status.DISPATCHED: "#0d6efd",
    Status.HANDLING: "#0d6efd",
    Status.RETURNED: "#0d6efd",
    Status.DISPUTED: "#0d6efd",
    Status.HANDLED: "#6f42c1",
    Status.CLOSED: "#198754",
    Status.RATED: "#198754",
    Status.ON_HOLD: "#8c6d31",
    Status.NOT_ACCEPTED: "#6c757d",
    Status.MERGED: "#6c757d",
}
LEGEND = [
    ("#fd7e14", gettext_lazy("to accept or dispatch")),
    ("#0d6efd", gettext_lazy("dispatched, in handling")),
    ("#6f42c1", pgettext_lazy("map legend", "to verify")),
    ("#198754", pgettext_lazy("map legend", "closed")),
    ("#8c6d31", gettext_lazy("on hold (挂账)")),
    ("#6c757d", gettext_lazy("not accepted or merged")),
]


DATE = forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"})


class MapFilter(forms.Form):
    category = forms.ModelChoiceField(
        label=pgettext_lazy("case class", "Class"),
        queryset=Category.objects.filter(active=True).order_by("code"),
        required=False,
        empty_label=gettext_lazy("every class"),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    date_from = forms.DateField(
        label=pgettext_lazy("date range", "From"), required=False, widget=DATE
    )
    date_to = forms.DateField(label=pgettext_lazy("date range", "To"), required=False, widget=DATE)

    def range(self):
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        end = data.get("date_to") or today
        start = data.get("date_from") or end - datetime.timedelta(days=DEFAULT_DAYS - 1)
        return start, end, data.get("category")


def _cases(user, form):
    start, end, category = form.range()
    cases = indicators.in_range(Case.objects.visible_to(user, VIEW), start, end).filter(
        lat__isnull=False, lng__isnull=False
    )
    if category is not None:  # a large class takes its small classes
        cases = cases.filter(Q(category=category) | Q(category__parent=category))
    return cases


@require_safe
@role_required(VIEW)
def case_map(request):
    form = MapFilter(request.GET or None)
    start, end, _category = form.range()
    return render(
        request,
        "cases/map.html",
        {
            "form": form,
            "start": start,
            "end": end,
            "legend": LEGEND,
            "tile_url": gridmap.tile_url(),
            "data_url": reverse("cases:map_data")
            + ("?" + request.GET.urlencode() if request.GET else ""),
        },
    )


@require_safe
@role_required(VIEW)
def case_map_data(request):
    form = MapFilter(request.GET or None)
    if request.GET and not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    cases = _cases(request.user, form)
    total = cases.count()
    rows = (
        cases.select_related("category")
        .order_by("-reported_at", "-pk")
        .values("pk", "number", "lat", "lng", "status", "reported_at", "category__name")[
            :MAX_MARKERS
        ]
    )
    labels = dict(Status.choices)
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(r["lng"]), float(r["lat"])]},
            "properties": {
                "number": r["number"],
                "category": r["category__name"],
                "status": r["status"],
                "status_label": str(labels.get(r["status"], r["status"])),
                "colour": COLOURS.get(r["status"], "#6c757d"),
                "reported": timezone.localtime(r["reported_at"]).date().isoformat(),
                "url": reverse("cases:detail", args=[r["pk"]]),
            },
        }
        for r in rows
    ]
    grids = Grid.objects.visible_to(request.user, VIEW).filter(boundary__isnull=False)
    return JsonResponse(
        {
            "type": "FeatureCollection",
            "features": features,
            "total": total,
            "shown": len(features),
            "grids": [
                {"id": g.pk, "name": str(g), "boundary": g.boundary}
                for g in grids.select_related("community")
            ],
        }
    )
