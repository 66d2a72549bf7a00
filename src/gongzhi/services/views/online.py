"""Residents online (phone pages): their requests, a new one, withdrawing, rating."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongzhi.core.views_base import role_required
from gongzhi.services import actions, online, timeline
from gongzhi.services.models import (
    Category,
    Rating,
    ServiceItem,
    ServiceRequest,
)
from gongzhi.services.views._common import (
    _errors,
    _flash_errors,
    _item_values,
)


@role_required("services.request_online")
def my_requests(request):
    reqs = ServiceRequest.objects.filter(account=request.user).select_related("item")
    return render(request, "services/my_requests.html", {"reqs": reqs})


@role_required("services.request_online")
def my_new(request):
    item = None
    iid = request.GET.get("item") or request.POST.get("item")
    if iid and str(iid).isdigit():
        item = get_object_or_404(ServiceItem.objects.active().filter(online=True), pk=int(iid))
    fields = list(item.fields.all()) if item else []
    errors, posted = {}, {}
    if request.method == "POST" and item is not None:
        data, files = _item_values(request, fields)
        posted = data
        try:
            req = online.submit_online(
                item,
                request.user,
                applicant_name=request.POST.get("applicant_name", ""),
                applicant_phone=request.POST.get("applicant_phone", ""),
                values=data,
                files=files,
                description=request.POST.get("description", ""),
                fields=fields,
            )
        except ValidationError as exc:
            errors = _errors(exc)
            messages.error(request, _("Please correct the errors below."))
        else:
            messages.success(request, _("Request %(code)s created.") % {"code": req.tracking_code})
            return redirect("services:my_requests")
    categories = Category.objects.prefetch_related(
        Prefetch("items", queryset=ServiceItem.objects.active().filter(online=True))
    )
    return render(
        request,
        "services/my_new.html",
        {
            "item": item,
            "categories": categories,
            "field_rows": [
                {"f": f, "value": posted.get(f.code), "error": errors.get(f.code)} for f in fields
            ],
            "errors": errors,
        },
    )


def _own_request(request, pk):
    req = (
        ServiceRequest.objects.visible_to(request.user).filter(account=request.user, pk=pk).first()
    )
    if req is None:
        raise Http404
    return req


@role_required("services.request_online")
def my_request(request, pk):
    """One of the resident's requests: what happened, step by step in plain words (who,
    when), the promised date in working days, the result, and the rating once completed."""
    req = _own_request(request, pk)
    return render(
        request,
        "services/my_request.html",
        {"r": req, "steps": timeline.steps_for(req, request.user)},
    )


@require_POST
@role_required("services.request_online")
def servicerequest_withdraw(request, pk):
    req = _own_request(request, pk)
    try:
        actions.do_withdraw(request.user, req, request.POST.get("note", ""))
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("The request was withdrawn."))
    return redirect("services:my_requests")


@require_POST
@role_required("services.request_online")
def servicerequest_rate(request, pk):
    req = _own_request(request, pk)
    try:
        actions.do_rate(
            request.user,
            req,
            request.POST.get("stars"),
            request.POST.get("comment", ""),
            channel=Rating.Channel.ONLINE,
        )
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("Thank you: the rating was recorded."))
    return redirect("services:my_requests")
