"""Log-in lock-out: django-axes locks a (username, address) pair after
GONGZHI_LOCKOUT_FAILURES failures for GONGZHI_LOCKOUT_MINUTES, so a stranger cannot lock
somebody else's account from their own address. Guessing spread over many addresses is slowed
by a lighter per-account throttle: once the account collected GONGZHI_THROTTLE_FAILURES
failures from all addresses, it refuses log-ins until GONGZHI_THROTTLE_MINUTES have passed
since the latest failure."""

from datetime import timedelta

from axes.backends import AxesStandaloneBackend
from axes.exceptions import AxesBackendPermissionDenied
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


def account_throttled(username: str | None, now=None) -> bool:
    limit = settings.GONGZHI_THROTTLE_FAILURES
    if not username or limit <= 0:
        return False
    since = (now or timezone.now()) - timedelta(minutes=settings.GONGZHI_THROTTLE_MINUTES)
    recent = AccessAttempt.objects.filter(username=username, attempt_time__gte=since)
    failures = recent.aggregate(n=Sum("failures_since_start"))["n"] or 0
    return failures >= limit


class LockoutBackend(AxesStandaloneBackend):
    """AxesStandaloneBackend plus the per-account throttle (first in AUTHENTICATION_BACKENDS)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        super().authenticate(request, username=username, password=password, **kwargs)
        if request is not None and account_throttled(username):
            # Flagged like an axes lock-out: the failure is not recorded (it would extend the
            # throttle) and the lock-out page or the API's 429 answers.
            request.axes_locked_out = True
            # The minutes to wait, for the lock-out page and the API's answer.
            request.gongzhi_throttled = settings.GONGZHI_THROTTLE_MINUTES
            raise AxesBackendPermissionDenied("account throttled")
