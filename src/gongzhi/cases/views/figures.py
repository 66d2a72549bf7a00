"""The assessment figures screen (issue 13 §6): the figures per grid worker, community,
handling unit or street for a date range, the monthly ranking of handling units with its
bar chart, and the `.xlsx` export — all from `cases.reports`, in the user's scope."""

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from gongzhi.cases import reports
from gongzhi.cases.indicators import DEFINITIONS
from gongzhi.core.views_base import role_required

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_safe
@role_required(reports.VIEW)
def figures(request):
    form = reports.FiguresForm(request.GET)
    context = {"form": form, "labels": [str(label) for label, _n, _d in DEFINITIONS.values()]}
    if form.is_valid():
        data = form.cleaned_data
        level, start, end = data["level"], data["date_from"], data["date_to"]
        ranking = reports.ranking(request.user, end)
        month_start, _month_end = reports.month_of(end)
        context.update(
            level=level,
            level_label=reports.level_label(level),
            start=start,
            end=end,
            rows=reports.table(request.user, level, start, end),
            ranking=ranking,
            month=month_start,
            chart={
                "names": [r.name for r in ranking],
                "on_time": [
                    None
                    if r.figures["closure_on_time_rate"].value is None
                    else round(float(r.figures["closure_on_time_rate"].value) * 100, 1)
                    for r in ranking
                ],
                "closed": [
                    None
                    if r.figures["closure_rate"].value is None
                    else round(float(r.figures["closure_rate"].value) * 100, 1)
                    for r in ranking
                ],
            },
        )
    return render(request, "cases/figures.html", context)


@require_safe
@role_required(reports.VIEW)
def figures_export(request):
    form = reports.FiguresForm(request.GET)
    if not form.is_valid():
        return render(request, "cases/figures.html", {"form": form}, status=400)
    data = form.cleaned_data
    level, start, end = data["level"], data["date_from"], data["date_to"]
    content = reports.export_xlsx(request.user, level, start, end)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="case-figures-{level}-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"'
    )
    return response
