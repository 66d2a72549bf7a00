"""What the access screens share: filter forms, the form page, flashing a refusal."""

from django import forms as djforms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from gongzhi.access import figures
from gongzhi.org.models import Community

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
