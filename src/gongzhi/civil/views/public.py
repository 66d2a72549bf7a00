"""The resident's phone pages of volunteering: register as a volunteer (with the consent
text and its version), my activities (invitations to accept or decline, the activities I
take part in, to withdraw from; the open activities of my community, to sign up; finished
ones, to rate) and the scan page the activity's QR code opens (check in, check out)."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongzhi.civil.actions import activities as actions
from gongzhi.civil.actions import volunteers as registration
from gongzhi.civil.choices import ActivityStatus, AssignmentStatus
from gongzhi.civil.forms.volunteers import RateForm, SelfRegisterForm
from gongzhi.civil.leaders import leads
from gongzhi.civil.models import Activity, Assignment, Rating
from gongzhi.civil.views._common import run
from gongzhi.core.forms import apply_errors
from gongzhi.core.views_base import role_required

OWN = "civil.add_assignment"  # a resident's own volunteering (civil.permissions)
STEPS = {
    "accept": actions.do_accept,
    "decline": actions.do_decline,
    "withdraw": actions.do_withdraw,
}


@role_required(OWN)
def volunteer_register(request):
    resident = registration.own_resident(request.user)
    if actions.own_volunteer(request.user) is not None:
        return redirect("civil:my_activities")
    street = resident.community.street if resident else None
    form = SelfRegisterForm(request.POST or None, street=street)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration.do_register_self(
                request.user,
                None,
                skills=data["skills"],
                areas=data["areas"],
                availability=form.availability(),
                consent_version=registration.CONSENT_VERSION,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("civil:my_activities")
    return render(
        request,
        "civil/public/register.html",
        {
            "form": form,
            "resident": resident,
            "consent_text": registration.CONSENT_TEXT,
            "version": registration.CONSENT_VERSION,
        },
    )


@role_required(OWN)
def my_activities(request):
    volunteer = actions.own_volunteer(request.user)
    if volunteer is None:
        return redirect("civil:volunteer_register")
    mine = list(actions.mine(request.user)[:100])
    taken = {a.activity_id for a in mine}
    rated = set(
        Rating.objects.filter(user=request.user, activity_id__in=taken).values_list(
            "activity_id", flat=True
        )
    )
    now = timezone.now()
    return render(
        request,
        "civil/public/my_activities.html",
        {
            "volunteer": volunteer,
            "invitations": [a for a in mine if a.status == AssignmentStatus.INVITED],
            "taking_part": [
                a
                for a in mine
                if a.status == AssignmentStatus.ACCEPTED
                and a.activity.status == ActivityStatus.PUBLISHED
            ],
            "to_rate": [
                a
                for a in mine
                if a.status == AssignmentStatus.ACCEPTED
                and a.activity.status == ActivityStatus.FINISHED
                and a.activity_id not in rated
            ][:10],
            "open": [
                a for a in actions.upcoming(volunteer.community, now)[:30] if a.pk not in taken
            ],
            "rate_form": RateForm(),
            "leads": leads(request.user),  # a leader's link to their group's activities
        },
    )


def _own(request, pk):
    return get_object_or_404(actions.mine(request.user), pk=pk)


@require_POST
@role_required(OWN)
def my_step(request, pk):
    """The volunteer's answer or withdrawal (POST `step`) on their own place."""
    assignment = _own(request, pk)
    step = request.POST.get("step", "")
    if step in STEPS:
        run(request, STEPS[step], assignment)
    return redirect("civil:my_activities")


@require_POST
@role_required(OWN)
def sign_up(request, pk):
    activity = get_object_or_404(Activity.objects.visible_to(request.user, "view"), pk=pk)
    run(request, actions.do_sign_up, activity)
    return redirect("civil:my_activities")


@require_POST
@role_required(OWN)
def rate(request, pk):
    assignment = _own(request, pk)
    form = RateForm(request.POST)
    if form.is_valid():
        run(
            request,
            actions.do_rate,
            assignment.activity,
            form.cleaned_data["stars"],
            form.cleaned_data["comment"],
        )
    return redirect("civil:my_activities")


@role_required(OWN)
def scan(request):
    """The page the activity's QR code opens (`?t=<the activity's code>`): check in, or
    check out once checked in."""
    token = request.GET.get("t", "")[:32]
    activity = Activity.objects.filter(qr_token=token).first() if token else None
    if activity is None:  # no code, or not an activity's: say how to use the page
        return render(request, "civil/public/scan.html", {"activity": None})
    assignment = actions.mine(request.user).filter(activity=activity).first()
    if request.method == "POST" and assignment is not None:
        step = actions.do_check_out if assignment.checked_in_at else actions.do_check_in
        run(request, step, assignment, token=token)
        return redirect(f"{reverse('civil:scan')}?t={token}")
    return render(
        request, "civil/public/scan.html", {"activity": activity, "assignment": assignment}
    )


# The record each page's URL names (tests/test_permission_matrix.py).
my_step.model = rate.model = Assignment
sign_up.model = Activity
