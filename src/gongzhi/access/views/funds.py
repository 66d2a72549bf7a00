"""Funds that follow tasks (费随事转) and ledgers (台帐)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from gongzhi.access import actions, exports, forms, queries
from gongzhi.access.models import (
    FundAccount,
    Ledger,
)
from gongzhi.access.views import _common
from gongzhi.access.views._common import (
    _choice_filter,
    _community_filter,
    _flash_errors,
    _form_page,
    _object_of,
)
from gongzhi.core.forms import apply_errors
from gongzhi.core.tables import Column, Table
from gongzhi.core.views_base import get_visible_or_404, role_required


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
        page_size=_common.PAGE_SIZE,
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
        page_size=_common.PAGE_SIZE,
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
