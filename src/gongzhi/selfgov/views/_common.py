"""What the screens share: messages from a refusal, the form page, records chosen by id in a
form, PDFs, dates and times from a form."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from gongzhi.core.errors import refuse
from gongzhi.selfgov.errors import Code


def show_errors(request, exc: ValidationError):
    for message in exc.messages:
        messages.error(request, message)


def form_page(request, form, title, cancel):
    return render(
        request, "selfgov/form.html", {"form": form, "title": title, "cancel_url": cancel}
    )


def posted(queryset, post, field: str):
    """The object a form names by id in `field`, or 404 — also for a garbled id."""
    value = post.get(field) or ""
    if not value.isdigit():
        raise Http404
    return get_object_or_404(queryset, pk=int(value))


def chosen(queryset, post, field: str):
    """The record a step's form names by id in `field`: none named is a refusal with a
    message (the form was sent without a choice); a garbled or unknown id is 404."""
    if not (post.get(field) or "").strip():
        refuse(Code.NOTHING_CHOSEN, _("Choose one from the list."), field=field)
    return posted(queryset, post, field)


def optional(queryset, post, field: str):
    """The record named by id in `field`, or None when none is named; a garbled or unknown
    id is 404."""
    if not (post.get(field) or "").strip():
        return None
    return posted(queryset, post, field)


def pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def when(value):
    parsed = parse_datetime(value or "")
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def form_date(value, field: str):
    """An optional date from a form (YYYY-MM-DD); a garbled one is a field error."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValidationError({field: _("Enter a date as YYYY-MM-DD.")}) from None
