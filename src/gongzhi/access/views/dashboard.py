"""The burden dashboard (减负) and its data and export."""

import csv

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gongzhi.access import figures
from gongzhi.access.models import (
    CommunityTask,
    Ledger,
)
from gongzhi.core import text
from gongzhi.core.views_base import get_visible_or_404, role_required
from gongzhi.org.models import Community, Street


def _dashboard_scope(request):
    street = community = None
    if request.GET.get("street"):
        street = (
            get_visible_or_404(Street, request.user, pk=request.GET["street"])
            if request.GET["street"].isdigit()
            else None
        )
    if request.GET.get("community"):
        community = (
            get_visible_or_404(Community, request.user, pk=request.GET["community"])
            if request.GET["community"].isdigit()
            else None
        )
    return street, community


@role_required("access.view_admittedaffair")
def dashboard(request):
    street, community = _dashboard_scope(request)
    return render(
        request,
        "access/dashboard.html",
        {
            "stats": figures.burden_stats(request.user, street=street, community=community),
            "streets": Street.objects.visible_to(request.user),
            "communities": Community.objects.visible_to(request.user),
            "street": street,
            "community": community,
            "query": request.GET.urlencode(),
        },
    )


@role_required("access.view_admittedaffair")
def dashboard_data(request):
    street, community = _dashboard_scope(request)
    stats = figures.burden_stats(request.user, street=street, community=community)
    stats["labels"] = {
        "applications": _("Applications by outcome"),
        "admitted": _("Admitted affairs"),
        "committee": _("residents' committee"),
        "station": _("service station"),
        "dispositions": _("Tasks returned vs delegated"),
        "funds": _("Funds due vs transferred"),
        "due": pgettext("fund amount", "due"),
        "transferred": pgettext("fund amount", "transferred"),
        "ledgers": _("Ledgers"),
        "trend": _("Trend"),
        "submitted": _("applications submitted"),
        "refused": _("unadmitted tasks refused"),
        "disposition_names": {k: str(v) for k, v in CommunityTask.Disposition.choices},
        "ledger_names": {k: str(v) for k, v in Ledger.Decision.choices},
    }
    return JsonResponse(stats, json_dumps_params={"ensure_ascii": False})


@role_required("access.view_admittedaffair")
def dashboard_export(request):
    street, community = _dashboard_scope(request)
    stats = figures.burden_stats(request.user, street=street, community=community)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="burden-dashboard.csv"'
    response.write("\ufeff")
    writer = text.CsvWriter(csv.writer(response))
    writer.writerow([_("indicator"), _("value")])
    for label, value in stats["applications"].items():
        writer.writerow([_("applications: %(status)s") % {"status": label}, value])
    writer.writerow([_("overdue decisions"), stats["overdue"]])
    writer.writerow([_("admitted residents' committee items"), stats["admitted"]["committee"]])
    writer.writerow([_("admitted service-station items"), stats["admitted"]["station"]])
    writer.writerow([_("unadmitted requests"), stats["unadmitted"]])
    writer.writerow([_("unadmitted requests refused"), stats["unadmitted_refused"]])
    for code, label in CommunityTask.Disposition.choices:
        writer.writerow([label, stats["dispositions"][code]])
    writer.writerow([_("funds due"), stats["funds"]["due"]])
    writer.writerow([_("funds transferred"), stats["funds"]["transferred"]])
    writer.writerow([_("funds outstanding"), stats["funds"]["outstanding"]])
    for code, label in Ledger.Decision.choices:
        writer.writerow([_("ledgers: %(decision)s") % {"decision": label}, stats["ledgers"][code]])
    writer.writerow([_("communities with plaque violations"), stats["plaques_over_limit"]])
    writer.writerow([_("staff hours saved per month (estimate)"), stats["hours_saved_per_month"]])
    return response
