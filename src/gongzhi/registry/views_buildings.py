"""Registry screens of buildings and their flats (dwellings)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.core.tables import Column, Table
from gongzhi.core.views_base import get_visible_or_404, role_required
from gongzhi.registry import actions, forms
from gongzhi.registry.choices import ResidentStatus
from gongzhi.registry.models import (
    Building,
    Dwelling,
    Household,
)
from gongzhi.registry.views_common import _form_page, _run

DWELLING_PAGE_SIZE = 100  # a building's flats: most fit on one page

# --- buildings ----------------------------------------------------------------------------


@role_required("registry.view_building")
def building_list(request):
    qs = Building.objects.visible_to(request.user).select_related("community", "grid", "estate")
    table = Table(
        request,
        qs,
        columns=[
            Column("address", sortable=True, link="registry:building_detail"),
            Column("name", sortable=True),
            Column("community.name", gettext_lazy("community"), sortable=True),
            Column("grid", gettext_lazy("grid"), sortable=True, order_by="grid__number"),
            Column("kind"),
            Column("household_count", sortable=True, css_class="text-end"),
        ],
        search_fields=["address", "name"],
        default_sort="address",
    )
    return render(
        request,
        "registry/building_list.html",
        {
            "table": table,
            "can_add": request.user.has_perm("registry.add_building"),
        },
    )


@role_required("registry.view_building")
def building_detail(request, pk):
    building = get_visible_or_404(Building, request.user, pk=pk)
    households = (
        Household.objects.visible_to(request.user)
        .filter(building=building, active=True)
        .select_related("head")
        .annotate(n=Count("members", filter=Q(members__status=ResidentStatus.ACTIVE)))
        .order_by("address", "number")
    )
    return render(
        request,
        "registry/building_detail.html",
        {
            "building": building,
            "households": households,
            "can_change": request.user.has_perm("registry.change_building"),
            "can_add_household": request.user.has_perm("registry.add_household"),
            "dwelling_count": building.dwellings.count(),
            "can_view_dwellings": request.user.has_perm("registry.view_dwelling"),
        },
    )


@role_required("registry.add_building")
def building_create(request):
    form = forms.BuildingForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        b = _run(form, lambda: actions.do_create_building(request.user, form.instance))
        if b is not None:
            messages.success(request, _("Building saved."))
            return redirect("registry:building_detail", pk=b.pk)
    return _form_page(
        request, form, title=_("New building"), back=reverse("registry:building_list")
    )


@role_required("registry.change_building")
def building_edit(request, pk):
    building = get_visible_or_404(Building, request.user, pk=pk)
    form = forms.BuildingForm(request.POST or None, instance=building, user=request.user)
    if request.method == "POST" and form.is_valid():
        b = _run(form, lambda: actions.do_update_building(request.user, form.instance))
        if b is not None:
            messages.success(request, _("Building saved."))
            return redirect("registry:building_detail", pk=b.pk)
    return _form_page(
        request,
        form,
        title=_("Edit building"),
        obj=building,
        back=reverse("registry:building_detail", args=[pk]),
    )


# --- flats (dwellings) of a building --------------------------------------------------------


@role_required("registry.view_dwelling")
def dwelling_list(request, pk):
    building = get_visible_or_404(Building, request.user, pk=pk)
    dwellings = (
        Dwelling.objects.visible_to(request.user)
        .filter(building=building)
        .annotate(n=Count("households", filter=Q(households__active=True)))
    )
    user = request.user
    can_change = user.has_perm("registry.change_dwelling")
    can_add_household = user.has_perm("registry.add_household")
    columns = [
        Column("unit", sortable=True, order_by=("unit", "floor", "number")),
        Column("floor", sortable=True, order_by=("floor", "unit", "number")),
        Column("number", sortable=True),
        Column("area", gettext_lazy("area (m²)"), sortable=True, css_class="text-end"),
        Column("n", gettext_lazy("households"), sortable=True, css_class="text-end"),
    ]
    if can_change or can_add_household:
        columns.append(
            Column(
                "actions",
                "",
                accessor=lambda d: {
                    "change": can_change,
                    "add_household": can_add_household and not d.n,
                },
                template="registry/_dwelling_actions_cell.html",
                css_class="text-end text-nowrap",
            )
        )
    table = Table(
        request,
        dwellings,
        columns=columns,
        search_fields=["number"],
        default_sort=("unit", "floor", "number"),
        page_size=DWELLING_PAGE_SIZE,
        empty_message=gettext_lazy("No flats recorded yet."),
    )
    return render(
        request,
        "registry/dwelling_list.html",
        {
            "building": building,
            "table": table,
            "can_add": user.has_perm("registry.add_dwelling"),
        },
    )


@role_required("registry.add_dwelling")
def dwelling_create(request, pk):
    building = get_visible_or_404(Building, request.user, pk=pk)
    form = forms.DwellingForm(
        request.POST or None, instance=Dwelling(building=building), initial={"unit": 1}
    )
    if request.method == "POST" and form.is_valid():
        d = _run(form, lambda: actions.do_create_dwelling(request.user, building, form.instance))
        if d is not None:
            messages.success(request, _("Flat %(flat)s saved.") % {"flat": f"{d.unit}-{d.number}"})
            if request.POST.get("another"):
                return redirect("registry:dwelling_create", pk=building.pk)
            return redirect("registry:dwelling_list", pk=building.pk)
    return render(
        request,
        "registry/form.html",
        {
            "form": form,
            "title": _("New flat in %(address)s") % {"address": building.address},
            "back": reverse("registry:dwelling_list", args=[building.pk]),
            "submit": _("Save"),
            "submit_another": _("Save and add another"),
        },
    )


@role_required("registry.change_dwelling")
def dwelling_edit(request, pk):
    dwelling = (
        Dwelling.objects.visible_to(request.user).select_related("building").filter(pk=pk).first()
    )
    if dwelling is None:
        raise Http404
    form = forms.DwellingForm(request.POST or None, instance=dwelling)
    if request.method == "POST" and form.is_valid():
        d = _run(form, lambda: actions.do_update_dwelling(request.user, form.instance))
        if d is not None:
            messages.success(request, _("Flat %(flat)s saved.") % {"flat": f"{d.unit}-{d.number}"})
            return redirect("registry:dwelling_list", pk=dwelling.building_id)
    return _form_page(
        request,
        form,
        title=_("Edit flat %(flat)s, %(address)s")
        % {"flat": f"{dwelling.unit}-{dwelling.number}", "address": dwelling.building.address},
        obj=dwelling,
        back=reverse("registry:dwelling_list", args=[dwelling.building_id]),
    )


# The model each route's <pk> names (read by the permission-matrix test).
for _view in (dwelling_list, dwelling_create):
    _view.model = Building
dwelling_edit.model = Dwelling
