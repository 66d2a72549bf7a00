"""Screens of the hours ledger: the entries of the user's area (with the to-do "hours to
confirm"), one entry with its confirm and correct buttons, hours recorded by hand, the
national-system export; certificates (issue, the PDF) and a volunteer's standing."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongzhi.civil import certificates, exports
from gongzhi.civil.actions import ledger, recognition
from gongzhi.civil.models import Activity, Certificate, HoursEntry, Organization, Volunteer
from gongzhi.core.forms import apply_errors, style_widgets
from gongzhi.core.tables import Column, Table
from gongzhi.core.views_base import get_visible_or_404, role_required

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LOCAL = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class HoursForm(forms.ModelForm):
    class Meta:
        model = HoursEntry
        fields = [
            "volunteer",
            "organization",
            "activity",
            "content",
            "place",
            "started_at",
            "ended_at",
        ]
        widgets = {"started_at": LOCAL, "ended_at": LOCAL}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].queryset = Volunteer.objects.visible_to(user).select_related(
            "resident"
        )
        self.fields["organization"].queryset = Organization.objects.visible_to(user, "view")
        self.fields["activity"].queryset = Activity.objects.visible_to(user, "view")
        for name in ("started_at", "ended_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        style_widgets(self)

    def _post_clean(self):
        pass  # the rules are the action's (civil.actions.ledger)


class ReverseForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("reason"), max_length=200)


class CertificateForm(forms.Form):
    period_from = forms.DateField(
        label=gettext_lazy("from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    period_to = forms.DateField(
        label=gettext_lazy("to"), widget=forms.DateInput(attrs={"type": "date"})
    )
    issuer = forms.CharField(label=gettext_lazy("issued by"), max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


def to_confirm(user):
    """The to-do: entries waiting for confirmation that the user may confirm."""
    return HoursEntry.objects.visible_to(user, "civil.confirm_hoursentry").filter(
        confirmed_at__isnull=True, reverses__isnull=True
    )


@role_required("civil.view_hoursentry")
def hours_list(request):
    table = Table(
        request,
        HoursEntry.objects.visible_to(request.user).select_related("volunteer__resident"),
        columns=[
            Column("volunteer.resident.name", gettext_lazy("volunteer"), link="civil:hours_detail"),
            Column("content"),
            Column("place"),
            Column("started_at", sortable=True),
            Column("hours", sortable=True),
            Column("confirmed_at", sortable=True),
        ],
        search_fields=["volunteer__resident__name", "content", "place"],
        default_sort=("-started_at", "-id"),
        page_size=30,
        empty_message=gettext_lazy("No hours recorded."),
    )
    return render(request, "civil/ledger/hours_list.html", {"table": table})


@role_required("civil.view_hoursentry")
def hours_detail(request, pk):
    entry = get_visible_or_404(HoursEntry, request.user, pk=pk)
    return render(
        request,
        "civil/ledger/hours_detail.html",
        {
            "entry": entry,
            "reversal": HoursEntry.objects.filter(reverses=entry).first(),
            "reverse_form": ReverseForm(),
        },
    )


@role_required("civil.add_hoursentry")
def hours_record(request):
    form = HoursForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = ledger.do_record_hours(
                request.user,
                data["volunteer"],
                started_at=data["started_at"],
                ended_at=data["ended_at"],
                content=data["content"],
                place=data["place"],
                organization=data.get("organization"),
                activity=data.get("activity"),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Hours recorded."))
            return redirect("civil:hours_detail", pk=entry.pk)
    return render(
        request,
        "civil/ledger/hours_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _act(request, step, *args, **kwargs):
    try:
        result = step(request.user, *args, **kwargs)
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
        return None
    except PermissionDenied:
        messages.error(request, _("You may not do this here."))
        return None
    messages.success(request, _("Done."))
    return result


@require_POST
@role_required("civil.confirm_hoursentry")
def hours_confirm(request, pk):
    entry = get_visible_or_404(HoursEntry, request.user, pk=pk)
    _act(request, ledger.do_confirm_hours, entry)
    return redirect("civil:hours_detail", pk=entry.pk)


@require_POST
@role_required("civil.correct_hoursentry")
def hours_reverse(request, pk):
    entry = get_visible_or_404(HoursEntry, request.user, pk=pk)
    form = ReverseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why these hours are corrected."))
        return redirect("civil:hours_detail", pk=entry.pk)
    reversal = _act(request, ledger.do_reverse_hours, entry, form.cleaned_data["reason"])
    return redirect("civil:hours_detail", pk=(reversal or entry).pk)


@role_required("civil.view_hoursentry")
def hours_export(request):
    data = exports.export_hours(request.user)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="volunteer-hours-{timezone.localdate():%Y%m%d}.xlsx"'
    )
    return response


# --- a volunteer's standing and certificates --------------------------------------------


@role_required("civil.view_hoursentry")
def volunteer_hours(request, pk):
    volunteer = get_visible_or_404(Volunteer, request.user, pk=pk)
    level, to_next = recognition.next_level(volunteer)
    form = CertificateForm(
        initial={"period_to": timezone.localdate(), "issuer": str(volunteer.community.street)}
    )
    return render(
        request,
        "civil/ledger/volunteer_hours.html",
        {
            "volunteer": volunteer,
            "stars": recognition.star_level(volunteer),
            "next_level": level,
            "to_next": to_next,
            "entries": volunteer.hours.order_by("-started_at")[:50],
            "certificates": Certificate.objects.visible_to(request.user, "view").filter(
                volunteer=volunteer
            ),
            "form": form,
        },
    )


@require_POST
@role_required("civil.add_certificate")
def certificate_issue(request, pk):
    volunteer = get_visible_or_404(Volunteer, request.user, pk=pk)
    form = CertificateForm(request.POST)
    if form.is_valid():
        certificate = _act(
            request, recognition.do_issue_certificate, volunteer, **form.cleaned_data
        )
        if certificate is not None:
            return redirect("civil:certificate_pdf", pk=certificate.pk)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("civil:volunteer_hours", pk=volunteer.pk)


@role_required("civil.view_certificate")
def certificate_pdf(request, pk):
    certificate = get_object_or_404(
        Certificate.objects.visible_to(request.user).select_related("volunteer__resident"), pk=pk
    )
    url = request.build_absolute_uri(reverse("civil_public:certificate", args=[certificate.code]))
    response = HttpResponse(
        certificates.certificate_pdf(certificate, url), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="certificate-{certificate.code}.pdf"'
    return response


# The record each view's URL names (the permission matrix reads it).
hours_detail.model = hours_confirm.model = hours_reverse.model = HoursEntry
volunteer_hours.model = certificate_issue.model = Volunteer
certificate_pdf.model = Certificate
