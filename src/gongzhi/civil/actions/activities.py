"""Activities and needs, flexible dispatch, sign-up, check-in/out and ratings (issue #14
§2, §4, §7).

An activity moves draft → published → finished, or is cancelled (`ACTIVITY`); a volunteer's
place on it (`Assignment`) moves invited → accepted/declined, or is cancelled (`ASSIGNMENT`).
A coordinator (permission `civil.dispatch_activity` where the activity is) dispatches the
volunteers `civil.dispatch.propose` ranks; a volunteer signs up, answers, withdraws, checks
in and out by scanning the activity's QR code and rates it afterwards on the phone.

Who may act on an assignment is checked in one place, `_actor_role`: the volunteer
themself (their account is linked to their registry record), a coordinator of the
activity's place, or the activity's own coordinator — which is how a residents' leader who
posted an activity for their group (`do_post_as_leader`) checks people in and out for it.
These steps are therefore public actions that check this themselves.

Check-out records the hours through the ledger (`ledger.record_entry`): its rules (end after
start, no overlap, 24 hours a day) refuse with their codes and nothing is written; a retried
check-in or check-out (a phone's second submission) records nothing more."""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from gongzhi.civil.actions.ledger import record_entry
from gongzhi.civil.actions.volunteers import own_resident
from gongzhi.civil.choices import ActivityStatus, AssignmentSource, AssignmentStatus
from gongzhi.civil.errors import Code
from gongzhi.civil.leaders import leads
from gongzhi.civil.models import Activity, Assignment, Rating, Volunteer
from gongzhi.core.actions import action, may
from gongzhi.core.errors import Denied, refuse
from gongzhi.core.inbox import notify_in_app
from gongzhi.core.statemachine import StateMachine, Transition

A, S = ActivityStatus, AssignmentStatus
# A volunteer scans the code from an hour before the start to the end.
EARLY = datetime.timedelta(hours=1)


def _checked_in(assignment):
    if assignment.checked_in_at is not None:
        return (Code.CHECKED_IN, _("Already checked in: this can no longer be undone."))
    return None


ACTIVITY = StateMachine(
    {
        "publish": Transition((A.DRAFT,), A.PUBLISHED, pgettext_lazy("activity", "Publish")),
        "finish": Transition((A.PUBLISHED,), A.FINISHED, pgettext_lazy("activity", "Finish")),
        "cancel": Transition(
            (A.DRAFT, A.PUBLISHED), A.CANCELLED, pgettext_lazy("activity", "Cancel")
        ),
    },
    illegal=gettext_lazy("An activity that is “%(status)s” cannot be moved by “%(action)s”."),
)
ASSIGNMENT = StateMachine(
    {
        "accept": Transition((S.INVITED,), S.ACCEPTED, pgettext_lazy("assignment", "Accept")),
        "decline": Transition((S.INVITED,), S.DECLINED, pgettext_lazy("assignment", "Decline")),
        "withdraw": Transition(
            (S.INVITED, S.ACCEPTED),
            S.CANCELLED,
            pgettext_lazy("assignment", "Withdraw"),
            guard=_checked_in,
        ),
    },
    illegal=gettext_lazy(
        "A volunteer's place that is “%(status)s” cannot be moved by “%(action)s”."
    ),
)


# --- who acts -----------------------------------------------------------------------------


def own_volunteer(user):
    """The volunteer record of the user's own registry record, or None."""
    if user is None or not user.is_authenticated:
        return None
    return Volunteer.objects.filter(resident__account=user).select_related("resident").first()


def _require_volunteer(user) -> Volunteer:
    volunteer = own_volunteer(user)
    if volunteer is None:
        refuse(Code.NOT_A_VOLUNTEER, _("Register as a volunteer first."))
    if not volunteer.active:
        refuse(Code.VOLUNTEER_INACTIVE, _("This volunteer is no longer active."))
    return volunteer


def coordinates(user, activity) -> bool:
    """The user dispatches and checks people in for this activity: they hold the permission
    where it is, or posted it (a residents' leader)."""
    return activity.coordinator_id == getattr(user, "pk", None) or may(
        user, "civil.dispatch_activity", activity
    )


def _actor_role(actor, assignment, verb: str) -> str:
    """ "self" (the volunteer), "coordinator", or Denied."""
    resident = assignment.volunteer.resident
    if actor is not None and actor.is_authenticated and resident.account_id == actor.pk:
        return "self"
    if coordinates(actor, assignment.activity):
        return "coordinator"
    raise Denied(verb, "civil.dispatch_activity")


def _locked(assignment) -> Assignment:
    return (
        Assignment.objects.select_for_update()
        .select_related("activity", "volunteer__resident")
        .get(pk=assignment.pk)
    )


# --- activities -------------------------------------------------------------------------


