"""Screens of one-window services. Thin: rules in services.actions, rows from visible_to()."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from gongzhi.core.tables import Column, Table
from gongzhi.core.views_base import get_visible_or_404, public_view, role_required
from gongzhi.org.models import Community, Department
from gongzhi.registry.models import Resident
from gongzhi.registry.search import search
from gongzhi.services import actions, online, rating_links, receipts, sla
from gongzhi.services.models import (
    Category,
    Opinion,
    Rating,
    ServiceItem,
    ServiceRequest,
    Status,
)
from gongzhi.workdays import actions as workdays_actions
from gongzhi.workdays import data as workdays_data
from gongzhi.workdays import services as workdays_services
from gongzhi.workdays.models import CalendarDay

PAGE_SIZE = 30


def _flash_errors(request, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for messages_ in exc.message_dict.values():
            for m in messages_:
                messages.error(request, m)
    else:
        for m in exc.messages:
            messages.error(request, m)


def _errors(exc: ValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {k: v[0] for k, v in exc.message_dict.items()}
    return {"__all__": " ".join(exc.messages)}


def _item_values(request, fields):
    data = {}
    for f in fields:
        key = f"f_{f.code}"
        data[f.code] = (
            request.POST.getlist(key) if f.kind == "multichoice" else request.POST.get(key)
        )
    files = {f.code: request.FILES[f"f_{f.code}"] for f in fields if f"f_{f.code}" in request.FILES}
    return data, files


# --- the menu ------------------------------------------------------------------------------


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


# --- requests ------------------------------------------------------------------------------


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
        page_size=PAGE_SIZE,
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


# --- the window desk -----------------------------------------------------------------------


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


# --- figures -------------------------------------------------------------------------------


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


# --- residents' opinions (民意诉求) ----------------------------------------------------------


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
        page_size=PAGE_SIZE,
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


# --- the holiday calendar ------------------------------------------------------------------


@role_required("workdays.view_calendarday")
def calendar(request):
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() else timezone.localdate().year
    days = CalendarDay.objects.filter(date__year=year)
    edited = {d.date for d in days}
    return render(
        request,
        "services/calendar.html",
        {
            "days": days,
            "year": year,
            "kinds": CalendarDay.Kind.choices,
            # The official days (holidays package) the street has not overridden.
            "official": [d for d in workdays_data.days_of(year) if d[0] not in edited],
            "provisional": workdays_data.provisional(year),
            "warning": workdays_services.missing_schedule_warning(),
        },
    )


@require_POST
@role_required("workdays.add_calendarday")
def calendar_add(request):
    try:
        try:
            date = datetime.date.fromisoformat(request.POST.get("date", ""))
        except ValueError:
            raise ValidationError({"date": _("Enter a date as YYYY-MM-DD.")}) from None
        day = CalendarDay(
            date=date, kind=request.POST.get("kind", ""), name=request.POST.get("name", "")
        )
        workdays_actions.do_set_day(request.user, day)
    except ValidationError as exc:
        _flash_errors(request, exc)
        return redirect("services:calendar")
    messages.success(request, _("Saved."))
    return redirect(reverse("services:calendar") + f"?year={date.year}")


@require_POST
@role_required("workdays.delete_calendarday")
def calendar_delete(request, pk):
    day = get_object_or_404(CalendarDay, pk=pk)
    year = day.date.year
    workdays_actions.do_delete_day(request.user, day)
    messages.success(request, _("Deleted."))
    return redirect(reverse("services:calendar") + f"?year={year}")


# --- residents online (phone pages) ---------------------------------------------------------


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


# --- public pages (no log-in) ---------------------------------------------------------------


@public_view
def track(request):
    """Status by tracking code: no personal data."""
    code = request.GET.get("code", "").strip().upper()[:12]
    req = None
    if code:
        req = (
            ServiceRequest.objects.select_related("item")
            .only(
                "tracking_code",
                "status",
                "submitted_at",
                "due_date",
                "completed_at",
                "item__name",
                "updated_at",
            )
            .filter(tracking_code=code)
            .first()
        )
    return render(
        request,
        "services/track.html",
        {"code": code, "req": req, "steps": req.transitions.only("to_status", "at") if req else []},
    )


@public_view
def rate_by_link(request):
    """The signed link sent by SMS after completion: rate without logging in."""
    token = request.GET.get("t") or request.POST.get("t") or ""
    req = rating_links.request_from_rating_token(token) if token else None
    done = False
    error = ""
    if req is not None and request.method == "POST":
        try:
            actions.do_rate(
                request.user,  # anonymous: the signed link is the right to rate
                req,
                request.POST.get("stars"),
                request.POST.get("comment", ""),
                channel=Rating.Channel.SMS,
            )
            done = True
        except ValidationError as exc:
            error = " ".join(m for ms in _errors(exc).values() for m in [ms])
    status = 200 if req is not None or not token else 404
    return render(
        request,
        "services/rate_link.html",
        {"req": req, "token": token, "done": done, "error": error},
        status=status,
    )


# The model each route's <pk> names (read by the permission-matrix test).
for _view in (
    request_detail,
    request_act,
    request_supervise,
    request_rate,
    receipt_pdf,
    servicerequest_withdraw,
    servicerequest_rate,
):
    _view.model = ServiceRequest
for _view in (opinion_detail, opinion_answer, opinion_convert):
    _view.model = Opinion
item_detail.model = ServiceItem
calendar_delete.model = CalendarDay
