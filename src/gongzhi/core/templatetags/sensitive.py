"""`{% load sensitive %}{% sensitive obj "phone" %}`: a sensitive value shown masked, with a
small "reveal" form (reason required) for users holding core.reveal_sensitive."""

from django import template
from django.urls import reverse

from gongzhi.core.masking import mask_text

register = template.Library()


def sensitive_context(request, obj, field_name: str, form=None) -> dict:
    field = obj._meta.get_field(field_name)
    value = getattr(obj, field.attname) or ""
    masker = getattr(field, "masker", None) or mask_text
    meta = obj._meta
    user = getattr(request, "user", None)
    return {
        "masked": masker(value) if value else "",
        "has_value": bool(value),
        "label": field.verbose_name,
        "dom_id": f"sensitive-{meta.app_label}-{meta.model_name}-{obj.pk}-{field.name}",
        "can_reveal": bool(user and user.has_perm("core.reveal_sensitive")),
        "url": reverse("core:reveal", args=[meta.app_label, meta.model_name, obj.pk, field.name]),
        "form": form,
        "request": request,
    }


@register.inclusion_tag("core/includes/sensitive.html", takes_context=True)
def sensitive(context, obj, field_name):
    data = sensitive_context(context.get("request"), obj, field_name)
    data["csrf_token"] = context.get("csrf_token")
    return data
