"""The admitted affairs (准入事项) and the public lists of them."""

from django import forms as djforms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from gongzhi.access import actions
from gongzhi.access.models import (
    AdmittedAffair,
    Body,
)
from gongzhi.access.views import _common
from gongzhi.access.views._common import (
    SELECT,
    _flash_errors,
    _object_of,
)
from gongzhi.core.tables import Column, Table
from gongzhi.core.views_base import get_visible_or_404, public_view, role_required
from gongzhi.org.models import Community, DispatchedCadre, Street


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
        page_size=_common.PAGE_SIZE,
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
