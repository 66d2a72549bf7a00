"""Screens where the street office edits the service menu (菜单): the list of every item
(also those off the menu), create / edit an item with its materials checklist and its form
fields on one page, take an item off the menu or back on, and the categories.

Who may: the holders of services.add_/change_serviceitem and _category (permissions.py: the
street admin). Rules live in services.catalog; every change is audited (AuditedModel).
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongzhi.core.tables import Column, Table
from gongzhi.core.views_base import role_required
from gongzhi.services import actions_catalog
from gongzhi.services.forms import CategoryForm, ItemFieldFormSet, ServiceItemForm, add_errors
from gongzhi.services.models import Category, ServiceItem

PAGE_SIZE = 30


def _state(item, today) -> str:
    if item.active_until and item.active_until < today:
        return "ended"
    if item.active_from and item.active_from > today:
        return "scheduled"
    return "active"


STATE_LABELS = {
    "active": gettext_lazy("on the menu"),
    "scheduled": gettext_lazy("not yet on the menu"),
    "ended": gettext_lazy("off the menu"),
}


class CatalogFilterForm(forms.Form):
    """?state=active|off and ?category=<pk> above the manage list."""

    state = forms.ChoiceField(
        label=gettext_lazy("state"),
        required=False,
        choices=[
            ("", gettext_lazy("all")),
            ("active", gettext_lazy("on the menu")),
            ("off", gettext_lazy("off the menu")),
        ],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    category = forms.ModelChoiceField(
        label=gettext_lazy("category"),
        required=False,
        queryset=Category.objects.all(),
        empty_label=gettext_lazy("all categories"),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    def filter_queryset(self, queryset):
        data = getattr(self, "cleaned_data", {})
        if data.get("category"):
            queryset = queryset.filter(category=data["category"])
        active = ServiceItem.objects.active().values("pk")
        if data.get("state") == "active":
            queryset = queryset.filter(pk__in=active)
        elif data.get("state") == "off":
            queryset = queryset.exclude(pk__in=active)
        return queryset


@role_required("services.change_serviceitem")
def catalog_manage(request):
    today = timezone.localdate()
    table = Table(
        request,
        ServiceItem.objects.select_related("category", "department"),
        columns=[
            Column("code", sortable=True),
            Column(
                "name",
                sortable=True,
                link="services:serviceitem_detail",
            ),
            Column(
                "category.name",
                gettext_lazy("category"),
                sortable=True,
                order_by=("category__order", "category__name"),
            ),
            Column("handled_at", sortable=True),
            Column(
                "time_limit_days", gettext_lazy("working days"), sortable=True, css_class="text-end"
            ),
            Column("fee", sortable=True, css_class="text-end"),
            Column("online"),
            Column(
                "state", gettext_lazy("state"), accessor=lambda i: STATE_LABELS[_state(i, today)]
            ),
        ],
        search_fields=["name", "code", "keywords"],
        default_sort=("category__order", "code"),
        page_size=PAGE_SIZE,
        filter_form=CatalogFilterForm,
    )
    return render(request, "services/catalog_manage.html", {"table": table})


def _item_form_page(request, item):
    creating = item.pk is None
    form = ServiceItemForm(request.POST or None, instance=item)
    formset = ItemFieldFormSet(request.POST or None, instance=item, prefix="fields")
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            try:
                with transaction.atomic():
                    save = (
                        actions_catalog.do_create_item
                        if creating
                        else actions_catalog.do_update_item
                    )
                    saved = save(
                        request.user,
                        form.instance,
                        formset.kept_instances(),
                        formset.deleted_instances(),
                    )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("services:serviceitem_detail", pk=saved.pk)
        messages.error(request, _("Please correct the errors below."))
    return render(
        request,
        "services/item_form.html",
        {
            "form": form,
            "formset": formset,
            "item": None if creating else item,
            "title": _("New service item")
            if creating
            else _("Edit %(name)s") % {"name": item.name},
        },
    )


@role_required("services.add_serviceitem")
def serviceitem_add(request):
    item = ServiceItem()
    category = request.GET.get("category", "")
    if category.isdigit():
        item.category = Category.objects.filter(pk=int(category)).first()
    return _item_form_page(request, item)


@role_required("services.change_serviceitem")
def serviceitem_edit(request, pk):
    return _item_form_page(request, get_object_or_404(ServiceItem, pk=pk))


def _switch_menu(request, pk, change, success):
    """Take an item off the menu or put it back (actions_catalog.do_take_off_menu /
    do_put_on_menu);
    a refusal (it already is so) is shown as a message."""
    item = get_object_or_404(ServiceItem, pk=pk)
    try:
        change(request.user, item)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(request, success % {"name": item.name})
    return redirect("services:serviceitem_detail", pk=item.pk)


@require_POST
@role_required("services.change_serviceitem")
def serviceitem_deactivate(request, pk):
    return _switch_menu(
        request,
        pk,
        actions_catalog.do_take_off_menu,
        _("“%(name)s” is off the menu: no new requests can be made."),
    )


@require_POST
@role_required("services.change_serviceitem")
def serviceitem_reactivate(request, pk):
    return _switch_menu(
        request, pk, actions_catalog.do_put_on_menu, _("“%(name)s” is on the menu again.")
    )


# --- categories ----------------------------------------------------------------------------


@role_required("services.change_category")
def category_list(request):
    can_add_item = request.user.has_perm("services.add_serviceitem")
    table = Table(
        request,
        Category.objects.annotate(n=Count("items")),
        columns=[
            Column("order", sortable=True),
            Column("name", sortable=True),
            Column(
                "n",
                gettext_lazy("items"),
                sortable=True,
                link=lambda c: f"{reverse('services:catalog_manage')}?category={c.pk}",
                css_class="text-end",
            ),
            Column(
                "actions",
                "",
                accessor=lambda c: can_add_item,
                template="services/_category_actions_cell.html",
                css_class="text-end text-nowrap",
            ),
        ],
        search_fields=["name"],
        default_sort=("order", "name"),
        page_size=PAGE_SIZE,
    )
    return render(request, "services/category_list.html", {"table": table})


def _category_form_page(request, category):
    creating = category.pk is None
    form = CategoryForm(request.POST or None, instance=category)
    if request.method == "POST":
        if form.is_valid():
            save = (
                actions_catalog.do_create_category
                if creating
                else actions_catalog.do_update_category
            )
            try:
                save(request.user, form.instance)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("services:category_list")
        messages.error(request, _("Please correct the errors below."))
    return render(
        request,
        "services/category_form.html",
        {
            "form": form,
            "title": _("New category")
            if creating
            else _("Edit %(name)s") % {"name": category.name},
        },
    )


@role_required("services.add_category")
def category_add(request):
    return _category_form_page(request, Category())


@role_required("services.change_category")
def category_edit(request, pk):
    return _category_form_page(request, get_object_or_404(Category, pk=pk))


for _view in (serviceitem_edit, serviceitem_deactivate, serviceitem_reactivate):
    _view.model = ServiceItem
category_edit.model = Category
