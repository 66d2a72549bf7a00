"""Public pages (no log-in): tracking a request, rating by link."""

from django.core.exceptions import ValidationError
from django.shortcuts import render

from gongzhi.core.views_base import public_view
from gongzhi.services import actions, rating_links
from gongzhi.services.models import (
    Rating,
    ServiceRequest,
)
from gongzhi.services.views._common import _errors


@public_view
def track(request):
    """Status by tracking code: no personal data."""
    code = request.GET.get("code", "").strip().upper()[:12]
    req = None
    if code:
        req = (
            ServiceRequest.objects.select_related("item")
            .only(
                "tracking_code",
                "status",
                "submitted_at",
                "due_date",
                "completed_at",
                "item__name",
                "updated_at",
            )
            .filter(tracking_code=code)
            .first()
        )
    return render(
        request,
        "services/track.html",
        {"code": code, "req": req, "steps": req.transitions.only("to_status", "at") if req else []},
    )


@public_view
def rate_by_link(request):
    """The signed link sent by SMS after completion: rate without logging in."""
    token = request.GET.get("t") or request.POST.get("t") or ""
    req = rating_links.request_from_rating_token(token) if token else None
    done = False
    error = ""
    if req is not None and request.method == "POST":
        try:
            actions.do_rate(
                request.user,  # anonymous: the signed link is the right to rate
                req,
                request.POST.get("stars"),
                request.POST.get("comment", ""),
                channel=Rating.Channel.SMS,
            )
            done = True
        except ValidationError as exc:
            error = " ".join(m for ms in _errors(exc).values() for m in [ms])
    status = 200 if req is not None or not token else 404
    return render(
        request,
        "services/rate_link.html",
        {"req": req, "token": token, "done": done, "error": error},
        status=status,
    )
