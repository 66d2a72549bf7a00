"""Screens of the time bank: accounts of the user's area with their balances, one account
with its movements and the transfer and redemption forms, the redemption requests (with the
to-do "requests waiting") and the street's settings."""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongzhi.civil.actions import timebank
from gongzhi.civil.models import Account, Posting, Redemption, TimeBankSettings
from gongzhi.core.forms import style_widgets
from gongzhi.core.tables import Column, Table
from gongzhi.core.views_base import get_visible_or_404, role_required
from gongzhi.org.models import Street
from gongzhi.registry.models import Resident

HOURS = {"max_digits": 8, "decimal_places": 2, "min_value": Decimal("0.01"), "max_value": 1500}


class TransferForm(forms.Form):
    to = forms.ModelChoiceField(
        label=gettext_lazy("to a family member"), queryset=Resident.objects.none()
    )
    hours = forms.DecimalField(label=gettext_lazy("hours"), **HOURS)
    memo = forms.CharField(label=gettext_lazy("memo"), max_length=200, required=False)

    def __init__(self, *args, account=None, **kwargs):
        super().__init__(*args, **kwargs)
        if account is not None and account.owner_id and account.owner.household_id:
            self.fields["to"].queryset = Resident.objects.filter(
                household=account.owner.household_id
            ).exclude(pk=account.owner_id)
        style_widgets(self)


class RedeemForm(forms.Form):
    service = forms.CharField(label=gettext_lazy("service"), max_length=100)
    hours = forms.DecimalField(label=gettext_lazy("hours"), **HOURS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class SettingsForm(forms.Form):
    enabled = forms.BooleanField(label=gettext_lazy("enabled"), required=False)
    cap_hours = forms.DecimalField(
        label=gettext_lazy("storage cap per account (hours)"),
        max_digits=8,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=15000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


def waiting_requests(user):
    """The to-do: redemption requests waiting to be served that the user may serve."""
    return Redemption.objects.visible_to(user, "civil.change_redemption").filter(
        status=Redemption.Status.REQUESTED
    )


def _errors(request, exc):
    for error in exc.messages:
        messages.error(request, error)


@role_required("civil.view_account")
def accounts(request):
    table = Table(
        request,
        Account.objects.visible_to(request.user)
        .filter(kind=Account.Kind.PERSON)
        .select_related("owner", "street"),
        columns=[
            Column("owner.name", gettext_lazy("owner"), link="civil:tb_account"),
            Column("street.name", gettext_lazy("street")),
            Column("balance", sortable=True),
        ],
        search_fields=["owner__name"],
        default_sort=("-balance", "id"),
        page_size=30,
        empty_message=gettext_lazy("No accounts yet."),
    )
    return render(request, "civil/timebank/accounts.html", {"table": table})


@role_required("civil.view_account")
def account(request, pk):
    acc = get_visible_or_404(Account, request.user, pk=pk)
    postings = (
        Posting.objects.filter(account=acc).select_related("transfer").order_by("-transfer_id")
    )
    return render(
        request,
        "civil/timebank/account.html",
        {
            "account": acc,
            "postings": postings[:100],
            "pending": timebank.pending_hours(acc),
            "redemptions": acc.redemptions.all()[:20],
            "transfer_form": TransferForm(account=acc),
            "redeem_form": RedeemForm(),
        },
    )


@require_POST
@role_required("civil.add_transfer")
def account_transfer(request, pk):
    acc = get_visible_or_404(Account, request.user, pk=pk)
    form = TransferForm(request.POST, account=acc)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("civil:tb_account", pk=acc.pk)
    try:
        timebank.do_transfer_hours(request.user, acc, **form.cleaned_data)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Hours transferred."))
    return redirect("civil:tb_account", pk=acc.pk)


@require_POST
@role_required("civil.change_redemption")
def account_redeem(request, pk):
    acc = get_visible_or_404(Account, request.user, pk=pk)
    form = RedeemForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("civil:tb_account", pk=acc.pk)
    try:
        timebank.do_request_redemption(request.user, acc, **form.cleaned_data)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Request recorded."))
    return redirect("civil:tb_account", pk=acc.pk)


@role_required("civil.view_redemption")
def redemptions(request):
    table = Table(
        request,
        Redemption.objects.visible_to(request.user).select_related("account__owner"),
        columns=[
            Column("account.owner.name", gettext_lazy("owner")),
            Column("service"),
            Column("hours"),
            Column("status", sortable=True),
            Column("created_at", sortable=True),
            Column("served_at", sortable=True),
            Column(
                "id", gettext_lazy("action"), template="civil/timebank/_redemption_actions.html"
            ),
        ],
        search_fields=["account__owner__name", "service"],
        default_sort=("-created_at", "-id"),
        page_size=30,
        empty_message=gettext_lazy("No requests."),
    )
    return render(request, "civil/timebank/redemptions.html", {"table": table})


@require_POST
@role_required("civil.change_redemption")
def redemption_step(request, pk, step):
    redemption = get_visible_or_404(Redemption, request.user, pk=pk)
    do = {"serve": timebank.do_serve_redemption, "cancel": timebank.do_cancel_redemption}.get(step)
    if do is None:
        return redirect("civil:tb_redemptions")
    try:
        do(request.user, redemption)
    except ValidationError as exc:
        _errors(request, exc)
    except PermissionDenied:
        messages.error(request, _("You may not do this here."))
    else:
        messages.success(request, _("Done."))
    return redirect("civil:tb_redemptions")


@role_required("civil.change_timebanksettings")
def settings_view(request):
    street = Street.objects.visible_to(request.user).order_by("pk").first()
    if street is None:
        raise PermissionDenied
    bank = TimeBankSettings.objects.filter(street=street).first()
    initial = {
        "enabled": bank.enabled if bank else False,
        "cap_hours": bank.cap_hours if bank else 1500,
    }
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            timebank.do_configure_time_bank(request.user, street, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in getattr(exc, "error_dict", {None: exc.error_list}).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Saved."))
            return redirect("civil:tb_settings")
    return render(
        request,
        "civil/timebank/settings.html",
        {"form": form, "street": street},
        status=400 if form.errors else 200,
    )


# The record each view's URL names (the permission matrix reads it).
account.model = account_transfer.model = account_redeem.model = Account
redemption_step.model = Redemption
