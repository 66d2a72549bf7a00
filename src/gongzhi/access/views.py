"""Screens of the access system. Thin: writes through access.actions, rows from visible_to()."""

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from gongzhi.access import actions, exports, figures, forms, queries
from gongzhi.access.models import (
    AdmittedAffair,
    Application,
    Body,
    CommunityTask,
    FundAccount,
    Ledger,
    Plaque,
)
from gongzhi.core import text
from gongzhi.core.forms import apply_errors
from gongzhi.core.views_base import get_visible_or_404, public_view, role_required
from gongzhi.org.models import Community, DispatchedCadre, Street

PAGE_SIZE = 30


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _form_page(request, form, title, cancel_url, multipart=False):
    return render(
        request,
        "access/form.html",
        {"form": form, "title": title, "cancel_url": cancel_url, "multipart": multipart},
    )


def _flash_errors(request, exc: ValidationError):
    for message in exc.messages:
        messages.error(request, message)


def _object_of(model):
    """Names the model whose pk the view's URL carries (read by the permission matrix)."""

    def decorator(view):
        view.model = model
        return view

    return decorator


# --- applications -----------------------------------------------------------------------


@role_required("access.view_application")
def application_list(request):
    qs = Application.objects.visible_to(request.user).select_related("street", "department")
    status = request.GET.get("status", "")
    if status == "overdue":
        qs = qs.overdue()
    elif status in Application.Status.values:
        qs = qs.filter(status=status)
    return render(
        request,
        "access/application_list.html",
        {
            "page": _page(request, qs),
            "status": status,
            "statuses": Application.Status.choices,
            "overdue_count": Application.objects.visible_to(request.user).overdue().count(),
        },
    )


