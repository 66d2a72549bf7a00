"""Service requests: the list, a request's page, its steps, supervision, rating, its PDFs."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from gongzhi.core.tables import Column, Table
from gongzhi.core.views_base import get_visible_or_404, role_required
from gongzhi.org.models import Community, Department
from gongzhi.services import actions, receipts
from gongzhi.services.models import (
    Opinion,
    Rating,
    ServiceRequest,
    Status,
)
from gongzhi.services.views import _common
from gongzhi.services.views._common import _flash_errors

REQUEST_STATES = [
    ("", gettext_lazy("All")),
    ("open", pgettext_lazy("request status", "open")),
    ("due_soon", gettext_lazy("due soon")),
    ("overdue", gettext_lazy("overdue")),
    ("supervised", gettext_lazy("under supervision")),
    *Status.choices,
]


def _request_filter(user):
    """?status= (a status, or open / due soon / overdue / under supervision) and
    ?community= (only the communities the user may see) above the request list."""

    class RequestFilterForm(forms.Form):
        status = forms.ChoiceField(
            label=gettext_lazy("status"),
            required=False,
            choices=REQUEST_STATES,
            widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
        )
        community = forms.ModelChoiceField(
            label=gettext_lazy("community"),
            required=False,
            queryset=Community.objects.visible_to(user),
            empty_label=gettext_lazy("All communities"),
            widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
        )

        def filter_queryset(self, qs):
            data = getattr(self, "cleaned_data", {})
            status = data.get("status") or ""
            today = timezone.localdate()
            if status == "overdue":
                qs = qs.overdue(today)
            elif status == "due_soon":
                qs = (
                    qs.open()
                    .exclude(status=Status.MATERIALS_REQUESTED)
                    .filter(due_date__gte=today, due_date__lte=today + datetime.timedelta(days=2))
                )
            elif status == "supervised":
                qs = qs.filter(supervised=True)
            elif status == "open":
                qs = qs.open()
            elif status in Status.values:
                qs = qs.filter(status=status)
            if data.get("community"):
                qs = qs.filter(community=data["community"])
            return qs

    return RequestFilterForm


@role_required("services.view_servicerequest")
def request_list(request):
    table = Table(
        request,
        ServiceRequest.objects.visible_to(request.user).select_related(
            "item", "community", "handled_by"
        ),
        columns=[
            Column("tracking_code", sortable=True, link="services:request_detail"),
            Column("item.name", gettext_lazy("service item"), sortable=True),
            Column("applicant_name", sortable=True),
            Column("community.name", gettext_lazy("community"), sortable=True),
            Column(
                "status",
                gettext_lazy("status"),
                sortable=True,
                template="services/_status_cell.html",
            ),
            Column("due_date", sortable=True, template="services/_due_date_cell.html"),
        ],
        search_fields=["tracking_code", "applicant_name", "item__name"],
        search_placeholder=gettext_lazy("tracking code or applicant"),
        default_sort=("-submitted_at", "-id"),
        page_size=_common.PAGE_SIZE,
        filter_form=_request_filter(request.user),
        empty_message=gettext_lazy("Nothing found."),
    )
    visible = ServiceRequest.objects.visible_to(request.user)
    return render(
        request,
        "services/request_list.html",
        {"table": table, "overdue_count": visible.overdue().count()},
    )


@role_required("services.view_servicerequest")
def request_detail(request, pk):
    req = get_object_or_404(
        ServiceRequest.objects.visible_to(request.user).select_related(
            "item", "community", "street", "resident", "handled_by", "transferred_to_department"
        ),
        pk=pk,
    )
    url = receipts.tracking_url(request, req)
    fields = {f.code: f for f in req.item.fields.all()}
    values = []
    for code, value in req.values.items():
        f = fields.get(code)
        if f and f.kind in ("choice", "multichoice"):
            names = {str(c["key"]): c["name"] for c in f.choices}
            vals = value if isinstance(value, list) else [value]
            value = "、".join(names.get(v, v) for v in vals)
        values.append((f.label if f else code, value))
    rating = Rating.objects.filter(request=req).first()
    return render(
        request,
        "services/request_detail.html",
        {
            "req": req,
            "values": values,
            "steps": req.transitions.select_related("actor"),
            "supervisions": req.supervisions.select_related("by"),
            "rating": rating,
            "actions": [
                (a, actions.TRANSITIONS[a]) for a in actions.allowed_actions(req, user=request.user)
            ],
            "departments": Department.objects.all(),
            "qr": mark_safe(receipts.qr_svg(url)),
            "track_url": url,
            "opinion": Opinion.objects.filter(request=req).first(),
        },
    )


@require_POST
@role_required("services.handle_servicerequest")
def request_act(request, pk):
    req = get_visible_or_404(ServiceRequest, request.user, pk=pk)
    action = request.POST.get("action", "")
    department = None
    if request.POST.get("department", "").isdigit():
        department = Department.objects.filter(pk=int(request.POST["department"])).first()
    try:
        actions.do_transition(
            request.user,
            req,
            action,
            request.POST.get("note", ""),
            department=department,
            transferred_to=request.POST.get("transferred_to", ""),
        )
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("Done."))
        if not ServiceRequest.objects.visible_to(request.user).filter(pk=req.pk).exists():
            return redirect("services:request_list")  # returned by a department: not theirs
    return redirect("services:request_detail", pk=req.pk)


@require_POST
@role_required("services.supervise_servicerequest")
def request_supervise(request, pk):
    req = get_visible_or_404(ServiceRequest, request.user, pk=pk)
    try:
        actions.do_supervise(request.user, req, request.POST.get("note", ""))
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("The request is under supervision (督办)."))
    return redirect("services:request_detail", pk=req.pk)


@require_POST
@role_required("services.add_rating")
def request_rate(request, pk):
    req = get_visible_or_404(ServiceRequest, request.user, pk=pk)
    try:
        actions.do_rate(
            request.user,
            req,
            request.POST.get("stars"),
            request.POST.get("comment", ""),
            channel=Rating.Channel.WINDOW,
        )
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("Thank you: the rating was recorded."))
    return redirect("services:request_detail", pk=req.pk)


@role_required("services.view_servicerequest")
def receipt_pdf(request, pk):
    req = get_object_or_404(
        ServiceRequest.objects.visible_to(request.user).select_related(
            "item", "community", "street"
        ),
        pk=pk,
    )
    pdf = receipts.receipt_pdf(req, receipts.tracking_url(request, req))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="receipt-{req.tracking_code}.pdf"'
    return response


@role_required("services.view_servicerequest")
def decision_pdf(request, pk):
    """The decision document of a delegated approval, for whoever may see the request
    (the community that decided it, the street above it)."""
    req = get_object_or_404(
        ServiceRequest.objects.visible_to(request.user)
        .exclude(decision="")
        .select_related("item", "community", "street", "decided_by"),
        pk=pk,
    )
    pdf = receipts.decision_pdf(req)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="decision-{req.tracking_code}.pdf"'
    return response
