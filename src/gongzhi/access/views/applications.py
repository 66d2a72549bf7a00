"""Applications for access (准入申请): list, create, edit, submit, review, admit."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongzhi.access import actions, forms, queries
from gongzhi.access.models import Application
from gongzhi.access.views import _common
from gongzhi.access.views._common import (
    _choice_filter,
    _flash_errors,
    _form_page,
    _object_of,
)
from gongzhi.core.forms import apply_errors
from gongzhi.core.tables import Column, Table
from gongzhi.core.views_base import get_visible_or_404, role_required


def _filter_applications(queryset, status):
    if status == "overdue":
        return queryset.overdue()
    return queryset.filter(status=status)


@role_required("access.view_application")
def application_list(request):
    table = Table(
        request,
        Application.objects.visible_to(request.user).select_related("street", "department"),
        columns=[
            Column("title", sortable=True, link="access:application_detail"),
            Column("department", gettext_lazy("department"), sortable=True),
            Column(
                "status",
                gettext_lazy("status"),
                sortable=True,
                template="access/_application_status_cell.html",
            ),
            Column(
                "meets_four_sync",
                gettext_lazy("four synchronizations"),
                sortable=True,
                template="access/_four_sync_cell.html",
            ),
            Column(
                "decision_due",
                gettext_lazy("decision due"),
                sortable=True,
                template="access/_decision_due_cell.html",
            ),
        ],
        search_fields=["title", "department__name"],
        page_size=_common.PAGE_SIZE,
        filter_form=_choice_filter(
            "status",
            gettext_lazy("status"),
            [
                ("", gettext_lazy("All")),
                ("overdue", gettext_lazy("overdue")),
                *Application.Status.choices,
            ],
            _filter_applications,
        ),
        empty_message=gettext_lazy("Nothing found."),
    )
    return render(
        request,
        "access/application_list.html",
        {
            "table": table,
            "overdue_count": Application.objects.visible_to(request.user).overdue().count(),
        },
    )


@role_required("access.add_application")
def application_create(request):
    form = forms.ApplicationForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            app = actions.do_create_application(
                request.user, form.instance, form.cleaned_data["communities"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The application was saved as a draft."))
            return redirect("access:application_detail", pk=app.pk)
    return _form_page(
        request, form, _("New access application"), "access:application_list", multipart=True
    )


@_object_of(Application)
@role_required("access.change_application")
def application_edit(request, pk):
    app = get_visible_or_404(Application, request.user, pk=pk)
    form = forms.ApplicationForm(
        request.POST or None, request.FILES or None, instance=app, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_save_application(
                request.user, form.instance, form.cleaned_data["communities"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The application was saved."))
            return redirect("access:application_detail", pk=app.pk)
    return _form_page(
        request, form, _("Edit access application"), "access:application_list", multipart=True
    )


@_object_of(Application)
@role_required("access.view_application")
def application_detail(request, pk):
    app = get_object_or_404(
        Application.objects.visible_to(request.user).select_related("street", "department"), pk=pk
    )
    return render(
        request,
        "access/application_detail.html",
        {
            "app": app,
            "communities": app.communities.all(),
            "steps": app.transitions.select_related("actor"),
            "level": queries.current_level(app),
            "levels": actions.review_levels(app.street)
            if app.status != Application.Status.DRAFT
            else [],
            "four_sync_errors": actions.four_sync_errors(app),
            "can_edit": app.status in queries.EDITABLE
            and request.user.has_perm("access.change_application"),
            "can_submit": app.status in queries.EDITABLE
            and request.user.has_perm("access.submit_application"),
            "can_decide": queries.may_decide(request.user, app),
            "can_admit": app.status == Application.Status.APPROVED
            and request.user.has_perm("access.admit_application"),
            "decision_form": forms.DecisionForm(),
            "admit_form": forms.AdmitForm(
                initial={"valid_from": app.start_date, "valid_until": app.end_date}
            ),
        },
    )


@_object_of(Application)
@require_POST
@role_required("access.submit_application")
def application_submit(request, pk):
    app = get_visible_or_404(Application, request.user, pk=pk)
    try:
        actions.do_submit(request.user, app)
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("The application was submitted for review."))
    return redirect("access:application_detail", pk=pk)


@_object_of(Application)
@require_POST
@role_required("access.review_application")
def application_decide(request, pk):
    app = get_visible_or_404(Application, request.user, pk=pk)
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve, return for changes or reject."))
        return redirect("access:application_detail", pk=pk)
    try:
        actions.do_decide(
            request.user,
            app,
            form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
            override_reason=form.cleaned_data["override_reason"],
        )
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("The decision was recorded."))
    return redirect("access:application_detail", pk=pk)


@_object_of(Application)
@require_POST
@role_required("access.admit_application")
def application_admit(request, pk):
    app = get_visible_or_404(Application, request.user, pk=pk)
    form = forms.AdmitForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter valid dates."))
        return redirect("access:application_detail", pk=pk)
    try:
        actions.do_admit(
            request.user,
            app,
            valid_from=form.cleaned_data["valid_from"],
            valid_until=form.cleaned_data["valid_until"],
        )
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("The affair was put on the admitted-affairs list."))
    return redirect("access:application_detail", pk=pk)