def _check_activity(activity, skills) -> None:
    if activity.starts_at and activity.ends_at and activity.ends_at <= activity.starts_at:
        refuse(Code.ACTIVITY_ENDS, _("An activity ends after it starts."), field="ends_at")
    if activity.community_id and activity.community.street_id != activity.street_id:
        refuse(Code.ACTIVITY_PLACE, _("The community is of another street."), field="community")
    if activity.grid_id and activity.grid.community_id != activity.community_id:
        refuse(Code.ACTIVITY_PLACE, _("The grid is of another community."), field="grid")
    for name in ("team", "organization"):
        related = getattr(activity, name)
        if related is not None and related.street_id != activity.street_id:
            refuse(Code.ACTIVITY_PLACE, _("It is of another street."), field=name)


def _save_new(actor, activity, skills, status=A.DRAFT) -> Activity:
    activity.coordinator = actor
    activity.status = status
    if activity.community_id and not activity.street_id:
        activity.street = activity.community.street
    _check_activity(activity, skills)
    activity.full_clean(exclude=["coordinator", "skills"])
    activity.save()
    activity.skills.set(skills or [])
    return activity


def _where(activity):
    return activity.grid or activity.community or activity.street


@action("civil.add_activity", place=_where)
def do_create_activity(actor, activity: Activity, *, skills=()) -> Activity:
    """A draft activity or need (with its place, time, number of people and skills)."""
    return _save_new(actor, activity, skills)


# public: a residents' leader posts for their group, building or organization; checked here.
@action(None, public=True)
def do_post_as_leader(actor, activity: Activity, *, skills=()) -> Activity:
    """A residents' leader posts an activity in a community they lead in: published at once,
    the leader its coordinator (who then checks people in and out)."""
    if activity.community_id is None or activity.community_id not in leads(actor).community_ids:
        refuse(
            Code.ACTIVITY_NOT_LEADER,
            _("Only a residents' leader of this community posts activities here."),
            field="community",
        )
    activity.street = activity.community.street
    return _save_new(actor, activity, skills, status=A.PUBLISHED)


def _move(actor, activity, step, note=""):
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    ACTIVITY.apply(activity, step, actor, note)
    return activity


@action("civil.change_activity", kind="transition")
def do_publish(actor, activity, note: str = "") -> Activity:
    return _move(actor, activity, "publish", note)


@action("civil.change_activity", kind="transition")
def do_finish(actor, activity, note: str = "") -> Activity:
    """The activity is over: invitations not answered lapse (cancelled)."""
    activity = _move(actor, activity, "finish", note)
    activity.assignments.filter(status=S.INVITED).update(status=S.CANCELLED)
    return activity


@action("civil.change_activity", kind="transition")
def do_cancel(actor, activity, note: str = "") -> Activity:
    """Cancel the activity: everyone invited or taking part is told."""
    activity = _move(actor, activity, "cancel", note)
    for assignment in activity.assignments.filter(
        status__in=(S.INVITED, S.ACCEPTED)
    ).select_related("volunteer__resident__account"):
        if assignment.checked_in_at is None:
            assignment.status = S.CANCELLED
            assignment.save(update_fields=["status"])
        notify_in_app(
            assignment.volunteer.resident.account,
            _("Cancelled: %(title)s") % {"title": activity.title},
            reverse("civil:my_activities"),
            actor=actor,
        )
    return activity


def _open(activity, now=None) -> None:
    now = now or timezone.now()
    if activity.status != A.PUBLISHED or activity.ends_at <= now:
        refuse(
            Code.ACTIVITY_NOT_OPEN,
            _("This activity is not open: not published, or already over."),
            field="activity",
        )


