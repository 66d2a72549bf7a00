"""Pages for importing (upload → background check → preview with every error → import in
the background with a progress bar → report) and for exporting residents."""

import io
import os

import openpyxl
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_POST

from gongzhi.core import text
from gongzhi.core.tables import Column, Table
from gongzhi.core.views_base import get_visible_or_404, role_required
from gongzhi.org.models import Community
from gongzhi.registry import export as exporting
from gongzhi.registry.imports import columns as C
from gongzhi.registry.imports import jobs
from gongzhi.registry.imports.readers import ImportFileError, max_bytes, open_table
from gongzhi.registry.imports.template import template_workbook
from gongzhi.registry.models import ImportJob

IMPORT_PERMISSION = "registry.import_residents"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ALLOWED_EXTENSIONS = (".xlsx", ".csv", ".txt", ".xlsm")


def _object_of(model):
    """Names the model whose pk the view's URL carries (read by the permission matrix)."""

    def decorator(view):
        view.model = model
        return view

    return decorator


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What to import"), choices=ImportJob.Kind.choices)
    community = forms.ModelChoiceField(
        label=gettext_lazy("community"), queryset=Community.objects.none()
    )
    file = forms.FileField(label=gettext_lazy("File (.xlsx or .csv)"))
    valid_only = forms.BooleanField(
        label=gettext_lazy("Import the valid rows only (the others are returned with reasons)"),
        required=False,
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = Community.objects.visible_to(user).select_related(
            "street"
        )
        self.fields["file"].widget.attrs["accept"] = ",".join(ALLOWED_EXTENSIONS)

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(ALLOWED_EXTENSIONS):
            raise ValidationError(_("Upload an .xlsx workbook or a .csv file."))
        if f.size == 0:
            raise ValidationError(_("The file is empty."))
        if f.size > max_bytes():
            raise ValidationError(
                _("The file is larger than %(limit)s MB.") % {"limit": max_bytes() // (1024 * 1024)}
            )
        return f


PAGE_SIZE = 30
SELECT = {"class": "form-select form-select-sm"}


class ImportFilterForm(forms.Form):
    """?kind= and ?status= above the list of imports."""

    kind = forms.ChoiceField(
        label=gettext_lazy("kind"),
        required=False,
        choices=[("", gettext_lazy("All kinds")), *ImportJob.Kind.choices],
        widget=forms.Select(attrs=SELECT),
    )
    status = forms.ChoiceField(
        label=gettext_lazy("status"),
        required=False,
        choices=[("", gettext_lazy("All")), *ImportJob.Status.choices],
        widget=forms.Select(attrs=SELECT),
    )


@role_required(IMPORT_PERMISSION)
def import_list(request):
    posted = request.method == "POST"
    form = UploadForm(
        request.POST if posted else None, request.FILES if posted else None, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        job = jobs.create_job(
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
            community=form.cleaned_data["community"],
            user=request.user,
            valid_only=form.cleaned_data["valid_only"],
        )
        return redirect("registry:import_detail", pk=job.pk)
    table = Table(
        request,
        ImportJob.objects.visible_to(request.user).select_related("community", "created_by"),
        columns=[
            Column("original_name", sortable=True, link="registry:import_detail"),
            Column("kind", sortable=True),
            Column("community", gettext_lazy("community"), sortable=True),
            Column("status", sortable=True),
            Column("total_rows", sortable=True, css_class="text-end"),
            Column("imported_rows", sortable=True, css_class="text-end"),
            Column(
                "created_at",
                gettext_lazy("created at"),
                sortable=True,
                accessor=lambda job: date_format(localtime(job.created_at), "Y-m-d H:i"),
            ),
        ],
        search_fields=["original_name"],
        default_sort=("-created_at", "-id"),
        page_size=PAGE_SIZE,
        filter_form=ImportFilterForm,
        empty_message=gettext_lazy("No imports yet."),
    )
    return render(
        request,
        "registry/import_list.html",
        {"form": form, "table": table, "kinds": ImportJob.Kind.choices},
        status=400 if form.errors else 200,
    )


@role_required(IMPORT_PERMISSION)
def import_template(request, kind):
    if kind not in C.KINDS:
        raise Http404
    name = {"buildings": "楼栋导入模板", "households": "住户导入模板", "residents": "居民导入模板"}[
        kind
    ]
    return FileResponse(
        io.BytesIO(template_workbook(kind)),
        as_attachment=True,
        filename=f"{name}.xlsx",
        content_type=XLSX,
    )


def _headers(job: ImportJob) -> list[str]:
    try:
        with jobs._local_copy(job) as path:
            table = open_table(path)
            table.close()
            return table.headers
    except (ImportFileError, OSError):
        return []


def _mapping_rows(job: ImportJob):
    spec = C.KINDS[job.kind]
    headers = _headers(job)
    auto = C.match_headers(spec, headers, job.column_mapping)
    options = [("", _("— ignore —"))] + [(c.key, str(c.label)) for c in spec.columns]
    return [
        {"index": i, "header": h, "selected": auto.get(i, ""), "options": options}
        for i, h in enumerate(headers)
        if h
    ]


@_object_of(ImportJob)
@role_required(IMPORT_PERMISSION)
def import_detail(request, pk):
    job = get_visible_or_404(ImportJob, request.user, pk=pk)
    cells, counts = jobs.split_errors(job)
    spec = C.KINDS[job.kind]
    context = {
        "job": job,
        "errors": cells,
        "counts": counts,
        "more_errors": job.rejected_rows and sum(e["count"] for e in counts) > len(cells),
        "mapping": _mapping_rows(job)
        if job.status
        in (ImportJob.Status.PREVIEW, ImportJob.Status.INVALID, ImportJob.Status.FAILED)
        else [],
        "required": [str(c.label) for c in spec.columns if c.required],
        "working": job.status
        in (ImportJob.Status.UPLOADED, ImportJob.Status.VALIDATING, ImportJob.Status.RUNNING),
    }
    return render(request, "registry/import_detail.html", context)


@_object_of(ImportJob)
@role_required(IMPORT_PERMISSION)
def import_progress(request, pk):
    job = get_visible_or_404(ImportJob, request.user, pk=pk)
    working = job.status in (
        ImportJob.Status.UPLOADED,
        ImportJob.Status.VALIDATING,
        ImportJob.Status.RUNNING,
    )
    response = render(request, "registry/import_progress.html", {"job": job, "working": working})
    if not working and request.headers.get("HX-Request"):
        # Finished: reload the page to show the preview or the report.
        response["HX-Refresh"] = "true"
    return response


@_object_of(ImportJob)
@require_POST
@role_required(IMPORT_PERMISSION)
def import_start(request, pk):
    job = get_visible_or_404(ImportJob, request.user, pk=pk)
    valid_only = request.POST.get("valid_only") == "1"
    if job.status == ImportJob.Status.INVALID and not valid_only:
        messages.error(
            request,
            _("The file has errors: fix them and upload it again, or import the valid rows only."),
        )
        return redirect("registry:import_detail", pk=job.pk)
    if job.status not in (ImportJob.Status.PREVIEW, ImportJob.Status.INVALID):
        messages.error(request, _("This import cannot be started now."))
        return redirect("registry:import_detail", pk=job.pk)
    jobs.start(job, valid_only=valid_only)
    return redirect("registry:import_detail", pk=job.pk)


@_object_of(ImportJob)
@require_POST
@role_required(IMPORT_PERMISSION)
def import_remap(request, pk):
    job = get_visible_or_404(ImportJob, request.user, pk=pk)
    if job.status not in (
        ImportJob.Status.PREVIEW,
        ImportJob.Status.INVALID,
        ImportJob.Status.FAILED,
    ):
        raise PermissionDenied
    keys = {c.key for c in C.KINDS[job.kind].columns}
    mapping = {}
    for h in _headers(job):
        if not h:
            continue
        value = request.POST.get(f"map-{h}")
        if value is not None:
            mapping[h] = value if value in keys else ""
    jobs.remap(job, mapping)
    return redirect("registry:import_detail", pk=job.pk)


@_object_of(ImportJob)
@role_required(IMPORT_PERMISSION)
def import_rejected(request, pk):
    job = get_visible_or_404(ImportJob, request.user, pk=pk)
    if not job.rejected_file:
        raise Http404
    stem = os.path.splitext(job.original_name)[0]
    return FileResponse(
        job.rejected_file.open("rb"),
        as_attachment=True,
        filename=f"{stem}-未通过的行.xlsx",
        content_type=XLSX,
    )


@_object_of(ImportJob)
@role_required(IMPORT_PERMISSION)
def import_report(request, pk):
    """The result of an import as a workbook: the summary and the errors."""
    job = get_visible_or_404(ImportJob, request.user, pk=pk)
    cells, counts = jobs.split_errors(job)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = _("Summary")
    for label, value in [
        (_("file name"), job.original_name),
        (_("kind"), job.get_kind_display()),
        (_("community"), str(job.community)),
        (_("status"), job.get_status_display()),
        (_("rows"), job.total_rows),
        (pgettext("import", "imported"), job.imported_rows),
        (_("rejected"), job.rejected_rows),
        (_("import valid rows only"), _("yes") if job.valid_only else _("no")),
        (_("created by"), str(job.created_by or "")),
        (_("created at"), timezone.localtime(job.created_at).strftime("%Y-%m-%d %H:%M")),
        (
            _("finished at"),
            timezone.localtime(job.finished_at).strftime("%Y-%m-%d %H:%M")
            if job.finished_at
            else "",
        ),
        (_("message"), job.message),
    ]:
        ws.append(text.row([str(label), value]))
    ws2 = wb.create_sheet(_("Errors"))
    ws2.append([_("Row"), _("Column"), _("Error")])
    for e in cells:
        ws2.append(text.row([e.get("row"), e.get("column"), e.get("message")]))
    ws3 = wb.create_sheet(_("Errors per column"))
    ws3.append([_("Column"), _("Count")])
    for e in counts:
        ws3.append(text.row([e["column"], e["count"]]))
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    stem = os.path.splitext(job.original_name)[0]
    return FileResponse(
        out, as_attachment=True, filename=f"{stem}-导入报告.xlsx", content_type=XLSX
    )


class ExportForm(forms.Form):
    community = forms.ModelChoiceField(
        label=gettext_lazy("community"),
        queryset=Community.objects.none(),
        required=False,
        empty_label=gettext_lazy("All I may see"),
    )
    reveal = forms.BooleanField(
        label=gettext_lazy("Export unmasked ID numbers and phones"), required=False
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["community"].queryset = Community.objects.visible_to(user).select_related(
            "street"
        )
        if not exporting.may_reveal(user):
            del self.fields["reveal"]
            del self.fields["reason"]

    def clean(self):
        data = super().clean()
        if data.get("reveal") and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for exporting unmasked personal data."))
        return data


@role_required(exporting.EXPORT_PERMISSION)
def export_residents(request):
    form = ExportForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        out = io.BytesIO()
        exporting.export_residents(
            out,
            user=request.user,
            community=form.cleaned_data.get("community"),
            reveal=bool(form.cleaned_data.get("reveal")),
            reason=form.cleaned_data.get("reason", ""),
        )
        out.seek(0)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return FileResponse(
            out, as_attachment=True, filename=f"居民-{stamp}.xlsx", content_type=XLSX
        )
    return render(
        request,
        "registry/export_residents.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def job_urls(job: ImportJob) -> dict:
    return {
        "detail": reverse("registry:import_detail", args=[job.pk]),
        "rejected": reverse("registry:import_rejected", args=[job.pk])
        if job.rejected_file
        else None,
        "report": reverse("registry:import_report", args=[job.pk]),
    }
