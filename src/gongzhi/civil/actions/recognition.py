"""Recognition of service: a volunteer's star level (from the `StarLevel` rows and the
volunteer's `total_hours`, one row read each) and the volunteer-service certificate
(志愿服务证明) issued from the ledger's confirmed hours, its figures frozen at issue."""

import datetime
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gongzhi.civil.errors import Code
from gongzhi.civil.models import Certificate, HoursEntry, StarLevel
from gongzhi.core.actions import action
from gongzhi.core.errors import refuse

CENT = Decimal("0.01")


def star_level(volunteer) -> int:
    """The stars of the highest level whose hours the volunteer has reached (0: none)."""
    level = (
        StarLevel.objects.filter(min_hours__lte=volunteer.total_hours)
        .order_by("-min_hours")
        .values_list("stars", flat=True)
        .first()
    )
    return level or 0


def next_level(volunteer):
    """The next level and the hours still to serve for it, or (None, 0)."""
    level = StarLevel.objects.filter(min_hours__gt=volunteer.total_hours).order_by("min_hours")
    level = level.first()
    if level is None:
        return None, Decimal(0)
    return level, (level.min_hours - volunteer.total_hours).quantize(CENT)


def _entries(volunteer, period_from, period_to):
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.datetime.combine(period_from, datetime.time()), tz)
    end = timezone.make_aware(
        datetime.datetime.combine(period_to + datetime.timedelta(days=1), datetime.time()), tz
    )
    return HoursEntry.objects.filter(
        volunteer=volunteer,
        started_at__gte=start,
        started_at__lt=end,
        confirmed_at__isnull=False,
    )


@action("civil.add_certificate")
def do_issue_certificate(
    actor, volunteer, *, period_from: datetime.date, period_to: datetime.date, issuer: str
) -> Certificate:
    """Issue a certificate of the volunteer's confirmed hours in the period (reversals count
    negative; a reversed entry and its reversal cancel out)."""
    if period_to < period_from:
        refuse(Code.CERT_PERIOD, _("The period must end after it starts."), field="period_to")
    if period_to > timezone.localdate():
        refuse(Code.CERT_PERIOD, _("The period cannot end in the future."), field="period_to")
    issuer = (issuer or "").strip()
    if not issuer:
        refuse(Code.CERT_PERIOD, _("Name the issuing organization."), field="issuer")
    figures = _entries(volunteer, period_from, period_to).aggregate(hours=Sum("hours"))
    live = (
        _entries(volunteer, period_from, period_to)
        .filter(reverses__isnull=True, reversed_by__isnull=True)
        .count()
    )
    hours = Decimal(str(figures["hours"] or 0)).quantize(CENT)
    if hours <= 0 or not live:
        refuse(
            Code.CERT_NO_HOURS,
            _("No confirmed hours of this volunteer in that period."),
            field="period_from",
        )
    return Certificate.objects.create(
        volunteer=volunteer,
        period_from=period_from,
        period_to=period_to,
        hours=hours,
        entries=live,
        issuer=issuer,
        issued_by=actor,
    )
