"""A residents' leader's phone pages (issue #14 §2): what they lead (buildings, groups,
organizations), a form to post an activity for their group (`do_post_as_leader`), the
activities they coordinate, and for one of them the attendance of the people who came
(`do_register_attendance`: all or nothing, the hours ledger's rules). A user whose resident
leads nothing sees the page say so and cannot post (the action refuses)."""

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from gongzhi.civil.actions import activities as actions
from gongzhi.civil.choices import ActivityStatus
from gongzhi.civil.forms.lead import AttendanceForm, LeaderActivityForm
from gongzhi.civil.leaders import leads
from gongzhi.civil.models import Activity, Assignment, Volunteer
from gongzhi.core.forms import apply_errors
from gongzhi.core.views_base import role_required

OWN = "civil.add_assignment"  # a resident's own volunteering (civil.permissions)
OPEN = (ActivityStatus.PUBLISHED, ActivityStatus.FINISHED)
MAX_PEOPLE = 300  # a community's volunteers listed on the attendance page


def coordinated(user):
    """The activities the user posted as a leader (or otherwise coordinates), newest first."""
    if user is None or not user.is_authenticated:
        return Activity.objects.none()
    return Activity.objects.filter(coordinator=user).select_related("community")


def to_record(user):
    """The user's past activities, published or finished, with no attendance recorded yet
    (the workbench's to-do of a leader)."""
    recorded = Assignment.objects.filter(activity=OuterRef("pk"), checked_out_at__isnull=False)
    return (
        coordinated(user)
        .filter(status__in=OPEN, ends_at__lte=timezone.now())
        .exclude(Exists(recorded))
    )


@role_required(OWN)
def lead_home(request):
    found = leads(request.user)
    form = LeaderActivityForm(request.POST or None, community_ids=found.community_ids)
    refused = None
    if request.method == "POST":
        if not found:
            refused = True  # nothing is written: the page says why
        elif form.is_valid():
            activity = form.instance
            activity.street = activity.community.street
            try:
                activity = actions.do_post_as_leader(request.user, activity)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                return redirect("civil:lead_attendance", pk=activity.pk)
    activities = list(coordinated(request.user).order_by("-starts_at")[:50])
    waiting = set(to_record(request.user).values_list("pk", flat=True))
    return render(
        request,
        "civil/public/lead.html",
        {
            "leads": found,
            "form": form,
            "refused": refused,
            "activities": activities,
            "waiting": waiting,
        },
        status=403 if refused else 200,
    )


@role_required(OWN)
def lead_attendance(request, pk):
    activity = get_object_or_404(coordinated(request.user), pk=pk)
    volunteers = (
        Volunteer.objects.filter(community_id=activity.community_id, active=True)
        .select_related("resident", "grid")
        .order_by("grid__name", "pk")[:MAX_PEOPLE]
    )
    data = request.POST if request.method == "POST" else None
    form = AttendanceForm(data, volunteers=volunteers, activity=activity)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_register_attendance(request.user, activity, form.cleaned_data["chosen"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("civil:lead_attendance", pk=activity.pk)
    people = activity.assignments.select_related("volunteer__resident").order_by("pk")
    return render(
        request,
        "civil/public/lead_attendance.html",
        {"activity": activity, "form": form, "people": people},
    )


# The record each page's URL names (tests/test_permission_matrix.py).
lead_attendance.model = Activity