@action("civil.dispatch_activity", kind="transition")
def do_dispatch(actor, activity, volunteers) -> Activity:
    """Invite volunteers in one step (a proposal's choice): each gets a notification and
    answers on the phone. A volunteer already on the activity keeps their place; one who
    declined or withdrew is invited again."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    _open(activity)
    volunteers = list(volunteers)
    if any(v.community.street_id != activity.street_id for v in volunteers):
        refuse(
            Code.ACTIVITY_PLACE,
            _("Volunteers of the activity's own street only."),
            field="volunteers",
        )
    if any(not v.active for v in volunteers):
        refuse(
            Code.VOLUNTEER_INACTIVE, _("This volunteer is no longer active."), field="volunteers"
        )
    existing = {a.volunteer_id: a for a in activity.assignments.filter(volunteer__in=volunteers)}
    url = reverse("civil:my_activities")
    for volunteer in volunteers:
        assignment = existing.get(volunteer.pk)
        if assignment is not None and assignment.status in (S.INVITED, S.ACCEPTED):
            continue
        if assignment is None:
            assignment = Assignment(activity=activity, volunteer=volunteer)
        assignment.source, assignment.status, assignment.answered_at = (
            AssignmentSource.DISPATCH,
            S.INVITED,
            None,
        )
        assignment.save()
        notify_in_app(
            volunteer.resident.account,
            _("You are invited: %(title)s") % {"title": activity.title},
            url,
            actor=actor,
        )
    return activity


# --- the volunteer's own steps -------------------------------------------------------------


def _full(activity) -> bool:
    taken = activity.assignments.filter(status=S.ACCEPTED).count()
    return taken >= activity.people_needed


# public: the signed-in resident signs themself up (their own volunteer record).
@action(None, public=True)
def do_sign_up(actor, activity) -> Assignment:
    volunteer = _require_volunteer(actor)
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    _open(activity)
    if activity.street_id != volunteer.community.street_id:
        refuse(Code.ACTIVITY_PLACE, _("Volunteers of the activity's own street only."))
    assignment = Assignment.objects.filter(activity=activity, volunteer=volunteer).first()
    if assignment is not None and assignment.status == S.ACCEPTED:
        return assignment  # signed up already (a retry)
    if _full(activity):
        refuse(Code.ACTIVITY_FULL, _("This activity has all the people it needs."))
    if assignment is None:
        assignment = Assignment(
            activity=activity, volunteer=volunteer, source=AssignmentSource.SIGNUP
        )
    assignment.status, assignment.answered_at = S.ACCEPTED, timezone.now()
    assignment.save()
    return assignment


def _answer(actor, assignment, step, verb, note=""):
    assignment = _locked(assignment)
    _actor_role(actor, assignment, verb)
    if step == "accept":
        _open(assignment.activity)
        if assignment.status == S.INVITED and _full(assignment.activity):
            refuse(Code.ACTIVITY_FULL, _("This activity has all the people it needs."))
    ASSIGNMENT.check(assignment, step, note)
    assignment.answered_at = timezone.now()
    ASSIGNMENT.apply(assignment, step, actor, note)
    return assignment


# public: the volunteer (or a coordinator who took the answer by phone); checked in _answer.
@action(None, public=True, kind="transition")
def do_accept(actor, assignment) -> Assignment:
    return _answer(actor, assignment, "accept", "civil.do_accept")


# public: as do_accept.
@action(None, public=True, kind="transition")
def do_decline(actor, assignment, note: str = "") -> Assignment:
    assignment = _answer(actor, assignment, "decline", "civil.do_decline", note)
    coordinator = assignment.activity.coordinator
    if coordinator.pk != getattr(actor, "pk", None):
        notify_in_app(
            coordinator,
            _("%(name)s declined: %(title)s")
            % {"name": assignment.volunteer.resident.name, "title": assignment.activity.title},
            reverse("civil:activity", args=[assignment.activity_id]),
            actor=actor,
        )
    return assignment


# public: the volunteer withdraws, or a coordinator takes them off; checked in _actor_role.
@action(None, public=True, kind="transition")
def do_withdraw(actor, assignment, note: str = "") -> Assignment:
    assignment = _locked(assignment)
    _actor_role(actor, assignment, "civil.do_withdraw")
    ASSIGNMENT.apply(assignment, "withdraw", actor, note)
    return assignment


# --- check-in and check-out ---------------------------------------------------------------


def _scan(role, assignment, token, now) -> None:
    """A volunteer checks in or out by scanning the code at the place, during the activity."""
    if role != "self":
        return
    activity = assignment.activity
    if not token or token != activity.qr_token:
        refuse(Code.CHECKIN_TOKEN, _("This code is not this activity's."), field="token")
    if not activity.starts_at - EARLY <= now <= activity.ends_at + EARLY:
        refuse(
            Code.CHECKIN_WINDOW,
            _("Check in and out at the place, during the activity."),
            field="token",
        )


def _when(role, at, now):
    """A coordinator may record the time seen (not in the future); a scan is now."""
    if role == "coordinator" and at is not None:
        if at > now + datetime.timedelta(minutes=5):
            refuse(Code.HOURS_IN_FUTURE, _("Hours can only be recorded once served."), field="at")
        return at
    return now


# public: the volunteer scanning the code, or a coordinator of the activity (_actor_role).
@action(None, public=True)
def do_check_in(actor, assignment, *, token: str = "", at=None) -> Assignment:
    now = timezone.now()
    assignment = _locked(assignment)
    role = _actor_role(actor, assignment, "civil.do_check_in")
    if assignment.checked_in_at is not None and assignment.checked_out_at is None:
        return assignment  # a retried scan: one check-in
    activity = assignment.activity
    if activity.status != A.PUBLISHED:
        refuse(
            Code.ACTIVITY_NOT_OPEN, _("This activity is not open: not published, or already over.")
        )
    if assignment.status != S.ACCEPTED:
        refuse(Code.CHECKIN_NOT_ACCEPTED, _("Only a volunteer taking part checks in."))
    if assignment.checked_out_at is not None:
        refuse(Code.CHECKED_IN, _("Already checked in: this can no longer be undone."))
    _scan(role, assignment, token, now)
    when = _when(role, at, now)
    elsewhere = Assignment.objects.filter(
        volunteer_id=assignment.volunteer_id,
        checked_in_at__isnull=False,
        checked_out_at__isnull=True,
    ).exclude(pk=assignment.pk)
    if elsewhere.exists():
        refuse(
            Code.CHECKIN_ELSEWHERE,
            _("Still checked in on another activity: check out there first."),
            field="token" if role == "self" else None,
        )
    assignment.checked_in_at = when
    assignment.save(update_fields=["checked_in_at"])
    return assignment


# public: as do_check_in. Records the hours (ledger.record_entry).
@action(None, public=True)
def do_check_out(actor, assignment, *, token: str = "", at=None) -> Assignment:
    now = timezone.now()
    assignment = _locked(assignment)
    role = _actor_role(actor, assignment, "civil.do_check_out")
    if assignment.checked_out_at is not None:
        return assignment  # a retried scan: one entry
    if assignment.checked_in_at is None:
        refuse(
            Code.CHECKOUT_NOT_IN, _("Check in first."), field="token" if role == "self" else None
        )
    _scan(role, assignment, token, now)
    when = _when(role, at, now)
    activity = assignment.activity
    record_entry(
        actor,
        assignment.volunteer,
        started_at=assignment.checked_in_at,
        ended_at=when,
        content=activity.title,
        place=activity.place,
        organization=activity.organization,
        activity=activity,
        assignment=assignment,
    )
    assignment.checked_out_at = when
    assignment.save(update_fields=["checked_out_at"])
    return assignment


# public: the activity's coordinator (or a residents' leader who posted it); checked here.
@action(None, public=True)
def do_register_attendance(actor, activity, rows) -> Activity:
    """Attendance registered after the fact, for a group (§2): `rows` of (volunteer, started
    at, ended at); each becomes an accepted, checked-in and checked-out place with its hours
    (the ledger's rules, all or nothing)."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if not coordinates(actor, activity):
        raise Denied("civil.do_register_attendance", "civil.dispatch_activity")
    if activity.status not in (A.PUBLISHED, A.FINISHED):
        refuse(
            Code.ACTIVITY_NOT_OPEN,
            _("This activity is not open: not published, or already over."),
        )
    existing = {a.volunteer_id: a for a in activity.assignments.all()}
    for volunteer, started_at, ended_at in rows:
        if volunteer.community.street_id != activity.street_id:
            refuse(Code.ACTIVITY_PLACE, _("Volunteers of the activity's own street only."))
        assignment = existing.get(volunteer.pk) or Assignment(
            activity=activity, volunteer=volunteer, source=AssignmentSource.DISPATCH
        )
        if assignment.checked_out_at is not None:
            continue  # registered already
        assignment.status, assignment.answered_at = S.ACCEPTED, assignment.answered_at or started_at
        assignment.checked_in_at, assignment.checked_out_at = started_at, ended_at
        assignment.save()
        record_entry(
            actor,
            volunteer,
            started_at=started_at,
            ended_at=ended_at,
            content=activity.title,
            place=activity.place,
            organization=activity.organization,
            activity=activity,
            assignment=assignment,
        )
    return activity


# public: a participant rates a finished activity, once.
@action(None, public=True)
def do_rate(actor, activity, stars: int, comment: str = "") -> Rating:
    volunteer = own_volunteer(actor)
    took_part = (
        volunteer is not None
        and activity.assignments.filter(volunteer=volunteer, status=S.ACCEPTED).exists()
    )
    if activity.status != A.FINISHED or not took_part:
        refuse(Code.RATING_NOT_PARTICIPANT, _("Participants rate a finished activity."))
    if Rating.objects.filter(activity=activity, user=actor).exists():
        refuse(Code.RATING_TWICE, _("You have rated this activity already."))
    rating = Rating(activity=activity, user=actor, stars=stars, comment=comment or "")
    rating.full_clean()
    rating.save()
    return rating


def mine(user):
    """The user's own assignments (as a volunteer), newest first."""
    return (
        Assignment.objects.filter(volunteer__resident__account=user)
        .select_related("activity")
        .order_by("-activity__starts_at")
    )


def upcoming(community, now=None):
    """Published activities of a community (or its street's) not yet over, soonest first."""
    now = now or timezone.now()
    return Activity.objects.filter(
        Q(community=community) | Q(community__isnull=True, street_id=community.street_id),
        status=A.PUBLISHED,
        ends_at__gt=now,
    ).order_by("starts_at")


__all__ = ["own_resident"]
