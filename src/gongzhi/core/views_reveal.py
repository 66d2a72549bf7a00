"""Reveal one encrypted value, on purpose and on the record (PIPL: who, what, when, why).

POST only, with a reason; the audit entry names the field and the reason, never the value.
Answers an HTML fragment for htmx (it replaces the masked value in place) or a small page.
"""

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_POST

from gongzhi.core import audit
from gongzhi.core.audit_scope import scoped_queryset
from gongzhi.core.fields import EncryptedTextField
from gongzhi.core.forms import RevealForm
from gongzhi.core.models import AuditEntry
from gongzhi.core.templatetags.sensitive import sensitive_context
from gongzhi.core.views_base import role_required


def _target(user, app_label, model_name, pk, field_name):
    """The object and field, or 404 for anything unknown, invisible or not encrypted."""
    try:
        model = apps.get_model(app_label, model_name)
        field = model._meta.get_field(field_name)
    except (LookupError, FieldDoesNotExist):
        raise Http404 from None
    if not isinstance(field, EncryptedTextField):
        raise Http404
    qs = scoped_queryset(model, user)
    if qs is None:
        raise Http404
    try:
        obj = qs.filter(pk=pk).first()
    except (ValueError, TypeError, ValidationError):
        obj = None
    if obj is None:
        raise Http404
    return obj, field


@require_POST
@role_required("core.reveal_sensitive")
def reveal(request, app_label, model_name, pk, field):
    obj, field = _target(request.user, app_label, model_name, pk, field)
    htmx = request.headers.get("HX-Request") == "true"
    form = RevealForm(request.POST)
    if not form.is_valid():
        context = sensitive_context(request, obj, field.name, form=form)
        # htmx swaps only 2xx answers: give it the form again, with the error, in place.
        template = "core/includes/sensitive.html" if htmx else "core/reveal_page.html"
        return render(request, template, context, status=200 if htmx else 400)
    audit.record(
        AuditEntry.Action.REVEAL,
        obj,
        reason=form.cleaned_data["reason"],
        extra={"field": field.name},
    )
    context = sensitive_context(request, obj, field.name)
    context["value"] = getattr(obj, field.attname)
    template = "core/includes/revealed.html" if htmx else "core/reveal_page.html"
    return render(request, template, context)
