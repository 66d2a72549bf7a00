"""What the screens share: messages from a refusal, the form page, records chosen by id in a
form, PDFs, dates and times from a form."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongzhi.core.errors import refuse
from gongzhi.core.views_base import get_visible_or_404, role_required
from gongzhi.selfgov.errors import Code


def show_errors(request, exc: ValidationError):
    for message in exc.messages:
        messages.error(request, message)


def steps(model, prefix: str, back: str, *, permission: str, done: bool = False, by_pk=True):
    """The registry (name → view) of a record's steps and the decorator that makes each:
    `@step(name)` on `fn(request, obj)` gives a POST-only view `<prefix>_<name>(request, pk)`
    under `permission` (the action checks it again in the record's place), the record
    visible to the user (else 404), a refusal shown as messages, then back to the page named
    `back` (given the record's pk if `by_pk`). `done`: say "Done." when the step says
    nothing itself."""
    registry = {}

    def step(name: str, *, permission: str = permission, done: bool = done):
        def decorate(fn):
            @require_POST
            @role_required(permission)
            def view(request, pk):
                obj = get_visible_or_404(model, request.user, pk=pk)
                try:
                    fn(request, obj)
                except ValidationError as exc:
                    show_errors(request, exc)
                else:
                    if done:
                        messages.success(request, _("Done."))
                return redirect(back, pk=obj.pk) if by_pk else redirect(back)

            view.__name__ = view.__qualname__ = f"{prefix}_{name}"
            view.__doc__ = fn.__doc__
            registry[name] = view
            return view

        return decorate

    return registry, step


def old_route(model, registry: dict, detail: str, *, permission: str, names=None):
    """The old single POST route of a record's steps: hands the POST to the step its form's
    `action` field names (`names` maps old names to steps); an unknown one is a message."""

    @require_POST
    @role_required(permission)
    def view(request, pk):
        field = request.POST.get("action", "")
        step = registry.get((names or {}).get(field, field))
        if step is None:
            get_visible_or_404(model, request.user, pk=pk)
            messages.error(request, _("Unknown action."))
            return redirect(detail, pk=pk)
        return step(request, pk)

    return view


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
