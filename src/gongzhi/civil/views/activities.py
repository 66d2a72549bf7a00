"""Coordinators' screens of activities: the list (with the workbench's to-dos), a new
activity, an activity's page (its steps, the proposal to dispatch in one step, the people
on it with check-in and check-out, the QR code to print at the place)."""

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongzhi.civil import dispatch
from gongzhi.civil.actions import activities as actions
from gongzhi.civil.forms.volunteers import ActivityForm
from gongzhi.civil.models import Activity, Assignment, Volunteer
from gongzhi.civil.views._common import run
from gongzhi.core.forms import apply_errors
from gongzhi.core.tables import Column, Table
from gongzhi.core.views_base import get_visible_or_404, role_required

STEPS = {"publish": actions.do_publish, "finish": actions.do_finish, "cancel": actions.do_cancel}
ASSIGNMENT_STEPS = {
    "check_in": actions.do_check_in,
    "check_out": actions.do_check_out,
    "withdraw": actions.do_withdraw,
    "accept": actions.do_accept,
    "decline": actions.do_decline,
}


def scan_url(request, activity) -> str:
    """What the activity's QR code says: the scan page with the activity's code."""
    return request.build_absolute_uri(f"{reverse('civil:scan')}?t={activity.qr_token}")


@role_required("civil.view_activity")
def activity_list(request):
    table = Table(
        request,
        Activity.objects.visible_to(request.user).select_related("community"),
        columns=[
            Column("title", sortable=True, link="civil:activity"),
            Column("community.name", gettext_lazy("community")),
            Column("kind"),
            Column("starts_at", sortable=True),
            Column("people_needed"),
            Column("status", sortable=True),
        ],
        search_fields=["title", "place", "reference"],
        default_sort=("-starts_at", "-id"),
        page_size=30,
        empty_message=gettext_lazy("Nothing found."),
    )
    return render(request, "civil/activities/list.html", {"table": table})


@role_required("civil.add_activity")
def activity_new(request):
    form = ActivityForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        activity = form.instance  # filled in by the form's validation
        activity.street = activity.community.street
        try:
            activity = actions.do_create_activity(
                request.user, activity, skills=form.cleaned_data["skills"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("civil:activity", pk=activity.pk)
    return render(request, "civil/activities/form.html", {"form": form})


@role_required("civil.view_activity")
def activity_detail(request, pk):
    activity = get_object_or_404(
        Activity.objects.visible_to(request.user).select_related("community", "grid"), pk=pk
    )
    coordinating = actions.coordinates(request.user, activity)
    people = activity.assignments.select_related("volunteer__resident") if coordinating else []
    proposals = (
        dispatch.propose(activity) if coordinating and activity.status == "published" else []
    )
    steps = [
        (s, actions.ACTIVITY[s].label)
        for s in actions.ACTIVITY.allowed(activity)
        if request.user.has_perm("civil.change_activity")
    ]
    return render(
        request,
        "civil/activities/detail.html",
        {
            "activity": activity,
            "coordinating": coordinating,
            "people": people,
            "proposals": proposals,
            "steps": steps,
            "scan_url": scan_url(request, activity) if coordinating else "",
            "accepted": activity.assignments.filter(status="accepted").count(),
            "own": actions.mine(request.user).filter(activity=activity).first(),
        },
    )


@require_POST
@role_required("civil.view_activity")
def activity_step(request, pk):
    """One step of the activity's machine (POST `step`); the action checks who may."""
    activity = get_visible_or_404(Activity, request.user, pk=pk)
    step = request.POST.get("step", "")
    if step in STEPS:
        run(request, STEPS[step], activity, request.POST.get("note", "")[:200])
    else:
        messages.error(request, _("Unknown action."))
    return redirect("civil:activity", pk=activity.pk)


@require_POST
@role_required("civil.dispatch_activity")
def activity_dispatch(request, pk):
    activity = get_visible_or_404(Activity, request.user, pk=pk)
    ids = [i for i in request.POST.getlist("volunteer") if i.isdigit()][:100]
    chosen = list(Volunteer.objects.visible_to(request.user).filter(pk__in=ids))
    if not chosen:
        messages.error(request, gettext_lazy("Choose at least one volunteer."))
    else:
        run(request, actions.do_dispatch, activity, chosen)
    return redirect("civil:activity", pk=activity.pk)


@require_POST
@role_required("civil.dispatch_activity")
def assignment_step(request, pk):
    """A coordinator's step on a volunteer's place (POST `step`; the action checks who may)."""
    assignment = get_visible_or_404(Assignment, request.user, pk=pk)
    step = request.POST.get("step", "")
    if step in ASSIGNMENT_STEPS:
        run(request, ASSIGNMENT_STEPS[step], assignment)
    else:
        messages.error(request, _("Unknown action."))
    return redirect("civil:activity", pk=assignment.activity_id)


@role_required("civil.dispatch_activity")
def activity_qr(request, pk):
    """The activity's QR code (SVG), printed at the place: it opens the scan page."""
    activity = get_visible_or_404(Activity, request.user, pk=pk)
    url = scan_url(request, activity)
    svg = segno.make(url, error="m").svg_inline(scale=6)
    return HttpResponse(svg, content_type="image/svg+xml")


# The record each page's URL names (tests/test_permission_matrix.py).
activity_detail.model = activity_step.model = Activity
activity_dispatch.model = activity_qr.model = Activity
assignment_step.model = Assignment
