"""What the registry screens share: the form page, running an action onto a form, the
visible household and resident of a URL (out of scope: 404)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from gongzhi.core.forms import apply_errors
from gongzhi.registry.models import (
    Household,
    Resident,
)


def _form_page(request, form, *, title, back=None, submit=None, intro=None, obj=None):
    return render(
        request,
        "registry/form.html",
        {
            "form": form,
            "title": title,
            "back": back,
            "submit": submit or _("Save"),
            "intro": intro,
            "object": obj,
        },
    )


def _run(form, fn):
    """Call a service; on ValidationError put it on the form and return None."""
    try:
        return fn()
    except ValidationError as exc:
        apply_errors(form, exc)
        return None


def _household(request, pk) -> Household:
    qs = Household.objects.visible_to(request.user).select_related(
        "community", "grid", "building", "dwelling", "head"
    )
    try:
        return qs.get(pk=pk)
    except Household.DoesNotExist:
        raise Http404 from None


def _resident(request, pk) -> Resident:
    qs = Resident.objects.visible_to(request.user).select_related("community", "grid", "household")
    try:
        return qs.get(pk=pk)
    except Resident.DoesNotExist:
        raise Http404 from None
