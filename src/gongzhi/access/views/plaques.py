"""Plaques (挂牌) on community buildings."""

from django import forms as djforms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.access import actions, figures, forms
from gongzhi.access.models import Plaque
from gongzhi.access.views import _common
from gongzhi.access.views._common import (
    ALLOWED,
    SELECT,
    _community_filter,
    _form_page,
    _object_of,
)
from gongzhi.core.forms import apply_errors
from gongzhi.core.tables import Column, Table
from gongzhi.core.views_base import get_visible_or_404, role_required
from gongzhi.org.models import Community


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
        page_size=_common.PAGE_SIZE,
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
