"""What waits for the committee in self-government (the workbench's to-dos, selfgov.nav):
voter registers to publish by their legal date, elections with the vote close, assemblies
convened and still to hold or past their date without an outcome, notices waiting for their
publish date. Read-only queries through the user's scope."""

import datetime

from django.utils import timezone

from gongzhi.selfgov.models import Assembly, Election, Notice

MANAGE = "selfgov.manage_election"
AHEAD_DAYS = 14  # how far ahead a dated step becomes a to-do

ES = Election.Status


def register_due_by(election: Election) -> datetime.date:
    """The legal last day to publish the voter register: `register_days_before` (at least
    20, selfgov.rules.REGISTER_DAYS) days before election day."""
    return election.election_day - datetime.timedelta(days=election.register_days_before)


def registers_to_publish(user, today=None):
    """Draft elections whose register's legal last day is within 14 days, or already past."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=AHEAD_DAYS)
    drafts = Election.objects.visible_to(user, MANAGE).filter(status=ES.DRAFT)
    due = [
        pk
        for pk, day, before in drafts.values_list("pk", "election_day", "register_days_before")
        if day - datetime.timedelta(days=before) <= horizon
    ]
    return drafts.filter(pk__in=due)


def votes_ahead(user, today=None):
    """Elections whose register (and candidates) are published and whose vote is within 14
    days: stations, ballots and proxies to prepare."""
    today = today or timezone.localdate()
    return Election.objects.visible_to(user, MANAGE).filter(
        status__in=(ES.REGISTER_PUBLISHED, ES.CANDIDATES_PUBLISHED),
        election_day__gte=today,
        election_day__lte=today + datetime.timedelta(days=AHEAD_DAYS),
    )


def assemblies_to_prepare(user, today=None):
    """Assemblies convened for today or a later day: sign-in, agenda, papers to prepare."""
    today = today or timezone.localdate()
    return Assembly.objects.visible_to(user, "selfgov.change_assembly").filter(
        status=Assembly.Status.CONVENED, date__gte=today
    )


def assemblies_to_record(user, today=None):
    """Assemblies whose day has passed with no outcome recorded (held or without quorum)."""
    today = today or timezone.localdate()
    return Assembly.objects.visible_to(user, "selfgov.change_assembly").filter(
        status=Assembly.Status.CONVENED, date__lt=today
    )


def notices_waiting(user, today=None):
    """Notices written but not yet on the public board: their publish date is ahead."""
    today = today or timezone.localdate()
    return Notice.objects.visible_to(user, "selfgov.change_notice").filter(publish_on__gt=today)
