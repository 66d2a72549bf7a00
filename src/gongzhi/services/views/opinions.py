"""Residents' opinions (民意诉求): listed, recorded, answered, turned into a request."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongzhi.core.tables import Column, Table
from gongzhi.core.views_base import get_visible_or_404, role_required
from gongzhi.org.models import Community
from gongzhi.services import actions
from gongzhi.services.models import (
    Opinion,
    ServiceItem,
)
from gongzhi.services.views import _common
from gongzhi.services.views._common import (
    _errors,
    _flash_errors,
)


@role_required("services.view_opinion")
def opinion_list(request):
    return _opinion_list_page(request)


def _opinion_filter(topics):
    """?topic= above the opinion list: one of the topics recorded so far."""

    class OpinionFilterForm(forms.Form):
        topic = forms.ChoiceField(
            label=gettext_lazy("Topic"),
            required=False,
            choices=[("", gettext_lazy("All topics")), *((t, t) for t in topics)],
            widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
        )

    return OpinionFilterForm


def _opinion_list_page(request, errors=None):
    """The list with the form to record one; after a refused form, its errors next to the
    fields and what was typed kept."""
    ops = Opinion.objects.visible_to(request.user).select_related("community", "request")
    topics = ops.order_by().values("topic").annotate(n=Count("pk")).order_by("-n", "topic")
    table = Table(
        request,
        ops,
        columns=[
            Column("topic", sortable=True, link="services:opinion_detail"),
            Column("content", accessor=lambda op: Truncator(op.content).chars(60)),
            Column("community.name", gettext_lazy("community"), sortable=True),
            Column("status", sortable=True),
            Column("created_at", sortable=True),
            Column(
                "request.tracking_code",
                gettext_lazy("service request"),
                link=lambda op: (
                    reverse("services:request_detail", args=[op.request_id])
                    if op.request_id
                    else None
                ),
            ),
        ],
        search_fields=["topic", "content"],
        page_size=_common.PAGE_SIZE,
        filter_form=_opinion_filter([t["topic"] for t in topics]),
        empty_message=gettext_lazy("Nothing found."),
    )
    return render(
        request,
        "services/opinion_list.html",
        {
            "table": table,
            "topics": topics,
            "topic": request.GET.get("topic", ""),
            "communities": Community.objects.visible_to(request.user),
            "errors": errors or {},
            "posted": request.POST if errors else {},
        },
    )


@require_POST
@role_required("services.add_opinion")
def opinion_create(request):
    community_id = request.POST.get("community", "")
    community = (
        get_visible_or_404(Community, request.user, pk=int(community_id))
        if community_id.isdigit()
        else None
    )
    try:
        if community is None:
            raise ValidationError({"community": _("Choose the community.")})
        op = actions.do_record_opinion(
            request.user,
            community,
            topic=request.POST.get("topic", ""),
            content=request.POST.get("content", ""),
            raised_by=request.POST.get("raised_by", ""),
        )
    except ValidationError as exc:
        messages.error(request, _("Please correct the errors below."))
        return _opinion_list_page(request, _errors(exc))
    messages.success(request, _("The opinion was recorded."))
    return redirect("services:opinion_detail", pk=op.pk)


@role_required("services.view_opinion")
def opinion_detail(request, pk):
    op = get_object_or_404(
        Opinion.objects.visible_to(request.user).select_related("community", "request__item"), pk=pk
    )
    return render(
        request,
        "services/opinion_detail.html",
        {"op": op, "items": ServiceItem.objects.active().only("pk", "name")},
    )


@require_POST
@role_required("services.change_opinion")
def opinion_answer(request, pk):
    op = get_visible_or_404(Opinion, request.user, pk=pk)
    try:
        actions.do_answer_opinion(request.user, op, request.POST.get("answer", ""))
    except ValidationError as exc:
        _flash_errors(request, exc)
    return redirect("services:opinion_detail", pk=op.pk)


@require_POST
@role_required("services.change_opinion")
def opinion_convert(request, pk):
    op = get_visible_or_404(Opinion, request.user, pk=pk)
    item_id = request.POST.get("item", "")
    item = (
        ServiceItem.objects.active().filter(pk=int(item_id)).first() if item_id.isdigit() else None
    )
    try:
        if item is None:
            raise ValidationError({"item": _("Choose the service item.")})
        req = actions.do_convert_opinion(request.user, op, item)
    except ValidationError as exc:
        _flash_errors(request, exc)
        return redirect("services:opinion_detail", pk=op.pk)
    messages.success(request, _("Request %(code)s created.") % {"code": req.tracking_code})
    return redirect("services:opinion_detail", pk=op.pk)