@role_required("access.add_application")
def application_create(request):
    form = forms.ApplicationForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            app = actions.do_create_application(
                request.user, form.instance, form.cleaned_data["communities"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The application was saved as a draft."))
            return redirect("access:application_detail", pk=app.pk)
    return _form_page(
        request, form, _("New access application"), "access:application_list", multipart=True
    )


@_object_of(Application)
@role_required("access.change_application")
def application_edit(request, pk):
    app = get_visible_or_404(Application, request.user, pk=pk)
    form = forms.ApplicationForm(
        request.POST or None, request.FILES or None, instance=app, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_save_application(
                request.user, form.instance, form.cleaned_data["communities"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The application was saved."))
            return redirect("access:application_detail", pk=app.pk)
    return _form_page(
        request, form, _("Edit access application"), "access:application_list", multipart=True
    )


@_object_of(Application)
@role_required("access.view_application")
def application_detail(request, pk):
    app = get_object_or_404(
        Application.objects.visible_to(request.user).select_related("street", "department"), pk=pk
    )
    return render(
        request,
        "access/application_detail.html",
        {
            "app": app,
            "communities": app.communities.all(),
            "steps": app.transitions.select_related("actor"),
            "level": queries.current_level(app),
            "levels": actions.review_levels(app.street)
            if app.status != Application.Status.DRAFT
            else [],
            "four_sync_errors": actions.four_sync_errors(app),
            "can_edit": app.status in queries.EDITABLE
            and request.user.has_perm("access.change_application"),
            "can_submit": app.status in queries.EDITABLE
            and request.user.has_perm("access.submit_application"),
            "can_decide": queries.may_decide(request.user, app),
            "can_admit": app.status == Application.Status.APPROVED
            and request.user.has_perm("access.admit_application"),
            "decision_form": forms.DecisionForm(),
            "admit_form": forms.AdmitForm(
                initial={"valid_from": app.start_date, "valid_until": app.end_date}
            ),
        },
    )


@_object_of(Application)
@require_POST
@role_required("access.submit_application")
def application_submit(request, pk):
    app = get_visible_or_404(Application, request.user, pk=pk)
    try:
        actions.do_submit(request.user, app)
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("The application was submitted for review."))
    return redirect("access:application_detail", pk=pk)


@_object_of(Application)
@require_POST
@role_required("access.review_application")
def application_decide(request, pk):
    app = get_visible_or_404(Application, request.user, pk=pk)
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve, return for changes or reject."))
        return redirect("access:application_detail", pk=pk)
    try:
        actions.do_decide(
            request.user,
            app,
            form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
            override_reason=form.cleaned_data["override_reason"],
        )
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("The decision was recorded."))
    return redirect("access:application_detail", pk=pk)


@_object_of(Application)
@require_POST
@role_required("access.admit_application")
def application_admit(request, pk):
    app = get_visible_or_404(Application, request.user, pk=pk)
    form = forms.AdmitForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter valid dates."))
        return redirect("access:application_detail", pk=pk)
    try:
        actions.do_admit(
            request.user,
            app,
            valid_from=form.cleaned_data["valid_from"],
            valid_until=form.cleaned_data["valid_until"],
        )
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("The affair was put on the admitted-affairs list."))
    return redirect("access:application_detail", pk=pk)


# --- the list -----------------------------------------------------------------------------


def _affair_groups(queryset):
    return [
        {"body": label, "items": [a for a in queryset if a.body == code]}
        for code, label in Body.choices
    ]


@role_required("access.view_admittedaffair")
def affair_list(request):
    qs = AdmittedAffair.objects.visible_to(request.user).select_related("street", "department")
    show = request.GET.get("show", "active")
    if show == "active":
        qs = qs.active()
    elif show == "ended":
        qs = qs.ended()
    return render(
        request,
        "access/affair_list.html",
        {
            "groups": _affair_groups(list(qs)),
            "show": show,
            "can_revoke": request.user.has_perm("access.admit_application"),
            "streets": Street.objects.visible_to(request.user),
        },
    )


@_object_of(AdmittedAffair)
@require_POST
@role_required("access.admit_application")
def affair_revoke(request, pk):
    affair = get_visible_or_404(AdmittedAffair, request.user, pk=pk)
    try:
        actions.do_revoke_affair(request.user, affair, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("The affair was revoked and left the list."))
    return redirect("access:affair_list")


@_object_of(Street)
@public_view
def public_affair_list(request, pk):
    """The street's published admitted-affairs list, no log-in."""
    street = get_object_or_404(Street, pk=pk)
    items = list(AdmittedAffair.objects.filter(street=street).active().select_related("department"))
    return render(
        request, "access/public_affairs.html", {"street": street, "groups": _affair_groups(items)}
    )


@_object_of(Community)
@public_view
def public_dispatched(request, pk):
    """Departments' units and staff posted in the community (派驻), no log-in."""
    community = get_object_or_404(Community.objects.select_related("street"), pk=pk)
    today = timezone.localdate()
    cadres = (
        DispatchedCadre.objects.filter(community=community, start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("department")
    )
    return render(
        request, "access/public_dispatched.html", {"community": community, "cadres": cadres}
    )


# --- tasks -------------------------------------------------------------------------------


@role_required("access.view_communitytask")
def task_list(request):
    qs = CommunityTask.objects.visible_to(request.user).select_related(
        "community", "affair", "department", "sent_by"
    )
    kind = request.GET.get("kind", "")
    if kind == "admitted":
        qs = qs.filter(admitted=True)
    elif kind == "unadmitted":
        qs = qs.filter(admitted=False)
    elif kind == "refused":
        qs = qs.filter(status=CommunityTask.Status.REFUSED)
    return render(
        request,
        "access/task_list.html",
        {
            "page": _page(request, qs),
            "kind": kind,
            "can_refuse": request.user.has_perm("access.refuse_task"),
            "can_classify": request.user.has_perm("access.classify_task"),
            "classify_form": forms.ClassifyForm(),
        },
    )


@role_required("access.assign_task")
def task_assign(request):
    form = forms.TaskAssignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            actions.do_assign_task(
                request.user,
                d["affair"],
                d["communities"],
                title=d["title"],
                description=d["description"],
                due_date=d["due_date"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The task was sent to the communities."))
            return redirect("access:task_list")
    return _form_page(
        request, form, _("Assign a task through the admitted-affairs list"), "access:task_list"
    )


@role_required("access.add_communitytask")
def task_record_unadmitted(request):
    form = forms.UnadmittedTaskForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            actions.do_record_unadmitted_task(
                request.user,
                d["community"],
                title=d["title"],
                description=d["description"],
                department=d["department"],
                due_date=d["due_date"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("The unadmitted request was recorded; the community may refuse it.")
            )
            return redirect("access:task_list")
    return _form_page(request, form, _("Record an unadmitted request"), "access:task_list")


@_object_of(CommunityTask)
@require_POST
@role_required("access.refuse_task")
def task_refuse(request, pk):
    task = get_visible_or_404(CommunityTask, request.user, pk=pk)
    try:
        actions.do_refuse_task(request.user, task, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("The task was refused; the street office sees the refusal."))
    return redirect("access:task_list")


@_object_of(CommunityTask)
@require_POST
@role_required("access.classify_task")
def task_classify(request, pk):
    task = get_visible_or_404(CommunityTask, request.user, pk=pk)
    form = forms.ClassifyForm(request.POST)
    if form.is_valid():
        actions.do_classify_task(
            request.user,
            task,
            form.cleaned_data["disposition"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("The task was classified."))
    else:
        messages.error(request, _("Choose returned, moved to the station, or kept."))
    return redirect("access:task_list")


# --- funds -------------------------------------------------------------------------------


@role_required("access.view_fundaccount")
def fund_list(request):
    accounts = FundAccount.objects.visible_to(request.user)
    rows = queries.with_balances(accounts).select_related(
        "affair", "affair__department", "community"
    )
    return render(
        request,
        "access/fund_list.html",
        {
            "rows": rows,
            "arrears": queries.arrears_by_department(accounts),
            "can_transfer": request.user.has_perm("access.add_fundtransfer"),
        },
    )


@_object_of(FundAccount)
@role_required("access.add_fundtransfer")
def fund_transfer(request, pk):
    account = get_visible_or_404(FundAccount, request.user, pk=pk)
    form = forms.TransferForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            actions.do_record_transfer(
                request.user, account, date=d["date"], amount=d["amount"], voucher=d["voucher"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The transfer was recorded."))
            return redirect("access:fund_list")
    return _form_page(
        request,
        form,
        _("Record a transfer: %(account)s") % {"account": account},
        "access:fund_list",
    )


# --- ledgers -----------------------------------------------------------------------------


@role_required("access.view_ledger")
def ledger_list(request):
    qs = Ledger.objects.visible_to(request.user).select_related(
        "department", "merged_into", "street"
    )
    return render(
        request,
        "access/ledger_list.html",
        {
            "page": _page(request, qs),
            "generated": Ledger.Generated.choices,
            "can_export": request.user.has_perm("access.export_ledger"),
            "can_change": request.user.has_perm("access.change_ledger"),
            "decision_form": forms.LedgerDecisionForm(user=request.user),
        },
    )


@role_required("access.add_ledger")
def ledger_create(request):
    form = forms.LedgerForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_create_ledger(request.user, form.instance)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The ledger was registered."))
            return redirect("access:ledger_list")
    return _form_page(request, form, _("Register a ledger"), "access:ledger_list")


@_object_of(Ledger)
@require_POST
@role_required("access.change_ledger")
def ledger_decide(request, pk):
    ledger = get_visible_or_404(Ledger, request.user, pk=pk)
    form = forms.LedgerDecisionForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            actions.do_decide_ledger(
                request.user,
                ledger,
                form.cleaned_data["decision"],
                merged_into=form.cleaned_data["merged_into"],
            )
        except ValidationError as exc:
            _flash_errors(request, exc)
        else:
            messages.success(request, _("The decision on the ledger was recorded."))
    else:
        messages.error(request, _("Choose cancel, merge or keep."))
    return redirect("access:ledger_list")


@role_required("access.export_ledger")
def ledger_export(request, kind):
    if kind not in Ledger.Generated.values:
        raise Http404
    data = exports.export_ledger(kind, request.user)
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="ledger-{kind}-{timezone.localdate():%Y%m%d}.xlsx"'
    )
    return response


# --- plaques -----------------------------------------------------------------------------


@role_required("access.view_plaque")
def plaque_list(request):
    communities = Community.objects.visible_to(request.user)
    plaques = Plaque.objects.visible_to(request.user).select_related("community", "department")
    return render(
        request,
        "access/plaque_list.html",
        {
            "checks": figures.plaque_checks(communities),
            "plaques": plaques,
            "allowed": figures.ALLOWED_PLAQUES,
            "today": timezone.localdate(),
            "can_add": request.user.has_perm("access.add_plaque"),
            "can_change": request.user.has_perm("access.change_plaque"),
            "can_delete": request.user.has_perm("access.delete_plaque"),
        },
    )


def _plaque_form(request, plaque, title, success):
    """Record or edit a plaque: access.actions.save_plaque checks it, its refusal goes on
    the form."""
    form = forms.PlaqueForm(request.POST or None, instance=plaque, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_plaque(request.user, form.instance)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect("access:plaque_list")
    return _form_page(request, form, title, "access:plaque_list")


@role_required("access.add_plaque")
def plaque_create(request):
    return _plaque_form(request, None, _("Record a plaque"), _("The plaque was recorded."))


@_object_of(Plaque)
@role_required("access.change_plaque")
def plaque_edit(request, pk):
    plaque = get_visible_or_404(Plaque, request.user, pk=pk)
    return _plaque_form(
        request,
        plaque,
        _("Edit plaque: %(name)s") % {"name": plaque.name},
        _("The plaque was saved."),
    )


@_object_of(Plaque)
@role_required("access.change_plaque")
def plaque_take_down(request, pk):
    """摘牌: record the day a plaque came down; it stays on record."""
    plaque = get_object_or_404(
        Plaque.objects.visible_to(request.user).select_related("community"), pk=pk
    )
    form = forms.PlaqueTakeDownForm(
        request.POST or None, initial={"removed_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_take_down_plaque(request.user, plaque, on=form.cleaned_data["removed_on"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The plaque was recorded as taken down."))
            return redirect("access:plaque_list")
    return _form_page(
        request,
        form,
        _("Take down plaque: %(name)s (%(community)s)")
        % {"name": plaque.name, "community": plaque.community},
        "access:plaque_list",
    )


@_object_of(Plaque)
@role_required("access.delete_plaque")
def plaque_delete(request, pk):
    """Delete a plaque recorded by mistake (a plaque that came down is taken down instead)."""
    plaque = get_object_or_404(
        Plaque.objects.visible_to(request.user).select_related("community"), pk=pk
    )
    if request.method == "POST":
        actions.do_delete_plaque(request.user, plaque)
        messages.success(request, _("The plaque record was deleted."))
        return redirect("access:plaque_list")
    return render(request, "access/plaque_delete.html", {"plaque": plaque})


# --- dashboard ---------------------------------------------------------------------------


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
