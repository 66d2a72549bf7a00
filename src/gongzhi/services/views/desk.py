"""The one-window desk (一窗受理): a request taken at the window for a resident."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from gongzhi.core.views_base import get_visible_or_404, role_required
from gongzhi.org.models import Community
from gongzhi.registry.models import Resident
from gongzhi.registry.search import search
from gongzhi.services import actions, receipts
from gongzhi.services.models import (
    Category,
    ServiceItem,
    ServiceRequest,
    Status,
)
from gongzhi.services.views._common import (
    _errors,
    _item_values,
)


def _field_element(f) -> str:
    """The id of a form field's (first) input in services/_fields.html."""
    choice = f.kind in ("choice", "multichoice") and f.choices
    return f"f_{f.code}_1" if choice else f"f_{f.code}"


def _desk_focus(item, resident, fields, errors) -> str:
    """The id of the input the cursor starts in once an item is chosen: the first one with
    an error, else the first one to fill, so the clerk goes on typing without the mouse."""
    order = [] if resident else [("community", "community")]
    if item.materials:
        order.append(("materials", "m1"))
    order += [(f.code, _field_element(f)) for f in fields]
    order.append(("description", "description"))
    if errors:
        for key, element in order:
            if key in errors:
                return element
    return order[0][1]


@role_required("services.handle_servicerequest")
def desk(request):
    """One screen: find the resident, pick the item, tick materials, fill the fields, submit;
    then print the receipt. Plain forms, so it works with the keyboard alone."""

    q = request.GET.get("q", "").strip()
    results = []
    if q:
        results = [r for r in search(request.user, q, limit=10) if r.kind == "resident"]
    resident = None
    rid = request.GET.get("resident") or request.POST.get("resident")
    if rid and str(rid).isdigit():
        resident = get_visible_or_404(Resident, request.user, pk=int(rid))
    item = None
    iid = request.GET.get("item") or request.POST.get("item")
    if iid and str(iid).isdigit():
        item = get_object_or_404(ServiceItem.objects.active(), pk=int(iid))
    fields = list(item.fields.all()) if item else []
    errors, posted = {}, {}
    if request.method == "POST" and item is not None:
        data, files = _item_values(request, fields)
        posted = data
        community = resident.community if resident else None
        if community is None and request.POST.get("community", "").isdigit():
            community = get_visible_or_404(
                Community, request.user, pk=int(request.POST["community"])
            )
        if community is None:
            errors["community"] = _("Choose the resident or the community.")
        else:
            try:
                req = actions.submit_request(
                    item,
                    street=community.street,
                    community=community,
                    channel=ServiceRequest.Channel.WINDOW,
                    user=request.user,
                    resident=resident,
                    applicant_name=request.POST.get("applicant_name", "").strip()
                    or (resident.name if resident else ""),
                    applicant_phone=request.POST.get("applicant_phone", "").strip()
                    or (resident.phone if resident else ""),
                    values=data,
                    files=files,
                    materials=request.POST.getlist("materials"),
                    description=request.POST.get("description", ""),
                    fields=fields,
                )
            except ValidationError as exc:
                errors = _errors(exc)
            else:
                messages.success(
                    request, _("Request %(code)s created.") % {"code": req.tracking_code}
                )
                # Back to the desk, which shows the receipt to print: one screen.
                return redirect(reverse("services:desk") + f"?created={req.pk}")
        messages.error(request, _("Please correct the errors below."))
    categories = Category.objects.prefetch_related(
        Prefetch("items", queryset=ServiceItem.objects.active().only("pk", "name", "category"))
    )
    field_rows = [
        {
            "f": f,
            "value": posted.get(f.code),
            "error": errors.get(f.code),
            "focus_id": _field_element(f),
        }
        for f in fields
    ]
    created = None
    cid = request.GET.get("created", "")
    if cid.isdigit() and item is None and resident is None:
        created = (
            ServiceRequest.objects.visible_to(request.user)
            .select_related("item")
            .filter(pk=int(cid))
            .first()
        )
    return render(
        request,
        "services/desk.html",
        {
            "created": created,
            "created_qr": mark_safe(receipts.qr_svg(receipts.tracking_url(request, created)))
            if created
            else "",
            "focus": _desk_focus(item, resident, fields, errors) if item else "",
            "q": q,
            "results": results,
            "resident": resident,
            "item": item,
            "categories": categories,
            "field_rows": field_rows,
            "errors": errors,
            "ticked": request.POST.getlist("materials"),
            "communities": Community.objects.visible_to(request.user),
            "queue": ServiceRequest.objects.visible_to(request.user)
            .filter(status=Status.SUBMITTED)
            .select_related("item")[:10],
        },
    )
