"""The service menu (菜单) as residents and staff read it."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from gongzhi.core.views_base import role_required
from gongzhi.services.models import (
    Category,
    ServiceItem,
)


@role_required("services.view_serviceitem")
def catalog(request):
    q = request.GET.get("q", "").strip()
    items = ServiceItem.objects.active().select_related("category", "department")
    if q:
        items = items.filter(name__icontains=q) | items.filter(code__iexact=q)
    categories = Category.objects.prefetch_related(Prefetch("items", queryset=items))
    groups = [(c, list(c.items.all())) for c in categories]
    return render(
        request,
        "services/catalog.html",
        {"groups": [g for g in groups if g[1]], "q": q, "total": items.count()},
    )


@role_required("services.view_serviceitem")
def item_detail(request, pk):
    item = get_object_or_404(ServiceItem.objects.select_related("category", "department"), pk=pk)
    return render(
        request,
        "services/item_detail.html",
        {"item": item, "fields": item.fields.all(), "active": item.is_active()},
    )
