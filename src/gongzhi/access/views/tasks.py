"""Tasks given to communities: the list, assigning, recording an unadmitted one, refusing, classifying."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongzhi.access import actions, forms
from gongzhi.access.models import CommunityTask
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

TASK_KINDS = {
    "admitted": Q(admitted=True),
    "unadmitted": Q(admitted=False),
    "refused": Q(status=CommunityTask.Status.REFUSED),
}


@role_required("access.view_communitytask")
def task_list(request):
    user = request.user
    can_refuse = user.has_perm("access.refuse_task")
    can_classify = user.has_perm("access.classify_task")
    dispositions = forms.ClassifyForm().fields["disposition"].choices
    columns = [
        Column("title", gettext_lazy("task"), sortable=True, template="access/_task_cell.html"),
        Column("community.name", gettext_lazy("community"), sortable=True),
        Column(
            "affair",
            gettext_lazy("admitted affair"),
            sortable=True,
            order_by=("admitted", "affair__name"),
            template="access/_task_affair_cell.html",
        ),
        Column(
            "status",
            gettext_lazy("status"),
            sortable=True,
            template="access/_task_status_cell.html",
        ),
        Column("disposition", gettext_lazy("classification"), sortable=True),
    ]
    if can_refuse or can_classify:
        columns.append(
            Column(
                "actions",
                "",
                accessor=lambda t: {
                    "refuse": can_refuse and not t.admitted and t.status == "open",
                    "classify": can_classify,
                    "dispositions": dispositions,
                },
                template="access/_task_actions_cell.html",
                css_class="text-nowrap",
            )
        )
    table = Table(
        request,
        CommunityTask.objects.visible_to(user).select_related(
            "community", "affair", "department", "sent_by", "refused_by"
        ),
        columns=columns,
        search_fields=["title", "community__name", "affair__name"],
        page_size=_common.PAGE_SIZE,
        filter_form=_choice_filter(
            "kind",
            gettext_lazy("kind"),
            [
                ("", gettext_lazy("All")),
                ("admitted", gettext_lazy("admitted")),
                ("unadmitted", gettext_lazy("unadmitted")),
                ("refused", gettext_lazy("refused")),
            ],
            lambda queryset, kind: queryset.filter(TASK_KINDS[kind]),
        ),
        empty_message=gettext_lazy("Nothing found."),
    )
    return render(request, "access/task_list.html", {"table": table})


@role_required("access.assign_task")
def task_assign(request):
    form = forms.TaskAssignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            actions.do_assign_task(
                request.user,
                d["affair"],
                d["communities"],
                title=d["title"],
                description=d["description"],
                due_date=d["due_date"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The task was sent to the communities."))
            return redirect("access:task_list")
    return _form_page(
        request, form, _("Assign a task through the admitted-affairs list"), "access:task_list"
    )


@role_required("access.add_communitytask")
def task_record_unadmitted(request):
    form = forms.UnadmittedTaskForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            actions.do_record_unadmitted_task(
                request.user,
                d["community"],
                title=d["title"],
                description=d["description"],
                department=d["department"],
                due_date=d["due_date"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("The unadmitted request was recorded; the community may refuse it.")
            )
            return redirect("access:task_list")
    return _form_page(request, form, _("Record an unadmitted request"), "access:task_list")


@_object_of(CommunityTask)
@require_POST
@role_required("access.refuse_task")
def task_refuse(request, pk):
    task = get_visible_or_404(CommunityTask, request.user, pk=pk)
    try:
        actions.do_refuse_task(request.user, task, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        _flash_errors(request, exc)
    else:
        messages.success(request, _("The task was refused; the street office sees the refusal."))
    return redirect("access:task_list")


@_object_of(CommunityTask)
@require_POST
@role_required("access.classify_task")
def task_classify(request, pk):
    task = get_visible_or_404(CommunityTask, request.user, pk=pk)
    form = forms.ClassifyForm(request.POST)
    if form.is_valid():
        actions.do_classify_task(
            request.user,
            task,
            form.cleaned_data["disposition"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, _("The task was classified."))
    else:
        messages.error(request, _("Choose returned, moved to the station, or kept."))
    return redirect("access:task_list")
