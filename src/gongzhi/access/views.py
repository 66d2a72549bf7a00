"""Screens of the access system. Thin: writes through access.actions, rows from visible_to()."""

import csv

from django import forms as djforms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy
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
from gongzhi.core.tables import Column, Table
from gongzhi.core.views_base import get_visible_or_404, public_view, role_required
from gongzhi.org.models import Community, DispatchedCadre, Street

PAGE_SIZE = 30
ALLOWED = figures.ALLOWED_PLAQUES

SELECT = {"class": "form-select form-select-sm"}


def _choice_filter(name, label, choices, apply):
    """A filter form of one choice field `name`; `apply(queryset, value)` narrows the rows
    for a chosen value ("" is every row)."""

    def filter_queryset(self, queryset):
        value = getattr(self, "cleaned_data", {}).get(name) or ""
        return apply(queryset, value) if value else queryset

    field = djforms.ChoiceField(
        label=label, required=False, choices=choices, widget=djforms.Select(attrs=SELECT)
    )
    return type(
        "ChoiceFilterForm", (djforms.Form,), {name: field, "filter_queryset": filter_queryset}
    )


def _community_filter(user, *extra):
    """?community= (only the communities the user may see) and `extra` (name, field) pairs;
    every chosen value filters as `field=value`."""
    fields = {
        "community": djforms.ModelChoiceField(
            label=gettext_lazy("community"),
            required=False,
            queryset=Community.objects.visible_to(user),
            empty_label=gettext_lazy("All communities"),
            widget=djforms.Select(attrs=SELECT),
        ),
        **dict(extra),
    }
    return type("CommunityFilterForm", (djforms.Form,), fields)


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


def _filter_applications(queryset, status):
    if status == "overdue":
        return queryset.overdue()
    return queryset.filter(status=status)


