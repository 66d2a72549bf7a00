"""The 12345 hotline import for street staff (`cases.record_case`): upload the hotline's
.xlsx export → preview (every row checked, errors by row and column, nothing written) →
confirm (all rows, or valid rows only). The rows go through `do_import_hotline`; this
screen only keeps the upload between the two steps and shows the result."""

import os

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongzhi.cases import hotline
from gongzhi.cases.actions.hotline import check_hotline, do_import_hotline
from gongzhi.core import text
from gongzhi.core.views_base import role_required
from gongzhi.org.models import Community

RECORD = "cases.record_case"
SALT = "cases.hotline-upload"
MAX_AGE = 6 * 3600  # an upload waits this long for its confirmation


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Hotline export (.xlsx)"))


def _street(user):
    """The street the user records for (a row outside the user's own area is refused by
    do_report, as a row error)."""
    first = Community.objects.visible_to(user, RECORD).select_related("street").first()
    if first is None:
        raise Http404
    return first.street


def _rows(name: str, original: str):
    with hotline.local_copy(name) as path:
        return hotline.read(path, original)


def _preview(request, street, name: str, original: str):
    try:
        rows = _rows(name, original)
    except hotline.ImportFileError as exc:
        return None, exc.message
    return check_hotline(request.user, street, rows), ""


@role_required(RECORD)
def hotline_import(request):
    street = _street(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {"form": form, "street": street}
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, street)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        original = text.sanitize(os.path.basename(upload.name), multiline=False)[:200]
        name = hotline.stage(upload)
        result, problem = _preview(request, street, name, original)
        if problem:
            hotline.discard(name)
            form.add_error("file", problem)
        else:
            context.update(
                result=result,
                original=original,
                token=signing.dumps(
                    {"name": name, "file": original, "user": request.user.pk}, salt=SALT
                ),
            )
    return render(request, "cases/hotline_import.html", context)


def _confirm(request, street):
    try:
        data = signing.loads(request.POST["token"], salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        messages.error(request, _("The upload has expired; upload the file again."))
        return redirect("cases:hotline_import")
    if data.get("user") != request.user.pk or not hotline.staged(data["name"]):
        messages.error(request, _("The upload has expired; upload the file again."))
        return redirect("cases:hotline_import")
    valid_only = request.POST.get("valid_only") == "1"
    try:
        rows = _rows(data["name"], data["file"])
        result = do_import_hotline(
            request.user, street, rows, valid_only=valid_only, reason=data["file"]
        )
    except hotline.ImportFileError as exc:
        messages.error(request, exc.message)
        return redirect("cases:hotline_import")
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
        return redirect("cases:hotline_import")
    if not result.committed:
        form = UploadForm()
        return render(
            request,
            "cases/hotline_import.html",
            {"form": form, "street": street, "result": result, "original": data["file"]},
        )
    hotline.discard(data["name"])
    messages.success(
        request,
        _("Imported %(n)d hotline tickets; %(bad)d rows left out.")
        % {"n": result.imported, "bad": result.rejected},
    )
    return redirect("cases:list")


@role_required(RECORD)
def hotline_template(request):
    response = HttpResponse(
        hotline.template_workbook(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="hotline-12345-template.xlsx"'
    return response
