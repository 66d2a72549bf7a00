"""The class tree's screens: street admins add, edit and retire classes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongzhi.cases import actions
from gongzhi.cases.forms import CategoryForm
from gongzhi.cases.models import Category
from gongzhi.core.forms import apply_errors
from gongzhi.core.views_base import role_required


@role_required("cases.view_category")
def category_list(request):
    large = Category.objects.filter(parent__isnull=True).prefetch_related("children")
    return render(request, "cases/category_list.html", {"large": large})


def _category_form(request, category=None):
    form = CategoryForm(request.POST or None, instance=category)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if category is None:
                actions.do_create_category(request.user, None, **data)
            else:
                category = Category.objects.get(pk=category.pk)  # unsaved edits stay out
                actions.do_update_category(request.user, category, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("cases:categories")
    return render(request, "cases/category_form.html", {"form": form, "category": category})


@role_required("cases.add_category")
def category_new(request):
    return _category_form(request)


@role_required("cases.change_category")
def category_edit(request, pk):
    return _category_form(request, get_object_or_404(Category, pk=pk))


@require_POST
@role_required("cases.delete_category")
def category_delete(request, pk):
    category = get_object_or_404(Category, pk=pk)
    try:
        actions.do_delete_category(request.user, category)
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(request, _("Deleted."))
    return redirect("cases:categories")