@role_required("access.view_application")
def application_list(request):
    table = Table(
        request,
        Application.objects.visible_to(request.user).select_related("street", "department"),
        columns=[
            Column("title", sortable=True, link="access:application_detail"),
            Column("department", gettext_lazy("department"), sortable=True),
            Column(
                "status",
                gettext_lazy("status"),
                sortable=True,
                template="access/_application_status_cell.html",
            ),
            Column(
                "meets_four_sync",
                gettext_lazy("four synchronizations"),
                sortable=True,
                template="access/_four_sync_cell.html",
            ),
            Column(
                "decision_due",
                gettext_lazy("decision due"),
                sortable=True,
                template="access/_decision_due_cell.html",
            ),
        ],
        search_fields=["title", "department__name"],
        page_size=PAGE_SIZE,
        filter_form=_choice_filter(
            "status",
            gettext_lazy("status"),
            [
                ("", gettext_lazy("All")),
                ("overdue", gettext_lazy("overdue")),
                *Application.Status.choices,
            ],
            _filter_applications,
        ),
        empty_message=gettext_lazy("Nothing found."),
    )
    return render(
        request,
        "access/application_list.html",
        {
            "table": table,
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


AFFAIR_SHOW = {
    "active": lambda queryset: queryset.active(),
    "ended": lambda queryset: queryset.ended(),
    "all": lambda queryset: queryset,
}


class AffairFilterForm(djforms.Form):
    """?show=active (the default) | ended | all, and ?body= (who carries the affair out)."""

    show = djforms.ChoiceField(
        label=gettext_lazy("show"),
        required=False,
        choices=[
            ("active", gettext_lazy("in force")),
            ("ended", gettext_lazy("revoked or expired")),
            ("all", gettext_lazy("All")),
        ],
        widget=djforms.Select(attrs=SELECT),
    )
    body = djforms.ChoiceField(
        label=gettext_lazy("carried out by"),
        required=False,
        choices=[("", gettext_lazy("All")), *Body.choices],
        widget=djforms.Select(attrs=SELECT),
    )

    def filter_queryset(self, queryset):
        data = getattr(self, "cleaned_data", {})
        queryset = AFFAIR_SHOW[data.get("show") or "active"](queryset)
        return queryset.filter(body=data["body"]) if data.get("body") else queryset


@role_required("access.view_admittedaffair")
def affair_list(request):
    qs = AdmittedAffair.objects.visible_to(request.user).select_related("street", "department")
    if not request.GET:
        qs = qs.active()  # an unbound filter form does not filter: the default view
    columns = [
        Column("number", "#", sortable=True, order_by=("body", "number")),
        Column("name", sortable=True, template="access/_affair_name_cell.html"),
        Column("body", sortable=True),
        Column("category", sortable=True, css_class="d-none d-md-table-cell"),
        Column("department", gettext_lazy("department"), sortable=True),
        Column(
            "valid_from",
            pgettext_lazy("validity period", "valid"),
            sortable=True,
            template="access/_affair_valid_cell.html",
            css_class="text-nowrap",
        ),
    ]
    if request.user.has_perm("access.admit_application"):
        columns.append(
            Column(
                "revoke",
                "",
                accessor=lambda a: a.status == AdmittedAffair.Status.ACTIVE and not a.lapsed,
                template="access/_affair_revoke_cell.html",
            )
        )
    table = Table(
        request,
        qs,
        columns=columns,
        search_fields=["name", "category", "department__name"],
        default_sort=("street", "body", "number"),
        page_size=PAGE_SIZE,
        filter_form=AffairFilterForm,
        empty_message=gettext_lazy("Nothing found."),
    )
    return render(
        request,
        "access/affair_list.html",
        {"table": table, "streets": Street.objects.visible_to(request.user)},
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


TASK_KINDS = {
    "admitted": Q(admitted=True),
    "unadmitted": Q(admitted=False),
    "refused": Q(status=CommunityTask.Status.REFUSED),
}


@role_required("access.view_communitytask")
def task_list(request):
    user = request.user
    can_refuse = user.has_perm("access.refuse_task")
    can_classify = user.has_perm("access.classify_task")
    dispositions = forms.ClassifyForm().fields["disposition"].choices
    columns = [
        Column("title", gettext_lazy("task"), sortable=True, template="access/_task_cell.html"),
        Column("community.name", gettext_lazy("community"), sortable=True),
        Column(
            "affair",
            gettext_lazy("admitted affair"),
            sortable=True,
            order_by=("admitted", "affair__name"),
            template="access/_task_affair_cell.html",
        ),
        Column(
            "status",
            gettext_lazy("status"),
            sortable=True,
            template="access/_task_status_cell.html",
        ),
        Column("disposition", gettext_lazy("classification"), sortable=True),
    ]
    if can_refuse or can_classify:
        columns.append(
            Column(
                "actions",
                "",
                accessor=lambda t: {
                    "refuse": can_refuse and not t.admitted and t.status == "open",
                    "classify": can_classify,
                    "dispositions": dispositions,
                },
                template="access/_task_actions_cell.html",
                css_class="text-nowrap",
            )
        )
    table = Table(
        request,
        CommunityTask.objects.visible_to(user).select_related(
            "community", "affair", "department", "sent_by", "refused_by"
        ),
        columns=columns,
        search_fields=["title", "community__name", "affair__name"],
        page_size=PAGE_SIZE,
        filter_form=_choice_filter(
            "kind",
            gettext_lazy("kind"),
            [
                ("", gettext_lazy("All")),
                ("admitted", gettext_lazy("admitted")),
                ("unadmitted", gettext_lazy("unadmitted")),
                ("refused", gettext_lazy("refused")),
            ],
            lambda queryset, kind: queryset.filter(TASK_KINDS[kind]),
        ),
        empty_message=gettext_lazy("Nothing found."),
    )
    return render(request, "access/task_list.html", {"table": table})


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
    columns = [
        Column(
            "affair",
            gettext_lazy("admitted affair"),
            sortable=True,
            order_by=("affair__name",),
            template="access/_fund_affair_cell.html",
        ),
        Column("community.name", gettext_lazy("community"), sortable=True),
        Column(
            "amount_due", pgettext_lazy("fund amount", "due"), sortable=True, css_class="text-end"
        ),
        Column(
            "transferred",
            pgettext_lazy("fund amount", "transferred"),
            sortable=True,
            css_class="text-end",
        ),
        Column("outstanding", gettext_lazy("outstanding"), sortable=True, css_class="text-end"),
    ]
    if request.user.has_perm("access.add_fundtransfer"):
        columns.append(Column("transfer", "", template="access/_fund_transfer_cell.html"))
    table = Table(
        request,
        queries.with_balances(accounts).select_related("affair", "affair__department", "community"),
        columns=columns,
        search_fields=["affair__name", "community__name", "affair__department__name"],
        default_sort=("affair", "community"),
        page_size=PAGE_SIZE,
        filter_form=_community_filter(request.user),
        empty_message=gettext_lazy("Nothing found."),
    )
    return render(
        request,
        "access/fund_list.html",
        {"table": table, "arrears": queries.arrears_by_department(accounts)},
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
    columns = [
        Column("name", sortable=True, template="access/_ledger_name_cell.html"),
        Column("category", sortable=True),
        Column("department", gettext_lazy("requiring department"), sortable=True),
        Column("decision", sortable=True, template="access/_ledger_decision_cell.html"),
    ]
    if request.user.has_perm("access.change_ledger"):
        decision_form = forms.LedgerDecisionForm(user=request.user)
        columns.append(
            Column(
                "decide",
                "",
                accessor=lambda ledger: decision_form,
                template="access/_ledger_decide_cell.html",
            )
        )
    table = Table(
        request,
        Ledger.objects.visible_to(request.user).select_related(
            "department", "merged_into", "street"
        ),
        columns=columns,
        search_fields=["name", "category", "department__name"],
        page_size=PAGE_SIZE,
        filter_form=_choice_filter(
            "decision",
            gettext_lazy("decision"),
            [("", gettext_lazy("All")), *Ledger.Decision.choices],
            lambda queryset, decision: queryset.filter(decision=decision),
        ),
        empty_message=gettext_lazy("Nothing found."),
    )
    return render(
        request,
        "access/ledger_list.html",
        {
            "table": table,
            "generated": Ledger.Generated.choices,
            "can_export": request.user.has_perm("access.export_ledger"),
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
    user = request.user
    communities = Community.objects.visible_to(user)
    today = timezone.localdate()
    columns = [
        Column("community.name", gettext_lazy("community"), sortable=True),
        Column("name", sortable=True),
        Column(
            "kind",
            sortable=True,
            accessor=lambda p: {"label": p.get_kind_display(), "allowed": p.kind in ALLOWED},
            template="access/_plaque_kind_cell.html",
        ),
        Column("hung_on", sortable=True, template="access/_date_cell.html"),
        Column("removed_on", sortable=True, template="access/_date_cell.html"),
    ]
    can_change, can_delete = (
        user.has_perm("access.change_plaque"),
        user.has_perm("access.delete_plaque"),
    )
    if can_change or can_delete:
        columns.append(
            Column(
                "actions",
                "",
                accessor=lambda p: {
                    "change": can_change,
                    "take_down": can_change and (not p.removed_on or p.removed_on > today),
                    "delete": can_delete,
                },
                template="access/_plaque_actions_cell.html",
                css_class="text-nowrap text-end",
            )
        )
    table = Table(
        request,
        Plaque.objects.visible_to(user).select_related("community", "department"),
        columns=columns,
        search_fields=["name", "community__name"],
        page_size=PAGE_SIZE,
        filter_form=_community_filter(
            user,
            (
                "kind",
                djforms.ChoiceField(
                    label=gettext_lazy("kind"),
                    required=False,
                    choices=[("", gettext_lazy("All kinds")), *Plaque.Kind.choices],
                    widget=djforms.Select(attrs=SELECT),
                ),
            ),
        ),
        empty_message=gettext_lazy("Nothing found."),
    )
    return render(
        request,
        "access/plaque_list.html",
        {
            "checks": figures.plaque_checks(communities),
            "table": table,
            "can_add": user.has_perm("access.add_plaque"),
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
