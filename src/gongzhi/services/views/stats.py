"""The services' figures page."""

from django.shortcuts import render

from gongzhi.core.views_base import role_required
from gongzhi.services import sla
from gongzhi.services.models import ServiceRequest


@role_required("services.view_servicerequest")
def stats(request):
    qs = ServiceRequest.objects.visible_to(request.user)
    by = request.GET.get("by", "item")
    if by not in sla.GROUPS:
        by = "item"
    return render(
        request,
        "services/stats.html",
        {"rows": sla.figures(qs, by), "by": by, "groups": sla.GROUPS},
    )
